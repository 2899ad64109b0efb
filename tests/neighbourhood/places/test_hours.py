"""Opening hours at the edges, read in the quartier's timezone: midnight, an interval crossing
it, all day, a public holiday, a day of replaced hours, the nights the clocks change in
Europe/Paris, and the same instant in two quartiers far apart. The directory's SQL filter is
checked against the Python rule on every one of these moments."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from neighbourhood.places import hours
from neighbourhood.places.models import Place
from neighbourhood.places.selectors import directory_queryset
from neighbourhood.quartiers.models import Quartier
from tests.factories import QuartierFactory
from tests.neighbourhood.places.directory import EPN_WEEK, place_with_hours

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MONTREAL = zoneinfo.ZoneInfo("America/Montreal")
NOUMEA = zoneinfo.ZoneInfo("Pacific/Noumea")


def at(zone: datetime.tzinfo, *parts: int) -> datetime.datetime:
    year, month, day, hour, minute = parts
    return datetime.datetime(year, month, day, hour, minute, tzinfo=zone)


def read(place: Place, moment: datetime.datetime) -> hours.OpenStatus:
    place = Place.objects.select_related("quartier").get(pk=place.pk)
    status = hours.status_at(place, moment)
    # The directory's one query says the same.
    listed = directory_queryset(quartier=place.quartier, open_now=True, moment=moment)
    assert listed.filter(pk=place.pk).exists() is status.is_open, (moment, status)
    return status


@pytest.fixture
def epn(quartier: Quartier) -> Place:
    # Monday to Friday 9–12 and 14–18, Saturday morning; closed on 1 May 2026 (a Friday).
    return place_with_hours(
        quartier,
        "EPN",
        EPN_WEEK,
        closed=[(datetime.date(2026, 5, 1), datetime.date(2026, 5, 1), None)],
    )


# Monday 4 May 2026.
@pytest.mark.parametrize(
    ("clock", "is_open", "sentence"),
    [
        ((8, 59), False, "Closed, opens today at 09:00"),
        ((9, 0), True, "Open until 12:00"),
        ((11, 59), True, "Open until 12:00"),
        ((12, 0), False, "Closed, opens today at 14:00"),
        ((17, 59), True, "Open until 18:00"),
        ((18, 0), False, "Closed, opens tomorrow at 09:00"),
        ((0, 0), False, "Closed, opens today at 09:00"),
    ],
)
def test_a_day_with_a_lunch_break(epn, clock, is_open, sentence) -> None:
    status = read(epn, at(PARIS, 2026, 5, 4, *clock))

    assert status.is_open is is_open
    assert status.sentence == sentence


def test_saturday_afternoon_says_the_day_it_opens_next(epn) -> None:
    status = read(epn, at(PARIS, 2026, 5, 9, 15, 0))

    assert not status.is_open
    assert status.sentence == "Closed, opens Monday at 09:00"


def test_a_public_holiday_closes_the_day_and_the_next_opening_skips_it(epn) -> None:
    status = read(epn, at(PARIS, 2026, 5, 1, 10, 0))  # Friday 1 May

    assert not status.is_open
    assert status.sentence == "Closed, opens tomorrow at 09:00"
    assert read(epn, at(PARIS, 2026, 4, 30, 10, 0)).is_open  # the Thursday before


def test_a_closed_period_with_hours_replaces_those_of_the_day(quartier) -> None:
    place = place_with_hours(
        quartier,
        "Médiathèque",
        EPN_WEEK,
        closed=[(datetime.date(2026, 12, 24), datetime.date(2026, 12, 24), "08:30-12:30")],
    )

    assert read(place, at(PARIS, 2026, 12, 24, 8, 45)).sentence == "Open until 12:30"
    assert not read(place, at(PARIS, 2026, 12, 24, 14, 30)).is_open
    assert read(place, at(PARIS, 2026, 12, 23, 14, 30)).is_open


@pytest.fixture
def bar(quartier: Quartier) -> Place:
    # Friday 22:00 to 02:00, Saturday 20:00 to midnight.
    return place_with_hours(
        quartier, "Café associatif", {4: ["22:00-02:00"], 5: ["20:00-00:00"]}, kind="association"
    )


@pytest.mark.parametrize(
    ("day", "clock", "is_open"),
    [
        (8, (21, 59), False),  # Friday 8 May 2026
        (8, (22, 0), True),
        (8, (23, 59), True),
        (9, (0, 0), True),  # Saturday: Friday's interval still runs
        (9, (1, 59), True),
        (9, (2, 0), False),
        (9, (20, 0), True),
        (9, (23, 59), True),
        (10, (0, 0), False),  # Sunday: Saturday's closed at midnight
    ],
)
def test_an_interval_crossing_midnight_belongs_to_the_day_it_starts(bar, day, clock, is_open):
    assert read(bar, at(PARIS, 2026, 5, day, *clock)).is_open is is_open


def test_past_midnight_the_sentence_says_until_when(bar) -> None:
    assert read(bar, at(PARIS, 2026, 5, 8, 23, 0)).sentence == "Open until tomorrow at 02:00"
    assert read(bar, at(PARIS, 2026, 5, 9, 1, 0)).sentence == "Open until 02:00"
    assert read(bar, at(PARIS, 2026, 5, 9, 21, 0)).sentence == "Open until midnight"


def test_a_holiday_on_the_next_day_does_not_cut_the_night_that_started_before(quartier):
    place = place_with_hours(
        quartier,
        "Veillée",
        {4: ["22:00-02:00"]},
        closed=[(datetime.date(2026, 5, 9), datetime.date(2026, 5, 9), None)],
    )

    assert read(place, at(PARIS, 2026, 5, 9, 1, 0)).is_open


def test_midnight_to_midnight_is_the_whole_day(quartier) -> None:
    place = place_with_hours(quartier, "Borne", {6: ["00:00-00:00"]}, kind="other")

    assert read(place, at(PARIS, 2026, 5, 10, 0, 0)).is_open  # Sunday
    assert read(place, at(PARIS, 2026, 5, 10, 23, 59)).sentence == "Open until midnight"
    assert not read(place, at(PARIS, 2026, 5, 11, 0, 0)).is_open


def test_every_day_all_day_is_open_day_and_night(quartier) -> None:
    place = place_with_hours(quartier, "Gare", {d: ["00:00-00:00"] for d in range(7)})

    assert read(place, at(PARIS, 2026, 5, 10, 3, 0)).sentence == "Open day and night"


@pytest.mark.parametrize(
    ("utc", "is_open"),
    [
        # Sunday 29 March 2026: at 01:00 UTC the clocks go from 02:00 to 03:00.
        ((2026, 3, 29, 0, 30), True),  # 01:30 CET
        ((2026, 3, 29, 1, 30), True),  # 03:30 CEST
        ((2026, 3, 29, 2, 0), False),  # 04:00 CEST: closed, as on any Sunday
        ((2026, 3, 29, 7, 59), False),  # 09:59 CEST
        ((2026, 3, 29, 8, 0), True),  # 10:00 CEST
        # Sunday 25 October 2026: at 01:00 UTC the clocks go back from 03:00 to 02:00.
        ((2026, 10, 25, 0, 30), True),  # 02:30 CEST
        ((2026, 10, 25, 1, 30), True),  # 02:30 CET, the second time
        ((2026, 10, 25, 3, 0), False),  # 04:00 CET
        ((2026, 10, 25, 8, 59), False),  # 09:59 CET
        ((2026, 10, 25, 9, 0), True),  # 10:00 CET
    ],
)
def test_the_nights_the_clocks_change_move_no_opening_hour(quartier, utc, is_open) -> None:
    place = place_with_hours(quartier, "Marché", {5: ["23:00-04:00"], 6: ["10:00-13:00"]})

    assert read(place, at(datetime.UTC, *utc)).is_open is is_open


def test_one_instant_in_three_quartiers_far_apart() -> None:
    week = {day: ["09:00-18:00"] for day in range(5)}
    places = {
        zone: place_with_hours(QuartierFactory.create(timezone=zone), f"EPN {zone}", week)
        for zone in ("Europe/Paris", "America/Montreal", "Pacific/Noumea")
    }
    # Monday 1 June 2026, 14:00 UTC: 16:00 in Paris, 10:00 in Montreal, 01:00 on Tuesday in
    # Nouméa.
    moment = at(datetime.UTC, 2026, 6, 1, 14, 0)
    assert read(places["Europe/Paris"], moment).sentence == "Open until 18:00"
    assert read(places["America/Montreal"], moment).sentence == "Open until 18:00"
    assert read(places["Pacific/Noumea"], moment).sentence == "Closed, opens today at 09:00"
    # 20:00 UTC: 22:00 in Paris, 16:00 in Montreal.
    later = at(datetime.UTC, 2026, 6, 1, 20, 0)
    assert not read(places["Europe/Paris"], later).is_open
    assert read(places["America/Montreal"], later).is_open


def test_the_week_in_words(epn) -> None:
    epn = Place.objects.get(pk=epn.pk)

    assert hours.week_summary(epn) == (
        "Monday–Friday 09:00–12:00, 14:00–18:00; Saturday 09:00–12:00"
    )
    assert [day.hours for day in hours.week_table(epn)][5:] == ["09:00–12:00", "Closed"]


def test_a_place_without_hours_says_so_rather_than_closed(quartier) -> None:
    place = place_with_hours(quartier, "Association", {}, kind="association")

    status = read(place, at(PARIS, 2026, 5, 4, 10, 0))

    assert not status.is_open and status.sentence == "Opening hours not given"
