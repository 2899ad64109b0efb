"""Gatherings' section of the quartier sheet: the next dates of the gatherings, soonest first,
coded "R-<id>" (R for rendez-vous). Two queries: the gatherings and their dates off."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchanges.events.models import Event
from exchanges.events.selectors import Upcoming, upcoming
from exchanges.events.words import repeat_words
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.sheet.codes import code_for
from neighbourhood.quartiers.sheet.sections import (
    MAX_LINES,
    Line,
    Moment,
    Part,
    SheetSection,
    register,
)

LETTER = "R"


def sheet_parts(quartier: Quartier, moment: Moment) -> list[Part]:
    rows = upcoming(quartier=quartier, now=moment.now)
    return [
        Part(
            "events",
            _("Gatherings"),
            [_line(row, quartier, moment) for row in rows[:MAX_LINES]],
            more=max(len(rows) - MAX_LINES, 0),
            new_count=sum(moment.is_new(row.event.created_at) for row in rows),
            empty=_("No gathering planned for now."),
        )
    ]


def _line(row: Upcoming, quartier: Quartier, moment: Moment) -> Line:
    event = row.event
    when = row.next.starts_at.astimezone(quartier.zone)
    details = [f"{date_format(when, 'l j F')}, {when:%H:%M}"]
    if rule := repeat_words(event):
        details.append(rule)
    if event.where:
        details.append(event.where)
    if event.registration:
        details.append(_("registration needed"))
    return Line(
        code=code_for(LETTER, event.pk),
        title=event.title,
        details=" · ".join(details),
        url=event.get_absolute_url(),
        is_new=moment.is_new(event.created_at),
    )


def resolve(quartier: Quartier, event_id: int) -> str | None:
    event = Event.objects.filter(quartier=quartier, pk=event_id).only("id").first()
    return event.get_absolute_url() if event is not None else None


def register_sheet_sections() -> None:
    register(SheetSection("events", 15, LETTER, gettext_lazy("a gathering"), sheet_parts, resolve))
