"""Dave, a member of no quartier of theirs, gets a 404 on every page and endpoint of the
directory; a suggested place is seen only by the member who suggested it and the
coordinators; Marc, a relais, suggests a place for Mme Petit and it is logged."""

# The relais's fixtures are imported from their conftest file.
# ruff: noqa: F401, F811

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from neighbourhood.places.models import Place
from neighbourhood.relais.models import ProxyAction
from tests.conftest import api_as
from tests.factories import MembershipFactory
from tests.neighbourhood.places.directory import EPN_WEEK, place_with_hours
from tests.neighbourhood.relais.conftest import acting_client, consent, marc, petit

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(quartier, alice, dave):
    MembershipFactory.create(user=dave)  # a member elsewhere
    approved = place_with_hours(quartier, "EPN", EPN_WEEK)
    suggested = place_with_hours(
        quartier, "Café", {}, status=Place.Status.SUGGESTED, suggested_by=alice
    )
    return approved, suggested


PAGES = [
    ("get", "places:directory", "slug"),
    ("get", "places:create", "slug"),
    ("post", "places:create", "slug"),
    ("get", "places:suggestions", "slug"),
    ("get", "places:detail", "approved"),
    ("get", "places:detail", "suggested"),
    ("get", "places:edit", "approved"),
    ("post", "places:edit", "suggested"),
    ("post", "places:approve", "suggested"),
    ("post", "places:decline", "suggested"),
    ("get", "places:withdraw", "approved"),
    ("post", "places:withdraw", "approved"),
]


@pytest.mark.parametrize(("method", "name", "arg"), PAGES)
def test_dave_gets_404_on_every_page(story, quartier, dave, method, name, arg):
    approved, suggested = story
    value = {"slug": quartier.slug, "approved": approved.pk, "suggested": suggested.pk}[arg]
    client = Client()
    client.force_login(dave)

    response = getattr(client, method)(reverse(name, args=[value]), {"name": "x"})

    assert response.status_code == 404
    assert set(Place.objects.values_list("status", flat=True)) == {"approved", "suggested"}
    assert not Place.objects.filter(name="x").exists()


API = [
    ("get", "/api/v1/quartiers/{slug}/places/"),
    ("post", "/api/v1/quartiers/{slug}/places/"),
    ("get", "/api/v1/places/{approved}/"),
    ("get", "/api/v1/places/{suggested}/"),
    ("post", "/api/v1/places/{suggested}/approve/"),
    ("post", "/api/v1/places/{suggested}/decline/"),
]


@pytest.mark.parametrize(("method", "path"), API)
def test_dave_gets_404_on_every_endpoint(story, quartier, dave, method, path):
    approved, suggested = story
    url = path.format(slug=quartier.slug, approved=approved.pk, suggested=suggested.pk)

    response = getattr(api_as(dave), method)(url, {"kind": "epn", "name": "x"}, format="json")

    assert response.status_code == 404 and "detail" in response.json()
    assert Place.objects.get(pk=suggested.pk).status == "suggested"
    assert Place.objects.count() == 2


def test_a_suggested_place_is_seen_by_its_suggester_and_the_coordinators(
    story, quartier, alice, bob, carol
):
    approved, suggested = story

    assert api_as(alice).get(f"/api/v1/places/{suggested.pk}/").status_code == 200
    assert api_as(carol).get(f"/api/v1/places/{suggested.pk}/").status_code == 200
    assert api_as(bob).get(f"/api/v1/places/{suggested.pk}/").status_code == 404
    assert api_as(bob).get(f"/api/v1/places/{approved.pk}/").status_code == 200
    listed = api_as(alice).get(f"/api/v1/quartiers/{quartier.slug}/places/").json()
    assert [place["name"] for place in listed] == ["EPN"]
    # A member cannot decide: a 403, nothing changed.
    assert api_as(bob).post(f"/api/v1/places/{suggested.pk}/approve/").status_code == 404
    assert api_as(alice).post(f"/api/v1/places/{suggested.pk}/approve/").status_code == 403
    assert Place.objects.get(pk=suggested.pk).status == "suggested"


def test_a_relais_suggests_a_place_for_his_neighbour(quartier, marc, consent, petit):
    client = acting_client(marc, consent)
    url = reverse("places:create", args=[quartier.slug])
    assert client.get(reverse("places:directory", args=[quartier.slug])).status_code == 200
    data = {
        "kind": "association",
        "name": "Secours populaire",
        "hours-TOTAL_FORMS": "7",
        "hours-INITIAL_FORMS": "7",
        "closed-TOTAL_FORMS": "0",
        "closed-INITIAL_FORMS": "0",
        **{f"hours-{day}-weekday": str(day) for day in range(7)},
    }

    response = client.post(url, data)

    assert response.status_code == 302
    place = Place.objects.get(name="Secours populaire")
    assert place.suggested_by == petit and place.status == Place.Status.SUGGESTED
    action = ProxyAction.objects.get(verb=ProxyAction.Verb.PLACE_SUGGESTED)
    assert (action.relais, action.neighbour, action.target_id) == (marc, petit, place.pk)
