"""Fields of the carpool API whose errors read as sentences, and the ranges they check."""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from exchanges.rides.models import (
    MAX_SEATS,
)
from neighbourhood.api import id_field

LATITUDE_RANGE = gettext_lazy("A latitude lies between -90 and 90.")
LONGITUDE_RANGE = gettext_lazy("A longitude lies between -180 and 180.")
LATITUDE_NOT_A_NUMBER = gettext_lazy("A latitude is a number.")
LONGITUDE_NOT_A_NUMBER = gettext_lazy("A longitude is a number.")
LATITUDE_MISSING = gettext_lazy("Give the latitude.")
LONGITUDE_MISSING = gettext_lazy("Give the longitude.")
# A lazy string's "%" is applied at once, in the language of the moment: these wait for the
# request's language instead.
OFFER_SEATS = lazy(lambda: _("Offer 1 to %(count)s seats.") % {"count": MAX_SEATS}, str)()
ASK_SEATS = lazy(lambda: _("Ask for 1 to %(count)s seats.") % {"count": MAX_SEATS}, str)()
NOT_A_POINT = gettext_lazy("Choose a meeting point of this quartier.")


# --- fields -----------------------------------------------------------------------------------


def _coordinate_field(
    bound: int, out_of_range: Any, not_a_number: Any, missing: Any, **kwargs: Any
) -> serializers.FloatField:
    return serializers.FloatField(
        min_value=-bound,
        max_value=bound,
        error_messages={
            "min_value": out_of_range,
            "max_value": out_of_range,
            "invalid": not_a_number,
            "required": missing,
        },
        **kwargs,
    )


def latitude_field(**kwargs: Any) -> serializers.FloatField:
    return _coordinate_field(90, LATITUDE_RANGE, LATITUDE_NOT_A_NUMBER, LATITUDE_MISSING, **kwargs)


def longitude_field(**kwargs: Any) -> serializers.FloatField:
    return _coordinate_field(
        180, LONGITUDE_RANGE, LONGITUDE_NOT_A_NUMBER, LONGITUDE_MISSING, **kwargs
    )


def seats_field(message: Any, **kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_SEATS,
        error_messages={"min_value": message, "max_value": message},
        **kwargs,
    )


def point_id_field(help_text: str) -> serializers.IntegerField:
    return id_field(
        required=False,
        help_text=help_text,
        error_messages={"min_value": NOT_A_POINT, "max_value": NOT_A_POINT, "invalid": NOT_A_POINT},
    )
