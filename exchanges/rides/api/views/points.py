"""Views of the carpool API for meeting points: the quartier's, added and removed by its
coordinators."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.rides import selectors, services
from exchanges.rides.api.serializers import MeetingPointInputSerializer, MeetingPointSerializer
from exchanges.rides.models import MeetingPoint
from neighbourhood.api import Endpoint, QuartierEndpoint, created, no_content
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import get_quartier_for_coordinator


class MeetingPointListView(QuartierEndpoint):
    find_for = {"POST": get_quartier_for_coordinator}

    @extend_schema(responses=MeetingPointSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        """The quartier's meeting points, by name."""
        points = selectors.meeting_points(quartier=self.quartier)
        return Response(MeetingPointSerializer(points, many=True).data)

    @extend_schema(request=MeetingPointInputSerializer, responses={201: MeetingPointSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        """Coordinators only."""
        fields = self.valid(MeetingPointInputSerializer)
        point = services.meeting_point_create(quartier=self.quartier, actor=request.user, **fields)
        return created(MeetingPointSerializer(point).data)


class MeetingPointDetailView(Endpoint[MeetingPoint]):
    find = selectors.get_meeting_point_for_coordinator

    @extend_schema(responses={204: None})
    def delete(self, request: AuthenticatedRequest, slug: str, point_id: int) -> Response:
        """Coordinators only. Rides and requests keep its label and coordinates."""
        services.meeting_point_delete(point=self.object, actor=request.user)
        return no_content()
