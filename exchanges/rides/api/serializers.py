"""Serializers of the carpool API: meeting points, places and rides, checked for types and
ranges on the way in."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from exchanges.rides import selectors
from exchanges.rides.api.fields import (
    NOT_A_POINT,
    OFFER_SEATS,
    latitude_field,
    longitude_field,
    point_id_field,
    seats_field,
)
from exchanges.rides.models import (
    NOTES_MAX_LENGTH,
    MeetingPoint,
    Ride,
    RideRequest,
    Trip,
    WeeklyDeparture,
)
from exchanges.rides.services import MAX_CONTRIBUTION_CENTS, RIDE_EDITABLE, Place
from neighbourhood.accounts.api.serializers import PersonSerializer
from neighbourhood.accounts.models import User
from neighbourhood.api import FlatListField, FlatSerializer, id_field, refuse_unknown, time_field
from neighbourhood.quartiers.models import Quartier

# --- meeting points ---------------------------------------------------------------------------


class MeetingPointSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingPoint
        fields = ["id", "name", "address", "latitude", "longitude"]
        read_only_fields = fields


class MeetingPointInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    latitude = latitude_field()
    longitude = longitude_field()


# --- places -----------------------------------------------------------------------------------


class PlaceSerializer(serializers.Serializer):
    # The metaclass takes declared fields off the class: this one does not replace Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    point = serializers.IntegerField(
        allow_null=True, help_text="The meeting point it is, if it is one."
    )


@extend_schema_field(PlaceSerializer)
class PlaceField(serializers.Field):
    """Where a ride or a request starts (``origin``) or ends (``destination``): four columns of
    the row, shown as one place."""

    def __init__(self, end: str, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)
        self.end = end

    def to_representation(self, item: Ride | RideRequest) -> dict[str, Any]:
        return {
            "label": getattr(item, f"{self.end}_label"),
            "latitude": getattr(item, f"{self.end}_latitude"),
            "longitude": getattr(item, f"{self.end}_longitude"),
            "point": getattr(item, f"{self.end}_point_id"),
        }


class PlaceInputSerializer(FlatSerializer):
    """A place typed or picked on the map, when it is not a meeting point."""

    label = serializers.CharField(  # type: ignore[assignment]  # a field, as in PlaceSerializer
        max_length=200,
        error_messages={
            "required": gettext_lazy("Say where, in a few words."),
            "blank": gettext_lazy("Say where, in a few words."),
        },
    )
    latitude = latitude_field()
    longitude = longitude_field()


def _meeting_point(quartier: Quartier, point_id: int) -> MeetingPoint | None:
    try:
        return selectors.get_meeting_point_in(quartier=quartier, point_id=point_id)
    except Http404:
        return None


class PlacesInputSerializer(serializers.Serializer):
    """Where from and where to: each a meeting point of the quartier (``origin_point``) or a
    place (``origin``)."""

    # Unknown ids and other quartiers' points get the same answer: nobody learns which ids
    # exist. Needs ``quartier`` in its context.

    origin = PlaceInputSerializer(required=False)
    origin_point = point_id_field("A meeting point of the quartier, instead of `origin`.")
    destination = PlaceInputSerializer(required=False)
    destination_point = point_id_field("A meeting point of the quartier, instead of `destination`.")

    def resolve_places(self, attrs: dict[str, Any], errors: dict[str, list[str]]) -> None:
        """Turns the two places into `services.Place`s, in ``attrs``."""
        quartier: Quartier = self.context["quartier"]
        for prefix in ("origin", "destination"):
            typed = attrs.pop(prefix, None)
            point_id = attrs.pop(f"{prefix}_point", None)
            if typed is not None and point_id is not None:
                errors[prefix] = [_("Give a meeting point or a place, not both.")]
            elif point_id is not None:
                point = _meeting_point(quartier, point_id)
                if point is None:
                    errors[f"{prefix}_point"] = [str(NOT_A_POINT)]
                else:
                    attrs[prefix] = Place(point=point)
            elif typed is not None:
                attrs[prefix] = Place(**typed)
            else:
                errors[prefix] = [
                    _("Choose a meeting point, or give a place with its label and coordinates.")
                ]


# --- rides ------------------------------------------------------------------------------------


class WeeklyDepartureSerializer(serializers.ModelSerializer):
    time = time_field()

    class Meta:
        model = WeeklyDeparture
        fields = ["weekday", "time"]


class WeeklyDepartureInputSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(
        min_value=0,
        max_value=6,
        help_text="0 is Monday, 6 is Sunday.",
        error_messages={
            "min_value": gettext_lazy("Weekdays go from 0 (Monday) to 6 (Sunday)."),
            "max_value": gettext_lazy("Weekdays go from 0 (Monday) to 6 (Sunday)."),
        },
    )
    time = time_field()


class RouteSerializer(serializers.ModelSerializer):
    # What a ride and a request both show: once or every week, from where to where.

    kind = serializers.ChoiceField(choices=Ride.Kind.choices, read_only=True)
    origin = PlaceField("origin")
    destination = PlaceField("destination")


class RideSummarySerializer(RouteSerializer):
    """A ride as lists and matches show it: no query beyond the ride and its driver."""

    status = serializers.ChoiceField(choices=Ride.Status.choices, read_only=True)
    driver = PersonSerializer(read_only=True)

    class Meta:
        model = Ride
        fields = [
            "id",
            "kind",
            "status",
            "driver",
            "origin",
            "destination",
            "departs_at",
            "valid_from",
            "valid_until",
            "route_km",
            # What the driver may still change, as the service lists it.
            *RIDE_EDITABLE,
        ]
        read_only_fields = fields


class RideSerializer(RideSummarySerializer):
    via = MeetingPointSerializer(many=True, read_only=True)
    quartier = serializers.CharField(source="quartier.slug", read_only=True)
    weekly = WeeklyDepartureSerializer(
        many=True, read_only=True, help_text="A regular ride's weekdays and times."
    )

    class Meta(RideSummarySerializer.Meta):
        fields = [
            *RideSummarySerializer.Meta.fields,
            "quartier",
            "via",
            "weekly",
            "return_of",
            "conversation",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RideDetailSerializer(RideSerializer):
    return_ride = serializers.SerializerMethodField()

    class Meta(RideSerializer.Meta):
        fields = [*RideSerializer.Meta.fields, "return_ride"]
        read_only_fields = fields

    def get_return_ride(self, ride: Ride) -> int | None:
        try:
            return ride.return_ride.pk
        except Ride.DoesNotExist:
            return None


class RideEditableSerializer(serializers.Serializer):
    """What a driver may change after publishing; the service checks the rest (seats already
    booked, the contribution's ceiling)."""

    seats = seats_field(OFFER_SEATS, required=False)
    contribution_cents = serializers.IntegerField(
        min_value=0,
        max_value=MAX_CONTRIBUTION_CENTS,
        required=False,
        allow_null=True,
        error_messages={
            "min_value": gettext_lazy("A contribution lies between 0 and 100 euros."),
            "max_value": gettext_lazy("A contribution lies between 0 and 100 euros."),
        },
    )
    detour_value = serializers.IntegerField(min_value=0, max_value=120, required=False)
    detour_unit = serializers.ChoiceField(choices=Ride.DetourUnit.choices, required=False)
    luggage = serializers.BooleanField(required=False)
    bikes = serializers.BooleanField(required=False)
    pets = serializers.BooleanField(required=False)
    smoking = serializers.BooleanField(required=False)
    notes = serializers.CharField(max_length=NOTES_MAX_LENGTH, required=False, allow_blank=True)
    auto_accept = serializers.BooleanField(
        required=False, help_text="Confirm seats at once, without answering each request."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A change the driver cannot make (the route, the times) is refused, not ignored.
        return refuse_unknown(self, attrs) if self.partial else attrs


class RideCreateSerializer(PlacesInputSerializer, RideEditableSerializer):
    """What a driver types to publish a ride; the service checks the rest (dates to come,
    the period, a return of one's own ride)."""

    # Needs ``quartier`` and ``user`` in its context, to turn ids into meeting points and rides.

    kind = serializers.ChoiceField(choices=Ride.Kind.choices)
    via = FlatListField(
        child=id_field(),
        max_length=10,
        required=False,
        help_text="Meeting points of the quartier the ride passes by.",
    )
    departs_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="For a one-off ride."
    )
    weekly = FlatListField(
        child=WeeklyDepartureInputSerializer(),
        max_length=7,
        required=False,
        help_text="For a regular ride: its weekdays and times.",
    )
    valid_from = serializers.DateField(
        required=False, allow_null=True, help_text="For a regular ride."
    )
    valid_until = serializers.DateField(
        required=False, allow_null=True, help_text="For a regular ride."
    )
    dates_off = FlatListField(
        child=serializers.DateField(),
        max_length=366,
        required=False,
        help_text="Dates of a regular ride's period it does not leave on.",
    )
    return_of = id_field(
        required=False,
        allow_null=True,
        help_text="One of my rides this one is the return of.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        errors: dict[str, list[str]] = {}
        self.resolve_places(attrs, errors)
        quartier: Quartier = self.context["quartier"]
        via = [_meeting_point(quartier, point_id) for point_id in attrs.pop("via", [])]
        if None in via:
            errors["via"] = [_("Choose meeting points of this quartier.")]
        attrs["via"] = via
        rows = attrs.pop("weekly", [])
        attrs["weekly"] = {row["weekday"]: row["time"] for row in rows}
        if len(attrs["weekly"]) < len(rows):
            errors["weekly"] = [_("Give each weekday once.")]
        if attrs.get("return_of") is not None:
            try:
                attrs["return_of"] = selectors.get_ride_for_member(
                    user=self.context["user"], ride_id=attrs["return_of"]
                )
            except Http404:
                errors["return_of"] = [_("Choose one of your own rides.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class RideCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="Told to them."
    )


class TripCancelSerializer(RideCancelSerializer):
    date = serializers.DateField()


class TripSerializer(serializers.ModelSerializer):
    seats_free = serializers.IntegerField(read_only=True)

    class Meta:
        model = Trip
        fields = [
            "date",
            "departs_at",
            "seats",
            "seats_taken",
            "seats_free",
            "is_cancelled",
            "cancel_reason",
        ]
        read_only_fields = fields


class DepartureSerializer(serializers.Serializer):
    date = serializers.DateField()
    departs_at = serializers.DateTimeField()
    seats = serializers.IntegerField()
    seats_taken = serializers.IntegerField()
    seats_free = serializers.IntegerField()
    is_cancelled = serializers.BooleanField()


def ride_data(ride: Ride, user: User) -> Any:
    # Read again through the access helper: it brings the weekdays and meeting points.
    return RideDetailSerializer(selectors.get_ride_for_member(user=user, ride_id=ride.pk)).data
