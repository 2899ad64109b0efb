"""Serializers of the directory in the API: a place with whether it is open now (read in its
quartier's timezone), its week and closed periods; the inputs, checked for types and ranges on
the way in (the rules themselves are the services')."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from neighbourhood.api import FlatListField, FlatSerializer, refuse_unknown, time_field
from neighbourhood.places.models import DESCRIPTION_MAX_LENGTH, ClosedPeriod, Kind, Place, Service
from neighbourhood.places.services import MAX_CLOSED_PERIODS, Closing, Hours

HOUR_WORDS = _("Type an hour between 00:00 and 23:59, for example 09:30.")
HOUR_ERRORS = {"invalid": HOUR_WORDS}


class HoursSerializer(FlatSerializer):
    """One interval of a weekday, in the quartier's wall-clock time: `closes` at or before
    `opens` runs past midnight; 00:00–00:00 is all day."""

    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text="0 is Monday.")
    opens = time_field(error_messages=HOUR_ERRORS)
    closes = time_field(error_messages=HOUR_ERRORS)


class ClosedPeriodSerializer(FlatSerializer):
    """Days from `starts_on` to `ends_on` (included): closed, or open only from `opens` to
    `closes` when both are given."""

    starts_on = serializers.DateField()
    ends_on = serializers.DateField(help_text="Included.")
    label = serializers.CharField(  # type: ignore[assignment]
        max_length=100, required=False, allow_blank=True, default=""
    )
    opens = time_field(
        required=False,
        allow_null=True,
        default=None,
        error_messages=HOUR_ERRORS,
    )
    closes = time_field(required=False, allow_null=True, default=None, error_messages=HOUR_ERRORS)


class DirectoryPlaceSerializer(serializers.ModelSerializer):
    """A place as the directory lists it."""

    quartier = serializers.CharField(source="quartier.slug", read_only=True)
    services = serializers.ListField(child=serializers.CharField(), read_only=True)
    open_now = serializers.BooleanField(
        source="status_now.is_open", read_only=True, help_text="Read in the quartier's timezone."
    )
    open_words = serializers.CharField(
        source="status_now.sentence",
        read_only=True,
        help_text="“Open until 18:00”, “Closed, opens Monday at 09:00”.",
    )
    email = serializers.CharField(read_only=True, help_text="Empty when not known.")
    website = serializers.CharField(read_only=True, help_text="Empty when not known.")
    distance_km = serializers.FloatField(
        read_only=True, allow_null=True, help_text="From `near`, when given."
    )

    class Meta:
        model = Place
        fields = [
            "id",
            "quartier",
            "kind",
            "name",
            "address",
            "latitude",
            "longitude",
            "description",
            "step_free",
            "accessible_toilets",
            "hearing_loop",
            "services",
            "phone",
            "email",
            "website",
            "status",
            "open_now",
            "open_words",
            "distance_km",
        ]
        read_only_fields = fields


class ClosedPeriodOutSerializer(serializers.ModelSerializer):
    opens = time_field(read_only=True, allow_null=True)
    closes = time_field(read_only=True, allow_null=True)

    class Meta:
        model = ClosedPeriod
        fields = ["starts_on", "ends_on", "label", "opens", "closes"]
        read_only_fields = fields


class HoursOutSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(read_only=True)
    opens = time_field(read_only=True)
    closes = time_field(read_only=True)


class DirectoryPlaceDetailSerializer(DirectoryPlaceSerializer):
    """One place, with its week and its closed periods to come."""

    hours = HoursOutSerializer(many=True, read_only=True, source="hours.all")
    closed_periods = ClosedPeriodOutSerializer(many=True, read_only=True, source="periods_ahead")

    class Meta(DirectoryPlaceSerializer.Meta):
        fields = [*DirectoryPlaceSerializer.Meta.fields, "hours", "closed_periods"]
        read_only_fields = fields


class DirectoryPlaceInputSerializer(serializers.Serializer):
    """A place suggested (by a member) or added (by a coordinator)."""

    kind = serializers.ChoiceField(
        choices=Kind.choices,
        error_messages={"invalid_choice": _("Choose a kind of place from the list.")},
    )
    name = serializers.CharField(max_length=100)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    latitude = serializers.FloatField(
        min_value=-90, max_value=90, required=False, allow_null=True, default=None
    )
    longitude = serializers.FloatField(
        min_value=-180, max_value=180, required=False, allow_null=True, default=None
    )
    description = serializers.CharField(
        max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    step_free = serializers.BooleanField(required=False, default=False)
    accessible_toilets = serializers.BooleanField(required=False, default=False)
    hearing_loop = serializers.BooleanField(required=False, default=False)
    services = FlatListField(
        child=serializers.ChoiceField(
            choices=Service.choices,
            error_messages={"invalid_choice": _("Choose the services from the list.")},
        ),
        required=False,
        default=list,
        max_length=len(Service.choices),
    )
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    website = serializers.URLField(max_length=200, required=False, allow_blank=True, default="")
    hours = FlatListField(child=HoursSerializer(), required=False, default=list, max_length=28)
    closed_periods = FlatListField(
        child=ClosedPeriodSerializer(), required=False, default=list, max_length=MAX_CLOSED_PERIODS
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = refuse_unknown(self, attrs)
        attrs["hours"] = [Hours(**row) for row in attrs.get("hours", [])]
        attrs["closed_periods"] = [Closing(**row) for row in attrs.get("closed_periods", [])]
        return attrs


class DirectoryQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    service = serializers.ChoiceField(choices=Service.choices, required=False)
    open_now = serializers.BooleanField(required=False, default=False)
    near = serializers.RegexField(
        r"^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$",
        required=False,
        help_text="`latitude,longitude`: the nearest first, with their distance.",
        error_messages={"invalid": _("Give “near” as latitude,longitude, for example 45.77,4.83.")},
    )

    def validate_near(self, value: str) -> tuple[float, float]:
        latitude, longitude = (float(part) for part in value.split(","))
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise serializers.ValidationError(_("This point is not on Earth."))
        return (latitude, longitude)
