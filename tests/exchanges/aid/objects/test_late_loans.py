"""A late loan (handed over, its last day passed, not returned) holds the object until it comes
back: nobody can ask for it or be accepted for any day from today on, and the inventory does not
list it as available. The clock (the outside world) is moved."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from exchanges.aid.models import Loan
from exchanges.aid.selectors.objects import inventory, item_calendar
from exchanges.aid.services import objects as services
from tests.exchanges.aid.objects.helpers import drill, in_days, loan
from tests.exchanges.aid.objects.test_reminders import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def lent(quartier, alice, bob):
    item = drill(quartier, alice)
    the_loan = loan(item, bob, 1, 3)
    services.loan_accept(loan=the_loan, actor=alice)
    services.loan_hand_over(loan=the_loan, actor=alice)
    services.loan_hand_over(loan=the_loan, actor=bob)
    return the_loan


def available(quartier, day: datetime.date) -> set[str]:
    return {item.title for item in inventory(quartier=quartier, available_on=day)}


def test_a_late_loan_holds_the_object_from_today_on(lent, quartier, alice, bob, carol, monkeypatch):
    item = lent.item
    later = loan(item, carol, 5, 6)  # asked while the drill was due back in time
    at(lent.ends_on + datetime.timedelta(days=2), monkeypatch)
    today = lent.ends_on + datetime.timedelta(days=2)
    assert item.title not in available(quartier, today)
    assert item.title not in available(quartier, today + datetime.timedelta(days=20))
    # Before today the loan's own dates still count, and days before it started are free.
    assert item.title in available(quartier, lent.starts_on - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="These dates are already lent"):
        services.loan_ask(
            item=item, borrower=carol, starts_on=today, ends_on=today + datetime.timedelta(days=1)
        )
    with pytest.raises(ValidationError, match="These dates are already lent"):
        services.loan_accept(loan=later, actor=alice)
    assert Loan.objects.filter(item=item, status__in=Loan.HOLDING).count() == 1
    assert item_calendar(item=item) == [lent]
    services.loan_return(loan=lent, actor=bob)
    services.loan_return(loan=lent, actor=alice)
    assert item.title in available(quartier, today)
    assert services.loan_accept(loan=later, actor=alice).status == Loan.Status.ACCEPTED


def test_a_loan_lent_in_time_holds_only_its_dates(lent, quartier, carol):
    assert lent.item.title in available(quartier, lent.ends_on + datetime.timedelta(days=1))
    assert loan(lent.item, carol, 4, 5).status == Loan.Status.ASKED


def test_a_half_confirmed_hand_over_holds_the_object_once_late(
    quartier, alice, bob, carol, monkeypatch
):
    item = drill(quartier, alice)
    the_loan = loan(item, bob, 1, 2)
    services.loan_accept(loan=the_loan, actor=alice)
    services.loan_hand_over(loan=the_loan, actor=alice)  # bob never says so
    at(in_days(5), monkeypatch)
    assert item.title not in available(quartier, in_days(5))
    assert the_loan.is_late()


def test_a_request_whose_days_have_passed_cannot_be_accepted(quartier, alice, bob, monkeypatch):
    item = drill(quartier, alice)
    asked = loan(item, bob, 1, 2)
    at(in_days(3), monkeypatch)
    with pytest.raises(ValidationError, match="have passed"):
        services.loan_accept(loan=asked, actor=alice)
    asked.refresh_from_db()
    assert asked.status == Loan.Status.ASKED
    assert services.loan_decline(loan=asked, actor=alice).status == Loan.Status.DECLINED


def test_a_request_can_be_accepted_on_its_last_day(quartier, alice, bob, monkeypatch):
    item = drill(quartier, alice)
    asked = loan(item, bob, 1, 2)
    at(in_days(2), monkeypatch)
    assert services.loan_accept(loan=asked, actor=alice).status == Loan.Status.ACCEPTED
