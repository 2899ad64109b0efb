"""Handing over and returning need both sides, unless the other side has left the quartier:
then one confirmation completes the step, so that a loan is never stuck. A hand-over confirmed
by one side only is reminded and told late like a loan handed over."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from exchanges.aid import kinds, tasks
from exchanges.aid.models import Item, Loan
from exchanges.aid.services import objects as services
from messaging.models import Notification
from neighbourhood.quartiers.models import Membership
from neighbourhood.quartiers.services import membership_leave
from tests.exchanges.aid.objects.helpers import drill, loan
from tests.exchanges.aid.objects.test_reminders import at

pytestmark = pytest.mark.django_db


def leave(user, quartier) -> None:
    membership_leave(membership=Membership.objects.get(user=user, quartier=quartier))


@pytest.fixture
def accepted(quartier, alice, bob):
    the_loan = loan(drill(quartier, alice), bob, 1, 3)
    return services.loan_accept(loan=the_loan, actor=alice)


def test_the_borrower_left_the_owner_confirms_alone_and_can_withdraw(
    accepted, quartier, alice, bob
):
    services.loan_hand_over(loan=accepted, actor=alice)
    services.loan_hand_over(loan=accepted, actor=bob)
    with pytest.raises(ValidationError, match="lent right now"):
        services.item_withdraw(item=accepted.item, actor=alice)
    leave(bob, quartier)
    services.loan_return(loan=accepted, actor=alice)
    assert accepted.status == Loan.Status.RETURNED
    services.item_withdraw(item=accepted.item, actor=alice)
    assert Item.objects.get(pk=accepted.item_id).status == Item.Status.WITHDRAWN


def test_the_owner_left_the_borrower_confirms_the_hand_over_alone(accepted, quartier, alice, bob):
    leave(alice, quartier)
    services.loan_hand_over(loan=accepted, actor=bob)
    assert accepted.status == Loan.Status.HANDED_OVER


def test_while_both_are_members_one_confirmation_is_not_enough(accepted, alice):
    services.loan_hand_over(loan=accepted, actor=alice)
    assert accepted.status == Loan.Status.ACCEPTED


def test_a_half_confirmed_hand_over_is_reminded_and_told_late(accepted, alice, bob, monkeypatch):
    services.loan_hand_over(loan=accepted, actor=alice)  # bob never says so
    at(accepted.ends_on - datetime.timedelta(days=1), monkeypatch)
    assert tasks.aid_tick.delay().get() == {"remind": 1, "late": 0}
    at(accepted.ends_on + datetime.timedelta(days=1), monkeypatch)
    assert tasks.aid_tick.delay().get() == {"remind": 0, "late": 1}
    assert Notification.objects.filter(user=bob, kind=kinds.LOAN_RETURN_TOMORROW).exists()
    assert {n.user_id for n in Notification.objects.filter(kind=kinds.LOAN_LATE)} == {
        alice.pk,
        bob.pk,
    }


def test_an_accepted_loan_nobody_handed_over_is_never_late(accepted, monkeypatch):
    at(accepted.ends_on + datetime.timedelta(days=1), monkeypatch)
    assert tasks.aid_tick.delay().get() == {"remind": 0, "late": 0}
