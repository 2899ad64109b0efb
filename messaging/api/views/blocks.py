"""Blocks: no more direct messages between two people."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from messaging import services
from messaging.api.serializers import BlockInputSerializer
from neighbourhood.api import Endpoint, created, no_content
from neighbourhood.http import AuthenticatedRequest


class BlockView(Endpoint[None]):
    @extend_schema(
        request=BlockInputSerializer,
        responses={201: None},
        description="No more direct messages between you and this person: someone of one of "
        "your quartiers or of one of your conversations.",
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        blocked_id = self.valid(BlockInputSerializer)["user_id"]
        services.user_block(blocker=request.user, blocked_id=blocked_id)
        return created(None)


class BlockDetailView(Endpoint[None]):
    @extend_schema(responses={204: None}, description="Lifts my block, if there is one.")
    def delete(self, request: AuthenticatedRequest, user_id: int) -> Response:
        services.user_unblock(blocker=request.user, blocked_id=user_id)
        return no_content()
