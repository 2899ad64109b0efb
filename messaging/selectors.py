from __future__ import annotations

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from messaging.models import Conversation, Message, Notification
from neighbourhood.accounts.models import User

HISTORY_SIZE = 50


def get_conversation_for_participant(*, user: User, conversation_id: int) -> Conversation:
    try:
        return Conversation.objects.get(pk=conversation_id, participants__user=user)
    except Conversation.DoesNotExist:
        raise Http404 from None


def my_conversations(*, user: User) -> QuerySet[Conversation]:
    return (
        Conversation.objects.filter(participants__user=user)
        .annotate(last_message_at=Max("messages__created_at"), message_count=Count("messages"))
        .order_by("-last_message_at", "-created_at", "-id")
    )


def latest_messages(*, conversation: Conversation, limit: int = HISTORY_SIZE) -> list[Message]:
    rows = list(
        Message.objects.filter(conversation=conversation)
        .select_related("author")
        .order_by("-created_at", "-id")[:limit]
    )
    rows.reverse()
    return rows


def participants_of(*, conversation: Conversation) -> list[User]:
    return list(User.objects.filter(participations__conversation=conversation).order_by("pk"))


def my_notifications(*, user: User, limit: int = 50) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("actor")[:limit]


def get_notification_for_owner(*, user: User, notification_id: int) -> Notification:
    try:
        return Notification.objects.get(user=user, pk=notification_id)
    except Notification.DoesNotExist:
        raise Http404 from None


def unread_notification_count(*, user: User) -> int:
    return Notification.objects.filter(Q(user=user) & Q(read_at__isnull=True)).count()
