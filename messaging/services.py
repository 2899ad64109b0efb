"""Writes of the messaging app: conversations, messages, notifications and e-mails."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from messaging import realtime
from messaging.models import (
    MESSAGE_MAX_LENGTH,
    Conversation,
    Message,
    Notification,
    Participant,
)
from neighbourhood.accounts.models import User


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


@transaction.atomic
def conversation_open(
    *,
    title: str,
    subject: models.Model | None,
    participants: list[User],
    started_by: User,
    first_message: str = "",
) -> Conversation:
    """A new stored thread between ``participants`` about ``subject``."""
    conversation = Conversation(title=title[:200])
    if subject is not None:
        conversation.subject_type = ContentType.objects.get_for_model(subject)
        conversation.subject_id = subject.pk
    conversation.save()
    unique = {user.pk: user for user in [started_by, *participants]}
    Participant.objects.bulk_create(
        Participant(conversation=conversation, user=user) for user in unique.values()
    )
    if first_message.strip():
        message_post(conversation=conversation, author=started_by, body=first_message)
    return conversation


@transaction.atomic
def conversation_add_participant(*, conversation: Conversation, user: User) -> None:
    Participant.objects.get_or_create(conversation=conversation, user=user)


def message_post(*, conversation: Conversation, author: User, body: str) -> Message:
    body = body.strip()
    if not body:
        raise ValidationError({"body": [_("Write a message first.")]})
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {
                "body": [
                    _("A message holds at most %(max)d characters.") % {"max": MESSAGE_MAX_LENGTH}
                ]
            }
        )
    if not Participant.objects.filter(conversation=conversation, user=author).exists():
        raise PermissionDenied(_("You do not take part in this conversation."))
    return Message.objects.create(conversation=conversation, author=author, body=body)


def notification_create(
    *, user: User, kind: str, actor: User | None, title: str, url: str
) -> Notification:
    notification = Notification.objects.create(
        user=user, kind=kind, actor=actor, title=title[:200], url=url
    )
    realtime.publish_on_commit(
        realtime.user_group(user.pk), {"type": "notification.new", "id": notification.pk}
    )
    return notification


def notifications_mark_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
