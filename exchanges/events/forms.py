"""The forms of gatherings: publishing or changing one (when and how often in a fieldset of
its own, plain fields without a script), a date to take off, and the date a button registers
for."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from exchanges.events.models import DESCRIPTION_MAX_LENGTH, MAX_CAPACITY, MAX_INTERVAL, Event
from neighbourhood.pages import ServiceForm
from neighbourhood.places.directory_forms import HOUR_WORDS
from neighbourhood.places.forms import PlaceInput, PlaceLabels
from neighbourhood.places.models import Place
from neighbourhood.quartiers.models import Quartier

WHEN_FIELDS = ["date", "start_time", "end_time", "repeat", "interval", "repeat_until"]


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _time(label: Any) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": HOUR_WORDS},
    )


class EventForm(ServiceForm):
    aliases = {"starts_at": "date", "ends_at": "end_time"}

    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_("For example: repair café, café débat, an initiation to e-mail."),
    )
    description = forms.CharField(
        label=_("What happens, for whom, what to bring"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    place = forms.ModelChoiceField(
        label=_("At one of the quartier's places"),
        queryset=Place.objects.none(),
        required=False,
        empty_label=_("Another place: I type its address below"),
    )
    date = _date(_("Date (the first one, if it repeats)"))
    start_time = _time(_("From"))
    end_time = _time(_("To"))
    repeat = forms.ChoiceField(
        label=_("How often?"),
        choices=Event.Repeat.choices,
        initial=Event.Repeat.NONE,
        widget=forms.RadioSelect,
        help_text=_(
            "“On the same weekday” follows the first date: the second Saturday, the last Friday…"
        ),
    )
    interval = forms.IntegerField(
        label=_("Every how many weeks or months?"),
        min_value=1,
        max_value=MAX_INTERVAL,
        initial=1,
        help_text=_("1: every week (or month), 2: every other one…"),
        error_messages={
            "min_value": _("Every 1 to 12 weeks or months."),
            "max_value": _("Every 1 to 12 weeks or months."),
        },
    )
    repeat_until = _date(_("Last date (optional)"), required=False)
    registration = forms.BooleanField(
        label=_("Registration needed"),
        required=False,
        help_text=_("Neighbours register for a date; when it is full, they wait in line."),
    )
    capacity = forms.IntegerField(
        label=_("Places for each date (optional)"),
        required=False,
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text=_("Empty: no limit."),
        error_messages={
            "min_value": _("From 1 to 500 places, or empty for no limit."),
            "max_value": _("From 1 to 500 places, or empty for no limit."),
        },
    )
    public = forms.BooleanField(
        label=_("Public: shown in the quartier's public calendar, outside Voisinage"),
        required=False,
    )

    def __init__(self, *args: Any, quartier: Quartier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quartier = quartier
        place = self.fields["place"]
        assert isinstance(place, forms.ModelChoiceField)
        place.queryset = Place.objects.filter(
            quartier=quartier, status=Place.Status.APPROVED
        ).order_by("name")
        # The address in words: found by the geocoder, it also gets coordinates; not found,
        # or no geocoder, the words stand alone.
        self.where = PlaceInput(
            self,
            "address",
            text_name="address",
            labels=PlaceLabels(
                text=_("Or an address"),
                choice=_("Which place do you mean?"),
                help_text=_("For example “12 rue d’Austerlitz, Lyon”, or “the community hall”."),
            ),
            quartier=quartier,
            required=False,
            lenient=True,
        )
        self.order_fields(
            ["title", "description", "place", "address", *WHEN_FIELDS, "registration"]
        )
        self.found: Any = None

    @property
    def when_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in WHEN_FIELDS]

    @property
    def where_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("place", "address", "address_place", "address_query")]

    @property
    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("registration", "capacity", "public")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("place") is None:
            self.found = self.where.resolve(data)
        return data

    def service_fields(self) -> dict[str, Any]:
        """What the services take, from what the form read."""
        data = self.cleaned_data
        zone = self.quartier.zone
        day: datetime.date = data["date"]
        starts = datetime.datetime.combine(day, data["start_time"], tzinfo=zone)
        ends = datetime.datetime.combine(day, data["end_time"], tzinfo=zone)
        found = self.found
        return {
            "title": data["title"],
            "description": data["description"],
            "place": data["place"],
            "address": "" if data["place"] else data.get("address", ""),
            "latitude": found.latitude if found and not data["place"] else None,
            "longitude": found.longitude if found and not data["place"] else None,
            "starts_at": starts,
            "ends_at": ends,
            "repeat": data["repeat"],
            "interval": data["interval"],
            "repeat_until": data["repeat_until"],
            "registration": data["registration"],
            "capacity": data["capacity"],
            "public": data["public"],
        }


def initial_of(event: Event) -> dict[str, Any]:
    zone = event.quartier.zone
    starts, ends = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    return {
        "title": event.title,
        "description": event.description,
        "place": event.place_id,
        "address": event.address,
        "date": starts.date(),
        "start_time": starts.time(),
        "end_time": ends.time(),
        "repeat": event.repeat,
        "interval": event.interval,
        "repeat_until": event.repeat_until,
        "registration": event.registration,
        "capacity": event.capacity,
        "public": event.public,
    }


class DateForm(forms.Form):
    """The date a button is about (registering, a date off)."""

    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
