"""Reads for the quartier sheet: everything on it, gathered in the quartier's language, in a
fixed number of queries whatever the size of the quartier (one for the coordinators, then what
each registered section needs)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.db.models import Q
from django.utils import timezone, translation

from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.quartiers.sheet.codes import parse_code
from neighbourhood.quartiers.sheet.sections import Moment, Part, registered, section_of


@dataclass(frozen=True)
class Sheet:
    quartier: Quartier
    made_at: datetime.datetime
    parts: list[Part]
    # The public names of the people to ask: the quartier's coordinators and relais.
    contacts: list[str]

    @property
    def language(self) -> str:
        return self.quartier.language

    @property
    def new_count(self) -> int:
        return sum(part.new_count for part in self.parts)


def sheet_for(*, quartier: Quartier, now: datetime.datetime | None = None) -> Sheet:
    """The sheet of the quartier as it stands ``now``: every part of every registered section,
    its words in the quartier's language (not the reader's)."""
    moment = Moment(now or timezone.now())
    with translation.override(quartier.language):
        parts = [part for section in registered() for part in section.collect(quartier, moment)]
    return Sheet(quartier, moment.now, fit_on_a_page(parts), contact_names(quartier=quartier))


# The lines one A4 page holds in large type, whatever the number of exchanges; and the fewest a
# part keeps when the page is full.
PAGE_LINES = 11
LEAST_LINES = 2


def fit_on_a_page(parts: list[Part]) -> list[Part]:
    """Trims the parts to the page's lines, the longest part first (the later one of equal
    length), never below ``LEAST_LINES``: what no longer fits is counted in "and N more"."""
    kept = [len(part.lines) for part in parts]
    while sum(kept) > PAGE_LINES:
        longest = max(range(len(kept)), key=lambda index: (kept[index], index))
        if kept[longest] <= LEAST_LINES:
            break
        kept[longest] -= 1
    return [
        part
        if count == len(part.lines)
        else replace(part, lines=part.lines[:count], more=part.more + len(part.lines) - count)
        for part, count in zip(parts, kept, strict=True)
    ]


def contact_names(*, quartier: Quartier) -> list[str]:
    # The relais are the people a neighbour without a computer asks first; the coordinators
    # answer for the quartier.
    memberships = (
        Membership.objects.filter(
            Q(role=Membership.Role.COORDINATOR) | Q(is_relais=True),
            quartier=quartier,
            status=Membership.Status.ACTIVE,
        )
        .select_related("user")
        .order_by("joined_at", "id")
    )
    return [membership.user.public_name for membership in memberships]


def item_url_for_code(*, quartier: Quartier, code: str) -> str | None:
    """The address of the item a typed code stands for, if it is one of this quartier's."""
    parsed = parse_code(code)
    if parsed is None:
        return None
    letter, item_id = parsed
    section = section_of(letter)
    if section is None:
        return None
    return section.resolve(quartier, item_id)
