"""Where from, where to: the place fields of a ride, a request and a search; a meeting point
of the quartier; and the meeting points as places that words can name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from exchanges.rides.models import MeetingPoint
from exchanges.rides.services import Place
from neighbourhood.pages import ServiceForm
from neighbourhood.places.forms import PlaceInput, PlaceLabels
from neighbourhood.places.geocoding import Candidate
from neighbourhood.places.sources import names_match
from neighbourhood.quartiers.models import Quartier

POINT_LABELS = {
    "origin": _("Meeting point of departure"),
    "destination": _("Meeting point of arrival"),
}
WORDS_LABELS = {
    "origin": PlaceLabels(
        text=_("Or another place of departure: an address or a place’s name"),
        choice=_("Which place of departure do you mean?"),
    ),
    "destination": PlaceLabels(
        text=_("Or another place of arrival: an address or a place’s name"),
        choice=_("Which place of arrival do you mean?"),
    ),
}
# Without meeting points, the words are the only way: the label says just that.
PLACE_ONLY_LABELS = {
    "origin": _("Place of departure: an address or a place’s name"),
    "destination": _("Place of arrival: an address or a place’s name"),
}
MEETING_POINT_REF = "meeting_point:"


class PlaceForm(ServiceForm):
    """Where from, where to: a meeting point of the quartier chosen in a list, or an address or
    a place's name in words (see `neighbourhood.places.forms`)."""

    def __init__(
        self,
        *args: Any,
        points: QuerySet[MeetingPoint],
        quartier: Quartier,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.aliases = dict(self.aliases)
        self.points = points
        self.has_points = points.exists()
        self.places: dict[str, PlaceInput] = {}
        self.resolved: dict[str, Candidate | None] = {}
        fields = dict(self.fields)
        self.fields = {}
        for prefix in ("origin", "destination"):
            self._add_place(prefix, quartier)
        self.fields.update(fields)

    def _add_place(self, prefix: str, quartier: Quartier) -> None:
        # Each label names its place: the list of errors at the top shows them out of their
        # fieldset.
        words = WORDS_LABELS[prefix]
        if self.has_points:
            self.fields[prefix] = forms.ModelChoiceField(
                label=POINT_LABELS[prefix],
                queryset=self.points,
                required=False,
                empty_label=_("Another place"),
            )
        else:
            # No list: what the service says of the place belongs under the words.
            self.aliases[prefix] = f"{prefix}_label"
            words = PlaceLabels(text=PLACE_ONLY_LABELS[prefix], choice=words.choice)
        self.places[prefix] = PlaceInput(
            self, prefix, labels=words, quartier=quartier, has_alternative=self.has_points
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for prefix, place in self.places.items():
            # A meeting point chosen in the list is the place; the words, if any, its label.
            if data.get(prefix) is None and not self.has_error(prefix):
                self.resolved[prefix] = place.resolve(data)
        return data

    def chosen_point(self, prefix: str) -> MeetingPoint | None:
        """The meeting point chosen in the list, or named by the words."""
        listed = self.cleaned_data.get(prefix)
        if listed is not None:
            assert isinstance(listed, MeetingPoint)
            return listed
        candidate = self.resolved.get(prefix)
        if candidate is None or not candidate.ref.startswith(MEETING_POINT_REF):
            return None
        point_id = candidate.ref.removeprefix(MEETING_POINT_REF)
        # isdigit() lets through digits such as "²" that int() refuses: ASCII decimals only.
        if not (point_id.isascii() and point_id.isdecimal()):
            return None
        return self.points.filter(pk=int(point_id)).first()

    def place(self, prefix: str) -> Place:
        listed = self.cleaned_data.get(prefix)
        if listed is not None:
            return Place(label=self.cleaned_data.get(f"{prefix}_label") or "", point=listed)
        point = self.chosen_point(prefix)
        if point is not None:
            return Place(label=point.name, point=point)
        candidate = self.resolved.get(prefix)
        if candidate is None:
            return Place()
        return Place(
            label=candidate.label, latitude=candidate.latitude, longitude=candidate.longitude
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
    if point_id is not None:
        return {prefix: point_id}
    # The place is known: the form takes it as chosen, without looking the words up again.
    chosen = Candidate(label=label, latitude=latitude, longitude=longitude)
    return {f"{prefix}_label": label, f"{prefix}_place": chosen.value, f"{prefix}_query": label}


def meeting_point_places(quartier: Quartier, query: str) -> list[Candidate]:
    """The quartier's meeting points whose name or address the words name, as candidates."""
    return [
        Candidate(
            label=point.name,
            latitude=point.position[0],
            longitude=point.position[1],
            ref=f"{MEETING_POINT_REF}{point.pk}",
            note=gettext("meeting point"),
        )
        for point in MeetingPoint.objects.filter(quartier=quartier).order_by("name", "id")
        if names_match(query, [point.name, point.address])
    ]


class MeetingPointForm(forms.Form):
    """A meeting point of the quartier: its name, and where it is in words."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What everyone calls it, for example “Market square” or “School gate”."),
    )

    def __init__(self, *args: Any, quartier: Quartier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Near the quartier, but not among its meeting points: this one is new.
        self.where = PlaceInput(
            self,
            "place",
            labels=PlaceLabels(
                text=_("Where it is: an address or a place’s name"),
                choice=_("Which place do you mean?"),
            ),
            near=(quartier.latitude, quartier.longitude),
        )
        self.found: Candidate | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.found = self.where.resolve(data)
        return data

    def service_fields(self) -> dict[str, Any]:
        """What `services.meeting_point_create` takes, but for the quartier and the actor."""
        assert self.found is not None
        return {
            "name": self.cleaned_data["name"],
            "address": self.found.label,
            "latitude": self.found.latitude,
            "longitude": self.found.longitude,
        }
