"""The JSON API of conversations, their messages, and notifications.

Every conversation is fetched through `get_conversation_for_reader`: anyone who may not read it
gets a 404, as if it did not exist. The services hold the rules (only the author edits or deletes
a message, only a coordinator of the quartier hides one, the rate limit); their refusals become
400 and 403. A message is always shown through `message_payload`, which says nothing of a deleted
or hidden one.
"""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from messaging import selectors, services
from messaging.models import MESSAGE_MAX_LENGTH, Conversation, Notification
from neighbourhood.accounts.api.serializers import PersonSerializer
from neighbourhood.accounts.models import User
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import get_quartier_for_coordinator, get_quartier_for_member


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
    before = serializers.IntegerField(
        min_value=1, required=False, help_text="The messages before this id (scrolling back)."
    )
    after = serializers.IntegerField(
        min_value=1, required=False, help_text="The messages after this id (catching up)."
    )
    limit = serializers.IntegerField(min_value=1, max_value=100, default=selectors.HISTORY_SIZE)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "before" in attrs and "after" in attrs:
            raise serializers.ValidationError(_("Ask for the messages before or after, not both."))
        return attrs


class MessageInputSerializer(serializers.Serializer):
    # Empty and too long messages are refused by the service, in the same words as on the pages.
    body = serializers.CharField(
        allow_blank=True,
        trim_whitespace=False,
        help_text=f"Plain text, at most {MESSAGE_MAX_LENGTH} characters.",
    )
    client_id = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A UUID the client makes for this message: sent again (after a lost answer), "
        "it gives back the message stored the first time instead of storing it twice.",
    )


class DirectInputSerializer(serializers.Serializer):
    # An unknown id is refused in the same words as someone who shares no quartier with the
    # sender: nobody learns which ids exist.
    user_id = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        help_text="A member of one of your quartiers.",
        error_messages={
            "does_not_exist": gettext_lazy("You can write only to members of your quartiers."),
            "incorrect_type": gettext_lazy("You can write only to members of your quartiers."),
        },
    )


class ReadSerializer(serializers.Serializer):
    last_read_id = serializers.IntegerField(
        min_value=0, help_text="The newest message read; the marker never moves back."
    )


class MuteSerializer(serializers.Serializer):
    muted = serializers.BooleanField()


class NotificationSerializer(serializers.ModelSerializer):
    actor = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "actor", "title", "url", "created_at", "read_at"]


class NotificationsReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        max_length=500,
        required=False,
        help_text="The notifications to mark as read; all of them when left out.",
    )


class NotificationsReadResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


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


