"""Fields of the produce API whose errors read as sentences, and the ranges they check."""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from exchanges.produce.services.orders import MAX_QUANTITY
from exchanges.produce.services.producers import MAX_PRICE_CENTS

# The flat error helpers are the carpool API's: one shape of error for the whole API.
from neighbourhood.api import FlatListField, FlatSerializer, time_field

__all__ = [
    "FlatListField",
    "FlatSerializer",
    "amount_field",
    "cents_field",
    "places_field",
    "quantity_field",
    "stock_field",
    "time_field",
    "weight_field",
]

MAX_AMOUNT_CENTS = 10_000_00
MAX_PLACES = 50
MAX_WEIGHT_GRAMS = 100_000
# The same sentences as the services', so that a refusal reads alike whoever spots it first. A
# lazy string's "%" is applied at once, in the language of the moment: these wait for the
# request's language instead.
PRICE_RANGE = gettext_lazy("A price lies between 0 and 1,000 euros.")
AMOUNT_RANGE = gettext_lazy("An amount lies between 0 and 10,000 euros.")
ORDER_RANGE = lazy(lambda: _("Order between 0 and %(count)s.") % {"count": MAX_QUANTITY}, str)()
STOCK_RANGE = gettext_lazy("Quantities are whole numbers, limits at least 1.")
PLACES_RANGE = gettext_lazy("A role needs 1 to 50 people.")
WEIGHT_RANGE = gettext_lazy("Give the weight in grams, up to 100 kg.")


def _ranged(message: Any, low: int, high: int | None, **kwargs: Any) -> serializers.IntegerField:
    if high is not None:
        kwargs["max_value"] = high
    return serializers.IntegerField(
        min_value=low, error_messages={"min_value": message, "max_value": message}, **kwargs
    )


def cents_field(**kwargs: Any) -> serializers.IntegerField:
    """A product's price, in cents (per kg for a product weighed at the distribution)."""
    return _ranged(PRICE_RANGE, 0, MAX_PRICE_CENTS, **kwargs)


def amount_field(**kwargs: Any) -> serializers.IntegerField:
    return _ranged(AMOUNT_RANGE, 0, MAX_AMOUNT_CENTS, **kwargs)


def quantity_field(**kwargs: Any) -> serializers.IntegerField:
    return _ranged(ORDER_RANGE, 0, MAX_QUANTITY, **kwargs)


def stock_field(low: int, **kwargs: Any) -> serializers.IntegerField:
    return _ranged(STOCK_RANGE, low, None, required=False, allow_null=True, default=None, **kwargs)


def places_field(**kwargs: Any) -> serializers.IntegerField:
    return _ranged(PLACES_RANGE, 1, MAX_PLACES, **kwargs)


def weight_field(**kwargs: Any) -> serializers.IntegerField:
    return _ranged(WEIGHT_RANGE, 1, MAX_WEIGHT_GRAMS, **kwargs)


def optional_text_field(max_length: int, help_text: str) -> serializers.CharField:
    """Words that may be left out or left empty: ``""`` then."""
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", help_text=help_text
    )
