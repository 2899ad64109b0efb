"""What a coordinator sets for the quartier's AMAP: its distribution days, the year's
membership fee, and each member's payment of it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from exchanges.produce.forms.common import EurosField, euros_to_cents, time_input
from exchanges.produce.models import InstalmentState, Payment
from neighbourhood.pages import ServiceForm
from neighbourhood.places.models import Weekday


class DistributionDayForm(ServiceForm):
    weekday = forms.TypedChoiceField(label=_("Day"), choices=Weekday.choices, coerce=int)
    starts_at = forms.TimeField(label=pgettext_lazy("distribution", "From"), widget=time_input())
    ends_at = forms.TimeField(label=pgettext_lazy("distribution", "To"), widget=time_input())
    place = forms.CharField(
        label=_("Place of the distribution"),
        max_length=200,
        help_text=_("For example: Maison des associations, 12 rue d'Austerlitz."),
    )


class FeeForm(ServiceForm):
    aliases = {"amount_cents": "amount"}

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = EurosField(label=_("Membership fee, in euros"))
    required = forms.BooleanField(
        label=_("Required before subscribing to a contract"), required=False, initial=True
    )

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["amount_cents"] = euros_to_cents(data.pop("amount"))
        return data


class FeePaymentForm(ServiceForm):
    method = forms.ChoiceField(
        label=_("Paid by"), choices=Payment.Method.choices, initial=Payment.Method.CHEQUE
    )
    cheque_number = forms.CharField(
        label=_("Cheque number (optional)"), max_length=30, required=False
    )
    bank = forms.CharField(label=_("Bank (optional)"), max_length=60, required=False)
    state = forms.ChoiceField(
        label=_("State"),
        choices=[
            (InstalmentState.TO_RECEIVE.value, InstalmentState.TO_RECEIVE.label),
            (InstalmentState.RECEIVED.value, InstalmentState.RECEIVED.label),
        ],
        initial=InstalmentState.TO_RECEIVE,
    )
