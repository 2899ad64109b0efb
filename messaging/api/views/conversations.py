"""Conversations: mine, a quartier's room, direct messages; read markers, muting, unread counts."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from messaging import selectors, services
from messaging.api.serializers import (
    ConversationSerializer,
    DirectInputSerializer,
    MuteSerializer,
    ReadSerializer,
    UnreadSerializer,
    conversations_data,
    one_conversation_data,
)
from messaging.models import Conversation
from neighbourhood.api import Endpoint, QuartierEndpoint, created
from neighbourhood.http import AuthenticatedRequest


class ConversationListView(Endpoint[None]):
    @extend_schema(
        responses=ConversationSerializer(many=True),
        description="The rooms of my quartiers, my threads and direct conversations; the most "
        "recently active first.",
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        conversations = selectors.my_conversations(user=request.user).select_related("quartier")
        return Response(conversations_data(user=request.user, conversations=conversations))


class QuartierRoomView(QuartierEndpoint):
    @extend_schema(
        responses=ConversationSerializer,
        description="The quartier's room, where every member reads and writes; opened on first "
        "use.",
    )
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier = self.quartier
        room = services.room_for(quartier=quartier)
        return Response(one_conversation_data(user=request.user, conversation=room))


class DirectOpenView(Endpoint[None]):
    @extend_schema(
        request=DirectInputSerializer,
        responses={200: ConversationSerializer, 201: ConversationSerializer},
        description="Direct messages with a member of one of your quartiers: 201 when the "
        "conversation is new, 200 when it was already there.",
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        user_id = self.valid(DirectInputSerializer)["user_id"]
        recipient = selectors.get_member_to_write_to(user=request.user, user_id=user_id)
        existed = selectors.has_direct_with(user=request.user, other=recipient)
        conversation = services.direct_open(sender=request.user, recipient=recipient)
        data = one_conversation_data(user=request.user, conversation=conversation)
        return Response(data) if existed else created(data)


class ConversationReadView(Endpoint[Conversation]):
    find = selectors.get_conversation_for_reader

    @extend_schema(request=ReadSerializer, responses=ReadSerializer)
    def post(self, request: AuthenticatedRequest, conversation_id: int) -> Response:
        marker = services.conversation_mark_read(
            conversation=self.object, user=request.user, **self.valid(ReadSerializer)
        )
        return Response({"last_read_id": marker})


class ConversationMuteView(Endpoint[Conversation]):
    find = selectors.get_conversation_for_reader

    @extend_schema(
        request=MuteSerializer,
        responses=MuteSerializer,
        description="Mutes or unmutes a conversation, for me only.",
    )
    def post(self, request: AuthenticatedRequest, conversation_id: int) -> Response:
        muted = self.valid(MuteSerializer)["muted"]
        services.conversation_mute(conversation=self.object, user=request.user, muted=muted)
        return Response({"muted": muted})


class UnreadView(Endpoint[None]):
    @extend_schema(responses=UnreadSerializer, description="What I have not read yet, in all.")
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(UnreadSerializer(selectors.unread_of(user=request.user)).data)