class ConversationListView(APIView):
    @extend_schema(
        responses=ConversationSerializer(many=True),
        description="The rooms of my quartiers, my threads and direct conversations; the most "
        "recently active first.",
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        conversations = selectors.my_conversations(user=request.user).select_related("quartier")
        return Response(conversations_data(user=request.user, conversations=conversations))


class QuartierRoomView(APIView):
    @extend_schema(
        responses=ConversationSerializer,
        description="The quartier's room, where every member reads and writes; opened on first "
        "use.",
    )
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        room = services.room_for(quartier=quartier)
        return Response(one_conversation_data(user=request.user, conversation=room))


class DirectOpenView(APIView):
    @extend_schema(
        request=DirectInputSerializer,
        responses={200: ConversationSerializer, 201: ConversationSerializer},
        description="Direct messages with a member of one of your quartiers: 201 when the "
        "conversation is new, 200 when it was already there.",
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = DirectInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        recipient = serializer.validated_data["user_id"]
        existed = (
            selectors.readable_conversations(user=request.user)
            .filter(kind=Conversation.Kind.DIRECT, participants__user=recipient)
            .exists()
        )
        conversation = services.direct_open(sender=request.user, recipient=recipient)
        return Response(
            one_conversation_data(user=request.user, conversation=conversation),
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class ConversationMessagesView(APIView):
    @extend_schema(
        parameters=[HistoryQuerySerializer],
        responses=HistorySerializer,
        description="The latest messages, or those before or after a message id; oldest first.",
    )
    def get(self, request: AuthenticatedRequest, conversation_id: int) -> Response:
        conversation = selectors.get_conversation_for_reader(
            user=request.user, conversation_id=conversation_id
        )
        query = HistoryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        history = selectors.messages_page(conversation=conversation, **query.validated_data)
        return Response(
            {
                "results": [services.message_payload(m) for m in history.messages],
                "has_older": history.has_older,
                "has_newer": history.has_newer,
            }
        )

    @extend_schema(
        request=MessageInputSerializer,
        responses={201: MessagePayloadSerializer},
        description="At most 20 messages in 10 seconds; more are refused with a 400.",
    )
    def post(self, request: AuthenticatedRequest, conversation_id: int) -> Response:
        conversation = selectors.get_conversation_for_reader(
            user=request.user, conversation_id=conversation_id
        )
        serializer = MessageInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.message_post(
            conversation=conversation,
            author=request.user,
            body=serializer.validated_data["body"],
            client_id=serializer.validated_data["client_id"],
        )
        return Response(services.message_payload(message), status=status.HTTP_201_CREATED)


class MessageDetailView(APIView):
    @extend_schema(
        request=MessageInputSerializer,
        responses=MessagePayloadSerializer,
        description="Its author changes a message; it is marked as edited.",
    )
    def patch(
        self, request: AuthenticatedRequest, conversation_id: int, message_id: int
    ) -> Response:
        message = selectors.get_message_for_reader(
            user=request.user, conversation_id=conversation_id, message_id=message_id
        )
        serializer = MessageInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.message_edit(
            message=message, actor=request.user, body=serializer.validated_data["body"]
        )
        return Response(services.message_payload(message))

    @extend_schema(
        request=None,
        responses=MessagePayloadSerializer,
        description="Its author deletes a message: its text is gone, its place in the history "
        "stays (shown as deleted).",
    )
    def delete(
        self, request: AuthenticatedRequest, conversation_id: int, message_id: int
    ) -> Response:
        message = selectors.get_message_for_reader(
            user=request.user, conversation_id=conversation_id, message_id=message_id
        )
        services.message_delete(message=message, actor=request.user)
        return Response(services.message_payload(message))


class MessageHideView(APIView):
    @extend_schema(
        request=None,
        responses=MessagePayloadSerializer,
        description="A coordinator of the conversation's quartier takes a message out of sight.",
    )
    def post(
        self, request: AuthenticatedRequest, conversation_id: int, message_id: int
    ) -> Response:
        message = selectors.get_message_for_reader(
            user=request.user, conversation_id=conversation_id, message_id=message_id
        )
        services.message_hide(message=message, actor=request.user)
        return Response(services.message_payload(message))


class ReportInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    message = MessagePayloadSerializer(source="payload")
    reporter = PersonSerializer()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()


class BlockInputSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()


class MessageReportView(APIView):
    @extend_schema(
        request=ReportInputSerializer,
        responses={201: None},
        description="Shows a message of a room or a thread to its quartier's coordinators.",
    )
    def post(
        self, request: AuthenticatedRequest, conversation_id: int, message_id: int
    ) -> Response:
        message = selectors.get_message_for_reader(
            user=request.user, conversation_id=conversation_id, message_id=message_id
        )
        serializer = ReportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.message_report(
            message=message, reporter=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(status=status.HTTP_201_CREATED)


class ReportListView(APIView):
    @extend_schema(responses=ReportSerializer(many=True), description="For coordinators.")
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_coordinator(user=request.user, slug=slug)
        reports = selectors.reports_for(quartier_id=quartier.pk)
        for report in reports:
            report.payload = services.message_payload(report.message)  # type: ignore[attr-defined]
        return Response(ReportSerializer(reports, many=True).data)


class ReportHideView(APIView):
    @extend_schema(request=None, responses=MessagePayloadSerializer)
    def post(self, request: AuthenticatedRequest, slug: str, report_id: int) -> Response:
        quartier, _membership = get_quartier_for_coordinator(user=request.user, slug=slug)
        report = selectors.get_report_in(quartier_id=quartier.pk, report_id=report_id)
        services.message_hide(message=report.message, actor=request.user)
        return Response(services.message_payload(report.message))


class BlockView(APIView):
    @extend_schema(
        request=BlockInputSerializer,
        responses={201: None},
        description="No more direct messages between you and this person.",
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = BlockInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        other = User.objects.filter(pk=serializer.validated_data["user_id"]).first()
        if other is None:
            raise serializers.ValidationError({"user_id": [_("There is nobody by that number.")]})
        services.user_block(blocker=request.user, blocked=other)
        return Response(status=status.HTTP_201_CREATED)


class BlockDetailView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: AuthenticatedRequest, user_id: int) -> Response:
        other = User.objects.filter(pk=user_id).first()
        if other is not None:
            services.user_unblock(blocker=request.user, blocked=other)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ConversationReadView(APIView):
    @extend_schema(request=ReadSerializer, responses=ReadSerializer)
    def post(self, request: AuthenticatedRequest, conversation_id: int) -> Response:
        conversation = selectors.get_conversation_for_reader(
            user=request.user, conversation_id=conversation_id
        )
        serializer = ReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        marker = services.conversation_mark_read(
            conversation=conversation,
            user=request.user,
            last_read_id=serializer.validated_data["last_read_id"],
        )
        return Response({"last_read_id": marker})


class ConversationMuteView(APIView):
    @extend_schema(
        request=MuteSerializer,
        responses=MuteSerializer,
        description="Mutes or unmutes a conversation, for me only.",
    )
    def post(self, request: AuthenticatedRequest, conversation_id: int) -> Response:
        conversation = selectors.get_conversation_for_reader(
            user=request.user, conversation_id=conversation_id
        )
        serializer = MuteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        muted = serializer.validated_data["muted"]
        services.conversation_mute(conversation=conversation, user=request.user, muted=muted)
        return Response({"muted": muted})


class UnreadSerializer(serializers.Serializer):
    messages = serializers.IntegerField(help_text="Unread messages in all my conversations.")
    conversations = serializers.DictField(
        child=serializers.IntegerField(), help_text="Unread messages by conversation id."
    )
    notifications = serializers.IntegerField()


class UnreadView(APIView):
    @extend_schema(responses=UnreadSerializer, description="What I have not read yet, in all.")
    def get(self, request: AuthenticatedRequest) -> Response:
        ids = list(selectors.readable_conversations(user=request.user).values_list("pk", flat=True))
        unread = selectors.unread_counts(user=request.user, conversation_ids=ids)
        return Response(
            {
                "messages": sum(unread.values()),
                "conversations": {str(pk): count for pk, count in unread.items()},
                "notifications": selectors.unread_notification_count(user=request.user),
            }
        )


class NotificationListView(APIView):
    @extend_schema(responses=NotificationSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        notifications = selectors.my_notifications(user=request.user)
        return Response(NotificationSerializer(notifications, many=True).data)


class NotificationsReadView(APIView):
    @extend_schema(request=NotificationsReadSerializer, responses=NotificationsReadResultSerializer)
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = NotificationsReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        marked = services.notifications_mark_read(
            user=request.user, notification_ids=serializer.validated_data.get("ids")
        )
        return Response({"marked": marked})


class NotificationSettingsSerializer(serializers.Serializer):
    by_email = serializers.ListField(
        child=serializers.ChoiceField(choices=Notification.Kind.choices),
        help_text="The kinds of notification also sent by e-mail right away; the others stay "
        "on the site.",
    )


class NotificationSettingsView(APIView):
    @extend_schema(responses=NotificationSettingsSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response({"by_email": sorted(selectors.email_kinds(user=request.user))})

    @extend_schema(request=NotificationSettingsSerializer, responses=NotificationSettingsSerializer)
    def put(self, request: AuthenticatedRequest) -> Response:
        serializer = NotificationSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.notification_settings_set(
            user=request.user, by_email=set(serializer.validated_data["by_email"])
        )
        return Response({"by_email": sorted(selectors.email_kinds(user=request.user))})
