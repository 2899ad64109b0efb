"""The beat tick's loans reminders, with the clock (the outside world) moved: the day before the
return the borrower is reminded, once; once late, both sides are told, once."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from exchanges.aid import kinds, tasks
from exchanges.aid.services import objects as services
from messaging.models import Notification
from tests.exchanges.aid.objects.helpers import drill, loan

pytestmark = pytest.mark.django_db


def at(day: datetime.date, monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock reads 10:00 on ``day`` in the site's timezone for the rest of the test."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def lent(quartier, alice, bob):
    item = drill(quartier, alice)
    the_loan = loan(item, bob, 1, 3)
    services.loan_accept(loan=the_loan, actor=alice)
    services.loan_hand_over(loan=the_loan, actor=alice)
    services.loan_hand_over(loan=the_loan, actor=bob)
    return the_loan


def test_the_tick_is_scheduled():
    assert settings.CELERY_BEAT_SCHEDULE["aid-tick"]["task"] == "exchanges.aid.tasks.aid_tick"


def test_the_day_before_the_return_the_borrower_is_reminded_once(
    lent, alice, bob, monkeypatch, django_capture_on_commit_callbacks
):
    at(lent.ends_on - datetime.timedelta(days=2), monkeypatch)
    assert tasks.aid_tick.delay().get() == {"remind": 0, "late": 0}
    at(lent.ends_on - datetime.timedelta(days=1), monkeypatch)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.aid_tick.delay().get() == {"remind": 1, "late": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_return.delay(lent.pk).get() is False  # a second run does nothing
        assert tasks.aid_tick.delay().get() == {"remind": 0, "late": 0}
    reminders = Notification.objects.filter(kind=kinds.LOAN_RETURN_TOMORROW)
    assert [n.user_id for n in reminders] == [bob.pk]
    assert [m.to for m in mail.outbox] == [[bob.email]]


def test_once_late_both_sides_are_told_once(lent, alice, bob, monkeypatch):
    at(lent.ends_on, monkeypatch)
    assert tasks.aid_tick.delay().get()["late"] == 0  # the return day itself is not late
    at(lent.ends_on + datetime.timedelta(days=1), monkeypatch)
    assert tasks.aid_tick.delay().get()["late"] == 1
    assert tasks.aid_tick.delay().get()["late"] == 0
    assert tasks.notify_late.delay(lent.pk).get() is False
    late = Notification.objects.filter(kind=kinds.LOAN_LATE)
    assert sorted(n.user_id for n in late) == sorted([alice.pk, bob.pk])
    lent.refresh_from_db()
    assert lent.is_late() and lent.late_notified_at is not None


def test_a_returned_loan_is_never_late(lent, alice, bob, monkeypatch):
    services.loan_return(loan=lent, actor=bob)
    services.loan_return(loan=lent, actor=alice)
    at(lent.ends_on + datetime.timedelta(days=3), monkeypatch)
    assert tasks.aid_tick.delay().get() == {"remind": 0, "late": 0}
