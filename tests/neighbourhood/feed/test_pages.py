"""The quartier's feed, read and filtered as a resident would, without JavaScript."""

import datetime
import html
import re

import pytest
from django.test import Client
from django.utils import timezone

from exchanges.swaps import services as swaps
from exchanges.swaps.models import Swap
from neighbourhood.feed.models import FeedEntry
from tests.factories import MembershipFactory, QuartierFactory, swap_fields

pytestmark = pytest.mark.django_db

TITLE = re.compile(r'<h3><a href="[^"]+">([^<]+)</a></h3>')
OLDER = re.compile(r'<a class="button button--secondary" href="([^"]+)">Older entries</a>')


def client_for(user, language: str = "en") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def publish(quartier, author, title: str, kind: str = "offer", **overrides) -> Swap:
    return swaps.swap_create(
        quartier=quartier, author=author, kind=kind, **swap_fields(title=title, **overrides)
    )


def feed_url(quartier) -> str:
    return f"/quartiers/{quartier.slug}/feed/"


def titles(response) -> list[str]:
    """The titles in the feed itself (not in the coordinators' list of hidden entries)."""
    page = response.content.decode().split('id="hidden-entries"')[0]
    return [html.unescape(title) for title in TITLE.findall(page)]


def older_link(response) -> str | None:
    found = OLDER.search(response.content.decode())
    return html.unescape(found.group(1)) if found else None


def test_a_member_sees_the_entries_of_the_quartier_newest_first(quartier, alice, bob):
    knitting = publish(quartier, alice, "Tricot pour débutants", description="Aiguilles fournies.")
    publish(quartier, bob, "Apprendre le piano", kind="request")
    elsewhere = QuartierFactory.create()
    MembershipFactory.create(quartier=elsewhere, user=bob)
    publish(elsewhere, bob, "Potager sur le toit")

    response = client_for(alice).get(feed_url(quartier))

    assert response.status_code == 200
    page = response.content.decode()
    assert titles(response) == ["Apprendre le piano", "Tricot pour débutants"]
    assert f'<a href="{knitting.get_absolute_url()}">Tricot pour débutants</a>' in page
    assert "Aiguilles fournies." in page
    assert "By Alice" in page and "By Bob" in page
    assert "Offer to teach" in page and "Wish to learn" in page
    assert "Potager" not in page
    # A member reads; only coordinators tidy up.
    assert "Hide" not in page


def test_the_page_links_to_publishing_an_offer_or_a_request(quartier, alice):
    page = client_for(alice).get(feed_url(quartier)).content.decode()
    assert f'href="/swaps/new/{quartier.slug}/?kind=offer"' in page
    assert f'href="/swaps/new/{quartier.slug}/?kind=request"' in page


def test_an_empty_feed_says_so(quartier, alice):
    page = client_for(alice).get(feed_url(quartier)).content.decode()
    assert "Nothing has been published yet." in page


def test_it_filters_by_kind(quartier, alice, bob):
    publish(quartier, alice, "Tricot")
    publish(quartier, bob, "Piano", kind="request")
    response = client_for(alice).get(feed_url(quartier), {"kind": "swap_request"})
    assert titles(response) == ["Piano"]
    assert '<option value="swap_request" selected>' in response.content.decode()


def test_it_filters_by_words_in_the_title_or_the_summary(quartier, alice, bob):
    publish(quartier, alice, "Tricot", description="Écharpes et bonnets.")
    publish(quartier, bob, "Piano", description="Solfège pour adultes.")
    client = client_for(alice)
    assert titles(client.get(feed_url(quartier), {"q": "piano"})) == ["Piano"]
    assert titles(client.get(feed_url(quartier), {"q": "bonnets"})) == ["Tricot"]
    response = client.get(feed_url(quartier), {"q": "astronomie"})
    assert titles(response) == []
    assert "Nothing matches what you chose." in response.content.decode()


def test_only_mine_shows_what_i_published(quartier, alice, bob):
    publish(quartier, alice, "Tricot")
    publish(quartier, bob, "Piano")
    assert titles(client_for(bob).get(feed_url(quartier), {"mine": "on"})) == ["Piano"]


