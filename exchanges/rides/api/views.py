"""Views of the carpool API: each fetches its object through an access helper and calls one
service."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
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
    CalendarSerializer,
    MyTripsSerializer,
    RequestMatchSerializer,
    RideMatchSerializer,
    RideRequestCreateSerializer,
    RideRequestSerializer,
    SearchQuerySerializer,
    bookings_data,
    calendar_data,
    request_matches_data,
    ride_matches_data,
)
from exchanges.rides.api.serializers import (
    DepartureSerializer,
    MeetingPointInputSerializer,
    MeetingPointSerializer,
    RideCancelSerializer,
    RideCreateSerializer,
    RideDetailSerializer,
    RideEditableSerializer,
    RideSerializer,
    TripCancelSerializer,
    TripSerializer,
    require_driver,
    ride_data,
)
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import get_quartier_for_member

# --- views: meeting points --------------------------------------------------------------------


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


# --- views: rides -----------------------------------------------------------------------------


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


class RideDeparturesView(APIView):
    @extend_schema(
        responses=DepartureSerializer(many=True),
        description="The dates still to come (a regular ride's next four weeks) and their seats.",
    )
    def get(self, request: AuthenticatedRequest, ride_id: int) -> Response:
        ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
        departures = selectors.upcoming_departures(ride=ride)
        return Response(DepartureSerializer(departures, many=True).data)


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


# --- views: requests --------------------------------------------------------------------------


class QuartierRideRequestListView(APIView):
    @extend_schema(
        responses=RideRequestSerializer(many=True),
        description="Open requests, the soonest first.",
    )
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        requests = selectors.request_list(quartier=quartier)
        return Response(RideRequestSerializer(requests, many=True).data)

    @extend_schema(
        request=RideRequestCreateSerializer,
        responses={201: RideRequestSerializer},
        description="Once (`kind` one_off, `earliest_at`, `latest_at`) or every week (`kind` "
        "regular, `weekdays`, `earliest_time`, `latest_time`, `valid_from`, `valid_until`).",
    )
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        serializer = RideRequestCreateSerializer(data=request.data, context={"quartier": quartier})
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        ride_request = services.ride_request_create(
            quartier=quartier, passenger=request.user, kind=fields.pop("kind"), **fields
        )
        return Response(RideRequestSerializer(ride_request).data, status=status.HTTP_201_CREATED)


class RideRequestDetailView(APIView):
    @extend_schema(responses=RideRequestSerializer)
    def get(self, request: AuthenticatedRequest, request_id: int) -> Response:
        ride_request = selectors.get_request_for_member(user=request.user, request_id=request_id)
        return Response(RideRequestSerializer(ride_request).data)


class RideRequestCloseView(APIView):
    @extend_schema(request=None, responses=RideRequestSerializer, description="The author only.")
    def post(self, request: AuthenticatedRequest, request_id: int) -> Response:
        ride_request = selectors.get_request_for_member(user=request.user, request_id=request_id)
        services.ride_request_close(request=ride_request, actor=request.user)
        return Response(RideRequestSerializer(ride_request).data)


class RideRequestRidesView(APIView):
    @extend_schema(
        responses=RideMatchSerializer(many=True),
        description="The rides that fit my request, the smallest detour first. The author only.",
    )
    def get(self, request: AuthenticatedRequest, request_id: int) -> Response:
        ride_request = selectors.get_request_for_member(user=request.user, request_id=request_id)
        if ride_request.passenger_id != request.user.pk:
            raise PermissionDenied(_("Only the author of this request can see the rides for it."))
        return Response(ride_matches_data(selectors.rides_for_request(request=ride_request)))


# --- views: mine ------------------------------------------------------------------------------


class MyRidesView(APIView):
    @extend_schema(
        responses=MyTripsSerializer,
        description="The dates I drive and the seats I asked for, in every quartier.",
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        upcoming, past = selectors.my_trips(user=request.user)
        return Response(MyTripsSerializer({"upcoming": upcoming, "past": past}).data)


class MyRideCalendarView(APIView):
    @extend_schema(
        responses=CalendarSerializer,
        description="The secret address of my rides as an iCalendar feed, for any calendar app.",
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        feed = services.calendar_feed_for(user=request.user)
        return Response(CalendarSerializer(calendar_data(feed.get_absolute_url())).data)

    @extend_schema(
        request=None,
        responses=CalendarSerializer,
        description="A new secret address; the old one stops working at once.",
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        feed = services.calendar_feed_renew(user=request.user)
        return Response(CalendarSerializer(calendar_data(feed.get_absolute_url())).data)
