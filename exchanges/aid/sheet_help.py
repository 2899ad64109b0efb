"""Coups de main's section of the quartier sheet: the open requests for a hand, urgent ones
first then the soonest, coded "M-<id>" (M for coup de main). One query."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from exchanges.aid.models import CoupDeMain
from exchanges.aid.selectors.help import open_coups
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.sheet.codes import code_for
from neighbourhood.quartiers.sheet.sections import (
    Line,
    Moment,
    Part,
    SheetSection,
    first_rows,
    register,
)

LETTER = "M"


def sheet_parts(quartier: Quartier, moment: Moment) -> list[Part]:
    found = open_coups(quartier=quartier, kind=CoupDeMain.Kind.REQUEST, now=moment.now).filter(
        # Only those still in the feed: one a coordinator hid is not printed either.
        feed_entries__is_visible=True
    )
    rows, total, new = first_rows(found, moment)
    return [
        Part(
            "help",
            _("Hands wanted"),
            [_line(coup, moment) for coup in rows],
            more=total - len(rows),
            new_count=new,
            empty=_("Nobody is asking for a hand at the moment."),
        )
    ]


def _line(coup: CoupDeMain, moment: Moment) -> Line:
    details = [str(coup.get_category_display())]
    if coup.is_urgent_at(moment.now):
        details.insert(0, _("Urgent"))
    if coup.starts_at is not None:
        when = timezone.localtime(coup.starts_at, timezone.get_default_timezone())
        details.append(date_format(when, "l j F"))
    elif coup.timing == CoupDeMain.Timing.WEEKLY:
        details.append(_("Every week: %(days)s") % {"days": ", ".join(coup.weekday_names)})
    details.append(
        ngettext("%(count)d helper wanted", "%(count)d helpers wanted", coup.places_left)
        % {"count": coup.places_left}
    )
    return Line(
        code=code_for(LETTER, coup.pk),
        title=coup.title,
        details=" · ".join(details),
        url=coup.get_absolute_url(),
        is_new=moment.is_new(coup.created_at),
    )


def resolve(quartier: Quartier, coup_id: int) -> str | None:
    coup = CoupDeMain.objects.filter(quartier=quartier, pk=coup_id).only("id").first()
    return coup.get_absolute_url() if coup is not None else None


def register_sheet_sections() -> None:
    register(SheetSection("help", 35, LETTER, gettext_lazy("a coup de main"), sheet_parts, resolve))
