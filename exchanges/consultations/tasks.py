"""Celery beat runs `consultations_tick` every minute: each consultation whose next phase's
date has come moves (claimed by a conditional update, see `services.clock`), and the vote's
last day is told once. Safe to run twice."""

from __future__ import annotations

from celery import shared_task

from exchanges.consultations.services import clock


@shared_task(acks_late=True)
def consultations_tick() -> dict[str, int]:
    moved = sum(clock.consultation_move(consultation_id=pk) for pk in clock.consultations_to_move())
    # After the moves: a vote just opened may already be on its last day.
    told = sum(
        clock.consultation_tell_last_day(consultation_id=pk)
        for pk in clock.consultations_on_last_day()
    )
    return {"moved": moved, "last_day": told}
