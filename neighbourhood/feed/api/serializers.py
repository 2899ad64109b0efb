"""Serializers of the feed API: an entry, a page of them, the query, and the hide input.

A page is answered by `page_data`, which writes each entry as `FeedEntrySerializer` would,
without building a serializer a field and an entry: the serializers describe the answer in the
OpenAPI document, and a test holds both to the same output."""

from typing import Any

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


_moment = serializers.DateTimeField()  # the API's one format for a moment (ISO 8601, "Z")


def entry_data(entry: FeedEntry) -> dict[str, Any]:
    """An entry as `FeedEntrySerializer` writes it."""
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "title": entry.title,
        "summary": entry.summary,
        "url": entry.item_url,
        "author": {"id": entry.author.pk, "display_name": entry.author.public_name},
        "created_at": _moment.to_representation(entry.created_at),
        "updated_at": _moment.to_representation(entry.updated_at),
    }


def page_data(page: FeedPage) -> dict[str, Any]:
    """A page as `FeedPageSerializer` writes it."""
    return {
        "results": [entry_data(entry) for entry in page.entries],
        "next_cursor": page.next_cursor,
    }
