"""Celery beat runs `consultations_tick` every minute: each consultation whose next phase's
date has come moves, claimed by a conditional update (to be filled in)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def consultations_tick() -> int:
    return 0
