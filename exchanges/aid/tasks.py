"""Celery beat runs `aid_tick` every few minutes: the day-before-return reminders and the late
notices of loans. Each step claims its loan with a conditional update, so a duplicated tick or
a retried task does nothing twice."""

from __future__ import annotations

from celery import shared_task

from exchanges.aid.services import objects as services


@shared_task(acks_late=True)
def aid_tick() -> dict[str, int]:
    due = services.loans_due()
    for loan_id in due["remind"]:
        remind_return.delay(loan_id)
    for loan_id in due["late"]:
        notify_late.delay(loan_id)
    return {name: len(ids) for name, ids in due.items()}


@shared_task(acks_late=True)
def remind_return(loan_id: int) -> bool:
    return services.loan_remind_return(loan_id=loan_id)


@shared_task(acks_late=True)
def notify_late(loan_id: int) -> bool:
    return services.loan_notify_late(loan_id=loan_id)
