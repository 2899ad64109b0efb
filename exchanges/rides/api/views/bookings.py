"""Views of the carpool API for bookings: asked for on a ride, answered by the driver,
cancelled by either."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from exchanges.rides import selectors, services
from exchanges.rides.api.passengers import (
    BookingAnswerSerializer,
    BookingCancelSerializer,
    BookingDeclineSerializer,
    BookingRequestSerializer,
    BookingSerializer,
    bookings_data,
)
from exchanges.rides.models import Booking, Ride
from neighbourhood.api import Endpoint, created
from neighbourhood.http import AuthenticatedRequest


class RideBookingsView(Endpoint[Ride]):
    find = selectors.get_ride_for_member

    @extend_schema(responses=BookingSerializer(many=True))
    def get(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        """Upcoming bookings: all of them for the driver, my own for anyone else."""
        bookings = selectors.bookings_of(ride=self.object, viewer=request.user)
        return Response(BookingSerializer(bookings, many=True).data)

    @extend_schema(request=BookingRequestSerializer, responses={201: BookingSerializer(many=True)})
    def post(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        """Asks for seats on some dates of the ride, all of them or none: one booking a date.
        Confirmed at once when the driver accepts automatically."""
        asked = self.valid(BookingRequestSerializer)
        bookings = services.booking_request(ride=self.object, passenger=request.user, **asked)
        return created(bookings_data(bookings, request.user))


class BookingDetailView(Endpoint[Booking]):
    find = selectors.get_booking_for_party

    @extend_schema(responses=BookingSerializer)
    def get(self, request: AuthenticatedRequest, booking_id: int) -> Response:
        """The passenger and the driver only."""
        return Response(BookingSerializer(self.object).data)


class BookingAnswerView(Endpoint[Booking]):
    """One of the two answers a booking; the bookings the answer changed are returned.

    The answers differ only by their service and their input: each is a subclass that names
    them, with its own description and request in the OpenAPI document."""

    find = selectors.get_booking_for_party
    answer: ClassVar[Callable[..., list[Booking]]]
    serializer: ClassVar[type[serializers.Serializer]]

    def post(self, request: AuthenticatedRequest, booking_id: int) -> Response:
        # Read on the class: a plain function stored on it is not bound to the view.
        answer = type(self).answer
        bookings = answer(booking=self.object, actor=request.user, **self.valid(self.serializer))
        return Response(bookings_data(bookings, self.object.passenger))


@extend_schema(request=BookingAnswerSerializer, responses=BookingSerializer(many=True))
class BookingAcceptView(BookingAnswerView):
    """The driver says yes; the bookings confirmed are returned."""

    answer = services.booking_accept
    serializer = BookingAnswerSerializer


@extend_schema(request=BookingDeclineSerializer, responses=BookingSerializer(many=True))
class BookingDeclineView(BookingAnswerView):
    """The driver says no; the bookings declined are returned."""

    answer = services.booking_decline
    serializer = BookingDeclineSerializer


@extend_schema(request=BookingCancelSerializer, responses=BookingSerializer(many=True))
class BookingCancelView(BookingAnswerView):
    """The passenger or the driver calls a seat off; confirmed seats are freed."""

    answer = services.booking_cancel
    serializer = BookingCancelSerializer
