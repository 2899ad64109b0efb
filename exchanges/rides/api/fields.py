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

LATITUDE_RANGE = gettext_lazy("A latitude lies between -90 and 90.")
LONGITUDE_RANGE = gettext_lazy("A longitude lies between -180 and 180.")
# A lazy string's "%" is applied at once, in the language of the moment: these wait for the
# request's language instead.
OFFER_SEATS = lazy(lambda: _("Offer 1 to %(count)s seats.") % {"count": MAX_SEATS}, str)()
ASK_SEATS = lazy(lambda: _("Ask for 1 to %(count)s seats.") % {"count": MAX_SEATS}, str)()
NOT_A_POINT = gettext_lazy("Choose a meeting point of this quartier.")


# --- fields -----------------------------------------------------------------------------------


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


def point_id_field(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=help_text,
        error_messages={"min_value": NOT_A_POINT, "invalid": NOT_A_POINT},
    )
