"""A driver's ride: publishing it (once, or every week), its way back, and what can still
change once it is published."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from exchanges.rides.forms.common import (
    cents_to_euros,
    euros_to_cents,
    kind_field,
    period_fields,
    seats_input,
    time_input,
    weekdays_field,
)
from exchanges.rides.forms.places import PlaceForm, initial_place
from exchanges.rides.models import NOTES_MAX_LENGTH, MeetingPoint, Ride
from neighbourhood.pages import ServiceForm
from neighbourhood.places.models import Weekday
from neighbourhood.quartiers.models import Quartier

# Dates typed by hand (the dates off of a regular ride): ISO, or day first as the site writes
# them in both languages (Django's English input formats would read 03/04 as the 4th of March).
DAY_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"]
MAX_DATES_OFF = 200


def parse_days(text: str) -> tuple[list[datetime.date], list[str]]:
    """The dates in ``text``, separated by commas, semicolons or lines; and what did not parse."""
    days, bad = [], []
    for piece in re.split(r"[,;\n]+", text):
        piece = piece.strip()
        if not piece:
            continue
        for day_format in DAY_FORMATS:
            try:
                days.append(datetime.datetime.strptime(piece, day_format).date())
                break
            except ValueError:
                continue
        else:
            bad.append(piece)
    return days, bad


class RideDetailsForm(ServiceForm):
    """What a driver can still change once the ride is published (`services.RIDE_EDITABLE`)."""

    aliases = {"contribution_cents": "contribution", "detour_km": "detour_value"}

    seats = forms.IntegerField(label=_("Seats offered"), initial=3, widget=seats_input())
    contribution = forms.DecimalField(
        label=_("Contribution per seat, in euros (optional)"),
        max_digits=6,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.50", "min": 0, "inputmode": "decimal"}),
        help_text=_(
            "What each passenger gives towards fuel. Left empty, the ride’s page suggests "
            "an amount: about 6 cents a kilometre."
        ),
    )
    detour_value = forms.IntegerField(
        label=_("Detour you accept to pick up or drop a passenger"),
        initial=10,
        widget=forms.NumberInput(attrs={"min": 0, "max": 120}),
    )
    detour_unit = forms.ChoiceField(
        label=_("Detour counted in"),
        choices=Ride.DetourUnit.choices,
        initial=Ride.DetourUnit.MINUTES,
    )
    luggage = forms.BooleanField(label=_("Room for luggage"), required=False)
    bikes = forms.BooleanField(label=_("Bikes welcome"), required=False)
    pets = forms.BooleanField(label=_("Pets welcome"), required=False)
    smoking = forms.BooleanField(label=_("Smoking allowed"), required=False)
    notes = forms.CharField(
        label=_("Notes (optional)"),
        max_length=NOTES_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: where exactly you wait, or the colour of the car."),
    )
    auto_accept = forms.BooleanField(
        label=_("Accept seat requests automatically"),
        required=False,
        help_text=_("Otherwise you answer each request yourself."),
    )

    def details(self) -> dict[str, Any]:
        """The editable fields, as `services.ride_create` and `ride_update` take them."""
        data = self.cleaned_data
        return {
            "seats": data["seats"],
            "contribution_cents": euros_to_cents(data.get("contribution")),
            "detour_value": data["detour_value"],
            "detour_unit": data["detour_unit"],
            "luggage": data["luggage"],
            "bikes": data["bikes"],
            "pets": data["pets"],
            "smoking": data["smoking"],
            "notes": data["notes"],
            "auto_accept": data["auto_accept"],
        }


def ride_details_initial(ride: Ride) -> dict[str, Any]:
    return {
        "seats": ride.seats,
        "contribution": cents_to_euros(ride.contribution_cents),
        "detour_value": ride.detour_value,
        "detour_unit": ride.detour_unit,
        "luggage": ride.luggage,
        "bikes": ride.bikes,
        "pets": ride.pets,
        "smoking": ride.smoking,
        "notes": ride.notes,
        "auto_accept": ride.auto_accept,
    }


class RideEditForm(RideDetailsForm):
    pass


@dataclass(frozen=True)
class WeekdayRow:
    """A line of the weekly timetable: the weekday's box and the time it leaves."""

    checkbox: Any  # BoundWidget
    time: forms.BoundField


