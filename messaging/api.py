"""The JSON API of stored conversations and notifications.

Every conversation is fetched through `get_conversation_for_participant`: anyone who does not take
part in it gets a 404, as if it did not exist.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from messaging import selectors, services
from messaging.models import MESSAGE_MAX_LENGTH, Conversation, Message, Notification
from neighbourhood.accounts.models import User
from neighbourhood.http import AuthenticatedRequest


class PersonSerializer(serializers.ModelSerializer):
    """What other residents may see of someone: their public name, never their e-mail."""

    display_name = serializers.CharField(source="public_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "display_name"]
        read_only_fields = ["id"]


class ConversationSerializer(serializers.ModelSerializer):
    last_message_at = serializers.DateTimeField(read_only=True, allow_null=True)
    message_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Conversation
        fields = ["id", "title", "created_at", "last_message_at", "message_count"]


class MessageSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)

    class Meta:
        model = Message
        fields = ["id", "author", "body", "created_at"]


class MessageInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=MESSAGE_MAX_LENGTH)


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


class ConversationListView(APIView):
    @extend_schema(responses=ConversationSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        conversations = selectors.my_conversations(user=request.user)
        return Response(ConversationSerializer(conversations, many=True).data)


class ConversationMessagesView(APIView):
    @extend_schema(
        responses=MessageSerializer(many=True), description="The latest messages, oldest first."
    )
    def get(self, request: AuthenticatedRequest, conversation_id: int) -> Response:
        conversation = selectors.get_conversation_for_participant(
            user=request.user, conversation_id=conversation_id
        )
        messages = selectors.latest_messages(conversation=conversation)
        return Response(MessageSerializer(messages, many=True).data)

    @extend_schema(request=MessageInputSerializer, responses={201: MessageSerializer})
    def post(self, request: AuthenticatedRequest, conversation_id: int) -> Response:
        conversation = selectors.get_conversation_for_participant(
            user=request.user, conversation_id=conversation_id
        )
        serializer = MessageInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.message_post(
            conversation=conversation, author=request.user, body=serializer.validated_data["body"]
        )
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


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