def test_an_unknown_kind_is_refused_with_a_message(quartier, alice):
    publish(quartier, alice, "Tricot")
    response = client_for(alice).get(feed_url(quartier), {"kind": "astrology"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_kind_errors"' in page
    assert "Select a valid choice." in page
    assert titles(response) == []


@pytest.mark.parametrize("cursor", ["garbage", "bm90LWEtZGF0ZXwx"])
def test_a_broken_page_link_is_refused_with_a_way_back(quartier, alice, cursor):
    publish(quartier, alice, "Tricot")
    response = client_for(alice).get(feed_url(quartier), {"cursor": cursor})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This page link is not valid." in page
    assert 'role="alert"' in page
    assert f'<a href="{feed_url(quartier)}">Go to the newest entries</a>' in page
    assert titles(response) == []


def test_older_entries_follow_with_the_same_filters_without_overlap(quartier, alice, bob):
    for n in range(25):
        publish(quartier, alice, f"Atelier {n:02}")
    publish(quartier, bob, "Atelier de piano", kind="request")
    client = client_for(alice)

    first = client.get(feed_url(quartier), {"kind": "swap_offer", "q": "atelier"})
    link = older_link(first)
    assert link is not None
    assert "kind=swap_offer" in link and "q=atelier" in link and "cursor=" in link
    second = client.get(feed_url(quartier) + link)

    assert second.status_code == 200
    assert titles(first) == [f"Atelier {n:02}" for n in range(24, 4, -1)]
    assert titles(second) == [f"Atelier {n:02}" for n in range(4, -1, -1)]
    assert older_link(second) is None
    assert "Back to the newest entries" in second.content.decode()


def test_a_paused_swap_leaves_the_feed(quartier, alice, bob):
    swap = publish(quartier, alice, "Tricot")
    publish(quartier, alice, "Couture")
    swaps.swap_set_status(swap=swap, actor=alice, status=Swap.Status.PAUSED)
    assert titles(client_for(bob).get(feed_url(quartier))) == ["Couture"]


def test_an_expired_swap_leaves_the_feed(quartier, alice, bob):
    swap = publish(quartier, alice, "Tricot", ends_on=timezone.localdate())
    publish(quartier, alice, "Couture")
    client = client_for(bob)
    assert titles(client.get(feed_url(quartier))) == ["Couture", "Tricot"]

    # The clock moves on: the swap ended yesterday, and its entry at midnight.
    Swap.objects.filter(pk=swap.pk).update(ends_on=timezone.localdate() - datetime.timedelta(1))
    FeedEntry.objects.filter(object_id=swap.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert titles(client.get(feed_url(quartier))) == ["Couture"]


def test_a_coordinator_hides_an_entry_and_members_no_longer_see_it(quartier, carol, alice, bob):
    publish(quartier, alice, "Tricot")
    spam = publish(quartier, bob, "Achetez mes montres")
    entry = FeedEntry.objects.get(object_id=spam.pk)
    carol_client = client_for(carol)
    assert "Hide<span" in carol_client.get(feed_url(quartier)).content.decode()

    response = carol_client.post(f"{feed_url(quartier)}entries/{entry.pk}/hide/", follow=True)

    assert response.redirect_chain == [(feed_url(quartier), 302)]
    assert "“Achetez mes montres” is hidden from the quartier’s news." in response.content.decode()
    entry.refresh_from_db()
    assert entry.is_hidden and not entry.is_visible
    assert titles(response) == ["Tricot"]
    assert titles(client_for(alice).get(feed_url(quartier))) == ["Tricot"]


def test_a_member_cannot_hide_an_entry(quartier, carol, alice, bob):
    entry = FeedEntry.objects.get(object_id=publish(quartier, bob, "Tricot").pk)
    response = client_for(alice).post(f"{feed_url(quartier)}entries/{entry.pk}/hide/")
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.is_visible


def test_hiding_takes_a_post(quartier, carol, alice):
    entry = FeedEntry.objects.get(object_id=publish(quartier, alice, "Tricot").pk)
    response = client_for(carol).get(f"{feed_url(quartier)}entries/{entry.pk}/hide/")
    assert response.status_code == 405
    entry.refresh_from_db()
    assert entry.is_visible


def test_a_coordinator_cannot_hide_an_entry_of_another_quartier(quartier, carol, dave):
    elsewhere = QuartierFactory.create()
    MembershipFactory.create(quartier=elsewhere, user=dave)
    entry = FeedEntry.objects.get(object_id=publish(elsewhere, dave, "Tricot").pk)
    response = client_for(carol).post(f"{feed_url(quartier)}entries/{entry.pk}/hide/")
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.is_visible


def test_dave_gets_404_on_the_feed(quartier, alice, dave):
    publish(quartier, alice, "Tricot")
    response = client_for(dave).get(feed_url(quartier))
    assert response.status_code == 404
    assert "Tricot" not in response.content.decode()


def test_dave_gets_404_when_hiding_an_entry(quartier, alice, dave):
    entry = FeedEntry.objects.get(object_id=publish(quartier, alice, "Tricot").pk)
    response = client_for(dave).post(f"{feed_url(quartier)}entries/{entry.pk}/hide/")
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.is_visible


def test_a_visitor_is_asked_to_sign_in(quartier, alice):
    response = Client().get(feed_url(quartier))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_feed_is_in_french_by_default(quartier, alice):
    publish(quartier, alice, "Tricot")
    response = client_for(alice, language="fr").get(feed_url(quartier))
    assert '<html lang="fr">' in response.content.decode()


def test_the_feed_page_does_not_grow_in_queries(
    quartier, carol, alice, bob, django_assert_num_queries
):
    # session, user, the membership with its quartier, the page of entries, and for the
    # coordinator the entries they hid (the unread notifications are counted by the first page,
    # then kept in the cache)
    queries = 5
    client = client_for(carol)  # the coordinator's page has the most on it
    client.get(feed_url(quartier))
    for n in range(5):
        publish(quartier, alice, f"Atelier {n:02}")
    with django_assert_num_queries(queries):
        assert len(titles(client.get(feed_url(quartier)))) == 5

    # Many authors: their names come with the entries, not one query each.
    for n in range(5, 45):
        author = MembershipFactory.create(quartier=quartier).user if n % 2 else bob
        publish(quartier, author, f"Atelier {n:02}")
    with django_assert_num_queries(queries):
        first = client.get(feed_url(quartier))
        assert len(titles(first)) == 20
    link = older_link(client.get(feed_url(quartier) + (older_link(first) or "")))
    assert link is not None
    with django_assert_num_queries(queries):
        deep = client.get(feed_url(quartier) + link)
        assert len(titles(deep)) == 5


def test_a_coordinator_puts_a_hidden_entry_back(quartier, carol, alice):
    swap = publish(quartier, alice, "Atelier caché")
    entry = FeedEntry.objects.get(object_id=swap.pk)
    client = client_for(carol)
    client.post(f"/quartiers/{quartier.slug}/feed/entries/{entry.pk}/hide/")
    page = client.get(f"/quartiers/{quartier.slug}/feed/").content.decode()
    assert "Hidden by the coordinators" in page and "Show again" in page
    assert (
        "Hidden by the coordinators"
        not in client_for(alice).get(f"/quartiers/{quartier.slug}/feed/").content.decode()
    )
    client.post(f"/quartiers/{quartier.slug}/feed/entries/{entry.pk}/hide/", {"hidden": "0"})
    entry.refresh_from_db()
    assert entry.is_visible and not entry.is_hidden


def filters_of(response) -> str:
    """The filters' part of a page, from its <details> to the end of its form."""
    page = response.content.decode()
    start = page.index('<details class="filters"')
    return page[start : page.index("</details>", start)]


def test_the_top_of_the_page_kept_between_readers_follows_each_ones_language_and_query(
    quartier, alice, bob
):
    publish(quartier, alice, "Atelier vélo")
    # Twice each: the second is the top kept from the first, and reads the same.
    french = [filters_of(client_for(alice, "fr").get(feed_url(quartier))) for _ in range(2)]
    english = [filters_of(client_for(bob, "en").get(feed_url(quartier))) for _ in range(2)]
    assert french[0] == french[1] and english[0] == english[1]
    assert "Choisir ce que vous voulez voir" in french[0]
    assert "Choose what to see" in english[0] and "Choose what to see" not in french[0]
    assert '<details class="filters">' in english[0]
    assert "Show everything again" not in english[0]

    # A page link: the way back is shown; a filter: the filters open, with its value, every time.
    paged = filters_of(client_for(bob, "en").get(feed_url(quartier), {"cursor": ""}))
    assert "Show everything again" in paged
    for words in ("vélo", "guitare"):
        chosen = filters_of(client_for(bob, "en").get(feed_url(quartier), {"q": words}))
        assert '<details class="filters" open>' in chosen
        assert f'value="{words}"' in chosen
    refused = client_for(bob, "en").get(feed_url(quartier), {"kind": "nothing"})
    assert refused.status_code == 400
    assert '<details class="filters" open>' in filters_of(refused)
    assert 'class="errorlist"' in filters_of(refused)


def test_a_kept_card_never_shows_what_changed_since(quartier, alice, bob):
    # The cards are kept by the process for what they show: a changed title, a renamed author,
    # another language or the passing time is a new card, never the old one.
    swap = publish(quartier, bob, "Tricot pour débutants")
    reader = client_for(alice)
    assert "By Bob" in reader.get(feed_url(quartier)).content.decode()

    swaps.swap_update(swap=swap, actor=bob, title="Tricot et crochet")
    bob.display_name = "Robert"
    bob.save(update_fields=["display_name"])
    response = reader.get(feed_url(quartier))
    page = response.content.decode()
    assert titles(response) == ["Tricot et crochet"]
    assert "By Robert" in page and "By Bob" not in page
    assert "Offer to teach" in page

    in_french = client_for(alice, "fr").get(feed_url(quartier)).content.decode()
    assert "Par Robert" in in_french and "Propose d’enseigner" in in_french

    FeedEntry.objects.filter(object_id=swap.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=3)
    )
    assert "il y a 3" in client_for(alice, "fr").get(feed_url(quartier)).content.decode()
