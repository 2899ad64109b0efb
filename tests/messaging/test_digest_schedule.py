"""Whose digest is due when: frequency, day and hour in each resident's own timezone, summer
time, newcomers, and the periods already taken."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from messaging.digests.schedule import due_user_ids, is_due, plan_for
from messaging.models import Digest, DigestPreference
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from tests.factories import MembershipFactory, UserFactory

UTC = datetime.UTC
LONG_AGO = datetime.datetime(2026, 1, 1, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UTC)


def resident(
    quartier: Quartier,
    *,
    zone: str = "Europe/Paris",
    frequency: str | None = None,
    weekday: int = 0,
    hour: int = 8,
    joined: datetime.datetime = LONG_AGO,
) -> User:
    user = UserFactory.create(timezone=zone, date_joined=joined)
    MembershipFactory.create(quartier=quartier, user=user)
    if frequency is not None:
        DigestPreference.objects.create(user=user, frequency=frequency, weekday=weekday, hour=hour)
    return User.objects.select_related("digest_preference").get(pk=user.pk)


def due(user: User, now: datetime.datetime) -> bool:
    """Both ways of asking agree: the SQL of the hourly tick, and the rule in Python (which
    leaves the periods already taken to the claim)."""
    in_sql = user.pk in due_user_ids(now)
    if not Digest.objects.filter(user=user).exists():
        assert in_sql == is_due(user, plan_for(user, now), now)
    return in_sql


def test_the_default_is_weekly_on_monday_at_eight_in_the_residents_timezone(quartier):
    paris = resident(quartier)
    montreal = resident(quartier, zone="America/Montreal")
    # Monday 23 November 2026: 8:00 in Paris is 7:00 UTC, 8:00 in Montréal is 13:00 UTC.
    assert not due(paris, utc(2026, 11, 23, 6, 59))
    assert due(paris, utc(2026, 11, 23, 7, 0))
    assert not due(montreal, utc(2026, 11, 23, 12, 59))
    assert due(montreal, utc(2026, 11, 23, 13, 0))
    assert plan_for(paris, utc(2026, 11, 23, 7, 0)).period == "weekly:2026-11-23"  # type: ignore[union-attr]


def test_sunday_evening_in_montreal_is_already_monday_in_paris(quartier):
    montreal = resident(quartier, zone="America/Montreal", frequency="weekly", weekday=6, hour=20)
    # Sunday 22 November, 20:00 in Montréal = Monday 1:00 UTC.
    assert not due(montreal, utc(2026, 11, 23, 0, 59))
    assert due(montreal, utc(2026, 11, 23, 1, 0))
    assert plan_for(montreal, utc(2026, 11, 23, 1, 0)).period == "weekly:2026-11-16"  # type: ignore[union-attr]


def test_a_daily_digest_comes_every_day_at_the_chosen_hour(quartier):
    early = resident(quartier, frequency="daily", hour=6)
    for day in (21, 22, 23):
        assert not due(early, utc(2026, 11, day, 4, 59))
        assert due(early, utc(2026, 11, day, 5, 0))
        assert plan_for(early, utc(2026, 11, day, 5, 0)).period == f"daily:2026-11-{day}"  # type: ignore[union-attr]


def test_a_weekly_digest_waits_for_its_day(quartier):
    friday = resident(quartier, frequency="weekly", weekday=4, hour=18)
    assert not due(friday, utc(2026, 11, 26, 20, 0))  # Thursday
    assert not due(friday, utc(2026, 11, 27, 16, 59))  # Friday 17:59 in Paris
    assert due(friday, utc(2026, 11, 27, 17, 0))


def test_no_digest_is_never_due(quartier):
    quiet = resident(quartier, frequency="none")
    assert not due(quiet, utc(2026, 11, 23, 7, 0))
    assert plan_for(quiet, utc(2026, 11, 23, 7, 0)) is None


def test_the_hour_follows_the_local_clock_when_summer_time_begins(quartier):
    """Paris goes from UTC+1 to UTC+2 on Sunday 28 March 2027 at 2:00."""
    daily = resident(quartier, frequency="daily", hour=8)
    assert due(daily, utc(2027, 3, 27, 7, 0))  # Saturday, winter time: 8:00 = 7:00 UTC
    assert not due(daily, utc(2027, 3, 28, 5, 59))
    assert due(daily, utc(2027, 3, 28, 6, 0))  # Sunday, summer time: 8:00 = 6:00 UTC


def test_an_hour_that_does_not_exist_has_passed_when_the_clock_reads_three(quartier):
    night = resident(quartier, frequency="daily", hour=2)
    assert not due(night, utc(2027, 3, 28, 0, 59))  # 1:59, winter time
    assert due(night, utc(2027, 3, 28, 1, 0))  # 3:00, summer time: 2:00 never was


def test_the_hour_follows_the_local_clock_when_summer_time_ends(quartier):
    """Paris goes from UTC+2 back to UTC+1 on Sunday 25 October 2026 at 3:00."""
    daily = resident(quartier, frequency="daily", hour=8)
    assert due(daily, utc(2026, 10, 24, 6, 0))  # Saturday, summer time
    assert not due(daily, utc(2026, 10, 25, 6, 59))
    assert due(daily, utc(2026, 10, 25, 7, 0))  # Sunday, winter time: 8:00 = 7:00 UTC


def test_an_hour_that_happens_twice_sends_once(quartier):
    night = resident(quartier, frequency="daily", hour=2)
    first_two = utc(2026, 10, 25, 0, 0)  # 2:00 summer time
    assert due(night, first_two)
    plan = plan_for(night, first_two)
    assert plan is not None
    Digest.objects.create(
        user=night, period=plan.period, status=Digest.Status.SENT, claim="x", since=LONG_AGO
    )
    assert not due(night, utc(2026, 10, 25, 1, 0))  # 2:00 again, winter time: same day


def test_a_newcomer_waits_for_the_next_period(quartier):
    newcomer = resident(quartier, joined=utc(2026, 11, 24, 10, 0))  # Tuesday
    assert not due(newcomer, utc(2026, 11, 25, 7, 0))
    assert due(newcomer, utc(2026, 11, 30, 7, 0))  # the next Monday


def test_a_missed_tick_is_caught_up_later_in_the_same_period(quartier):
    weekly = resident(quartier)
    assert due(weekly, utc(2026, 11, 25, 15, 0))  # Wednesday: Monday's tick did not run


def test_a_period_taken_is_not_due_but_an_abandoned_claim_is(quartier, settings):
    settings.DIGEST_CLAIM_LEASE_SECONDS = 600
    user = resident(quartier)
    now = utc(2026, 11, 23, 9, 0)
    row = Digest.objects.create(
        user=user, period="weekly:2026-11-23", claim="t", claimed_at=now, since=LONG_AGO
    )
    assert not due(user, now)  # a live worker holds it
    assert due(user, now + datetime.timedelta(minutes=11))  # the worker died: taken over
    Digest.objects.filter(pk=row.pk).update(claim="")
    assert due(user, now)  # released after the mail server refused
    for status in (Digest.Status.SENDING, Digest.Status.SENT, Digest.Status.EMPTY):
        Digest.objects.filter(pk=row.pk).update(status=status, claim="t")
        assert not due(user, now + datetime.timedelta(hours=3))


def test_only_active_members_are_selected(quartier, dave):
    dave.date_joined = LONG_AGO
    dave.save(update_fields=["date_joined"])
    gone = resident(quartier)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    assert due_user_ids(utc(2026, 11, 23, 9, 0)) == []


@pytest.mark.parametrize("start", [utc(2026, 10, 19), utc(2027, 3, 22)], ids=["autumn", "spring"])
def test_the_tick_and_the_rule_agree_hour_by_hour_across_a_week_of_clock_change(quartier, start):
    residents = [
        resident(quartier),
        resident(quartier, frequency="daily", hour=0),
        resident(quartier, frequency="daily", hour=2),
        resident(quartier, frequency="weekly", weekday=6, hour=23),
        resident(quartier, zone="America/Montreal", frequency="daily", hour=7),
        resident(quartier, zone="Asia/Tokyo", frequency="weekly", weekday=2, hour=9),
        resident(quartier, zone="Pacific/Auckland", frequency="daily", hour=2),
    ]
    sent: dict[int, list[str]] = {user.pk: [] for user in residents}
    for hours in range(24 * 8):
        now = start + datetime.timedelta(hours=hours)
        selected = set(due_user_ids(now))
        for user in residents:
            plan = plan_for(user, now)
            expected = is_due(user, plan, now) and plan.period not in sent[user.pk]  # type: ignore[union-attr]
            assert (user.pk in selected) == expected, (user.timezone, now)
            if user.pk in selected:
                assert plan is not None
                Digest.objects.create(
                    user=user, period=plan.period, status="sent", claim="t", since=LONG_AGO
                )
                sent[user.pk].append(plan.period)
    for user in residents:
        periods = sent[user.pk]
        assert len(periods) == len(set(periods))  # never twice for one period
    assert len(sent[residents[1].pk]) >= 7  # daily at midnight: every day of the week


def test_the_tick_asks_two_queries_that_do_not_grow_with_the_residents(quartier):
    """One condition a timezone in use, not one a resident (a 10,000-resident benchmark once
    sent an 8.8 MB query)."""
    sizes = []
    for count in (3, 30):
        for n in range(count):
            resident(quartier, zone=("Europe/Paris", "America/Montreal")[n % 2])
        with CaptureQueriesContext(connection) as queries:
            due = due_user_ids(utc(2026, 11, 23, 13, 0))
        assert len(due) == User.objects.count()
        assert len(queries) == 2
        sizes.append(len(queries[1]["sql"]))
    assert sizes[0] == sizes[1]
