"""Views of the carpool API for rides: the quartier's, the search, one ride, its cancellation
and the requests it can serve."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

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
    require_driver,
    ride_data,
)
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import get_quartier_for_member


class QuartierRideListView(APIView):
    @extend_schema(
        responses=RideSerializer(many=True), description="Rides still to come, soonest first."
    )
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        return Response(RideSerializer(selectors.ride_list(quartier=quartier), many=True).data)

    @extend_schema(
        request=RideCreateSerializer,
        responses={201: RideDetailSerializer},
        description="Once (`kind` one_off, `departs_at`) or every week (`kind` regular, "
        "`weekly`, `valid_from`, `valid_until`, `dates_off`).",
    )
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        serializer = RideCreateSerializer(
            data=request.data, context={"quartier": quartier, "user": request.user}
        )
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        ride = services.ride_create(
            quartier=quartier, driver=request.user, kind=fields.pop("kind"), **fields
        )
        return Response(ride_data(ride, request.user), status=status.HTTP_201_CREATED)


class RideSearchView(APIView):
    @extend_schema(
        parameters=[SearchQuerySerializer],
        responses=RideMatchSerializer(many=True),
        description="Rides of the quartier that could carry me on one date, the smallest "
        "detour first. Never my own rides.",
    )
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        query = SearchQuerySerializer(data=request.query_params, context={"quartier": quartier})
        query.is_valid(raise_exception=True)
        data = query.validated_data
        matches = selectors.search_rides(
            quartier=quartier,
            passenger=request.user,
            origin=data["from"],
            destination=data["to"],
            date=data["date"],
            earliest=data["earliest"],
            latest=data["latest"],
            seats=data["seats"],
        )
        return Response(ride_matches_data(matches))


class RideDetailView(APIView):
    @extend_schema(responses=RideDetailSerializer)
    def get(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
        return Response(RideDetailSerializer(ride).data)

    @extend_schema(
        request=RideEditableSerializer,
        responses=RideDetailSerializer,
        description="The driver only. The route and times do not change: cancel and publish "
        "anew instead.",
    )
    def patch(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
        serializer = RideEditableSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.ride_update(ride=ride, actor=request.user, **serializer.validated_data)
        return Response(ride_data(ride, request.user))

    @extend_schema(
        request=RideCancelSerializer,
        responses={204: None},
        description="Cancels the whole ride (the driver only); booked passengers are told.",
    )
    def delete(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
        serializer = RideCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.ride_cancel(ride=ride, actor=request.user, **serializer.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RideCancelView(APIView):
    @extend_schema(
        request=RideCancelSerializer,
        responses=RideDetailSerializer,
        description="Cancels the whole ride (the driver only); booked passengers are told.",
    )
    def post(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
        serializer = RideCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.ride_cancel(ride=ride, actor=request.user, **serializer.validated_data)
        return Response(ride_data(ride, request.user))


class RideMatchingRequestsView(APIView):
    @extend_schema(
        responses=RequestMatchSerializer(many=True),
        description="The open requests this ride can serve, the smallest detour first. The "
        "driver only.",
    )
    def get(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
        require_driver(ride, request.user)
        return Response(request_matches_data(selectors.requests_for_ride(ride=ride)))
