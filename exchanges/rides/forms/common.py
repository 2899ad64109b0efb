"""What the carpooling forms share: the inputs for dates, times and seats, euros and cents,
and the fields a ride and a request both ask for."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from exchanges.rides.models import MAX_SEATS, Ride
from neighbourhood.places.models import Weekday

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def seats_input() -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": 1, "max": MAX_SEATS})


def euros_to_cents(euros: Decimal | None) -> int | None:
    return None if euros is None else int((euros * 100).to_integral_value())


def cents_to_euros(cents: int | None) -> Decimal | None:
    return None if cents is None else Decimal(cents) / 100


def kind_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("How often?"),
        choices=Ride.Kind.choices,
        initial=Ride.Kind.ONE_OFF,
        widget=forms.RadioSelect,
    )


def weekdays_field(label: StrOrPromise) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=label,
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def period_fields() -> tuple[forms.DateField, forms.DateField]:
    return (
        forms.DateField(label=_("First day"), required=False, widget=date_input()),
        forms.DateField(label=_("Last day"), required=False, widget=date_input()),
    )
