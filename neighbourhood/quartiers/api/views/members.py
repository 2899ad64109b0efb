"""A quartier's members: the list, and what a coordinator changes (role, relais, removal)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers import selectors, services
from neighbourhood.quartiers.api.serializers import (
    MemberSerializer,
    RemoveSerializer,
    RoleSerializer,
)


class MemberListView(APIView):
    @extend_schema(responses=MemberSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = selectors.get_quartier_for_member(user=request.user, slug=slug)
        return Response(MemberSerializer(selectors.member_list(quartier=quartier), many=True).data)


class MemberDetailView(APIView):
    @extend_schema(request=RoleSerializer, responses=MemberSerializer)
    def patch(self, request: AuthenticatedRequest, slug: str, user_id: int) -> Response:
        quartier, _membership = selectors.get_quartier_for_coordinator(user=request.user, slug=slug)
        target = selectors.get_membership_in(quartier=quartier, user_id=user_id)
        serializer = RoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "role" in data:
            services.membership_set_role(membership=target, actor=request.user, role=data["role"])
        if "is_relais" in data:
            services.membership_set_relais(
                membership=target, actor=request.user, relais=data["is_relais"]
            )
        return Response(MemberSerializer(target).data)

    @extend_schema(parameters=[RemoveSerializer], responses={204: None})
    def delete(self, request: AuthenticatedRequest, slug: str, user_id: int) -> Response:
        quartier, _membership = selectors.get_quartier_for_coordinator(user=request.user, slug=slug)
        target = selectors.get_membership_in(quartier=quartier, user_id=user_id)
        serializer = RemoveSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        services.membership_remove(
            membership=target, actor=request.user, ban=serializer.validated_data["ban"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
