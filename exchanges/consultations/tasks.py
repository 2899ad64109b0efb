"""Celery beat runs `consultations_tick` every minute. The tick only lists what is due and
queues one task per consultation: `consultation_move` for each whose next phase's date has come,
`consultation_last_day` for each vote entering its last day. Each task is thin and safe to run
twice: the service claims its work with a conditional update (see `services.clock`), so a
duplicated tick, a retried task or two workers move once and tell once."""

from __future__ import annotations

from celery import shared_task

from exchanges.consultations.services import clock


@shared_task(acks_late=True)
def consultations_tick() -> dict[str, int]:
    """Queues the due moves and last days; returns how many of each were queued."""
    to_move = clock.consultations_to_move()
    for consultation_id in to_move:
        consultation_move.delay(consultation_id)
    on_last_day = clock.consultations_on_last_day()
    for consultation_id in on_last_day:
        consultation_last_day.delay(consultation_id)
    return {"moved": len(to_move), "last_day": len(on_last_day)}


@shared_task(acks_late=True)
def consultation_move(consultation_id: int) -> bool:
    """Moves one consultation to its phase due; a vote just opened may already be on its last
    day, told here rather than at the next tick (claimed once either way)."""
    moved = clock.consultation_move(consultation_id=consultation_id)
    if moved:
        clock.consultation_tell_last_day(consultation_id=consultation_id)
    return moved


@shared_task(acks_late=True)
def consultation_last_day(consultation_id: int) -> bool:
    return clock.consultation_tell_last_day(consultation_id=consultation_id)
