"""Blocks: no more direct messages between two people."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from messaging import services
from messaging.api.serializers import BlockInputSerializer
from neighbourhood.accounts.models import User
from neighbourhood.http import AuthenticatedRequest


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
