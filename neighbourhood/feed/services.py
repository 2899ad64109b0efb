"""Writes to the feed. Each kind of item publishes through `feed_entry_sync`, from its own
service and in its own transaction, so an item and its entry never disagree."""

from __future__ import annotations

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from messaging import realtime
from neighbourhood.accounts.models import User
from neighbourhood.feed.models import FeedEntry
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import require_coordinator

SUMMARY_LENGTH = 280
TITLE_LENGTH = 200


def summarize(text: str, length: int = SUMMARY_LENGTH) -> str:
    """The first words of a text, on one line, cut at a word."""
    flat = " ".join(text.split())
    if len(flat) <= length:
        return flat
    return flat[: length - 1].rsplit(" ", 1)[0] + "…"


@transaction.atomic
def feed_entry_sync(
    *,
    item: models.Model,
    kind: str,
    quartier: Quartier,
    author: User,
    title: str,
    summary: str,
    item_url: str,
    is_published: bool,
    expires_at: datetime | None,
) -> FeedEntry:
    """Creates or updates the entry of ``item`` from what the item says about itself."""
    content_type = ContentType.objects.get_for_model(item)
    entry = (
        FeedEntry.objects.select_for_update()
        .filter(content_type=content_type, object_id=item.pk)
        .first()
    )
    was_visible = entry is not None and entry.is_visible
    now = timezone.now()
    if entry is None:
        entry = FeedEntry(content_type=content_type, object_id=item.pk, created_at=now)
    entry.kind = kind
    entry.quartier = quartier
    entry.author = author
    # An item's own title may be longer than the feed's column (a ride between two long
    # addresses): the entry shows its first words rather than refusing the item.
    entry.title = summarize(title, TITLE_LENGTH)
    entry.summary = summarize(summary)
    entry.item_url = item_url
    entry.is_published = is_published
    entry.expires_at = expires_at
    entry.updated_at = now
    entry.is_visible = entry.is_published and not entry.is_hidden
    entry.save()
    _announce(entry, was_visible=was_visible)
    return entry


@transaction.atomic
def feed_entry_hide(*, entry: FeedEntry, actor: User, hidden: bool = True) -> FeedEntry:
    """A coordinator takes an entry out of the feed (or puts it back)."""
    require_coordinator(user=actor, quartier=entry.quartier)
    was_visible = entry.is_visible
    entry.is_hidden = hidden
    entry.is_visible = entry.is_published and not hidden
    entry.save(update_fields=["is_hidden", "is_visible"])
    _announce(entry, was_visible=was_visible)
    return entry


def _announce(entry: FeedEntry, *, was_visible: bool) -> None:
    group = realtime.quartier_group(entry.quartier_id)
    if entry.is_visible:
        realtime.publish_on_commit(
            group,
            {
                "type": "feed.entry",
                "id": entry.pk,
                "kind": entry.kind,
                "quartier": entry.quartier_id,
            },
        )
    elif was_visible:
        realtime.publish_on_commit(
            group, {"type": "feed.withdrawn", "id": entry.pk, "quartier": entry.quartier_id}
        )
