"""Serializers of gatherings in the API: what is answered, and the inputs, checked for types
and ranges on the way in (the rules themselves are the services')."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from exchanges.events.models import (
    DESCRIPTION_MAX_LENGTH,
    MAX_CAPACITY,
    MAX_INTERVAL,
    Event,
    Registration,
)
from neighbourhood.accounts.api.serializers import PersonSerializer
from neighbourhood.api import id_field, refuse_unknown
from neighbourhood.places.models import Place

CAPACITY_WORDS = _("From 1 to 500 places, or empty for no limit.")
INTERVAL_WORDS = _("Every 1 to 12 weeks or months.")


# Enums of their own in the document (EventRepeatEnum, EventStatusEnum, RegistrationStatusEnum:
# the project's ENUM_NAME_OVERRIDES), their values said in words too.
REPEAT_WORDS = (
    "`none`, `weekly`, `monthly_weekday` (the same weekday of the month as the first date: the "
    "second Saturday, the last Friday) or `monthly_day`."
)


class RepeatField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=Event.Repeat.choices,
            help_text=REPEAT_WORDS,
            error_messages={"invalid_choice": _("Choose how often it takes place.")},
            **kwargs,
        )


def event_status_field() -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=Event.Status.choices, read_only=True, help_text="`scheduled` or `cancelled`."
    )


def registration_status_field() -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=Registration.Status.choices,
        read_only=True,
        help_text="`registered`, `waiting` (on the list) or `cancelled`.",
    )


class WhenSerializer(serializers.Serializer):
    date = serializers.DateField(read_only=True, help_text="The local day, in the quartier.")
    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)


class EventSerializer(serializers.ModelSerializer):
    quartier = serializers.CharField(source="quartier.slug", read_only=True)
    organiser = PersonSerializer(read_only=True)
    place = serializers.IntegerField(source="place_id", read_only=True, allow_null=True)
    where = serializers.CharField(read_only=True, help_text="The place's name, or the address.")
    dates_off = serializers.ListField(
        child=serializers.DateField(),
        read_only=True,
        help_text="Dates of a repeating gathering that do not take place (EXDATEs).",
    )
    repeat = RepeatField(read_only=True)
    status = event_status_field()

    class Meta:
        model = Event
        fields = [
            "id",
            "quartier",
            "organiser",
            "title",
            "description",
            "place",
            "where",
            "address",
            "latitude",
            "longitude",
            "starts_at",
            "ends_at",
            "repeat",
            "interval",
            "repeat_until",
            "dates_off",
            "registration",
            "capacity",
            "public",
            "status",
            "created_at",
        ]
        read_only_fields = fields


class UpcomingEventSerializer(EventSerializer):
    next = WhenSerializer(source="next_when", read_only=True, help_text="Its next date.")

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "next"]
        read_only_fields = fields


class DateSerializer(serializers.Serializer):
    """One date to come, with its places and where I stand."""

    date = serializers.DateField(source="when.date", read_only=True)
    starts_at = serializers.DateTimeField(source="when.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="when.ends_at", read_only=True)
    capacity = serializers.IntegerField(read_only=True, allow_null=True)
    places_left = serializers.IntegerField(read_only=True, allow_null=True)
    my_registration = serializers.IntegerField(
        source="mine.pk", read_only=True, allow_null=True, default=None
    )
    my_status = serializers.CharField(
        source="mine.status", read_only=True, allow_null=True, default=None
    )
    waiting_rank = serializers.IntegerField(
        source="rank", read_only=True, allow_null=True, help_text="1: the next to move up."
    )


class EventDetailSerializer(EventSerializer):
    dates = DateSerializer(source="date_rows", many=True, read_only=True)

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "dates"]
        read_only_fields = fields


class EventInputSerializer(serializers.Serializer):
    """A gathering to publish. ``place`` (one of the quartier's places) or ``address``."""

    title = serializers.CharField(max_length=120)
    description = serializers.CharField(
        max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    place = id_field(required=False, allow_null=True, default=None)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    latitude = serializers.FloatField(
        required=False, allow_null=True, default=None, min_value=-90, max_value=90
    )
    longitude = serializers.FloatField(
        required=False, allow_null=True, default=None, min_value=-180, max_value=180
    )
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    repeat = RepeatField(default=Event.Repeat.NONE)
    interval = serializers.IntegerField(
        min_value=1,
        max_value=MAX_INTERVAL,
        default=1,
        error_messages={"min_value": INTERVAL_WORDS, "max_value": INTERVAL_WORDS},
    )
    repeat_until = serializers.DateField(required=False, allow_null=True, default=None)
    registration = serializers.BooleanField(default=False)
    capacity = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=MAX_CAPACITY,
        error_messages={"min_value": CAPACITY_WORDS, "max_value": CAPACITY_WORDS},
    )
    public = serializers.BooleanField(default=False)

    def validate_place(self, value: int | None) -> Place | None:
        if value is None:
            return None
        place = Place.objects.filter(pk=value).first()
        if place is None:
            raise serializers.ValidationError(_("Choose one of the quartier's places."))
        return place

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return refuse_unknown(self, attrs)


class DateInputSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="One of the gathering's dates, a local day.")


class RegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    event = serializers.IntegerField(source="occurrence.event_id", read_only=True)
    title = serializers.CharField(source="occurrence.event.title", read_only=True)
    date = serializers.DateField(source="occurrence.date", read_only=True)
    starts_at = serializers.DateTimeField(source="occurrence.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="occurrence.ends_at", read_only=True)
    status = registration_status_field()
    waiting_rank = serializers.IntegerField(
        read_only=True, allow_null=True, default=None, help_text="1: the next to move up."
    )
    created_at = serializers.DateTimeField(read_only=True)
    moved_up_at = serializers.DateTimeField(read_only=True, allow_null=True)


class AttendeeSerializer(serializers.Serializer):
    person = PersonSerializer(source="member", read_only=True)
    status = registration_status_field()
    registered_at = serializers.DateTimeField(source="created_at", read_only=True)


class AttendanceSerializer(serializers.Serializer):
    date = serializers.DateField(read_only=True)
    capacity = serializers.IntegerField(read_only=True, allow_null=True)
    taken = serializers.IntegerField(read_only=True)
    people = AttendeeSerializer(
        many=True, read_only=True, help_text="The registered, then the waiting in their order."
    )
