"""The forms of coups de main: publishing or changing one (its timing in a fieldset of its own),
"I can help" with a word, thanks, and the list's filter."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from exchanges.aid.models import Category, CoupDeMain
from exchanges.aid.models.help import DESCRIPTION_MAX_LENGTH, MAX_HELPERS
from neighbourhood.pages import ServiceForm

# The fields of the timing, shown together in a fieldset with its legend.
TIMING_FIELDS = [
    "timing",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "weekdays",
    "weekly_time",
]


def _date() -> forms.DateField:
    return forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def _time() -> forms.TimeField:
    return forms.TimeField(
        required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )


class CoupForm(ServiceForm):
    aliases = {"starts_at": "start_date", "ends_at": "end_date"}

    kind = forms.ChoiceField(
        label=_("What do you publish?"),
        choices=CoupDeMain.Kind.choices,
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_("For example: help me carry a wardrobe on Saturday."),
    )
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    timing = forms.ChoiceField(
        label=_("When?"),
        choices=CoupDeMain.Timing.choices,
        initial=CoupDeMain.Timing.AT,
        widget=forms.RadioSelect,
    )
    start_date = _date()
    start_time = _time()
    end_date = _date()
    end_time = _time()
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        choices=sorted(WEEKDAYS.items()),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    weekly_time = _time()
    place_label = forms.CharField(
        label=_("Where"),
        max_length=200,
        required=False,
        help_text=_("An address or a landmark; leave it empty to say it in the thread."),
    )
    helpers_needed = forms.IntegerField(
        label=_("How many helpers do you need?"),
        min_value=1,
        max_value=MAX_HELPERS,
        initial=1,
        required=False,
        help_text=_("For a request only: from 1 to 10."),
        error_messages={
            "min_value": _("Ask for 1 to 10 helpers."),
            "max_value": _("Ask for 1 to 10 helpers."),
        },
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_date"].label = _("Date (or first day)")
        self.fields["start_time"].label = _("Time (or from)")
        self.fields["end_date"].label = _("Until the day (a window, or the last week)")
        self.fields["end_time"].label = _("Until the time")
        self.fields["weekly_time"].label = _("Every week at")
        if editing:
            del self.fields["kind"]

    @property
    def timing_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in TIMING_FIELDS]

    @property
    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in TIMING_FIELDS]

    def service_fields(self) -> dict[str, Any]:
        """What the services take, from what the form read."""
        data = self.cleaned_data
        timing = data["timing"]
        start_time = data.get("start_time")
        starts_at = _at(data.get("start_date"), start_time)
        ends_at = _at(data.get("end_date"), data.get("end_time") or datetime.time(23, 59))
        if timing == CoupDeMain.Timing.WEEKLY:
            starts_at = _at(data.get("start_date"), datetime.time(0, 0))
        elif timing == CoupDeMain.Timing.AT and start_time is None:
            starts_at = None
        fields: dict[str, Any] = {
            "category": data["category"],
            "title": data["title"],
            "description": data["description"],
            "timing": timing,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "weekdays": data.get("weekdays") or [],
            "weekly_time": data.get("weekly_time"),
            "place_label": data["place_label"],
        }
        if data.get("helpers_needed") is not None:
            fields["helpers_needed"] = data["helpers_needed"]
        return fields


def _at(day: datetime.date | None, time: datetime.time | None) -> datetime.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, time or datetime.time(0, 0)))


def initial_of(coup: CoupDeMain) -> dict[str, Any]:
    """The form's values for a coup de main being changed, in the site's time."""
    starts = timezone.localtime(coup.starts_at) if coup.starts_at else None
    ends = timezone.localtime(coup.ends_at) if coup.ends_at else None
    return {
        "category": coup.category,
        "title": coup.title,
        "description": coup.description,
        "timing": coup.timing,
        "start_date": starts.date() if starts else None,
        "start_time": starts.time() if starts and coup.timing != "weekly" else None,
        "end_date": ends.date() if ends else None,
        "end_time": ends.time() if ends and coup.timing == "window" else None,
        "weekdays": coup.weekdays,
        "weekly_time": coup.weekly_time,
        "place_label": coup.place_label,
        "helpers_needed": coup.helpers_needed,
    }


class HelpOfferForm(forms.Form):
    message = forms.CharField(
        label=_("A word for the asker"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("When you are free, what you can bring…"),
    )


class ThanksForm(forms.Form):
    text = forms.CharField(
        label=_("Your thanks"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class FilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Requests and offers")), *CoupDeMain.Kind.choices],
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
