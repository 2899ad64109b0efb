"""What a quartier sheet is made of, and how the apps that have something to show add theirs.

Each section owns one code letter: its items are printed as "E-42" (the letter, a hyphen, the
row's id), and a code typed back on the site is handed to the section of its letter to find the
item, in the quartier only. A section reads a whole quartier in a fixed number of queries.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Case, Count, IntegerField, Model, QuerySet, Sum, Value, When, Window

from neighbourhood.quartiers.models import Quartier

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

M = TypeVar("M", bound=Model)

# How far back an item counts as new, and how many lines a part shows before "and N more".
NEW_FOR = datetime.timedelta(days=7)
MAX_LINES = 4


@dataclass(frozen=True)
class Moment:
    """When the sheet is made: ``now``, and from when an item is new."""

    now: datetime.datetime

    @property
    def new_since(self) -> datetime.datetime:
        return self.now - NEW_FOR

    def is_new(self, created_at: datetime.datetime) -> bool:
        return created_at >= self.new_since


@dataclass(frozen=True)
class Line:
    """One item of the sheet. ``title`` is what a member typed (escaped wherever it is printed);
    ``details`` are the sheet's own words, already in the quartier's language."""

    code: str
    title: str
    details: str
    url: str
    is_new: bool = False


@dataclass(frozen=True)
class Part:
    """A titled list of lines; ``more`` is how many others the site holds beyond them, and
    ``notes`` are sentences printed under the lines (how to order, say)."""

    key: str
    title: str
    lines: list[Line]
    more: int = 0
    new_count: int = 0
    empty: str = ""
    notes: list[str] = field(default_factory=list)


def first_rows(
    queryset: QuerySet[M], moment: Moment, limit: int = MAX_LINES
) -> tuple[list[M], int, int]:
    """The first ``limit`` rows of an ordered queryset with a ``created_at``, how many rows it
    has in all, and how many of them are new: one query, the counts being window functions
    computed before the limit."""
    rows = list(
        queryset.annotate(
            sheet_total=Window(Count("pk")),
            sheet_new=Window(
                Sum(
                    Case(
                        When(created_at__gte=moment.new_since, then=Value(1)),
                        default=Value(0),
                        output_field=IntegerField(),
                    )
                )
            ),
        )[:limit]
    )
    if not rows:
        return [], 0, 0
    first = rows[0]
    return rows, first.sheet_total, first.sheet_new


Collect = Callable[[Quartier, Moment], list[Part]]
Resolve = Callable[[Quartier, int], str | None]


@dataclass(frozen=True)
class SheetSection:
    """``collect`` returns the section's parts for a quartier, called in the quartier's language;
    ``resolve`` returns the address of the item of that id in the quartier, or None; ``names``
    says what the letter stands for ("a knowledge swap"), on the page where codes are typed."""

    key: str
    order: int
    letter: str
    names: StrOrPromise
    collect: Collect
    resolve: Resolve


_registry: dict[str, SheetSection] = {}


def register(section: SheetSection) -> None:
    """Adds (or replaces, when an app is loaded twice in tests) a section of the sheet. A code
    letter belongs to one section only: two sections sharing one would make a code ambiguous."""
    letter = section.letter.upper()
    if len(letter) != 1 or not letter.isascii() or not letter.isalpha() or letter in "IO":
        raise ValueError(f"A sheet code letter is one letter, not I nor O: {section.letter!r}")
    for other in _registry.values():
        if other.letter == letter and other.key != section.key:
            raise ValueError(f"The code letter {letter} is already {other.key}'s.")
    _registry[section.key] = dataclasses.replace(section, letter=letter)


def registered() -> list[SheetSection]:
    return sorted(_registry.values(), key=lambda section: (section.order, section.key))


def section_of(letter: str) -> SheetSection | None:
    for section in _registry.values():
        if section.letter == letter.upper():
            return section
    return None
