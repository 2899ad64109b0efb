"""An entry's card in the feed page (templates/feed/_entry.html), rendered once per process for
what it shows: the same card is asked for by every member who reads the quartier's feed, many
times a minute, and the template engine costs more than the rest of the page together."""

from __future__ import annotations

import time
from datetime import datetime

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from neighbourhood.feed.models import FeedEntry

# About 0.5 kB each: a few megabytes at most, then the process starts again from empty.
CARDS_KEPT = 5_000
_cards: dict[tuple[object, ...], SafeString] = {}
# The time in words of each moment shown, worked out once a second per language and timezone.
_words: dict[tuple[object, ...], str] = {}


def entry_card(entry: FeedEntry) -> SafeString:
    """The card of ``entry``, in the active language and timezone. Its key is everything the card
    shows, the time in words included ("il y a 3 heures"), so a card kept is never out of date:
    a changed title, a renamed author or the passing hour is another card."""
    language, zone = get_language(), timezone.get_current_timezone_name()
    when = in_words(entry.created_at, language, zone)
    key = (
        language,
        zone,
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


def in_words(moment: datetime, language: str, zone: str) -> str:
    """``naturaltime`` ("il y a 3 heures"), as of the current second: every reader of the feed
    in the same second sees the same words, worked out once."""
    key = (language, zone, moment, int(time.time()))
    words = _words.get(key)
    if words is None:
        if len(_words) >= CARDS_KEPT:
            _words.clear()
        words = _words[key] = naturaltime(moment)
    return words
