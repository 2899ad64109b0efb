"""Objects' section of the quartier sheet: the objects to lend, the newest first, coded
"P-<id>" (P for prêt), with how long they may be borrowed. One query.

Not "O": the sheet's codes never use I nor O, which read as digits (see
neighbourhood.quartiers.sheet.codes)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from exchanges.aid.models import Item
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

LETTER = "P"


def sheet_parts(quartier: Quartier, moment: Moment) -> list[Part]:
    items = (
        Item.objects.filter(
            quartier=quartier,
            mode=Item.Mode.LEND,
            status=Item.Status.AVAILABLE,
            # Only objects still in the feed: one a coordinator hid is not printed either.
            feed_entries__is_visible=True,
        )
        .select_related("owner")
        .order_by("-created_at", "-id")
    )
    rows, total, new = first_rows(items, moment)
    lines = [_line(item, moment) for item in rows]
    return [
        Part(
            "objects",
            _("Objects to lend"),
            lines,
            more=total - len(lines),
            new_count=new,
            empty=_("No object to lend at the moment."),
        )
    ]


def _line(item: Item, moment: Moment) -> Line:
    days = item.max_days or 1
    details = [
        str(item.get_category_display()),
        ngettext("up to %(count)d day", "up to %(count)d days", days) % {"count": days},
        _("lent by %(name)s") % {"name": item.owner.public_name},
    ]
    return Line(
        code=code_for(LETTER, item.pk),
        title=item.title,
        details=" · ".join(details),
        url=item.get_absolute_url(),
        is_new=moment.is_new(item.created_at),
    )


def resolve(quartier: Quartier, item_id: int) -> str | None:
    item = (
        Item.objects.filter(quartier=quartier, pk=item_id)
        .exclude(status=Item.Status.WITHDRAWN)
        .only("id")
        .first()
    )
    return item.get_absolute_url() if item is not None else None


def register_sheet_sections() -> None:
    register(
        SheetSection("objects", 40, LETTER, gettext_lazy("an object to lend"), sheet_parts, resolve)
    )
