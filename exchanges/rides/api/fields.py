"""Fields of the carpool API whose errors read as sentences, and the ranges they check."""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.fields import empty

from exchanges.rides.models import (
    MAX_SEATS,
)

HH_MM = "%H:%M"
LATITUDE_RANGE = gettext_lazy("A latitude lies between -90 and 90.")
LONGITUDE_RANGE = gettext_lazy("A longitude lies between -180 and 180.")
# A lazy string's "%" is applied at once, in the language of the moment: these wait for the
# request's language instead.
OFFER_SEATS = lazy(lambda: _("Offer 1 to %(count)s seats.") % {"count": MAX_SEATS}, str)()
ASK_SEATS = lazy(lambda: _("Ask for 1 to %(count)s seats.") % {"count": MAX_SEATS}, str)()
NOT_A_POINT = gettext_lazy("Choose a meeting point of this quartier.")


# --- fields -----------------------------------------------------------------------------------


def _flat(detail: Any) -> list[str]:
    """Every message of a nested error (a list item's, a sub-field's), in order."""
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _flat(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _flat(value)]
    return [str(detail)]


class FlatListField(serializers.ListField):
    """A list whose errors read as sentences under the list's own name, not by item index."""

    def to_internal_value(self, data: Any) -> list[Any]:
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError(_flat(error.detail)) from None


class FlatSerializer(serializers.Serializer):
    """A nested input whose errors read as sentences under the parent's field name."""

    def run_validation(self, data: Any = empty) -> Any:
        try:
            return super().run_validation(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError(_flat(error.detail)) from None


def latitude_field(**kwargs: Any) -> serializers.FloatField:
    return serializers.FloatField(
        min_value=-90,
        max_value=90,
        error_messages={
            "min_value": LATITUDE_RANGE,
            "max_value": LATITUDE_RANGE,
            "invalid": gettext_lazy("A latitude is a number."),
            "required": gettext_lazy("Give the latitude."),
        },
        **kwargs,
    )


def longitude_field(**kwargs: Any) -> serializers.FloatField:
    return serializers.FloatField(
        min_value=-180,
        max_value=180,
        error_messages={
            "min_value": LONGITUDE_RANGE,
            "max_value": LONGITUDE_RANGE,
            "invalid": gettext_lazy("A longitude is a number."),
            "required": gettext_lazy("Give the longitude."),
        },
        **kwargs,
    )


def seats_field(message: Any, **kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_SEATS,
        error_messages={"min_value": message, "max_value": message},
        **kwargs,
    )


def time_field(**kwargs: Any) -> serializers.TimeField:
    return serializers.TimeField(format=HH_MM, help_text="HH:MM, local time.", **kwargs)


def point_id_field(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=help_text,
        error_messages={"min_value": NOT_A_POINT, "invalid": NOT_A_POINT},
    )
