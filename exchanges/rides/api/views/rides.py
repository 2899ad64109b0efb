"""Views of the carpool API for rides: the quartier's, the search, one ride, its cancellation
and the requests it can serve."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.rides import selectors, services
from exchanges.rides.api.passengers import (
    RequestMatchSerializer,
    RideMatchSerializer,
    SearchQuerySerializer,
    request_matches_data,
    ride_matches_data,
)
from exchanges.rides.api.serializers import (
    RideCancelSerializer,
    RideCreateSerializer,
    RideDetailSerializer,
    RideEditableSerializer,
    RideSerializer,
    ride_data,
)
from exchanges.rides.models import Ride
from neighbourhood.api import Endpoint, QuartierEndpoint, created, no_content
from neighbourhood.http import AuthenticatedRequest


class QuartierRideListView(QuartierEndpoint):
    @extend_schema(responses=RideSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        """Rides still to come, soonest first."""
        return Response(RideSerializer(selectors.ride_list(quartier=self.quartier), many=True).data)

    @extend_schema(request=RideCreateSerializer, responses={201: RideDetailSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        """Once (`kind` one_off, `departs_at`) or every week (`kind` regular, `weekly`,
        `valid_from`, `valid_until`, `dates_off`)."""
        fields = self.valid(RideCreateSerializer, quartier=self.quartier, user=request.user)
        ride = services.ride_create(quartier=self.quartier, driver=request.user, **fields)
        return created(ride_data(ride, request.user))


class RideSearchView(QuartierEndpoint):
    @extend_schema(parameters=[SearchQuerySerializer], responses=RideMatchSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        """Rides of the quartier that could carry me on one date, the smallest detour first.
        Never my own rides."""
        search = self.valid_query(SearchQuerySerializer, quartier=self.quartier)
        matches = selectors.search_rides(quartier=self.quartier, passenger=request.user, **search)
        return Response(ride_matches_data(matches))


class RideDetailView(Endpoint[Ride]):
    find = selectors.get_ride_for_member
    # The route and times do not change: only the driver edits or cancels, before validating.
    find_for = {"PATCH": selectors.get_ride_for_driver, "DELETE": selectors.get_ride_for_driver}

    @extend_schema(responses=RideDetailSerializer)
    def get(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        """One ride, with its weekdays, stops and seats."""
        return Response(RideDetailSerializer(self.object).data)

    @extend_schema(request=RideEditableSerializer, responses=RideDetailSerializer)
    def patch(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        """The driver only. The route and times do not change: cancel and publish anew
        instead."""
        changes = self.valid(RideEditableSerializer, partial=True)
        services.ride_update(ride=self.object, actor=request.user, **changes)
        return Response(ride_data(self.object, request.user))

    @extend_schema(request=RideCancelSerializer, responses={204: None})
    def delete(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        """Cancels the whole ride (the driver only); booked passengers are told."""
        reason = self.valid(RideCancelSerializer)
        services.ride_cancel(ride=self.object, actor=request.user, **reason)
        return no_content()


class RideCancelView(Endpoint[Ride]):
    find = selectors.get_ride_for_driver

    @extend_schema(request=RideCancelSerializer, responses=RideDetailSerializer)
    def post(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        """Cancels the whole ride (the driver only); booked passengers are told."""
        services.ride_cancel(
            ride=self.object, actor=request.user, **self.valid(RideCancelSerializer)
        )
        return Response(ride_data(self.object, request.user))


class RideMatchingRequestsView(Endpoint[Ride]):
    find = selectors.get_ride_for_driver

    @extend_schema(responses=RequestMatchSerializer(many=True))
    def get(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        """The open requests this ride can serve, the smallest detour first. The driver only."""
        return Response(request_matches_data(selectors.requests_for_ride(ride=self.object)))
