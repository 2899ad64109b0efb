from __future__ import annotations

import logging
import smtplib
from typing import Any

from celery import shared_task

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
