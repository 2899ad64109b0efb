"""Conversations: mine, a quartier's room, direct messages; read markers, muting, unread counts."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

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
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import get_quartier_for_member


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
