"""Kinds of feed entry come from the apps that publish them: `tests.kinds_app` (lending, only in
the tests) registers one in its `ready()`, and its entries are listed and filtered, on the page and
through the API, with no change to the feed."""

import pytest
from django.test import Client

from exchanges.swaps import services as swaps
from neighbourhood.feed.models import FeedEntry
from neighbourhood.feed.services import feed_entry_sync
from neighbourhood.quartiers.models import Membership
from tests.conftest import api_as
from tests.factories import swap_fields
from tests.kinds_app.apps import FEED_LENDING

pytestmark = pytest.mark.django_db


def lend(quartier, lender, title: str) -> FeedEntry:
    # The test app has no models: its entry points at the lender's membership.
    membership = Membership.objects.get(quartier=quartier, user=lender)
    return feed_entry_sync(
        item=membership,
        kind=FEED_LENDING,
        quartier=quartier,
        author=lender,
        title=title,
        summary="À rendre dans la semaine.",
        item_url="/lending/1/",
        is_published=True,
        expires_at=None,
    )


def client_for(user) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def test_an_entry_of_a_new_kind_is_listed_and_filtered_on_the_page(quartier, alice, bob):
    lend(quartier, bob, "Perceuse à prêter")
    swaps.swap_create(quartier=quartier, author=alice, kind="offer", **swap_fields(title="Tricot"))
    client = client_for(alice)
    url = f"/quartiers/{quartier.slug}/feed/"

    everything = client.get(url).content.decode()
    assert "Perceuse à prêter" in everything and "Tricot" in everything
    assert '<span class="badge badge--teach">Object to lend</span>' in everything
    assert f'<option value="{FEED_LENDING}">Object to lend</option>' in everything
    lending = client.get(url, {"kind": FEED_LENDING})
    assert lending.status_code == 200
    page = lending.content.decode()
    assert "Perceuse à prêter" in page and "Tricot" not in page


def test_an_entry_of_a_new_kind_is_listed_and_filtered_by_the_api(quartier, alice, bob):
    lend(quartier, bob, "Perceuse à prêter")
    swaps.swap_create(quartier=quartier, author=alice, kind="offer", **swap_fields(title="Tricot"))
    api = api_as(alice)
    url = f"/api/v1/quartiers/{quartier.slug}/feed/"

    kinds = [entry["kind"] for entry in api.get(url).json()["results"]]
    assert kinds == ["swap_offer", FEED_LENDING]
    filtered = api.get(url, {"kind": FEED_LENDING}).json()["results"]
    assert [entry["title"] for entry in filtered] == ["Perceuse à prêter"]
    assert api.get(url, {"kind": "carrier_pigeon"}).status_code == 400


def test_an_entry_of_a_kind_no_app_registers_still_lists(quartier, alice, bob):
    entry = lend(quartier, bob, "Perceuse à prêter")
    FeedEntry.objects.filter(pk=entry.pk).update(kind="gone")

    page = client_for(alice).get(f"/quartiers/{quartier.slug}/feed/")

    assert page.status_code == 200
    assert '<span class="badge">Other</span>' in page.content.decode()
    [listed] = api_as(alice).get(f"/api/v1/quartiers/{quartier.slug}/feed/").json()["results"]
    assert listed["kind"] == "gone"


def test_dave_gets_404_on_the_new_kind_too(quartier, bob, dave):
    lend(quartier, bob, "Perceuse à prêter")
    url = f"/api/v1/quartiers/{quartier.slug}/feed/"
    assert api_as(dave).get(url, {"kind": FEED_LENDING}).status_code == 404


def test_the_feed_page_offers_each_registered_way_to_publish_in_order(quartier, alice):
    page = client_for(alice).get(f"/quartiers/{quartier.slug}/feed/").content.decode()

    swaps_at = page.index("I teach: I offer to share something I know")
    rides_at = page.index(f'href="/rides/in/{quartier.slug}/"')
    lend_at = page.index(f"Lend an object in {quartier.name}")  # the test app's own
    assert swaps_at < rides_at < lend_at
