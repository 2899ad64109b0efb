"""Views of the produce API for volunteer roles: signing up and withdrawing."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from exchanges.produce import selectors, services
from exchanges.produce.api.serializers import (
    VolunteerRoleSerializer,
    role_data,
)
from neighbourhood.http import AuthenticatedRequest


class VolunteerView(APIView):
    @extend_schema(
        request=None,
        responses={201: VolunteerRoleSerializer},
        description="Signs me up; refused when the role has all the people it needs.",
    )
    def post(self, request: AuthenticatedRequest, cycle_id: int, role_id: int) -> Response:
        cycle = selectors.get_cycle_for_member(user=request.user, cycle_id=cycle_id)
        role = selectors.get_role_in(cycle=cycle, role_id=role_id)
        services.volunteer_sign_up(role=role, member=request.user)
        return Response(role_data(role, request.user), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None}, description="Withdraws me.")
    def delete(self, request: AuthenticatedRequest, cycle_id: int, role_id: int) -> Response:
        cycle = selectors.get_cycle_for_member(user=request.user, cycle_id=cycle_id)
        role = selectors.get_role_in(cycle=cycle, role_id=role_id)
        services.volunteer_withdraw(role=role, member=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
