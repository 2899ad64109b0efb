"""Serializers of the feed API: an entry, a page of them, the query, and the hide input.

A page is answered by `page_data`, which writes each entry as `FeedEntrySerializer` would,
without building a serializer a field and an entry: the serializers describe the answer in the
OpenAPI document, and a test holds both to the same output."""

import datetime
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from neighbourhood.accounts.api.serializers import PersonSerializer
from neighbourhood.feed.kinds import feed_kinds
from neighbourhood.feed.models import FeedEntry
from neighbourhood.feed.selectors import FeedPage
from neighbourhood.kinds import KindField, StoredKindField


class FeedEntrySerializer(serializers.ModelSerializer):
    kind = StoredKindField()
    url = serializers.CharField(source="item_url", read_only=True)
    author = PersonSerializer(read_only=True)

    class Meta:
        model = FeedEntry
        fields = ["id", "kind", "title", "summary", "url", "author", "created_at", "updated_at"]


class HiddenFeedEntrySerializer(FeedEntrySerializer):
    class Meta(FeedEntrySerializer.Meta):
        fields = [*FeedEntrySerializer.Meta.fields, "is_hidden"]


class FeedPageSerializer(serializers.Serializer):
    results = FeedEntrySerializer(many=True)
    next_cursor = serializers.CharField(
        allow_null=True, help_text="Pass it as `cursor` for the next page; null on the last one."
    )


class FeedQuerySerializer(serializers.Serializer):
    kind = KindField(feed_kinds, required=False, allow_blank=True)
    q = serializers.CharField(max_length=100, required=False, allow_blank=True)
    mine = serializers.BooleanField(required=False, default=False)
    cursor = serializers.CharField(max_length=200, required=False, allow_blank=True)


class HideSerializer(serializers.Serializer):
    hidden = serializers.BooleanField(default=True, help_text="false puts the entry back.")


def _moment(value: datetime.datetime, zone: datetime.tzinfo) -> str:
    """A moment as DRF's DateTimeField writes it (ISO 8601 in the current zone, UTC as "Z"),
    the zone read once for the page rather than at each of its 40 moments."""
    text = value.astimezone(zone).isoformat()
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def entry_data(entry: FeedEntry, zone: datetime.tzinfo) -> dict[str, Any]:
    """An entry as `FeedEntrySerializer` writes it."""
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "title": entry.title,
        "summary": entry.summary,
        "url": entry.item_url,
        "author": {"id": entry.author.pk, "display_name": entry.author.public_name},
        "created_at": _moment(entry.created_at, zone),
        "updated_at": _moment(entry.updated_at, zone),
    }


def page_data(page: FeedPage) -> dict[str, Any]:
    """A page as `FeedPageSerializer` writes it."""
    zone = timezone.get_current_timezone()
    return {
        "results": [entry_data(entry, zone) for entry in page.entries],
        "next_cursor": page.next_cursor,
    }
