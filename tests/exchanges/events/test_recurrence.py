"""The dates of a gathering: the rule read in the quartier's local time, its dates off, and
the same rule as iCalendar writes it."""

import datetime

import pytest
from dateutil import rrule
from django.utils import translation

from exchanges.events.models import Event
from exchanges.events.recurrence import dates_between, is_a_date, next_dates, rrule_for
from exchanges.events.words import repeat_words
from tests.exchanges.events.fields import PARIS, local
from tests.factories import QuartierFactory

D = datetime.date


@pytest.fixture
def quartier(db):
    return QuartierFactory.build(timezone="Europe/Paris")


def event(quartier, first: datetime.date, repeat="weekly", hours=(14, 17), **fields):
    return Event(
        quartier=quartier,
        title="x",
        starts_at=local(first, hours[0]),
        ends_at=local(first, hours[1]),
        repeat=repeat,
        **fields,
    )


def rule(e):
    parts = rrule_for(e)
    assert parts is not None
    return parts


def days(whens):
    return [w.date for w in whens]


def test_weekly_every_week_on_the_first_dates_weekday(quartier):
    e = event(quartier, D(2027, 1, 6))  # a Wednesday
    assert days(dates_between(e, D(2027, 1, 1), D(2027, 1, 31), exceptions=set())) == [
        D(2027, 1, 6),
        D(2027, 1, 13),
        D(2027, 1, 20),
        D(2027, 1, 27),
    ]


def test_every_second_saturday_of_the_month(quartier):
    e = event(quartier, D(2027, 1, 9), repeat="monthly_weekday")  # the 2nd Saturday
    found = days(dates_between(e, D(2027, 1, 1), D(2027, 6, 30), exceptions=set()))
    assert found == [D(2027, 1, 9), D(2027, 2, 13), D(2027, 3, 13), D(2027, 4, 10),
                     D(2027, 5, 8), D(2027, 6, 12)]  # fmt: skip
    assert all(day.weekday() == 5 and 8 <= day.day <= 14 for day in found)


def test_a_fifth_weekday_means_the_last_one(quartier):
    e = event(quartier, D(2027, 1, 29), repeat="monthly_weekday")  # 5th (last) Friday
    found = days(dates_between(e, D(2027, 1, 1), D(2027, 4, 30), exceptions=set()))
    assert found == [D(2027, 1, 29), D(2027, 2, 26), D(2027, 3, 26), D(2027, 4, 30)]
    assert rule(e)["BYDAY"] == "-1FR"


def test_monthly_on_the_31st_skips_the_short_months(quartier):
    e = event(quartier, D(2027, 1, 31), repeat="monthly_day")
    found = days(dates_between(e, D(2027, 1, 1), D(2027, 8, 31), exceptions=set()))
    assert found == [D(2027, 1, 31), D(2027, 3, 31), D(2027, 5, 31), D(2027, 7, 31),
                     D(2027, 8, 31)]  # fmt: skip


def test_an_interval_and_an_end(quartier):
    e = event(quartier, D(2027, 1, 6), interval=2, repeat_until=D(2027, 2, 17))
    found = days(dates_between(e, D(2027, 1, 1), D(2027, 12, 31), exceptions=set()))
    assert found == [D(2027, 1, 6), D(2027, 1, 20), D(2027, 2, 3), D(2027, 2, 17)]


def test_dates_off_are_left_out(quartier):
    e = event(quartier, D(2027, 1, 9), repeat="monthly_weekday")
    found = days(dates_between(e, D(2027, 7, 1), D(2027, 9, 30), exceptions={D(2027, 8, 14)}))
    assert found == [D(2027, 7, 10), D(2027, 9, 11)]


def test_the_change_to_summer_time_keeps_14_00_local(quartier):
    e = event(quartier, D(2027, 3, 20))  # the Saturday before the clocks change (28 March)
    first, second = dates_between(e, D(2027, 3, 20), D(2027, 3, 27), exceptions=set())
    assert first.starts_at.astimezone(PARIS).hour == second.starts_at.astimezone(PARIS).hour == 14
    assert first.starts_at.utcoffset() == datetime.timedelta(hours=1)
    assert second.starts_at.utcoffset() == datetime.timedelta(hours=1)  # still winter on 27
    after = dates_between(e, D(2027, 4, 3), D(2027, 4, 3), exceptions=set())[0]
    assert after.starts_at.astimezone(PARIS).hour == 14
    assert after.starts_at.utcoffset() == datetime.timedelta(hours=2)
    utc = datetime.UTC
    elapsed = after.starts_at.astimezone(utc) - first.starts_at.astimezone(utc)
    assert elapsed == datetime.timedelta(days=14, hours=-1)
    assert after.ends_at.astimezone(PARIS).hour == 17


