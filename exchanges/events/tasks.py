"""Celery beat runs `events_tick` every few minutes: the day-before reminders of those
registered. Each is claimed by a conditional update, so a duplicated tick or a retried task
reminds nobody twice."""

from __future__ import annotations

from celery import shared_task

from exchanges.events import services


@shared_task(acks_late=True)
def events_tick() -> int:
    due = services.reminders_due()
    for registration_id in due:
        remind.delay(registration_id)
    return len(due)


@shared_task(acks_late=True)
def remind(registration_id: int) -> bool:
    return services.registration_remind(registration_id=registration_id)
