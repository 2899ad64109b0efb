"""Views of the carpool API for bookings: asked for on a ride, answered by the driver,
cancelled by either."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from exchanges.rides import selectors, services
from exchanges.rides.api.passengers import (
    BookingAnswerSerializer,
    BookingCancelSerializer,
    BookingDeclineSerializer,
    BookingRequestSerializer,
    BookingSerializer,
    bookings_data,
)
from neighbourhood.http import AuthenticatedRequest


class RideBookingsView(APIView):
    @extend_schema(
        responses=BookingSerializer(many=True),
        description="Upcoming bookings: all of them for the driver, my own for anyone else.",
    )
    def get(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
        bookings = selectors.bookings_of(ride=ride, viewer=request.user)
        return Response(BookingSerializer(bookings, many=True).data)

    @extend_schema(
        request=BookingRequestSerializer,
        responses={201: BookingSerializer(many=True)},
        description="Asks for seats on some dates of the ride, all of them or none: one "
        "booking a date. Confirmed at once when the driver accepts automatically.",
    )
    def post(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
        serializer = BookingRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        bookings = services.booking_request(
            ride=ride, passenger=request.user, **serializer.validated_data
        )
        return Response(bookings_data(bookings, request.user), status=status.HTTP_201_CREATED)


class BookingDetailView(APIView):
    @extend_schema(responses=BookingSerializer, description="The passenger and the driver only.")
    def get(self, request: AuthenticatedRequest, booking_id: int) -> Response:
        booking = selectors.get_booking_for_party(user=request.user, booking_id=booking_id)
        return Response(BookingSerializer(booking).data)


class BookingAcceptView(APIView):
    @extend_schema(
        request=BookingAnswerSerializer,
        responses=BookingSerializer(many=True),
        description="The driver says yes; the bookings confirmed are returned.",
    )
    def post(self, request: AuthenticatedRequest, booking_id: int) -> Response:
        booking = selectors.get_booking_for_party(user=request.user, booking_id=booking_id)
        serializer = BookingAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        bookings = services.booking_accept(
            booking=booking, actor=request.user, **serializer.validated_data
        )
        return Response(bookings_data(bookings, booking.passenger))


class BookingDeclineView(APIView):
    @extend_schema(
        request=BookingDeclineSerializer,
        responses=BookingSerializer(many=True),
        description="The driver says no; the bookings declined are returned.",
    )
    def post(self, request: AuthenticatedRequest, booking_id: int) -> Response:
        booking = selectors.get_booking_for_party(user=request.user, booking_id=booking_id)
        serializer = BookingDeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        bookings = services.booking_decline(
            booking=booking, actor=request.user, **serializer.validated_data
        )
        return Response(bookings_data(bookings, booking.passenger))


class BookingCancelView(APIView):
    @extend_schema(
        request=BookingCancelSerializer,
        responses=BookingSerializer(many=True),
        description="The passenger or the driver calls a seat off; confirmed seats are freed.",
    )
    def post(self, request: AuthenticatedRequest, booking_id: int) -> Response:
        booking = selectors.get_booking_for_party(user=request.user, booking_id=booking_id)
        serializer = BookingCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        bookings = services.booking_cancel(
            booking=booking, actor=request.user, **serializer.validated_data
        )
        return Response(bookings_data(bookings, booking.passenger))
