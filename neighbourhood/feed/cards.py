"""An entry's card in the feed page (templates/feed/_entry.html), rendered once per process for
what it shows: the same card is asked for by every member who reads the quartier's feed, many
times a minute, and the template engine costs more than the rest of the page together."""

from __future__ import annotations

import functools
import time
from datetime import datetime

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from neighbourhood.feed.models import FeedEntry

# About 0.5 kB each: a few megabytes at most, the least used dropped first.
CARDS_KEPT = 5_000


def entry_card(entry: FeedEntry) -> SafeString:
    """The card of ``entry``, in the active language and timezone. It is kept by everything it
    shows, the time in words included ("il y a 3 heures"), so a card kept is never out of date:
    a changed title, a renamed author or the passing hour is another card."""
    language, zone = get_language(), timezone.get_current_timezone_name()
    return _card(
        language,
        zone,
        entry.kind,
        entry.item_url,
        entry.title,
        entry.summary,
        entry.author.public_name,
        entry.created_at,
        _in_words(entry.created_at, language, zone, int(time.time())),
    )


# `language` and `zone` are the active ones, in the arguments so that each has its own cards.
@functools.lru_cache(maxsize=CARDS_KEPT)
def _card(
    language: str,
    zone: str,
    kind: str,
    url: str,
    title: str,
    summary: str,
    author: str,
    created_at: datetime,
    when: str,
) -> SafeString:
    shown = FeedEntry(kind=kind)  # the kind's label and badge, as the entry itself names them
    context = {
        "label": shown.kind_label,
        "badge": shown.kind_badge,
        "url": url,
        "title": title,
        "summary": summary,
        "author": author,
        "created_at": created_at,
        "when": when,
    }
    return SafeString(render_to_string("feed/_entry.html", context))


# ``naturaltime`` as of one second (``second``): every reader of the feed in the same second
# sees the same words, worked out once; `language` and `zone` as for `_card`.
@functools.lru_cache(maxsize=CARDS_KEPT)
def _in_words(moment: datetime, language: str, zone: str, second: int) -> str:
    return naturaltime(moment)
