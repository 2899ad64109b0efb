"""Consultations' section of the quartier sheet: those under way (information, debate, vote),
the vote closing soonest first, coded "V-<id>" (V for voice). One query, its counts (how
many more, how many new) over every row by window functions."""

from __future__ import annotations

from django.db.models import Count, Q, Window
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchanges.consultations.models import Consultation
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

LETTER = "V"
Phase = Consultation.Phase
UNDER_WAY = [Phase.INFORMATION, Phase.DEBATE, Phase.VOTE]


def sheet_parts(quartier: Quartier, moment: Moment) -> list[Part]:
    # The lines printed, each carrying the whole section's counts (window functions over all
    # the rows, before the slice): how many there are, how many are new.
    rows = list(
        Consultation.objects.filter(
            quartier=quartier, status=Consultation.Status.APPROVED, phase__in=UNDER_WAY
        )
        .annotate(
            total=Window(Count("id")),
            new=Window(Count("id", filter=Q(created_at__gte=moment.new_since))),
        )
        .order_by("results_at", "id")[:MAX_LINES]
    )
    total = rows[0].total if rows else 0
    return [
        Part(
            "consultations",
            _("Consultations"),
            [_line(consultation, quartier, moment) for consultation in rows],
            more=max(total - MAX_LINES, 0),
            new_count=rows[0].new if rows else 0,
            empty=_("No consultation under way."),
        )
    ]


def _line(consultation: Consultation, quartier: Quartier, moment: Moment) -> Line:
    zone = quartier.zone
    if consultation.phase == Phase.VOTE:
        when = consultation.results_at.astimezone(zone)
        details = _("vote open until %(date)s") % {"date": date_format(when, "l j F, H:i")}
    else:
        when = consultation.vote_at.astimezone(zone)
        details = _("vote from %(date)s") % {"date": date_format(when, "l j F, H:i")}
    return Line(
        code=code_for(LETTER, consultation.pk),
        title=consultation.question,
        details=f"{consultation.get_method_display()} · {details}",
        url=consultation.get_absolute_url(),
        is_new=moment.is_new(consultation.created_at),
    )


def resolve(quartier: Quartier, consultation_id: int) -> str | None:
    consultation = (
        Consultation.objects.filter(
            quartier=quartier, pk=consultation_id, status=Consultation.Status.APPROVED
        )
        .only("id")
        .first()
    )
    return consultation.get_absolute_url() if consultation is not None else None


def register_sheet_sections() -> None:
    register(
        SheetSection(
            "consultations", 17, LETTER, gettext_lazy("a consultation"), sheet_parts, resolve
        )
    )
