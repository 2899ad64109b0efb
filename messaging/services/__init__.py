"""Writes of the messaging app: conversations and messages (`conversations`), notifications
(`notifications`) and e-mails (`mail`). Callers import them from here."""

from messaging.services.conversations import (
    RATE_LIMIT_MESSAGES,
    RATE_LIMIT_SECONDS,
    conversation_add_participant,
    conversation_mark_read,
    conversation_mute,
    conversation_open,
    conversation_remove_participant,
    direct_open,
    message_delete,
    message_edit,
    message_hide,
    message_payload,
    message_post,
    message_report,
    room_for,
    user_block,
    user_unblock,
)
from messaging.services.mail import (
    email_from_payload,
    email_queue,
    email_to_payload,
    mail_queue,
)
from messaging.services.notifications import (
    mentioned_in,
    notification_create,
    notification_settings_set,
    notifications_create,
    notifications_mark_read,
)

__all__ = [
    "RATE_LIMIT_MESSAGES",
    "RATE_LIMIT_SECONDS",
    "conversation_add_participant",
    "conversation_mark_read",
    "conversation_mute",
    "conversation_open",
    "conversation_remove_participant",
    "direct_open",
    "email_from_payload",
    "email_queue",
    "email_to_payload",
    "mail_queue",
    "mentioned_in",
    "message_delete",
    "message_edit",
    "message_hide",
    "message_payload",
    "message_post",
    "message_report",
    "notification_create",
    "notification_settings_set",
    "notifications_create",
    "notifications_mark_read",
    "room_for",
    "user_block",
    "user_unblock",
]
