"""The digest's "New swaps": what was published in the reader's quartiers during their period,
by others, reciprocal matches first, then matches, then the rest."""

import datetime

import pytest
from django.utils import timezone

from exchanges.swaps import digest, services
from exchanges.swaps.models import Swap
from messaging.digests.sections import Reader, registered
from neighbourhood.feed.models import FeedEntry
from neighbourhood.feed.services import feed_entry_hide
from tests.factories import MembershipFactory, UserFactory, swap_fields

pytestmark = pytest.mark.django_db


def offer(quartier, author, title, tags, **overrides) -> Swap:
    fields = swap_fields(title=title, tags=tags, **overrides)
    return services.swap_create(quartier=quartier, author=author, kind="offer", **fields)


def wish(quartier, author, title, tags, **overrides) -> Swap:
    fields = swap_fields(title=title, tags=tags, **overrides)
    return services.swap_create(quartier=quartier, author=author, kind="request", **fields)


def published_days_ago(swap: Swap, days: int) -> None:
    Swap.objects.filter(pk=swap.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def reader(user, *quartiers) -> Reader:
    now = timezone.now()
    return Reader(
        user=user,
        since=now - datetime.timedelta(days=1),
        until=now + datetime.timedelta(minutes=1),
        quartier_ids=frozenset(quartier.pk for quartier in quartiers),
    )


def lines(found, user) -> list[tuple[str, str]]:
    return [(item.title, str(item.note)) for item in found.get(user.pk, [])]


@pytest.fixture
def alice_swaps(quartier, alice) -> tuple[Swap, Swap]:
    """Alice wishes to learn the guitar and offers Spanish, since last week."""
    learn = wish(quartier, alice, "Apprendre la guitare", "guitare")
    teach = offer(quartier, alice, "Cours d'espagnol", "espagnol")
    published_days_ago(learn, 7)
    published_days_ago(teach, 7)
    return learn, teach


def test_it_lists_reciprocal_matches_first_then_matches_then_the_rest(
    quartier, alice, bob, carol, alice_swaps
):
    bobs_wish = wish(quartier, bob, "Conversation en espagnol", "espagnol")
    published_days_ago(bobs_wish, 3)  # not new, but it makes Bob's offer reciprocal
    wish(quartier, carol, "Réparer un vélo", "vélo", category="diy")
    offer(quartier, carol, "Guitare électrique", "guitare", category="music_arts")
    offer(quartier, bob, "Guitare pour débutants", "guitare", category="music_arts")

    found = digest.new_swaps([reader(alice, quartier)])

    assert lines(found, alice) == [
        (
            "Guitare pour débutants",
            "Matches your wish to learn “Apprendre la guitare”"
            " — and you could teach them in return",
        ),
        ("Guitare électrique", "Matches your wish to learn “Apprendre la guitare”"),
        ("Réparer un vélo", "Wish to learn"),
    ]
    item = found[alice.pk][0]
    assert item.url == f"/swaps/{Swap.objects.get(title='Guitare pour débutants').pk}/"
    assert item.quartier_id == quartier.pk
    assert item.when is not None


def test_a_wish_that_fits_the_readers_offer_says_so(quartier, alice, bob, alice_swaps):
    offer(quartier, bob, "Guitare folk", "guitare")
    wish(quartier, bob, "Espagnol pour voyager", "espagnol")

    found = digest.new_swaps([reader(alice, quartier)])

    assert lines(found, alice)[0] == (
        "Espagnol pour voyager",
        "Matches your offer “Cours d'espagnol” — and they could teach you in return",
    )


def test_it_lists_only_the_new_swaps_of_others_in_the_readers_quartiers(
    quartier, alice, bob, elsewhere, eve
):
    offer(elsewhere, eve, "Guitare classique", "guitare")
    offer(quartier, alice, "Tricot", "tricot")
    old = offer(quartier, bob, "Poterie", "poterie")
    published_days_ago(old, 2)
    offer(quartier, bob, "Couture", "couture")

    found = digest.new_swaps([reader(alice, quartier), reader(eve, elsewhere)])

    assert lines(found, alice) == [("Couture", "Offer to teach")]
    assert lines(found, eve) == []


def test_a_reader_of_two_quartiers_reads_both_newest_first_each_with_its_own_page(
    quartier, alice, bob, elsewhere, eve
):
    MembershipFactory.create(quartier=elsewhere, user=alice)
    oldest = offer(quartier, bob, "Couture", "couture")
    middle = offer(elsewhere, eve, "Poterie", "poterie")
    newest = wish(quartier, bob, "Tricot", "tricot")
    for days, swap in ((3, oldest), (2, middle), (1, newest)):
        Swap.objects.filter(pk=swap.pk).update(
            created_at=timezone.now() - datetime.timedelta(hours=days)
        )

    found = digest.new_swaps([reader(alice, quartier, elsewhere), reader(eve, elsewhere)])

    assert [(item.url, item.quartier_id) for item in found[alice.pk]] == [
        (f"/swaps/{newest.pk}/", quartier.pk),
        (f"/swaps/{middle.pk}/", elsewhere.pk),
        (f"/swaps/{oldest.pk}/", quartier.pk),
    ]
    assert [item.url for item in found[eve.pk]] == []  # her own swap only


def test_it_leaves_out_a_swap_a_coordinator_hid(quartier, alice, bob, carol):
    swap = offer(quartier, bob, "Couture", "couture")
    feed_entry_hide(entry=FeedEntry.objects.get(object_id=swap.pk), actor=carol)

    assert lines(digest.new_swaps([reader(alice, quartier)]), alice) == []


def test_it_judges_reciprocity_on_the_readers_own_quartiers_only(
    quartier, alice, carol, alice_swaps, elsewhere, eve
):
    """Carol's wish in a quartier Alice is not in, read for another reader of the chunk, does
    not make Carol's offer reciprocal for Alice."""
    MembershipFactory.create(quartier=elsewhere, user=carol)
    wish(elsewhere, carol, "Espagnol des affaires", "espagnol")
    offer(quartier, carol, "Guitare électrique", "guitare")

    found = digest.new_swaps([reader(alice, quartier), reader(eve, elsewhere)])

    assert lines(found, alice) == [
        ("Guitare électrique", "Matches your wish to learn “Apprendre la guitare”")
    ]


def test_it_costs_the_same_queries_for_3_readers_as_for_30(
    quartier, alice, bob, carol, django_assert_num_queries
):
    readers = []
    for n in range(30):
        user = UserFactory.create()
        MembershipFactory.create(quartier=quartier, user=user)
        wish(quartier, user, f"Guitare {n}", "guitare")
        readers.append(reader(user, quartier))
    offer(quartier, bob, "Guitare pour débutants", "guitare")
    offer(quartier, carol, "Couture", "couture")

    # The new swaps, and every open card (with its quartier and title: the readers' own too).
    with django_assert_num_queries(2):
        few = digest.new_swaps(readers[:3])
    with django_assert_num_queries(2):
        many = digest.new_swaps(readers)

    assert len(few) == 3
    assert len(many) == 30
    assert all(len(items) == 31 for items in many.values())
    assert str(many[readers[29].user.pk][0].note).startswith("Matches your wish to learn")


def test_it_is_registered_with_the_digest():
    sections = {section.key: section for section in registered()}
    assert sections["swaps"].collect is digest.new_swaps
    assert (sections["swaps"].order, sections["swaps"].news) == (10, True)
