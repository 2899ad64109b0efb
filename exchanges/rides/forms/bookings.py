"""Seats on a ride: asking for them, and calling off a booking, a date or a ride."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from exchanges.rides.forms.common import date_input, seats_input
from neighbourhood.pages import ServiceForm

REASON_MAX_LENGTH = 300
MESSAGE_MAX_LENGTH = 500


class BookingForm(ServiceForm):
    """Asking for seats: on one date, or (a regular ride) on every date of a period."""

    ONE_DATE, PERIOD = "date", "period"

    aliases = {"dates": "date"}

    mode = forms.ChoiceField(
        label=_("Which dates?"),
        choices=[(ONE_DATE, _("One date")), (PERIOD, _("Every date of a period"))],
        initial=ONE_DATE,
        widget=forms.RadioSelect,
    )
    date = forms.DateField(label=_("Date"), required=False, widget=forms.Select)
    first = forms.DateField(
        label=pgettext_lazy("period", "From"), required=False, widget=date_input()
    )
    last = forms.DateField(label=_("To (included)"), required=False, widget=date_input())
    seats = forms.IntegerField(label=_("Seats"), initial=1, widget=seats_input())
    message = forms.CharField(
        label=_("A message for the driver (optional)"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        dates: list[tuple[datetime.date, str]],
        period: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        date = self.fields["date"]
        assert isinstance(date.widget, forms.Select)
        date.widget.choices = [(day.isoformat(), label) for day, label in dates]
        if dates and "date" not in self.initial:
            self.initial["date"] = dates[0][0].isoformat()
        # One date to choose from is no choice: the page says which, and sends it hidden.
        # The hidden input has an id of its own, so that the list of errors can link to the
        # text's block, which has the field's.
        self.only_date = dates[0][1] if len(dates) == 1 else ""
        if self.only_date:
            block_id = self["date"].auto_id
            date.widget = forms.HiddenInput(attrs={"id": f"{block_id}_value"} if block_id else None)
        if not period:
            for name in ("mode", "first", "last"):
                del self.fields[name]

    @property
    def period(self) -> bool:
        return "mode" in self.fields and self.cleaned_data.get("mode") == self.PERIOD

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.period:
            self.aliases = {"dates": "first"}
            first, last = data.get("first"), data.get("last")
            if (first is None or last is None) and not self.has_error("first"):
                self.add_error("first", _("Give the first and last dates."))
            elif first is not None and last is not None and last < first:
                self.add_error("last", _("The last date must come after the first."))
        elif data.get("date") is None and not self.has_error("date"):
            self.add_error("date", _("Choose a date."))
        return data


class ReasonForm(forms.Form):
    """Why a date, a booking or a ride is called off (optional), told to the other side."""

    reason = forms.CharField(
        label=_("Why (optional)"), max_length=REASON_MAX_LENGTH, required=False
    )


class TripCancelForm(ReasonForm):
    date = forms.DateField(label=_("Date"))
