"""The sentences the printed page and the PDF share, in the active language (the views and the
PDF switch to the quartier's before calling them)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from neighbourhood.quartiers.sheet.selectors import Sheet


def subtitle(sheet: Sheet) -> str:
    """ "The quartier's sheet of Thursday 10 December 2026 · 3 new this week, marked “new”"."""
    day = timezone.localtime(sheet.made_at, timezone.get_default_timezone())
    made = _("The quartier's sheet of %(day)s") % {"day": date_format(day, "l j F Y")}
    if not sheet.new_count:
        return made
    new = ngettext(
        "%(count)d new this week, marked “new”",
        "%(count)d new this week, marked “new”",
        sheet.new_count,
    ) % {"count": sheet.new_count}
    return f"{made} · {new}"


def more(count: int) -> str:
    return ngettext("and %(count)d more on the site", "and %(count)d more on the site", count) % {
        "count": count
    }


def answer(sheet: Sheet) -> str:
    """How a neighbour without a computer answers an item: with its code, through a relais or
    a coordinator."""
    if not sheet.contacts:
        return _("Give the item's code (for example E-42) to a coordinator of the quartier.")
    return _(
        "Give the item's code (for example E-42) to a relais or a coordinator of the quartier: "
        "%(names)s."
    ) % {"names": ", ".join(sheet.contacts)}
