"""A quartier's public news as an Atom feed (Django's syndication framework), for a feed reader:
its public gatherings (from the calendar sections, the same as its public `.ics`) and its
approved places but the rides' meeting points, the latest changed first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import icalendar
from dateutil import rrule
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from neighbourhood.calendar.ical import public_items
from neighbourhood.calendar.sections import Item, link_to
from neighbourhood.places.models import Kind, Place
from neighbourhood.quartiers.models import Quartier

LIMIT = 50


@dataclass(frozen=True)
class Entry:
    guid: str
    title: str
    link: str
    description: str
    updated: datetime.datetime
    category: str


class QuartierNews(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Quartier:
        return get_object_or_404(Quartier, slug=slug)

    def title(self, quartier: Quartier) -> str:
        return _("%(quartier)s: news of the quartier") % {"quartier": quartier.name}

    def subtitle(self, quartier: Quartier) -> str:
        return _("The public gatherings and the places of %(quartier)s, on Voisinage.") % {
            "quartier": quartier.name
        }

    def author_name(self, quartier: Quartier) -> str:
        """Atom (RFC 4287) asks every entry for an author: the feed names the quartier once,
        and its entries take it."""
        return quartier.name

    def link(self, quartier: Quartier) -> str:
        return quartier.get_absolute_url()

    def items(self, quartier: Quartier) -> list[Entry]:
        entries = [_gathering(item, quartier) for item in public_items(quartier=quartier)]
        # Meeting points are the rides' (a member's doorstep, a door code): members only.
        places = (
            Place.objects.filter(quartier=quartier, status=Place.Status.APPROVED)
            .exclude(kind=Kind.MEETING_POINT)
            .order_by("-updated_at", "-id")[:LIMIT]
        )
        entries += [_place(place, quartier) for place in places]
        entries.sort(key=lambda entry: entry.updated, reverse=True)
        return entries[:LIMIT]

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        """Atom sends the summary as HTML: the words are escaped first, so what a neighbour
        typed ("<img src=…>") reaches the reader as words, in paragraphs, never as markup."""
        return linebreaks(escape(item.description))

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_guid(self, item: Entry) -> str:
        return item.guid

    def item_guid_is_permalink(self, item: Entry) -> bool:
        return False

    def item_updateddate(self, item: Entry) -> datetime.datetime:
        return item.updated

    def item_pubdate(self, item: Entry) -> datetime.datetime:
        return item.updated

    def item_categories(self, item: Entry) -> list[str]:
        return [item.category]


def _gathering(item: Item, quartier: Quartier) -> Entry:
    when = next_start(item, timezone.now())
    parts = []
    if when is not None:
        local = when.astimezone(quartier.zone)
        parts.append(
            _("Next date: %(day)s at %(time)s.")
            % {"day": date_format(local, "l j F Y"), "time": date_format(local, "H:i")}
        )
    if item.place:
        parts.append(_("Where: %(place)s.") % {"place": item.place})
    if item.description:
        parts.append(item.description)
    return Entry(
        guid=f"urn:voisinage:{item.uid.split('@', 1)[0]}",
        title=item.title,
        link=item.url,
        description="\n\n".join(parts),
        updated=item.updated or timezone.now(),
        category=_("Gathering"),
    )


def _place(place: Place, quartier: Quartier) -> Entry:
    parts = [str(place.get_kind_display())]
    if place.address:
        parts.append(place.address)
    if place.description:
        parts.append(place.description)
    return Entry(
        guid=f"urn:voisinage:place-{place.pk}",
        title=place.name,
        link=link_to(place, quartier.get_absolute_url()),
        description="\n\n".join(parts),
        updated=place.updated_at,
        category=_("Place"),
    )


def next_start(item: Item, after: datetime.datetime) -> datetime.datetime | None:
    """The next start of ``item`` after ``after``, its rule and dates off read as a calendar app
    reads them; None when it has no date left."""
    start = item.local_start
    assert isinstance(start, datetime.datetime)
    if not item.rule:
        return start if start >= after else None
    rule = rrule.rrulestr(icalendar.vRecur(item.rule).to_ical().decode(), dtstart=start)
    moment = rule.after(after)
    while moment is not None and moment.date() in item.exdates:
        moment = rule.after(moment)
    return moment
