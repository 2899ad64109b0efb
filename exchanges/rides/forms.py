"""What residents type on the carpooling pages, read into the shapes the services take: places,
aware datetimes, weekday times, cents. The rules are the services'; a form checks only what it
needs to build those shapes (a date that parses, a time for each weekday ticked).

A service names its refusals after its own arguments (``contribution_cents``, ``weekly``,
``earliest_at``); each form says under which of its fields they belong (``aliases``), so that
`neighbourhood.pages.add_service_errors` shows every refusal next to what the resident typed.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.utils import from_current_timezone
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from exchanges.rides.models import MAX_SEATS, NOTES_MAX_LENGTH, MeetingPoint, Ride, Weekday
from exchanges.rides.services import Place

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Dates typed by hand (the dates off of a regular ride): ISO, or day first as the site writes
# them in both languages (Django's English input formats would read 03/04 as the 4th of March).
DAY_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"]
MAX_DATES_OFF = 200
REASON_MAX_LENGTH = 300
MESSAGE_MAX_LENGTH = 500
# A search given only its earliest time looks this far after it.
SEARCH_WINDOW = datetime.timedelta(hours=1)


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _coordinate_input(limit: int) -> forms.NumberInput:
    # Bounds for the phone's keyboard; the service says what is wrong with a bad value.
    return forms.NumberInput(attrs={"step": "any", "min": -limit, "max": limit})


def _seats_input() -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": 1, "max": MAX_SEATS})


def euros_to_cents(euros: Decimal | None) -> int | None:
    return None if euros is None else int((euros * 100).to_integral_value())


def cents_to_euros(cents: int | None) -> Decimal | None:
    return None if cents is None else Decimal(cents) / 100


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


class ServiceForm(forms.Form):
    """A form whose refusals come from a service, under the service's names."""

    aliases: dict[str, str] = {}

    def renamed(self, error: ValidationError) -> ValidationError:
        """``error`` with each name the service uses turned into this form's field's."""
        if not hasattr(error, "error_dict"):
            return error
        merged: dict[str, list[str]] = {}
        for name, messages in error.message_dict.items():
            merged.setdefault(self.aliases.get(name, name), []).extend(messages)
        return ValidationError(merged)


PLACE_LABELS = {
    "origin": {
        "point": _("Meeting point of departure"),
        "label": _("Place of departure, in a few words"),
        "latitude": _("Latitude of departure"),
        "longitude": _("Longitude of departure"),
    },
    "destination": {
        "point": _("Meeting point of arrival"),
        "label": _("Place of arrival, in a few words"),
        "latitude": _("Latitude of arrival"),
        "longitude": _("Longitude of arrival"),
    },
}


class PlaceForm(ServiceForm):
    """Where from, where to: a meeting point of the quartier, or a label and coordinates typed
    (or filled in by the map when JavaScript runs)."""

    def __init__(
        self,
        *args: Any,
        points: QuerySet[MeetingPoint],
        for_search: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.aliases = dict(self.aliases)
        self.has_points = points.exists()
        fields = dict(self.fields)
        self.fields = {}
        for prefix in ("origin", "destination"):
            self._add_place(prefix, points, for_search)
        self.fields.update(fields)

    def _add_place(self, prefix: str, points: QuerySet[MeetingPoint], for_search: bool) -> None:
        # Each label names its place: the list of errors at the top shows them out of their
        # fieldset.
        labels = PLACE_LABELS[prefix]
        if self.has_points:
            self.fields[prefix] = forms.ModelChoiceField(
                label=labels["point"],
                queryset=points,
                required=False,
                empty_label=_("Another place: say where below"),
            )
        else:
            # No select to show "choose a meeting point or type the coordinates" next to.
            self.aliases[prefix] = f"{prefix}_latitude"
        if not for_search:
            self.fields[f"{prefix}_label"] = forms.CharField(
                label=labels["label"],
                max_length=200,
                required=False,
                help_text=_("For example: in front of the bakery, 12 rue d’Austerlitz."),
            )
        # A search reaches no service: it checks the bounds itself.
        self.fields[f"{prefix}_latitude"] = forms.FloatField(
            label=labels["latitude"],
            required=False,
            min_value=-90 if for_search else None,
            max_value=90 if for_search else None,
            widget=_coordinate_input(90),
            help_text=_("Pick the place on the map, or type it (for example 45.7745)."),
        )
        self.fields[f"{prefix}_longitude"] = forms.FloatField(
            label=labels["longitude"],
            required=False,
            min_value=-180 if for_search else None,
            max_value=180 if for_search else None,
            widget=_coordinate_input(180),
            help_text=_("For example 4.8320."),
        )

    def place(self, prefix: str) -> Place:
        data = self.cleaned_data
        return Place(
            label=data.get(f"{prefix}_label") or "",
            latitude=data.get(f"{prefix}_latitude"),
            longitude=data.get(f"{prefix}_longitude"),
            point=data.get(prefix),
        )

    # Each place's fields, for the page to group them under one legend.

    @property
    def origin_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.split("_")[0] == "origin"]

    @property
    def destination_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.split("_")[0] == "destination"]


