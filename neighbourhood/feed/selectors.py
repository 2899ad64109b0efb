"""Reading the feed: one indexed query a page, whatever the depth and the kinds (its SQL:
`page_query`)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from neighbourhood.accounts.models import User
from neighbourhood.feed import page_query
from neighbourhood.feed.models import FeedEntry
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import get_quartier_for_coordinator, get_quartier_for_member

PAGE_SIZE = 20


@dataclass(frozen=True)
class FeedPage:
    entries: list[FeedEntry]
    next_cursor: str | None


def encode_cursor(entry: FeedEntry) -> str:
    raw = f"{entry.created_at.isoformat()}|{entry.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created_at, pk = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        moment = datetime.fromisoformat(created_at)
        if moment.tzinfo is None:
            raise ValueError
        return moment, int(pk)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise ValidationError({"cursor": [_("This page link is not valid.")]}) from None


def visible_entries(*, quartier: Quartier) -> QuerySet[FeedEntry]:
    """The entries shown in ``quartier``'s feed, as the ORM reads them: what a page's SQL
    (`page_query`) reads too, which tests/neighbourhood/feed/test_page_query.py holds to this."""
    return FeedEntry.objects.filter(quartier=quartier, is_visible=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    )


def feed_page(
    *,
    quartier: Quartier,
    viewer: User,
    kind: str = "",
    text: str = "",
    mine: bool = False,
    cursor: str = "",
    page_size: int = PAGE_SIZE,
) -> FeedPage:
    filters = _filters(kind, text, mine, cursor, page_size)
    return _page(page_query.for_quartier(quartier.pk, viewer.pk, **filters), page_size)


def member_feed_page(
    *,
    slug: str,
    viewer: User,
    kind: str = "",
    text: str = "",
    mine: bool = False,
    cursor: str = "",
    page_size: int = PAGE_SIZE,
) -> FeedPage:
    """A page of the feed of the quartier ``slug`` for one of its members, in one query: the
    membership is the query's own condition (the quartier's id read from the viewer's active
    membership, once, before the index is walked). A page with entries is a member's; an empty one
    may be an outsider's, who gets the 404 of ``get_quartier_for_member`` (a second query, for an
    empty feed only)."""
    filters = _filters(kind, text, mine, cursor, page_size)
    page = _page(page_query.for_member(slug, viewer.pk, **filters), page_size)
    if not page.entries:
        get_quartier_for_member(user=viewer, slug=slug)
    return page


def _filters(kind: str, text: str, mine: bool, cursor: str, page_size: int) -> dict[str, Any]:
    after = decode_cursor(cursor) if cursor else None
    # One more than a page: whether there is a next page.
    return {"kind": kind, "text": text, "mine": mine, "after": after, "size": page_size + 1}


def _page(query: page_query.PageQuery, page_size: int) -> FeedPage:
    rows = page_query.page_entries(query)
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    return FeedPage(rows, encode_cursor(rows[-1]) if has_more and rows else None)


def get_entry_in(*, quartier: Quartier, entry_id: int) -> FeedEntry:
    try:
        return FeedEntry.objects.get(quartier=quartier, pk=entry_id)
    except FeedEntry.DoesNotExist:
        raise Http404 from None


def get_entry_for_coordinator(*, user: User, slug: str, entry_id: int) -> FeedEntry:
    """An entry of the quartier's feed, for one of its coordinators (a member gets a 403)."""
    quartier, _membership = get_quartier_for_coordinator(user=user, slug=slug)
    return get_entry_in(quartier=quartier, entry_id=entry_id)


def hidden_entries(*, quartier: Quartier, limit: int = 50) -> list[FeedEntry]:
    """What the coordinators took out of the feed, newest first, so they can put it back."""
    return list(
        FeedEntry.objects.filter(quartier=quartier, is_hidden=True)
        .select_related("author")
        .order_by("-created_at", "-id")[:limit]
    )
