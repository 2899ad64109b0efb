"""Views of the produce API for volunteer roles: signing up and withdrawing."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.produce import selectors, services
from exchanges.produce.api.serializers import VolunteerRoleSerializer, role_data
from exchanges.produce.models import VolunteerRole
from neighbourhood.api import Endpoint, created, no_content
from neighbourhood.http import AuthenticatedRequest


class VolunteerView(Endpoint[VolunteerRole]):
    find = selectors.get_role_for_member

    @extend_schema(request=None, responses={201: VolunteerRoleSerializer})
    def post(self, request: AuthenticatedRequest, cycle_id: int, role_id: int) -> Response:
        """Signs me up; refused when the role has all the people it needs."""
        services.volunteer_sign_up(role=self.object, member=request.user)
        return created(role_data(self.object, request.user))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: AuthenticatedRequest, cycle_id: int, role_id: int) -> Response:
        """Withdraws me."""
        services.volunteer_withdraw(role=self.object, member=request.user)
        return no_content()
