"""Where from, where to: the place fields of a ride, a request and a search; and a meeting
point of the quartier."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from exchanges.rides.models import MeetingPoint
from exchanges.rides.services import Place
from neighbourhood.pages import ServiceForm


def _coordinate_input(limit: int) -> forms.NumberInput:
    # Bounds for the phone's keyboard; the service says what is wrong with a bad value.
    return forms.NumberInput(attrs={"step": "any", "min": -limit, "max": limit})


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
                empty_label=_("Another place"),
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


def initial_place(
    prefix: str, *, label: str, latitude: float, longitude: float, point_id: int | None
) -> dict[str, Any]:
    return {
        prefix: point_id,
        f"{prefix}_label": label,
        f"{prefix}_latitude": latitude,
        f"{prefix}_longitude": longitude,
    }


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
