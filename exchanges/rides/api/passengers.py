"""Serializers of the carpool API for passengers: bookings, ride requests, matches and the
search, and my rides."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from exchanges.rides.api.fields import (
    ASK_SEATS,
    NOT_A_POINT,
    latitude_field,
    longitude_field,
    point_id_field,
    seats_field,
)
from exchanges.rides.api.serializers import (
    PlacesInputSerializer,
    RideSummarySerializer,
    RouteSerializer,
    _meeting_point,
)
from exchanges.rides.matching import RequestMatch, RideMatch
from exchanges.rides.models import (
    NOTES_MAX_LENGTH,
    Booking,
    Ride,
    RideRequest,
)
from exchanges.rides.routes import Stop
from exchanges.rides.services import MAX_BOOKING_DATES
from neighbourhood.accounts.api.serializers import PersonSerializer
from neighbourhood.accounts.models import User
from neighbourhood.api import FlatListField, time_field

# --- bookings ---------------------------------------------------------------------------------


class BookingSerializer(serializers.ModelSerializer):
    ride = serializers.IntegerField(source="trip.ride_id", read_only=True)
    date = serializers.DateField(source="trip.date", read_only=True)
    departs_at = serializers.DateTimeField(source="trip.departs_at", read_only=True)
    passenger = PersonSerializer(read_only=True)
    status = serializers.ChoiceField(choices=Booking.Status.choices, read_only=True)

    class Meta:
        model = Booking
        fields = [
            "id",
            "ride",
            "date",
            "departs_at",
            "passenger",
            "seats",
            "status",
            "series",
            "pickup_label",
            "dropoff_label",
            "message",
            "reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class MyBookingSerializer(serializers.ModelSerializer):
    """My own seat on a line of my rides: I am the passenger, so I am not repeated."""

    status = serializers.ChoiceField(choices=Booking.Status.choices, read_only=True)

    class Meta:
        model = Booking
        fields = ["id", "seats", "status", "series", "pickup_label", "dropoff_label", "reason"]
        read_only_fields = fields


class BookingRequestSerializer(serializers.Serializer):
    dates = FlatListField(
        child=serializers.DateField(),
        min_length=1,
        max_length=MAX_BOOKING_DATES,
        help_text="The dates of the ride to ride on; all of them or none.",
        error_messages={"min_length": gettext_lazy("Choose at least one date.")},
    )
    seats = seats_field(ASK_SEATS, default=1)
    pickup_label = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    dropoff_label = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    message = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class BookingAnswerSerializer(serializers.Serializer):
    whole_series = serializers.BooleanField(
        default=True, help_text="Every date of the request still waiting, or only this one."
    )


class BookingDeclineSerializer(BookingAnswerSerializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class BookingCancelSerializer(BookingDeclineSerializer):
    whole_series = serializers.BooleanField(
        default=False, help_text="Every date of the series still to come, or only this one."
    )


def bookings_data(bookings: list[Booking], passenger: User) -> Any:
    # The bookings a service returns share one passenger, already loaded: give it to each of
    # them rather than a query apiece.
    for booking in bookings:
        if booking.passenger_id == passenger.pk:
            booking.passenger = passenger
    return BookingSerializer(bookings, many=True).data


# --- requests ---------------------------------------------------------------------------------


class RideRequestSummarySerializer(RouteSerializer):
    status = serializers.ChoiceField(choices=RideRequest.Status.choices, read_only=True)
    passenger = PersonSerializer(read_only=True)
    weekdays = serializers.ListField(
        child=serializers.IntegerField(),
        source="weekday_list",
        read_only=True,
        help_text="For a regular request: 0 is Monday, 6 is Sunday.",
    )
    earliest_time = time_field(read_only=True, allow_null=True)
    latest_time = time_field(read_only=True, allow_null=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = RideRequest
        fields = [
            "id",
            "kind",
            "status",
            "is_open",
            "passenger",
            "origin",
            "destination",
            "earliest_at",
            "latest_at",
            "weekdays",
            "earliest_time",
            "latest_time",
            "valid_from",
            "valid_until",
            "seats",
            "notes",
        ]
        read_only_fields = fields


class RideRequestSerializer(RideRequestSummarySerializer):
    quartier = serializers.CharField(source="quartier.slug", read_only=True)

    class Meta(RideRequestSummarySerializer.Meta):
        fields = [*RideRequestSummarySerializer.Meta.fields, "quartier", "created_at", "updated_at"]
        read_only_fields = fields


class RideRequestCreateSerializer(PlacesInputSerializer):
    """What a passenger types to ask for a ride; the service checks the rest (the window, the
    period)."""

    # Needs ``quartier`` in its context, to turn ids into meeting points.

    kind = serializers.ChoiceField(choices=Ride.Kind.choices)
    earliest_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="For a one-off request."
    )
    latest_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="For a one-off request."
    )
    weekdays = FlatListField(
        child=serializers.IntegerField(
            min_value=0,
            max_value=6,
            error_messages={
                "min_value": gettext_lazy("Weekdays go from 0 (Monday) to 6 (Sunday)."),
                "max_value": gettext_lazy("Weekdays go from 0 (Monday) to 6 (Sunday)."),
            },
        ),
        max_length=7,
        required=False,
        help_text="For a regular request: 0 is Monday, 6 is Sunday.",
    )
    earliest_time = time_field(required=False, allow_null=True)
    latest_time = time_field(required=False, allow_null=True)
    valid_from = serializers.DateField(
        required=False, allow_null=True, help_text="For a regular request."
    )
    valid_until = serializers.DateField(
        required=False, allow_null=True, help_text="For a regular request."
    )
    seats = seats_field(ASK_SEATS, default=1)
    notes = serializers.CharField(
        max_length=NOTES_MAX_LENGTH, required=False, allow_blank=True, default=""
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        self.resolve_places(attrs, errors)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


# --- matches and search -----------------------------------------------------------------------


class StopSerializer(serializers.Serializer):
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    walk_km = serializers.FloatField(help_text="From the passenger's own point.")


class OccurrenceSerializer(serializers.Serializer):
    date = serializers.DateField()
    departs_at = serializers.DateTimeField()
    seats_free = serializers.IntegerField()


class FitSerializer(serializers.Serializer):
    extra_km = serializers.FloatField(help_text="What picking the passenger up adds to driving.")
    extra_minutes = serializers.IntegerField()
    walk_km = serializers.FloatField(
        help_text="The passenger's walk, to the pick-up and from the drop-off."
    )
    pickup = StopSerializer()
    dropoff = StopSerializer()


class RideMatchSerializer(FitSerializer):
    ride = RideSummarySerializer()
    occurrences = OccurrenceSerializer(many=True, help_text="The dates that fit, soonest first.")


class RequestMatchSerializer(FitSerializer):
    request = RideRequestSummarySerializer()
    dates = serializers.ListField(
        child=serializers.DateField(), help_text="The dates the ride can carry them."
    )


def _stop_data(stop: Stop) -> dict[str, float]:
    return {
        "latitude": stop.point[0],
        "longitude": stop.point[1],
        "walk_km": round(stop.walk_km, 2),
    }


def _fit_data(match: RideMatch | RequestMatch) -> dict[str, Any]:
    # Kilometres to 10 m: more would be noise from the straight-line approximation.
    return {
        "extra_km": round(match.fit.extra_km, 2),
        "extra_minutes": match.fit.extra_minutes,
        "walk_km": round(match.fit.walk_km, 2),
        "pickup": _stop_data(match.fit.pickup),
        "dropoff": _stop_data(match.fit.dropoff),
    }


def ride_matches_data(matches: list[RideMatch]) -> Any:
    rows = [
        {"ride": match.ride, "occurrences": match.occurrences, **_fit_data(match)}
        for match in matches
    ]
    return RideMatchSerializer(rows, many=True).data


def request_matches_data(matches: list[RequestMatch]) -> Any:
    rows = [
        {
            "request": match.request,
            "dates": [occurrence.date for occurrence in match.occurrences],
            **_fit_data(match),
        }
        for match in matches
    ]
    return RequestMatchSerializer(rows, many=True).data


class SearchQuerySerializer(serializers.Serializer):
    """A search by someone who has posted nothing: two places and a window on one date."""

    # Needs ``quartier`` in its context, to turn ids into meeting points.

    from_lat = latitude_field(required=False)
    from_lng = longitude_field(required=False)
    from_point = point_id_field("A meeting point, instead of from_lat and from_lng.")
    to_lat = latitude_field(required=False)
    to_lng = longitude_field(required=False)
    to_point = point_id_field("A meeting point, instead of to_lat and to_lng.")
    date = serializers.DateField()
    earliest = time_field(required=False, default=datetime.time.min)
    latest = time_field(required=False, default=datetime.time(23, 59))
    seats = seats_field(ASK_SEATS, default=1)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """What `selectors.search_rides` takes, but the quartier and the passenger."""
        errors: dict[str, list[str]] = {}
        origin, destination = (self._where(end, attrs, errors) for end in ("from", "to"))
        if attrs["latest"] < attrs["earliest"]:
            errors["latest"] = [_("The latest departure must come after the earliest.")]
        if errors:
            raise serializers.ValidationError(errors)
        when = {name: attrs[name] for name in ("date", "earliest", "latest", "seats")}
        return when | {"origin": origin, "destination": destination}

    def _where(
        self, end: str, attrs: dict[str, Any], errors: dict[str, list[str]]
    ) -> tuple[float, float] | None:
        point_id = attrs.get(f"{end}_point")
        if point_id is not None:
            point = _meeting_point(self.context["quartier"], point_id)
            if point is None:
                errors[f"{end}_point"] = [str(NOT_A_POINT)]
                return None
            return point.position
        latitude, longitude = attrs.get(f"{end}_lat"), attrs.get(f"{end}_lng")
        if latitude is None or longitude is None:
            errors[f"{end}_point"] = [
                _("Give a meeting point (%(point)s) or coordinates (%(lat)s and %(lng)s).")
                % {"point": f"{end}_point", "lat": f"{end}_lat", "lng": f"{end}_lng"}
            ]
            return None
        return (latitude, longitude)


# --- mine -------------------------------------------------------------------------------------


class MyTripSerializer(serializers.Serializer):
    ride = RideSummarySerializer()
    date = serializers.DateField()
    departs_at = serializers.DateTimeField()
    as_driver = serializers.BooleanField()
    seats_taken = serializers.IntegerField(help_text="As the driver: the seats booked.")
    is_cancelled = serializers.BooleanField()
    booking = MyBookingSerializer(allow_null=True, help_text="As a passenger: my seat.")


class MyTripsSerializer(serializers.Serializer):
    upcoming = MyTripSerializer(many=True, help_text="Soonest first.")
    past = MyTripSerializer(many=True, help_text="The last month, latest first.")


class CalendarSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="Secret: whoever has it reads my rides.")


def calendar_data(token_url: str) -> dict[str, str]:
    return {"url": settings.SITE_URL.rstrip("/") + token_url}
