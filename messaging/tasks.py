from __future__ import annotations

import datetime
import logging
import random
import smtplib
from typing import Any

from celery import Task, shared_task
from django.utils import timezone

from messaging.digests.sending import digests_queue_due, digests_send
from messaging.services import email_from_payload

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=8,
)
def send_email(payload: dict[str, Any]) -> None:
    """Delivers one rendered e-mail. A refusal by the mail server is retried with backoff.

    With ``acks_late`` a worker killed after the server accepted the mail but before the ack
    sends it again: a duplicated account e-mail is harmless, a lost one is not.
    """
    message = email_from_payload(payload)
    message.send()
    logger.info("Sent “%s” to %s", message.subject, ", ".join(message.to))


def _backoff(retries: int) -> int:
    return min(30 * 2**retries, 30 * 60) + random.randint(0, 30)  # noqa: S311 (jitter, not a secret)


@shared_task
def digests_tick() -> int:
    """Hourly (celery beat): queues the residents whose digest is due in their timezone."""
    return digests_queue_due(now=timezone.now())


@shared_task(bind=True, max_retries=8)
def digests_send_chunk(self: Task, user_ids: list[int], now: str) -> dict[str, int]:
    """Sends one chunk's digests for the periods holding ``now`` (the tick's time, so that a
    chunk run late or again claims the same periods). Those the mail server refused are tried
    again with backoff."""
    outcome = digests_send(user_ids=user_ids, now=datetime.datetime.fromisoformat(now))
    if outcome.failed:
        logger.warning("Digests refused by the mail server for %d residents", len(outcome.failed))
        raise self.retry(args=(outcome.failed, now), countdown=_backoff(self.request.retries))
    return {"sent": len(outcome.sent), "empty": len(outcome.empty)}