def _kind_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("How often?"),
        choices=Ride.Kind.choices,
        initial=Ride.Kind.ONE_OFF,
        widget=forms.RadioSelect,
    )


def _weekdays_field(label: StrOrPromise) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=label,
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _period_fields() -> tuple[forms.DateField, forms.DateField]:
    return (
        forms.DateField(label=_("First day"), required=False, widget=date_input()),
        forms.DateField(label=_("Last day"), required=False, widget=date_input()),
    )


class RideDetailsForm(ServiceForm):
    """What a driver can still change once the ride is published (`services.RIDE_EDITABLE`)."""

    aliases = {"contribution_cents": "contribution", "detour_km": "detour_value"}

    seats = forms.IntegerField(label=_("Seats offered"), initial=3, widget=_seats_input())
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

    kind = _kind_field()
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
    weekdays = _weekdays_field(_("Weekdays you drive"))
    valid_from, valid_until = _period_fields()
    dates_off = forms.CharField(
        label=_("Days off (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, points: QuerySet[MeetingPoint], **kwargs: Any) -> None:
        super().__init__(*args, points=points, **kwargs)
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


def initial_place(
    prefix: str, *, label: str, latitude: float, longitude: float, point_id: int | None
) -> dict[str, Any]:
    return {
        prefix: point_id,
        f"{prefix}_label": label,
        f"{prefix}_latitude": latitude,
        f"{prefix}_longitude": longitude,
    }


class RideRequestForm(PlaceForm):
    """Asking for a ride: where, and a window of departure once or on some weekdays."""

    aliases = {"earliest_at": "earliest_time", "latest_at": "latest_time"}

    kind = _kind_field()
    day = forms.DateField(label=_("Date"), required=False, widget=date_input())
    weekdays = _weekdays_field(_("Weekdays"))
    earliest_time = forms.TimeField(
        label=_("Leave at the earliest"), required=False, widget=time_input()
    )
    latest_time = forms.TimeField(
        label=_("Leave at the latest"), required=False, widget=time_input()
    )
    valid_from, valid_until = _period_fields()
    seats = forms.IntegerField(label=_("Seats needed"), initial=1, widget=_seats_input())
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
        widget=_seats_input(),
    )

    def __init__(self, *args: Any, points: QuerySet[MeetingPoint], **kwargs: Any) -> None:
        super().__init__(*args, points=points, for_search=True, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for prefix in ("origin", "destination"):
            point = data.get(prefix)
            latitude, longitude = data.get(f"{prefix}_latitude"), data.get(f"{prefix}_longitude")
            if point is not None:
                data[f"{prefix}_point"] = (point.latitude, point.longitude)
            elif latitude is not None and longitude is not None:
                data[f"{prefix}_point"] = (latitude, longitude)
            elif not self.has_error(f"{prefix}_latitude") and not self.has_error(
                f"{prefix}_longitude"
            ):
                self.add_error(
                    prefix if self.has_points else f"{prefix}_latitude",
                    _("Choose a meeting point, or give the latitude and longitude."),
                )
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
    first = forms.DateField(label=_("From"), required=False, widget=date_input())
    last = forms.DateField(label=_("To (included)"), required=False, widget=date_input())
    seats = forms.IntegerField(label=_("Seats"), initial=1, widget=_seats_input())
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


class MeetingPointForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What everyone calls it, for example “Market square” or “School gate”."),
    )
    address = forms.CharField(label=_("Address (optional)"), max_length=200, required=False)
    latitude = forms.FloatField(
        label=_("Latitude"),
        widget=_coordinate_input(90),
        help_text=_("Pick the place on the map, or type it (for example 45.7745)."),
    )
    longitude = forms.FloatField(
        label=_("Longitude"), widget=_coordinate_input(180), help_text=_("For example 4.8320.")
    )
