"""What a calendar is made of: the items each app's section gives, and the registry of sections.

One set of sections feeds every calendar: the quartier's page (a member's week or month), the
member's private `.ics` feed (what they take part in, anywhere), and the quartier's public `.ics`
feed and news (what anyone may see). A section answers each with `Item`s, in a fixed number of
queries whatever their number; `neighbourhood.calendar.ical` writes the same items as iCalendar.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _

from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier

# How the page names each kind of item, in its badge.
KINDS = {
    "event": _("Gathering"),
    "consultation": _("Consultation"),
    "distribution": _("Distribution"),
    "role": _("Volunteering"),
    "ride": _("Ride"),
    "loan": _("Loan"),
}


@dataclass(frozen=True)
class Item:
    """One thing in a calendar. ``start`` is an aware datetime, or a date for a whole-day item
    (then ``end`` is its last day, included). ``uid`` is kept from one fetch of a feed to the
    next, so that a calendar app updates the item rather than adding a copy."""

    uid: str
    kind: str
    title: str
    start: datetime.date
    end: datetime.date
    zone: zoneinfo.ZoneInfo
    place: str = ""
    url: str = ""
    # How the member takes part, in words ("You are registered"); empty when it is not theirs.
    mine: str = ""
    status: str = "confirmed"  # confirmed | tentative | cancelled (as iCalendar says it)
    description: str = ""
    # A repeating item written once (the public feed): the parts of its RRULE and the local
    # dates it does not take place.
    rule: dict[str, Any] | None = None
    exdates: tuple[datetime.date, ...] = ()
    updated: datetime.datetime | None = None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime.datetime)

    @property
    def local_start(self) -> datetime.date:
        """The start in the item's own timezone (a date stays a date)."""
        if isinstance(self.start, datetime.datetime):
            return self.start.astimezone(self.zone)
        return self.start

    @property
    def local_end(self) -> datetime.date:
        if isinstance(self.end, datetime.datetime):
            return self.end.astimezone(self.zone)
        return self.end

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.kind, ""))

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"


class Section:
    """What an app brings to the calendars. Each method answers for a window of local days
    (``first`` to ``last``, both included); a section leaves out what it has nothing for."""

    def page_items(
        self, *, member: User, quartier: Quartier, first: datetime.date, last: datetime.date
    ) -> Iterable[Item]:
        """The quartier's page as ``member`` sees it: the quartier's own (its gatherings, its
        distributions) and the member's there (rides, loans), theirs marked with ``mine``."""
        return ()

    def private_items(
        self, *, member: User, first: datetime.date, last: datetime.date
    ) -> Iterable[Item]:
        """The member's private feed: only what they take part in, in every quartier they are
        still an active member of."""
        return ()

    def public_items(self, *, quartier: Quartier, since: datetime.date) -> Iterable[Item]:
        """The quartier's public feed and news: what anyone may see, still going on ``since``;
        a repeating item once, with its rule."""
        return ()


_sections: dict[str, Section] = {}


def register_calendar_section(key: str, section: Section) -> None:
    """Called from an app's ``ready()``; the sections come in the order they were registered."""
    _sections[key] = section


def sections() -> list[Section]:
    return list(_sections.values())


@dataclass(frozen=True)
class PrivateFeed:
    """Where a member's private feed is: its secret address (``address(user)``, a path), and
    the page that shows it and makes a new one. Registered by the app that keeps the token."""

    address: Callable[[User], str]
    settings_url_name: str


_private_feed: list[PrivateFeed] = []


def register_private_feed(feed: PrivateFeed) -> None:
    _private_feed[:] = [feed]


def private_feed() -> PrivateFeed | None:
    return _private_feed[0] if _private_feed else None


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def link_to(subject: object, fallback: str) -> str:
    """The path of ``subject``'s page, or ``fallback`` for a subject without one of its own."""
    url = getattr(subject, "get_absolute_url", None)
    if not callable(url):
        return fallback
    try:
        return str(url())
    except NoReverseMatch:
        return fallback


def local_moment(
    day: datetime.date, time: datetime.time, zone: zoneinfo.ZoneInfo
) -> datetime.datetime:
    """A wall-clock time of the quartier, aware."""
    return datetime.datetime.combine(day, time).replace(tzinfo=zone)
