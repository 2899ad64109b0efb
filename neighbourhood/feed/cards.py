"""An entry's card in the feed page (templates/feed/_entry.html), rendered once per process for
what it shows: the same card is asked for by every member who reads the quartier's feed, many
times a minute, and the template engine costs more than the rest of the page together."""

from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from neighbourhood.feed.models import FeedEntry

# About 0.5 kB each: a few megabytes at most, then the process starts again from empty.
CARDS_KEPT = 5_000
_cards: dict[tuple[object, ...], SafeString] = {}


def entry_card(entry: FeedEntry) -> SafeString:
    """The card of ``entry``, in the active language and timezone. Its key is everything the card
    shows, the time in words included ("il y a 3 heures"), so a card kept is never out of date:
    a changed title, a renamed author or the passing hour is another card."""
    when = naturaltime(entry.created_at)
    key = (
        get_language(),
        timezone.get_current_timezone_name(),
        entry.kind,
        entry.item_url,
        entry.title,
        entry.summary,
        entry.author.public_name,
        entry.created_at,
        when,
    )
    card = _cards.get(key)
    if card is None:
        card = SafeString(render_to_string("feed/_entry.html", {"entry": entry, "when": when}))
        if len(_cards) >= CARDS_KEPT:
            _cards.clear()
        _cards[key] = card
    return card
