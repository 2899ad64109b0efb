"""Views of the carpool API for ride requests: the quartier's, one, its close and the rides
that fit it."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.rides import selectors, services
from exchanges.rides.api.passengers import (
    RideMatchSerializer,
    RideRequestCreateSerializer,
    RideRequestSerializer,
    ride_matches_data,
)
from exchanges.rides.models import RideRequest
from neighbourhood.api import Endpoint, QuartierEndpoint, created
from neighbourhood.http import AuthenticatedRequest


class QuartierRideRequestListView(QuartierEndpoint):
    @extend_schema(responses=RideRequestSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        """Open requests, the soonest first."""
        requests = selectors.request_list(quartier=self.quartier)
        return Response(RideRequestSerializer(requests, many=True).data)

    @extend_schema(request=RideRequestCreateSerializer, responses={201: RideRequestSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        """Once (`kind` one_off, `earliest_at`, `latest_at`) or every week (`kind` regular,
        `weekdays`, `earliest_time`, `latest_time`, `valid_from`, `valid_until`)."""
        fields = self.valid(RideRequestCreateSerializer, quartier=self.quartier)
        ride_request = services.ride_request_create(
            quartier=self.quartier, passenger=request.user, **fields
        )
        return created(RideRequestSerializer(ride_request).data)


class RideRequestDetailView(Endpoint[RideRequest]):
    find = selectors.get_request_for_member

    @extend_schema(responses=RideRequestSerializer)
    def get(self, request: AuthenticatedRequest, request_id: int) -> Response:
        """One request, open or not."""
        return Response(RideRequestSerializer(self.object).data)


class RideRequestCloseView(Endpoint[RideRequest]):
    find = selectors.get_request_for_member

    @extend_schema(request=None, responses=RideRequestSerializer)
    def post(self, request: AuthenticatedRequest, request_id: int) -> Response:
        """The author only."""
        services.ride_request_close(request=self.object, actor=request.user)
        return Response(RideRequestSerializer(self.object).data)


class RideRequestRidesView(Endpoint[RideRequest]):
    find = selectors.get_request_for_author

    @extend_schema(responses=RideMatchSerializer(many=True))
    def get(self, request: AuthenticatedRequest, request_id: int) -> Response:
        """The rides that fit my request, the smallest detour first. The author only."""
        return Response(ride_matches_data(selectors.rides_for_request(request=self.object)))
