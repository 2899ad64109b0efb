"""The messages of a conversation: history, posting, editing, deleting, and hiding (a
coordinator)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from messaging import selectors, services
from messaging.api.serializers import (
    HistoryQuerySerializer,
    HistorySerializer,
    MessageEditSerializer,
    MessageInputSerializer,
    MessagePayloadSerializer,
)
from messaging.models import Conversation, Message
from neighbourhood.api import Endpoint, created
from neighbourhood.http import AuthenticatedRequest


class ConversationMessagesView(Endpoint[Conversation]):
    find = selectors.get_conversation_for_reader

    @extend_schema(
        parameters=[HistoryQuerySerializer],
        responses=HistorySerializer,
        description="The latest messages, or those before or after a message id; oldest first.",
    )
    def get(self, request: AuthenticatedRequest, conversation_id: int) -> Response:
        query = self.valid_query(HistoryQuerySerializer)
        history = selectors.messages_page(conversation=self.object, **query)
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
        data = self.valid(MessageInputSerializer)
        message = services.message_post(
            conversation=self.object,
            author=request.user,
            body=data["body"],
            client_id=data["client_id"],
        )
        return created(services.message_payload(message))


# A message, found through its conversation: a 404 for anyone who may not read it. (A comment:
# the schema would publish a docstring.)
class MessageEndpoint(Endpoint[Message]):
    find = selectors.get_message_for_reader


class MessageDetailView(MessageEndpoint):
    @extend_schema(
        request=MessageEditSerializer,
        responses=MessagePayloadSerializer,
        description="Its author changes a message; it is marked as edited.",
    )
    def patch(self, request: AuthenticatedRequest, **url: int) -> Response:
        body = self.valid(MessageEditSerializer)["body"]
        services.message_edit(message=self.object, actor=request.user, body=body)
        return Response(services.message_payload(self.object))

    @extend_schema(
        request=None,
        responses=MessagePayloadSerializer,
        description="Its author deletes a message: its text is gone, its place in the history "
        "stays (shown as deleted).",
    )
    def delete(self, request: AuthenticatedRequest, **url: int) -> Response:
        services.message_delete(message=self.object, actor=request.user)
        return Response(services.message_payload(self.object))


class MessageHideView(MessageEndpoint):
    @extend_schema(
        request=None,
        responses=MessagePayloadSerializer,
        description="A coordinator of the conversation's quartier takes a message out of sight.",
    )
    def post(self, request: AuthenticatedRequest, **url: int) -> Response:
        services.message_hide(message=self.object, actor=request.user)
        return Response(services.message_payload(self.object))
