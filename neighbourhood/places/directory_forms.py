"""The directory's forms: its filters, a place (suggested or added, its address in words through
the geocoder), its week of opening hours (seven days, up to two intervals each, plain time
inputs) and its closed periods. Every rule is the service's; these read and say what was typed
wrong in words."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from neighbourhood.places.forms import PlaceInput, PlaceLabels
from neighbourhood.places.geocoding import Candidate
from neighbourhood.places.models import Kind, Place, Service, Weekday
from neighbourhood.places.services import Closing, Hours
from neighbourhood.quartiers.models import Quartier

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

HOUR_WORDS = _("Type an hour between 00:00 and 23:59, for example 09:30.")
DATE_WORDS = _("Type a date, for example 24/12/2026.")
INTERVALS_A_DAY = 2
EMPTY_PERIOD_ROWS = 2


def time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def hour_field(label: StrOrPromise) -> forms.TimeField:
    return forms.TimeField(
        label=label, required=False, widget=time_input(), error_messages={"invalid": HOUR_WORDS}
    )


class DirectoryFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of place"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )
    service = forms.ChoiceField(
        label=_("Service offered"),
        required=False,
        choices=[("", _("Any service")), *Service.choices],
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)

    def __init__(self, *args: Any, quartier: Quartier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.near = PlaceInput(
            self,
            "near",
            labels=PlaceLabels(
                text=_("Near (optional): an address or a place’s name"),
                choice=_("Which place do you mean?"),
                help_text=_("The nearest places come first."),
            ),
            quartier=quartier,
            required=False,
        )
        self.found: Candidate | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.found = self.near.resolve(data)
        return data


class PlaceForm(forms.Form):
    """A place of the directory: what it is, where, what it offers, how to reach it."""

    kind = forms.ChoiceField(label=_("Kind of place"), choices=Kind.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        error_messages={"required": _("Give the place its name.")},
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    services = forms.MultipleChoiceField(
        label=_("Services offered"),
        choices=Service.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose the services from the list.")},
    )
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    accessible_toilets = forms.BooleanField(label=_("Accessible toilets"), required=False)
    hearing_loop = forms.BooleanField(label=_("Hearing loop"), required=False)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    website = forms.URLField(label=_("Website (optional)"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, quartier: Quartier, place: Place | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.place = place
        # Meeting points are the rides' (their page adds them); a meeting point keeps its kind.
        if place is None or place.kind != Kind.MEETING_POINT:
            kind = self.fields["kind"]
            assert isinstance(kind, forms.ChoiceField)
            kind.choices = [c for c in Kind.choices if c[0] != Kind.MEETING_POINT]
        # The place's own name would find itself: only the geocoder's candidates here.
        self.address = PlaceInput(
            self,
            "address",
            labels=PlaceLabels(
                text=_("Address (optional)"),
                choice=_("Which address do you mean?"),
                help_text=_(
                    "For example “12 rue d’Austerlitz, Lyon”. It puts the place on the map."
                ),
            ),
            near=(quartier.latitude, quartier.longitude),
            required=False,
            text_name="address",
        )
        self.found: Candidate | None = None
        order = list(self.fields)
        self.order_fields(
            ["kind", "name", "address", "address_place", "address_query"]
            + [
                n
                for n in order
                if n not in ("kind", "name", "address", "address_place", "address_query")
            ]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.found = self.address.resolve(data)
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "kind",
                "name",
                "description",
                "services",
                "step_free",
                "accessible_toilets",
                "hearing_loop",
                "phone",
                "email",
                "website",
            )
        }
        address = " ".join((data.get("address") or "").split())
        if self.found is not None:
            fields |= {
                "address": self.found.label,
                "latitude": self.found.latitude,
                "longitude": self.found.longitude,
            }
        elif not address:
            fields |= {"address": "", "latitude": None, "longitude": None}
        return fields


def place_initial(place: Place) -> dict[str, Any]:
    initial: dict[str, Any] = {
        name: getattr(place, name)
        for name in (
            "kind",
            "name",
            "description",
            "services",
            "step_free",
            "accessible_toilets",
            "hearing_loop",
            "phone",
            "email",
            "website",
        )
    }
    initial["address"] = place.address
    if place.latitude is not None and place.longitude is not None and place.address:
        # Already found: sent back as chosen, not looked up again.
        chosen = Candidate(label=place.address, latitude=place.latitude, longitude=place.longitude)
        initial |= {"address_place": chosen.value, "address_query": place.address}
    return initial


class DayHoursForm(forms.Form):
    """One day of the week: up to two intervals (a lunch break between them)."""

    weekday = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=6)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        day = str(week_names()[int(self.initial.get("weekday") or 0)])
        self.fields["opens_1"] = hour_field(_("Opens"))
        self.fields["closes_1"] = hour_field(_("Closes"))
        self.fields["opens_2"] = hour_field(_("Opens again (optional)"))
        self.fields["closes_2"] = hour_field(_("Closes again"))
        self.day_name = day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, INTERVALS_A_DAY + 1):
            opens, closes = data.get(f"opens_{n}"), data.get(f"closes_{n}")
            typed_wrong = self.has_error(f"opens_{n}") or self.has_error(f"closes_{n}")
            if (opens is None) != (closes is None) and not typed_wrong:
                missing = f"closes_{n}" if closes is None else f"opens_{n}"
                self.add_error(missing, _("Give both the opening and the closing hour."))
        return data

    def intervals(self) -> list[Hours]:
        data = self.cleaned_data
        return [
            Hours(data["weekday"], data[f"opens_{n}"], data[f"closes_{n}"])
            for n in range(1, INTERVALS_A_DAY + 1)
            if data.get(f"opens_{n}") is not None and data.get(f"closes_{n}") is not None
        ]


def week_names() -> list[str]:
    return [str(label) for label in Weekday.labels]


HoursFormSet = forms.formset_factory(DayHoursForm, extra=0, min_num=7, max_num=7, validate_max=True)


def hours_initial(place: Place | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [{"weekday": day} for day in range(7)]
    if place is None:
        return rows
    for row in place.hours.all():
        day = rows[row.weekday]
        n = 1 + sum(1 for key in day if key.startswith("opens_"))
        if n <= INTERVALS_A_DAY:
            day[f"opens_{n}"], day[f"closes_{n}"] = row.opens, row.closes
    return rows


class ClosedPeriodForm(forms.Form):
    """Days the usual hours do not hold: closed, or open only at the hours given."""

    starts_on = forms.DateField(
        label=_("Closed from"),
        required=False,
        widget=date_input(),
        error_messages={"invalid": DATE_WORDS},
    )
    ends_on = forms.DateField(
        label=_("Until (included)"),
        required=False,
        widget=date_input(),
        error_messages={"invalid": DATE_WORDS},
    )
    label = forms.CharField(label=_("Why (optional)"), max_length=100, required=False)
    opens = hour_field(_("Open on those days from (optional)"))
    closes = hour_field(_("Until (optional)"))
    remove = forms.BooleanField(label=_("Remove this period"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("remove"):
            return data
        starts, ends = data.get("starts_on"), data.get("ends_on")
        anything = starts or ends or data.get("label") or data.get("opens") or data.get("closes")
        if anything and starts is None and not self.has_error("starts_on"):
            self.add_error("starts_on", _("Give the first day of the period."))
        if starts is not None and ends is None and not self.has_error("ends_on"):
            data["ends_on"] = starts  # one day
        return data

    def closing(self) -> Closing | None:
        data = self.cleaned_data
        if data.get("remove") or data.get("starts_on") is None:
            return None
        return Closing(
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            label=data.get("label") or "",
            opens=data.get("opens"),
            closes=data.get("closes"),
        )


ClosedPeriodFormSet = forms.formset_factory(ClosedPeriodForm, extra=EMPTY_PERIOD_ROWS, max_num=30)


def periods_initial(place: Place | None, *, today: datetime.date) -> list[dict[str, Any]]:
    """The periods not over yet (those past are dropped when the form is saved)."""
    if place is None:
        return []
    return [
        {
            "starts_on": period.starts_on,
            "ends_on": period.ends_on,
            "label": period.label,
            "opens": period.opens,
            "closes": period.closes,
        }
        for period in place.closed_periods.filter(ends_on__gte=today)
    ]
