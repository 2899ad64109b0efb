"""Views of the carpool API for trips, the dates of a ride: those to come, one cancelled."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from exchanges.rides import selectors, services
from exchanges.rides.api.serializers import (
    DepartureSerializer,
    TripCancelSerializer,
    TripSerializer,
)
from neighbourhood.http import AuthenticatedRequest


class RideDeparturesView(APIView):
    @extend_schema(
        responses=DepartureSerializer(many=True),
        description="The dates still to come (a regular ride's next four weeks) and their seats.",
    )
    def get(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
        departures = selectors.upcoming_departures(ride=ride)
        return Response(DepartureSerializer(departures, many=True).data)


class TripCancelView(APIView):
    @extend_schema(
        request=TripCancelSerializer,
        responses=TripSerializer,
        description="Cancels one date of the ride (the driver only); its passengers are told.",
    )
    def post(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
        serializer = TripCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        trip = services.trip_cancel(ride=ride, actor=request.user, **serializer.validated_data)
        return Response(TripSerializer(trip).data)
