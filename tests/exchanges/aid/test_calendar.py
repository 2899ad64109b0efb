"""Loans in the private calendar feed, next to rides, at the feed's same address: the owner's
and the borrower's, while the dates are held (accepted or handed over), as all-day events."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from exchanges.aid.models import Item, Loan
from exchanges.rides import services as rides
from neighbourhood.calendar import calendar_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def drill(quartier, alice) -> Item:
    return Item.objects.create(
        quartier=quartier,
        owner=alice,
        mode="lend",
        title="Perceuse",
        category="tools",
        max_days=3,
        collect_at="12 rue d'Austerlitz",
    )


def lend(item: Item, borrower, status: str, starts_in: int = 3, days: int = 2) -> Loan:
    starts_on = timezone.localdate() + datetime.timedelta(days=starts_in)
    return Loan.objects.create(
        item=item,
        borrower=borrower,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=days - 1),
        status=status,
    )


def events(user) -> list[icalendar.Component]:
    return list(icalendar.Calendar.from_ical(calendar_for(user=user)).walk("VEVENT"))


def test_an_accepted_loan_is_in_both_calendars_as_whole_days(drill, alice, bob):
    loan = lend(drill, bob, Loan.Status.ACCEPTED, days=2)

    [lent] = events(alice)
    [borrowed] = events(bob)

    assert str(lent["summary"]) == "Lent to Bob: Perceuse"
    assert str(borrowed["summary"]) == "Borrowed from Alice: Perceuse"
    for event in (lent, borrowed):
        # All-day, the last day included: DTEND is the day after it.
        assert event.decoded("dtstart") == loan.starts_on
        assert event.decoded("dtend") == loan.ends_on + datetime.timedelta(days=1)
        assert isinstance(event.decoded("dtstart"), datetime.date)
        assert not isinstance(event.decoded("dtstart"), datetime.datetime)
        assert str(event["location"]) == "12 rue d'Austerlitz"
    assert str(lent["uid"]) != str(borrowed["uid"])


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (Loan.Status.ASKED, False),
        (Loan.Status.ACCEPTED, True),
        (Loan.Status.DECLINED, False),
        (Loan.Status.HANDED_OVER, True),
        (Loan.Status.RETURNED, False),
        (Loan.Status.CANCELLED, False),
    ],
)
def test_only_loans_that_hold_the_dates_are_shown(drill, alice, bob, status, shown):
    lend(drill, bob, status)
    assert len(events(alice)) == len(events(bob)) == int(shown)


def test_others_loans_stay_out(drill, alice, bob, carol):
    lend(drill, bob, Loan.Status.ACCEPTED)
    assert events(carol) == []


def test_a_late_loan_stays_and_an_old_one_leaves(drill, alice, bob):
    lend(drill, bob, Loan.Status.HANDED_OVER, starts_in=-10, days=3)
    lend(drill, bob, Loan.Status.HANDED_OVER, starts_in=-60, days=3)
    [late] = events(bob)
    assert late.decoded("dtstart") == timezone.localdate() - datetime.timedelta(days=10)


def test_the_feed_of_rides_holds_loans_at_its_same_address(drill, quartier, alice, bob):
    lend(drill, bob, Loan.Status.ACCEPTED)
    feed = rides.calendar_feed_for(user=bob)
    bob.language = "fr"
    bob.save(update_fields=["language"])

    response = Client().get(f"/rides/calendar/{feed.token}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Emprunt à Alice : Perceuse"


def test_the_calendar_reads_loans_in_one_query(drill, alice, bob, carol, django_assert_num_queries):
    from neighbourhood.calendar.sections import _sections

    lend(drill, bob, Loan.Status.ACCEPTED, starts_in=1)
    lend(drill, carol, Loan.Status.ACCEPTED, starts_in=10)
    today = timezone.localdate()
    window = {"first": today, "last": today + datetime.timedelta(days=30)}
    with django_assert_num_queries(1):
        assert len(list(_sections["loans"].private_items(member=alice, **window))) == 2


def test_a_former_member_s_loans_leave_the_calendar(drill, quartier, alice, bob):
    from neighbourhood.quartiers.models import Membership

    lend(drill, bob, Loan.Status.ACCEPTED)
    Membership.objects.filter(user=bob, quartier=quartier).update(status=Membership.Status.LEFT)
    assert events(bob) == []
    assert len(events(alice)) == 1
