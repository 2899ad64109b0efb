"""Rendering e-mails in the reader's language and handing them to a Celery worker after the
commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template import Context, Engine
from django.utils import translation


def email_queue(*, message: EmailMessage) -> None:
    """Sends ``message`` from a Celery worker once the current transaction commits.

    The message is rendered by the caller, in the recipient's language; the task only delivers
    it, retrying with backoff while the mail server refuses. Nothing is sent for a transaction
    that rolls back.
    """
    from messaging.tasks import send_email

    payload = email_to_payload(message)
    transaction.on_commit(lambda: send_email.delay(payload), robust=True)


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


def render_text(template_name: str, context: dict[str, Any]) -> str:
    """Renders a plain-text template (a mail's subject or its text part) with nothing
    HTML-escaped, whatever the template says: a quartier called "Pentes & Croix-Rousse" stays so
    instead of becoming "Pentes &amp; Croix-Rousse". An HTML part is rendered the usual way."""
    template = Engine.get_default().get_template(template_name)
    return template.render(Context(context, autoescape=False))


def render_subject(template_name: str, context: dict[str, Any]) -> str:
    """A subject is one line of plain text, however the template is laid out."""
    return " ".join(render_text(template_name, context).split())


def mail_queue(*, to: str | None, language: str, template: str, context: dict[str, Any]) -> None:
    """Renders ``template``_subject.txt and ``template``.txt in ``language`` and sends them to
    ``to`` through `email_queue` (after the commit, from a worker). Nothing for an empty
    ``to``: the account of a neighbour a relais keeps has no address."""
    if not to:
        return
    with translation.override(language):
        subject = render_subject(f"{template}_subject.txt", context)
        body = render_text(f"{template}.txt", context)
    email_queue(
        message=EmailMultiAlternatives(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
        )
    )
