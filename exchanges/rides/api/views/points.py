"""Views of the carpool API for meeting points: the quartier's, added and removed by its
coordinators."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from exchanges.rides import selectors, services
from exchanges.rides.api.serializers import (
    MeetingPointInputSerializer,
    MeetingPointSerializer,
)
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import get_quartier_for_member


class MeetingPointListView(APIView):
    @extend_schema(responses=MeetingPointSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        points = selectors.meeting_points(quartier=quartier)
        return Response(MeetingPointSerializer(points, many=True).data)

    @extend_schema(
        request=MeetingPointInputSerializer,
        responses={201: MeetingPointSerializer},
        description="Coordinators only.",
    )
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        serializer = MeetingPointInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        point = services.meeting_point_create(
            quartier=quartier, actor=request.user, **serializer.validated_data
        )
        return Response(MeetingPointSerializer(point).data, status=status.HTTP_201_CREATED)


class MeetingPointDetailView(APIView):
    @extend_schema(
        responses={204: None},
        description="Coordinators only. Rides and requests keep its label and coordinates.",
    )
    def delete(self, request: AuthenticatedRequest, slug: str, point_id: int) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        point = selectors.get_meeting_point_in(quartier=quartier, point_id=point_id)
        services.meeting_point_delete(point=point, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
