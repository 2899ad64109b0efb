"""The messages of a conversation: history, posting, editing, deleting, and hiding (a
coordinator)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from messaging import selectors, services
from messaging.api.serializers import (
    HistoryQuerySerializer,
    HistorySerializer,
    MessageInputSerializer,
    MessagePayloadSerializer,
)
from neighbourhood.http import AuthenticatedRequest


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
            conversation=conversation, author=request.user, body=serializer.validated_data["body"]
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
