"""A passenger's side: asking for a ride (published, once or on some weekdays), or looking
for one on a date (nothing published)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.forms.utils import from_current_timezone
from django.utils.translation import gettext_lazy as _

from exchanges.rides.forms.common import (
    date_input,
    kind_field,
    period_fields,
    seats_input,
    time_input,
    weekdays_field,
)
from exchanges.rides.forms.places import PlaceForm
from exchanges.rides.models import MAX_SEATS, NOTES_MAX_LENGTH, Ride

# A search given only its earliest time looks this far after it.
SEARCH_WINDOW = datetime.timedelta(hours=1)


class RideRequestForm(PlaceForm):
    """Asking for a ride: where, and a window of departure once or on some weekdays."""

    aliases = {"earliest_at": "earliest_time", "latest_at": "latest_time"}

    kind = kind_field()
    day = forms.DateField(label=_("Date"), required=False, widget=date_input())
    weekdays = weekdays_field(_("Weekdays"))
    earliest_time = forms.TimeField(
        label=_("Leave at the earliest"), required=False, widget=time_input()
    )
    latest_time = forms.TimeField(
        label=_("Leave at the latest"), required=False, widget=time_input()
    )
    valid_from, valid_until = period_fields()
    seats = forms.IntegerField(label=_("Seats needed"), initial=1, widget=seats_input())
    notes = forms.CharField(
        label=_("Notes (optional)"),
        max_length=NOTES_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: with a pushchair, or how flexible you are."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Ride.Kind.ONE_OFF:
            day = data.get("day")
            if day is None and "day" not in self.errors:
                self.add_error("day", _("Give the date."))
            for name in ("earliest", "latest"):
                time = data.get(f"{name}_time")
                data[f"{name}_at"] = (
                    None
                    if day is None or time is None
                    else from_current_timezone(datetime.datetime.combine(day, time))
                )
        return data

    def service_fields(self) -> dict[str, Any]:
        """What `services.ride_request_create` takes, but for the quartier and the passenger."""
        data = self.cleaned_data
        fields: dict[str, Any] = {
            "kind": data["kind"],
            "origin": self.place("origin"),
            "destination": self.place("destination"),
            "seats": data["seats"],
            "notes": data["notes"],
        }
        if data["kind"] == Ride.Kind.REGULAR:
            fields |= {
                "weekdays": data.get("weekdays") or [],
                "earliest_time": data.get("earliest_time"),
                "latest_time": data.get("latest_time"),
                "valid_from": data.get("valid_from"),
                "valid_until": data.get("valid_until"),
            }
        else:
            fields |= {"earliest_at": data.get("earliest_at"), "latest_at": data.get("latest_at")}
        return fields


class RideSearchForm(PlaceForm):
    """Looking for a ride without publishing anything, on one date. Sent with GET."""

    date = forms.DateField(label=_("Date"), widget=date_input())
    earliest = forms.TimeField(label=_("Leave at the earliest"), widget=time_input())
    latest = forms.TimeField(
        label=_("Leave at the latest (optional)"),
        required=False,
        widget=time_input(),
        help_text=_("Left empty: one hour after the earliest."),
    )
    seats = forms.IntegerField(
        label=_("Seats needed"),
        initial=1,
        min_value=1,
        max_value=MAX_SEATS,
        widget=seats_input(),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for prefix in ("origin", "destination"):
            place = self.place(prefix)
            point = place.point
            if point is not None:
                data[f"{prefix}_point"] = (point.latitude, point.longitude)
            elif place.latitude is not None and place.longitude is not None:
                data[f"{prefix}_point"] = (place.latitude, place.longitude)
        earliest, latest = data.get("earliest"), data.get("latest")
        if earliest is not None and latest is None:
            later = datetime.datetime.combine(datetime.date.min, earliest) + SEARCH_WINDOW
            # Not past midnight: the search is for one date.
            data["latest"] = (
                later.time() if later.date() == datetime.date.min else datetime.time(23, 59)
            )
        elif earliest is not None and latest is not None and latest < earliest:
            self.add_error("latest", _("The latest departure must come after the earliest."))
        return data
