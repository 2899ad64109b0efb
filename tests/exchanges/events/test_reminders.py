"""The day before a date, those registered are reminded, once, whatever the ticks; the waiting,
the cancelled and a cancelled gathering's are not."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from exchanges.events import kinds, services, tasks
from messaging.models import Notification
from tests.exchanges.events.fields import local, publish

pytestmark = pytest.mark.django_db


def reminded(user):
    return Notification.objects.filter(user=user, kind=kinds.EVENT_TOMORROW).count()


def test_the_tick_is_scheduled():
    entry = settings.CELERY_BEAT_SCHEDULE["events-tick"]
    assert entry["task"] == "exchanges.events.tasks.events_tick"


@pytest.fixture
def full(quartier, alice, bob, carol):
    event = publish(quartier, alice, capacity=1)
    day = event.starts_at.astimezone(quartier.zone).date()
    services.event_register(event=event, member=bob, day=day)
    services.event_register(event=event, member=carol, day=day)  # waiting
    return event, day


def test_the_day_before_the_registered_are_reminded_once(
    full, bob, carol, django_capture_on_commit_callbacks
):
    _event, day = full
    evening_before = local(day - datetime.timedelta(days=1), 18)
    two_days_before = local(day - datetime.timedelta(days=2), 18)

    assert services.reminders_due(now=two_days_before) == []
    due = services.reminders_due(now=evening_before)
    assert len(due) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.registration_remind(registration_id=due[0], now=evening_before)
    assert not services.registration_remind(registration_id=due[0], now=evening_before)
    assert services.reminders_due(now=evening_before) == []
    assert reminded(bob) == 1 and reminded(carol) == 0
    [message] = mail.outbox
    assert message.to == [bob.email] and "Repair café" in f"{message.subject} {message.body}"


def test_the_tick_reminds_through_its_tasks_once(full, bob, monkeypatch):
    _event, day = full
    evening_before = local(day - datetime.timedelta(days=1), 18)
    monkeypatch.setattr(timezone, "now", lambda: evening_before)
    assert tasks.events_tick.delay().get() == 1
    assert tasks.events_tick.delay().get() == 0
    assert reminded(bob) == 1


def test_a_cancelled_gathering_reminds_nobody(full, alice):
    event, day = full
    services.event_cancel(event=event, actor=alice)
    assert services.reminders_due(now=local(day - datetime.timedelta(days=1), 18)) == []