class RideForm(PlaceForm, RideDetailsForm):
    """Publishing a ride: where, when (once, or every week), and the details."""

    aliases = {**RideDetailsForm.aliases, "weekly": "weekdays"}

    kind = kind_field()
    via = forms.ModelMultipleChoiceField(
        label=_("Passing by (optional)"),
        queryset=MeetingPoint.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Meeting points on your way, where passengers can wait for you."),
    )
    departs_at = forms.SplitDateTimeField(
        label=_("Departure"),
        required=False,
        widget=forms.SplitDateTimeWidget(
            date_attrs={"type": "date"},
            time_attrs={"type": "time"},
            date_format="%Y-%m-%d",
            time_format="%H:%M",
        ),
    )
    weekdays = weekdays_field(_("Weekdays you drive"))
    valid_from, valid_until = period_fields()
    dates_off = forms.CharField(
        label=_("Days off (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, points: QuerySet[MeetingPoint], quartier: Quartier, **kwargs: Any
    ) -> None:
        super().__init__(*args, points=points, quartier=quartier, **kwargs)
        # The legend names the departure; each of its two inputs says what it holds.
        departs_at = self.fields["departs_at"].widget
        assert isinstance(departs_at, forms.SplitDateTimeWidget)
        departs_at.widgets[0].attrs["aria-label"] = gettext("Date")
        departs_at.widgets[1].attrs["aria-label"] = gettext("Time")
        self.fields["dates_off"].help_text = gettext(
            "Dates you do not drive, separated by commas or one a line, for example %(example)s."
        ) % {"example": _example_days()}
        for day in Weekday:
            self.fields[f"weekday_{day.value}"] = forms.TimeField(
                label=gettext("Time on %(day)s") % {"day": day.label},
                required=False,
                widget=time_input(),
            )
        if self.has_points:
            via = self.fields["via"]
            assert isinstance(via, forms.ModelMultipleChoiceField)
            via.queryset = points
        else:
            del self.fields["via"]

    # The fields the page keeps behind a summary until asked for; an error opens them.

    @property
    def details_have_errors(self) -> bool:
        hidden = [name for name in RideDetailsForm.base_fields if name != "seats"] + ["via"]
        return any(name in self.errors for name in hidden)

    @property
    def period_has_errors(self) -> bool:
        return any(name in self.errors for name in ("valid_from", "valid_until", "dates_off"))

    def weekday_rows(self) -> list[WeekdayRow]:
        boxes = list(self["weekdays"])
        return [WeekdayRow(box, self[f"weekday_{n}"]) for n, box in enumerate(boxes)]

    def clean_dates_off(self) -> list[datetime.date]:
        if self.cleaned_data.get("kind") != Ride.Kind.REGULAR:
            return []  # only a weekly ride has days off
        days, bad = parse_days(self.cleaned_data["dates_off"])
        if bad:
            raise ValidationError(
                [
                    ValidationError(
                        _("“%(value)s” is not a date: write it day/month/year, like %(example)s."),
                        code="invalid",
                        params={"value": piece, "example": _example_days().split(",")[0]},
                    )
                    for piece in bad
                ]
            )
        if len(days) > MAX_DATES_OFF:
            raise ValidationError(_("At most %(count)s days off."), params={"count": MAX_DATES_OFF})
        return days

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        weekly: dict[int, datetime.time] = {}
        if data.get("kind") == Ride.Kind.REGULAR:
            ticked = set(data.get("weekdays") or [])
            for day in Weekday:
                time = data.get(f"weekday_{day.value}")
                if time is not None:
                    # A time typed is enough: the box is there to help, not to be forgotten.
                    weekly[day.value] = time
                elif day.value in ticked and f"weekday_{day.value}" not in self.errors:
                    self.add_error(
                        f"weekday_{day.value}",
                        gettext("Give the time you leave on %(day)s.") % {"day": day.label},
                    )
        data["weekly"] = weekly
        if "via" in data:
            # The ride starts or ends there: passing by it too would add nothing.
            ends = {point.pk for point in map(self.chosen_point, self.places) if point}
            data["via"] = [point for point in data["via"] if point.pk not in ends]
        return data

    def service_fields(self) -> dict[str, Any]:
        """What `services.ride_create` takes, but for the quartier, the driver and return_of."""
        data = self.cleaned_data
        fields: dict[str, Any] = {
            "kind": data["kind"],
            "origin": self.place("origin"),
            "destination": self.place("destination"),
            "via": list(data.get("via") or []),
            **self.details(),
        }
        if data["kind"] == Ride.Kind.REGULAR:
            fields |= {
                "weekly": data["weekly"],
                "valid_from": data.get("valid_from"),
                "valid_until": data.get("valid_until"),
                "dates_off": data.get("dates_off") or [],
            }
        else:
            fields["departs_at"] = data.get("departs_at")
        return fields


def return_ride_initial(outbound: Ride) -> dict[str, Any]:
    """The way back of ``outbound``: the same ride, from its destination to its origin."""
    initial = {
        "kind": outbound.kind,
        **initial_place(
            "origin",
            label=outbound.destination_label,
            latitude=outbound.destination_latitude,
            longitude=outbound.destination_longitude,
            point_id=outbound.destination_point_id,
        ),
        **initial_place(
            "destination",
            label=outbound.origin_label,
            latitude=outbound.origin_latitude,
            longitude=outbound.origin_longitude,
            point_id=outbound.origin_point_id,
        ),
        "via": [point.pk for point in outbound.via.all()],
        **ride_details_initial(outbound),
    }
    if outbound.is_regular:
        initial |= {
            "weekdays": [departure.weekday for departure in outbound.weekly.all()],
            "valid_from": outbound.valid_from,
            "valid_until": outbound.valid_until,
        }
    elif outbound.departs_at is not None:
        # The same day; the driver says when they come back.
        initial["departs_at"] = [timezone.localdate(outbound.departs_at), None]
    return initial


def _example_days() -> str:
    year = timezone.localdate().year
    return f"24/12/{year}, 31/12/{year}"
