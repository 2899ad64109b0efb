"""The quartier sheet's contents: what is new, the open swaps, the next rides with a free seat,
the next distribution and how to order, each with a code; nothing from another quartier; a
fixed number of queries whatever the size of the quartier."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exchanges.rides import services as rides
from exchanges.swaps import kinds as swap_kinds
from exchanges.swaps import services as swaps
from neighbourhood.feed import services as feed
from neighbourhood.feed.models import FeedEntry
from neighbourhood.quartiers.models import Membership
from neighbourhood.quartiers.sheet import sections, selectors
from neighbourhood.quartiers.sheet.codes import code_for, parse_code
from neighbourhood.quartiers.sheet.selectors import Sheet, item_url_for_code, sheet_for
from tests.factories import MembershipFactory, QuartierFactory, UserFactory, in_days
from tests.neighbourhood.quartiers.sheet_data import distribution, full_ride, ride, swap

pytestmark = pytest.mark.django_db

# The coordinators; the swaps (offers, requests); the rides, their weekly times, the trips;
# the next distribution; the open requests for a hand; the objects to lend; the gatherings
# (their dates off are a second query when there are some, tests/exchanges/events); the useful
# places (none here: their hours and closed periods are not read); the consultations under way.
SHEET_QUERIES = 1 + 2 + 3 + 1 + 1 + 1 + 1 + 1 + 1


@pytest.fixture(autouse=True)
def _in_english(quartier):
    """The sheet is written in the quartier's language (French unless told): English here, so
    the assertions read the words the sheet prints."""
    quartier.language = "en"
    quartier.save(update_fields=["language"])


def part(sheet: Sheet, key: str) -> sections.Part:
    return next(found for found in sheet.parts if found.key == key)


def codes(sheet: Sheet, key: str) -> list[str]:
    return [line.code for line in part(sheet, key).lines]


def test_it_lists_the_open_offers_and_wishes_newest_first_with_their_codes(quartier, alice, bob):
    lesson = swap(quartier, alice, title="Conversation en espagnol")
    wish = swap(quartier, bob, "request", title="Réparer un vélo")
    newer = swap(quartier, bob, title="Tricot")
    closed = swap(quartier, alice, title="Guitare")
    swaps.swap_set_status(swap=closed, actor=alice, status="closed")

    sheet = sheet_for(quartier=quartier)

    assert codes(sheet, "swaps.offer") == [f"E-{newer.pk}", f"E-{lesson.pk}"]
    assert codes(sheet, "swaps.request") == [f"E-{wish.pk}"]
    line = part(sheet, "swaps.offer").lines[1]
    assert (line.title, line.url) == ("Conversation en espagnol", lesson.get_absolute_url())
    assert "le samedi matin" in line.details


def test_it_marks_what_is_new_this_week(quartier, alice):
    old = swap(quartier, alice, title="Cuisine lyonnaise")
    old.created_at = timezone.now() - datetime.timedelta(days=8)
    old.save(update_fields=["created_at"])
    fresh = swap(quartier, alice, title="Couture")

    sheet = sheet_for(quartier=quartier)

    offers = part(sheet, "swaps.offer")
    assert [(line.code, line.is_new) for line in offers.lines] == [
        (f"E-{fresh.pk}", True),
        (f"E-{old.pk}", False),
    ]
    assert offers.new_count == 1
    assert sheet.new_count == 1


def test_it_leaves_out_a_swap_a_coordinator_hid(quartier, alice, carol):
    hidden = swap(quartier, alice)
    entry = FeedEntry.objects.get(object_id=hidden.pk, kind=swap_kinds.FEED_OFFER)
    feed.feed_entry_hide(entry=entry, actor=carol)

    assert part(sheet_for(quartier=quartier), "swaps.offer").lines == []


def test_it_lists_the_next_rides_with_a_free_seat_soonest_first(quartier, alice, bob):
    later = ride(quartier, alice, departs_at=in_days(5))
    sooner = ride(quartier, bob, departs_at=in_days(1), seats=3)
    full = full_ride(quartier, alice, bob, departs_at=in_days(2))
    too_far = ride(quartier, alice, departs_at=in_days(20))

    sheet = sheet_for(quartier=quartier)

    listed = codes(sheet, "rides")
    assert listed == [f"C-{sooner.pk}", f"C-{later.pk}"]
    assert f"C-{full.pk}" not in listed and f"C-{too_far.pk}" not in listed
    assert "3 free seats" in part(sheet, "rides").lines[0].details


def test_a_weekly_ride_shows_its_next_date_with_a_free_seat(quartier, alice, bob):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    commute = ride(
        quartier,
        alice,
        kind="regular",
        departs_at=None,
        weekly={day: datetime.time(8, 0) for day in range(7)},
        valid_from=tomorrow,
        valid_until=tomorrow + datetime.timedelta(days=13),
        seats=1,
        auto_accept=True,
    )
    rides.booking_request(ride=commute, passenger=bob, dates=[tomorrow], seats=1)

    line = part(sheet_for(quartier=quartier), "rides").lines[0]

    assert line.code == f"C-{commute.pk}"
    day_after = tomorrow + datetime.timedelta(days=1)
    assert f"{day_after.day} " in line.details and "Every week" in line.details


def test_it_shows_the_next_distribution_and_how_to_order(quartier, carol):
    next_one = distribution(quartier, carol)
    distribution(
        quartier,
        carol,
        title="Panier suivant",
        distribution_date=timezone.localdate() + datetime.timedelta(days=10),
    )

    produce = part(sheet_for(quartier=quartier), "produce")

    assert [line.code for line in produce.lines] == [f"A-{next_one.pk}"]
    assert "Maison des associations" in produce.lines[0].details
    assert produce.more == 1
    assert len(produce.notes) == 1
    assert produce.notes[0].startswith("To order: before ")
    assert f"code A-{next_one.pk}" in produce.notes[0]


def test_it_says_when_nothing_is_planned(quartier, carol):
    sheet = sheet_for(quartier=quartier)

    assert all(found.lines == [] for found in sheet.parts)
    assert part(sheet, "produce").empty == "No distribution planned at the moment."
    assert sheet.contacts == ["Carol"]


def test_its_parts_come_in_their_sections_order(quartier):
    keys = [found.key for found in sheet_for(quartier=quartier).parts]

    assert keys == [
        "swaps.offer",
        "swaps.request",
        "events",
        "consultations",
        "rides",
        "produce",
        "help",
        "objects",
        "places",
    ]


def test_it_shows_nothing_of_another_quartier(quartier, alice, carol):
    elsewhere = QuartierFactory.create(name="Vaise", slug="vaise")
    neighbour = UserFactory.create(display_name="Zoé")
    MembershipFactory.create(quartier=elsewhere, user=neighbour, role=Membership.Role.COORDINATOR)
    swap(elsewhere, neighbour)
    swap(elsewhere, neighbour, "request")
    ride(elsewhere, neighbour)
    distribution(elsewhere, neighbour)
    mine = swap(quartier, alice)

    sheet = sheet_for(quartier=quartier)

    assert [line.code for found in sheet.parts for line in found.lines] == [f"E-{mine.pk}"]
    assert sheet.contacts == ["Carol"]


def test_it_caps_each_part_and_counts_the_others(quartier, alice):
    for n in range(sections.MAX_LINES + 3):
        swap(quartier, alice, title=f"Atelier {n}")

    offers = part(sheet_for(quartier=quartier), "swaps.offer")

    assert len(offers.lines) == sections.MAX_LINES
    assert offers.more == 3
    assert offers.new_count == sections.MAX_LINES + 3


def fill(quartier, coordinator, members, count: int) -> None:
    for n in range(count):
        author = members[n % len(members)]
        swap(quartier, author, title=f"Offre {n}")
        swap(quartier, author, "request", title=f"Demande {n}")
        ride(quartier, author, departs_at=in_days(1 + n % 10))
    for n in range(min(count, 3)):
        distribution(
            quartier,
            coordinator,
            title=f"Panier {n}",
            distribution_date=timezone.localdate() + datetime.timedelta(days=3 + 7 * n),
        )


@pytest.mark.parametrize("count", [1, 12])
def test_it_reads_a_quartier_in_a_fixed_number_of_queries(quartier, carol, alice, bob, count):
    fill(quartier, carol, [alice, bob], count)

    with CaptureQueriesContext(connection) as queries:
        sheet = sheet_for(quartier=quartier)

    assert len(queries) == SHEET_QUERIES, [query["sql"] for query in queries]
    rides = part(sheet, "rides")
    assert len(rides.lines) + rides.more == count
    assert len(rides.lines) >= min(count, selectors.LEAST_LINES)


def test_a_full_week_is_trimmed_to_the_page_longest_parts_first_never_below_the_least():
    def lines(count: int) -> list[sections.Line]:
        return [
            sections.Line(code=f"E-{n}", title="", details="", url="", is_new=False)
            for n in range(count)
        ]

    parts = [
        sections.Part(key, key, lines(count), more=1)
        for key, count in (("a", 4), ("b", 4), ("c", 4), ("d", 1), ("e", 4), ("f", 4))
    ]

    fitted = selectors.fit_on_a_page(parts)

    assert [len(found.lines) for found in fitted] == [2, 2, 2, 1, 2, 2]
    assert sum(len(found.lines) for found in fitted) <= selectors.PAGE_LINES
    # What no longer fits is counted with what the part already left out.
    assert [found.more for found in fitted] == [3, 3, 3, 1, 3, 3]
    # A short sheet is left as it is.
    assert selectors.fit_on_a_page(parts[:2]) == parts[:2]


def test_it_writes_the_sheet_in_the_quartiers_language(quartier, alice, carol):
    quartier.language = "fr"
    quartier.save(update_fields=["language"])
    swap(quartier, alice)
    distribution(quartier, carol)

    sheet = sheet_for(quartier=quartier)  # while the reader's language is English

    assert part(sheet, "swaps.offer").title == "Des voisins peuvent vous apprendre"
    assert part(sheet, "produce").notes[0].startswith("Pour commander : avant le ")
    quartier.language = "en"
    assert part(sheet_for(quartier=quartier), "swaps.offer").title == (
        "Neighbours who can teach you"
    )


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("E-42", ("E", 42)),
        ("e42", ("E", 42)),
        (" C 17 ", ("C", 17)),
        ("a–7", ("A", 7)),
        ("E-042", ("E", 42)),
        ("42", None),
        ("E-", None),
        ("EE-4", None),
        ("", None),
    ],
)
def test_it_reads_a_typed_code_forgivingly(typed, read):
    assert parse_code(typed) == read


def test_a_code_opens_its_item_in_its_quartier_only(quartier, alice, carol):
    offer = swap(quartier, alice)
    offered = ride(quartier, alice)
    cycle = distribution(quartier, carol)
    elsewhere = QuartierFactory.create(slug="vaise")

    assert item_url_for_code(quartier=quartier, code=code_for("E", offer.pk)) == (
        offer.get_absolute_url()
    )
    assert item_url_for_code(quartier=quartier, code=f"c{offered.pk}") == (
        offered.get_absolute_url()
    )
    assert item_url_for_code(quartier=quartier, code=f"A-{cycle.pk}") == cycle.get_absolute_url()
    assert item_url_for_code(quartier=elsewhere, code=f"E-{offer.pk}") is None
    assert item_url_for_code(quartier=quartier, code=f"E-{offer.pk + 1000}") is None
    assert item_url_for_code(quartier=quartier, code=f"Z-{offer.pk}") is None


def test_a_code_letter_belongs_to_one_section():
    def nothing(*args: object) -> list[sections.Part]:
        return []

    with pytest.raises(ValueError, match="already"):
        sections.register(sections.SheetSection("other", 99, "E", "x", nothing, lambda q, i: None))
    with pytest.raises(ValueError, match="not I nor O"):
        sections.register(sections.SheetSection("other", 99, "O", "x", nothing, lambda q, i: None))
    assert "other" not in {section.key for section in sections.registered()}
