"""Views of the carpool API for me: my rides in every quartier and their calendar address."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.rides import selectors, services
from exchanges.rides.api.passengers import CalendarSerializer, MyTripsSerializer, calendar_data
from neighbourhood.api import Endpoint
from neighbourhood.http import AuthenticatedRequest


class MyRidesView(Endpoint[None]):
    @extend_schema(responses=MyTripsSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        """The dates I drive and the seats I asked for, in every quartier."""
        upcoming, past = selectors.my_trips(user=request.user)
        return Response(MyTripsSerializer({"upcoming": upcoming, "past": past}).data)


class MyRideCalendarView(Endpoint[None]):
    @extend_schema(responses=CalendarSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        """The secret address of my rides as an iCalendar feed, for any calendar app."""
        feed = services.calendar_feed_for(user=request.user)
        return Response(CalendarSerializer(calendar_data(feed.get_absolute_url())).data)

    @extend_schema(request=None, responses=CalendarSerializer)
    def post(self, request: AuthenticatedRequest) -> Response:
        """A new secret address; the old one stops working at once."""
        feed = services.calendar_feed_renew(user=request.user)
        return Response(CalendarSerializer(calendar_data(feed.get_absolute_url())).data)
