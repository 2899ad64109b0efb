"""A quartier's members: the list, and what a coordinator changes (role, relais, removal)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from neighbourhood.api import Endpoint, QuartierEndpoint, no_content
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers import selectors, services
from neighbourhood.quartiers.api.serializers import (
    MemberSerializer,
    RemoveSerializer,
    RoleSerializer,
)
from neighbourhood.quartiers.models import Membership


class MemberListView(QuartierEndpoint):
    @extend_schema(responses=MemberSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier = self.quartier
        return Response(MemberSerializer(selectors.member_list(quartier=quartier), many=True).data)


class MemberDetailView(Endpoint[Membership]):
    find = selectors.get_membership_for_coordinator

    @extend_schema(request=RoleSerializer, responses=MemberSerializer)
    def patch(self, request: AuthenticatedRequest, slug: str, user_id: int) -> Response:
        change = self.valid(RoleSerializer)
        services.membership_change(
            membership=self.object,
            actor=request.user,
            role=change.get("role"),
            relais=change.get("is_relais"),
        )
        return Response(MemberSerializer(self.object).data)

    @extend_schema(parameters=[RemoveSerializer], responses={204: None})
    def delete(self, request: AuthenticatedRequest, slug: str, user_id: int) -> Response:
        ban = self.valid_query(RemoveSerializer)["ban"]
        services.membership_remove(membership=self.object, actor=request.user, ban=ban)
        return no_content()
