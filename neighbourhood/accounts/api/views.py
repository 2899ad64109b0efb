"""Views of the account API: me, and my personal tokens."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from neighbourhood.accounts import selectors, services
from neighbourhood.accounts.api.serializers import (
    EraseSerializer,
    MeSerializer,
    NewTokenSerializer,
    TokenSerializer,
)
from neighbourhood.accounts.models import PersonalToken
from neighbourhood.api import Endpoint, created, no_content
from neighbourhood.http import AuthenticatedRequest


class MeView(Endpoint[None]):
    @extend_schema(responses=MeSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeSerializer, responses=MeSerializer)
    def patch(self, request: AuthenticatedRequest) -> Response:
        user = request.user
        data = self.valid(MeSerializer, instance=user, partial=True)
        services.profile_update(
            user=user,
            display_name=data.get("display_name", user.display_name),
            bio=data.get("bio", user.bio),
            language=data.get("language", user.language),
            timezone_name=data.get("timezone", user.timezone),
        )
        return Response(MeSerializer(user).data)

    @extend_schema(
        request=EraseSerializer,
        responses={204: None},
        description="Erases my account and everything I published. Needs my password.",
    )
    def delete(self, request: AuthenticatedRequest) -> Response:
        self.valid(EraseSerializer)
        services.user_erase(user=request.user)
        return no_content()


class TokenListView(Endpoint[None]):
    @extend_schema(responses=TokenSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        tokens = selectors.token_list(user=request.user)
        return Response(TokenSerializer(tokens, many=True).data)

    @extend_schema(request=TokenSerializer, responses={201: NewTokenSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        name = self.valid(TokenSerializer)["name"]
        token, raw = services.token_create(user=request.user, name=name)
        return created(TokenSerializer(token).data | {"key": raw})


class TokenDetailView(Endpoint[PersonalToken]):
    find = selectors.get_token_for_owner

    @extend_schema(responses={204: None})
    def delete(self, request: AuthenticatedRequest, token_id: int) -> Response:
        services.token_revoke(token=self.object)
        return no_content()
