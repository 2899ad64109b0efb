"""The knowledge swaps' section of the quartier sheet: the open offers and wishes, newest first,
coded "E-<id>" (E for échange). Two queries, one a kind."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchanges.swaps.models import Swap
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

LETTER = "E"


def sheet_parts(quartier: Quartier, moment: Moment) -> list[Part]:
    return [
        _part(
            quartier,
            moment,
            Swap.Kind.OFFER,
            _("Neighbours who can teach you"),
            _("Nobody offers to teach at the moment."),
        ),
        _part(
            quartier,
            moment,
            Swap.Kind.REQUEST,
            _("Neighbours who would like to learn"),
            _("Nobody asks to learn at the moment."),
        ),
    ]


def _part(quartier: Quartier, moment: Moment, kind: str, title: str, empty: str) -> Part:
    # The swaps of the quartier's page: active, not past their end, and still in the feed (one a
    # coordinator hid is not printed either).
    swaps = (
        Swap.objects.filter(
            quartier=quartier,
            kind=kind,
            status=Swap.Status.ACTIVE,
            ends_on__gte=timezone.localdate(moment.now),
            feed_entries__is_visible=True,
        )
        .only("id", "quartier_id", "kind", "title", "category", "availability", "created_at")
        .order_by("-created_at", "-id")
    )
    rows, total, new = first_rows(swaps, moment)
    lines = [
        Line(
            code=code_for(LETTER, swap.pk),
            title=swap.title,
            details=_details(swap),
            url=swap.get_absolute_url(),
            is_new=moment.is_new(swap.created_at),
        )
        for swap in rows
    ]
    return Part(f"swaps.{kind}", title, lines, total - len(lines), new, empty)


def _details(swap: Swap) -> str:
    category = str(swap.get_category_display())
    return f"{category} · {swap.availability}" if swap.availability else category


def resolve(quartier: Quartier, swap_id: int) -> str | None:
    swap = Swap.objects.filter(quartier=quartier, pk=swap_id).only("id").first()
    return swap.get_absolute_url() if swap is not None else None


def register_sheet_sections() -> None:
    register(
        SheetSection("swaps", 10, LETTER, gettext_lazy("a knowledge swap"), sheet_parts, resolve)
    )
