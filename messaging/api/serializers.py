"""Serializers of the messaging API: conversations, messages, reports, blocks, notifications and
the digest preference."""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from messaging import selectors, services
from messaging.kinds import notification_kinds
from messaging.models import (
    MESSAGE_MAX_LENGTH,
    Conversation,
    DigestPreference,
    Message,
    Notification,
)
from messaging.selectors import WRITE_ONLY_TO_MEMBERS
from messaging.services.conversations import CANNOT_BLOCK
from neighbourhood.accounts.api.serializers import PersonSerializer
from neighbourhood.accounts.models import User
from neighbourhood.api import id_field
from neighbourhood.kinds import KindField, StoredKindField


class ConversationSerializer(serializers.ModelSerializer):
    quartier = serializers.CharField(source="quartier.slug", read_only=True, allow_null=True)
    last_message_at = serializers.DateTimeField(read_only=True, allow_null=True)
    unread = serializers.SerializerMethodField(help_text="Messages by others not read yet.")

    class Meta:
        model = Conversation
        fields = ["id", "kind", "title", "quartier", "last_message_at", "unread"]

    def get_unread(self, conversation: Conversation) -> int:
        unread: dict[int, int] = self.context.get("unread", {})
        return unread.get(conversation.pk, 0)


class MessagePayloadSerializer(serializers.Serializer):
    """The shape of `messaging.services.message_payload`, shared with the socket's events."""

    id = serializers.IntegerField()
    conversation = serializers.IntegerField()
    author = PersonSerializer()
    relais = PersonSerializer(
        allow_null=True,
        help_text="The relais who wrote it for the author (a neighbour far from computers).",
    )
    body = serializers.CharField(help_text="Empty when the message is deleted or hidden.")
    created_at = serializers.DateTimeField()
    edited = serializers.BooleanField()
    deleted = serializers.BooleanField()
    hidden = serializers.BooleanField(help_text="Hidden by a coordinator of the quartier.")


class HistorySerializer(serializers.Serializer):
    results = MessagePayloadSerializer(many=True, help_text="Oldest first.")
    has_older = serializers.BooleanField()
    has_newer = serializers.BooleanField()


class HistoryQuerySerializer(serializers.Serializer):
    before = id_field(required=False, help_text="The messages before this id (scrolling back).")
    after = id_field(required=False, help_text="The messages after this id (catching up).")
    limit = serializers.IntegerField(min_value=1, max_value=100, default=selectors.HISTORY_SIZE)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "before" in attrs and "after" in attrs:
            raise serializers.ValidationError(_("Ask for the messages before or after, not both."))
        return attrs


class MessageEditSerializer(serializers.Serializer):
    # Empty and too long messages are refused by the service, in the same words as on the pages.
    body = serializers.CharField(
        allow_blank=True,
        trim_whitespace=False,
        help_text=f"Plain text, at most {MESSAGE_MAX_LENGTH} characters.",
    )


class MessageInputSerializer(MessageEditSerializer):
    client_id = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A UUID the client makes for this message: sent again (after a lost answer), "
        "it gives back the message stored the first time instead of storing it twice.",
    )


class DirectInputSerializer(serializers.Serializer):
    # An id nobody has is refused in the same words, and after the same query, as someone who
    # shares no quartier with the sender (messaging.selectors.get_member_to_write_to).
    user_id = id_field(
        help_text="A member of one of your quartiers.",
        error_messages={
            "invalid": WRITE_ONLY_TO_MEMBERS,
            "min_value": WRITE_ONLY_TO_MEMBERS,
            "max_value": WRITE_ONLY_TO_MEMBERS,
        },
    )


class ReadSerializer(serializers.Serializer):
    last_read_id = id_field(
        min_value=0, help_text="The newest message read; the marker never moves back."
    )


class MuteSerializer(serializers.Serializer):
    muted = serializers.BooleanField()


class UnreadSerializer(serializers.Serializer):
    messages = serializers.IntegerField(help_text="Unread messages in all my conversations.")
    conversations = serializers.DictField(
        child=serializers.IntegerField(), help_text="Unread messages by conversation id."
    )
    notifications = serializers.IntegerField()


class ReportInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


@extend_schema_field(MessagePayloadSerializer)
class MessagePayloadField(serializers.Field):
    """A message as ``message_payload`` shows it to readers and sockets: already named, and
    nothing of a deleted or hidden one."""

    def to_representation(self, message: Message) -> dict[str, Any]:
        return services.message_payload(message)


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    message = MessagePayloadField()
    reporter = PersonSerializer()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()


class BlockInputSerializer(serializers.Serializer):
    # An id nobody has is refused in the same words as a stranger (the service's refusal), so
    # that blocking tells nobody which ids exist.
    user_id = id_field(
        help_text="Someone of one of your quartiers, or of one of your conversations.",
        error_messages={
            "invalid": CANNOT_BLOCK,
            "min_value": CANNOT_BLOCK,
            "max_value": CANNOT_BLOCK,
        },
    )


class NotificationSerializer(serializers.ModelSerializer):
    kind = StoredKindField()
    actor = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "actor", "title", "url", "created_at", "read_at"]


class NotificationsReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=id_field(),
        max_length=500,
        required=False,
        help_text="The notifications to mark as read; all of them when left out.",
    )


class NotificationsReadResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class NotificationSettingsSerializer(serializers.Serializer):
    by_email = serializers.ListField(
        child=KindField(notification_kinds),
        help_text="The kinds of notification also sent by e-mail right away; the others stay "
        "on the site.",
    )


class DigestPreferenceSerializer(serializers.Serializer):
    frequency = serializers.ChoiceField(
        choices=DigestPreference.Frequency.choices,
        help_text="none, daily or weekly (the default).",
    )
    weekday = serializers.IntegerField(
        min_value=0, max_value=6, help_text="For a weekly digest: 0 is Monday, 6 Sunday."
    )
    hour = serializers.IntegerField(
        min_value=0, max_value=23, help_text="The hour, in the resident's own timezone."
    )
    timezone = serializers.CharField(
        read_only=True, help_text="The resident's timezone (changed on the profile)."
    )


def conversations_data(*, user: User, conversations: Iterable[Conversation]) -> Any:
    """Conversations from `my_conversations`, each with its unread count: two queries for all."""
    rows = list(conversations)
    unread = selectors.unread_counts(user=user, conversation_ids=[c.pk for c in rows])
    return ConversationSerializer(rows, many=True, context={"unread": unread}).data


def one_conversation_data(*, user: User, conversation: Conversation) -> Any:
    [data] = conversations_data(
        user=user,
        conversations=selectors.my_conversations(user=user)
        .filter(pk=conversation.pk)
        .select_related("quartier"),
    )
    return data


def digest_data(preference: DigestPreference, user: User) -> dict[str, object]:
    return {
        "frequency": preference.frequency,
        "weekday": preference.weekday,
        "hour": preference.hour,
        "timezone": user.timezone,
    }
