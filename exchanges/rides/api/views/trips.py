"""Views of the carpool API for trips, the dates of a ride: those to come, one cancelled."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.rides import selectors, services
from exchanges.rides.api.serializers import (
    DepartureSerializer,
    TripCancelSerializer,
    TripSerializer,
)
from exchanges.rides.models import Ride
from neighbourhood.api import Endpoint
from neighbourhood.http import AuthenticatedRequest


class TripCancelView(Endpoint[Ride]):
    find = selectors.get_ride_for_driver

    @extend_schema(request=TripCancelSerializer, responses=TripSerializer)
    def post(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        """Cancels one date of the ride (the driver only); its passengers are told."""
        cancelled = self.valid(TripCancelSerializer)
        trip = services.trip_cancel(ride=self.object, actor=request.user, **cancelled)
        return Response(TripSerializer(trip).data)


class RideDeparturesView(Endpoint[Ride]):
    find = selectors.get_ride_for_member

    @extend_schema(responses=DepartureSerializer(many=True))
    def get(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        """The dates still to come (a regular ride's next four weeks) and their seats."""
        departures = selectors.upcoming_departures(ride=self.object)
        return Response(DepartureSerializer(departures, many=True).data)
