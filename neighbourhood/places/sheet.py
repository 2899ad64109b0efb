"""The directory's section of the quartier sheet: the useful places and their hours, coded
"L-<id>" (L for *lieu*). Three queries: the places, their hours, their closed periods."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neighbourhood.places import hours as opening
from neighbourhood.places.models import Kind, Place
from neighbourhood.places.selectors import useful_places
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.sheet.codes import code_for
from neighbourhood.quartiers.sheet.sections import Line, Moment, Part, SheetSection, register

LETTER = "L"
MAX_PLACES = 8


def sheet_parts(quartier: Quartier, moment: Moment) -> list[Part]:
    places = useful_places(quartier=quartier, limit=MAX_PLACES + 1)
    return [
        Part(
            "places",
            _("Useful places"),
            [_line(place, moment) for place in places[:MAX_PLACES]],
            more=max(0, len(places) - MAX_PLACES),
            empty=_("No place in the directory yet."),
        )
    ]


def _line(place: Place, moment: Moment) -> Line:
    details = [str(place.get_kind_display())]
    week = opening.week_summary(place)
    if week:
        details.append(week)
    if place.address:
        details.append(place.address)
    if place.phone:
        details.append(place.phone)
    return Line(
        code=code_for(LETTER, place.pk),
        title=place.name,
        details=" · ".join(details),
        url=place.get_absolute_url(),
        is_new=moment.is_new(place.created_at),
    )


def resolve(quartier: Quartier, place_id: int) -> str | None:
    place = (
        Place.objects.filter(quartier=quartier, pk=place_id, status=Place.Status.APPROVED)
        .exclude(kind=Kind.MEETING_POINT)
        .only("id")
        .first()
    )
    return place.get_absolute_url() if place is not None else None


def register_sheet_sections() -> None:
    register(SheetSection("places", 60, LETTER, gettext_lazy("a place"), sheet_parts, resolve))
