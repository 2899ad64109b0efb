"""Writes of the messaging app. For now: e-mails, which leave through Celery after the commit."""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction


def email_queue(*, message: EmailMessage) -> None:
    """Sends ``message`` from a Celery worker once the current transaction commits.

    The message is rendered by the caller, in the recipient's language; the task only delivers
    it, retrying with backoff while the mail server refuses. Nothing is sent for a transaction
    that rolls back.
    """
    from messaging.tasks import send_email

    payload = email_to_payload(message)
    transaction.on_commit(lambda: send_email.delay(payload))


def email_to_payload(message: EmailMessage) -> dict[str, Any]:
    alternatives = getattr(message, "alternatives", [])
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[content, mimetype] for content, mimetype in alternatives],
        "content_subtype": message.content_subtype,
    }


def email_from_payload(payload: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    message.content_subtype = payload["content_subtype"]
    return message