def test_once_is_its_one_date_however_far(quartier):
    e = event(quartier, D(2029, 6, 1), repeat="none")
    now = local(D(2027, 1, 1))
    assert days(next_dates(e, now, 3)) == [D(2029, 6, 1)]
    assert rrule_for(e) is None


def test_next_dates_skip_a_date_already_started(quartier):
    e = event(quartier, D(2027, 1, 6))
    e.pk = None
    assert days(next_dates(e, local(D(2027, 1, 13), 15), 2)) == [D(2027, 1, 20), D(2027, 1, 27)]


def test_a_once_only_gathering_over_several_days_is_in_every_window_it_overlaps(quartier, db):
    """A weekend from Saturday 10:00 to Monday 12:00: a window holding only the Sunday or the
    Monday has it, by its one date (the Saturday, the day it starts and one registers for)."""
    e = Event(
        quartier=quartier,
        title="Week-end de l'entraide",
        starts_at=local(D(2027, 5, 15), 10),
        ends_at=local(D(2027, 5, 17), 12),
        repeat="none",
    )
    for day in (D(2027, 5, 15), D(2027, 5, 16), D(2027, 5, 17)):
        assert days(dates_between(e, day, day, exceptions=set())) == [D(2027, 5, 15)]
    assert dates_between(e, D(2027, 5, 18), D(2027, 5, 24), exceptions=set()) == []
    assert dates_between(e, D(2027, 5, 8), D(2027, 5, 14), exceptions=set()) == []
    assert is_a_date(e, D(2027, 5, 15))
    assert not is_a_date(e, D(2027, 5, 16))


def test_a_once_only_gathering_ending_at_midnight_is_not_in_the_next_day(quartier, db):
    e = Event(
        quartier=quartier,
        title="Soirée",
        starts_at=local(D(2027, 5, 15), 20),
        ends_at=local(D(2027, 5, 16), 0),
        repeat="none",
    )
    assert dates_between(e, D(2027, 5, 16), D(2027, 5, 16), exceptions=set()) == []


def test_is_a_date(quartier, db):
    e = event(quartier, D(2027, 1, 9), repeat="monthly_weekday")
    assert is_a_date(e, D(2027, 2, 13))
    assert not is_a_date(e, D(2027, 2, 6))
    assert not is_a_date(e, D(2026, 12, 12))  # before the first date


def test_rrule_for_parses_back_to_the_same_dates(quartier):
    e = event(quartier, D(2027, 1, 9), repeat="monthly_weekday", repeat_until=D(2027, 12, 31))
    parts = rule(e)
    assert parts["FREQ"] == "MONTHLY" and parts["BYDAY"] == "2SA"
    assert parts["UNTIL"] == datetime.datetime(2027, 12, 31, 22, 59, 59, tzinfo=datetime.UTC)
    text = f"FREQ=MONTHLY;BYDAY=2SA;UNTIL={parts['UNTIL']:%Y%m%dT%H%M%SZ}"
    parsed = rrule.rrulestr(text, dtstart=local(D(2027, 1, 9)).astimezone(datetime.UTC))
    assert len(list(parsed)) == 12
    assert rule(event(quartier, D(2027, 1, 6), interval=3))["INTERVAL"] == 3
    assert rule(event(quartier, D(2027, 1, 31), repeat="monthly_day"))["BYMONTHDAY"] == 31


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Every second Saturday of the month"),
        ("fr", "Le deuxième samedi de chaque mois"),
    ],
)
def test_the_rule_in_words_names_the_day_as_each_language_writes_it(quartier, language, said):
    repair = event(quartier, D(2026, 12, 12), repeat="monthly_weekday")
    with translation.override(language):
        assert repeat_words(repair) == said
