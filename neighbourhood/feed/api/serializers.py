"""Serializers of the feed API: an entry, a page of them, the query, and the hide input."""

from rest_framework import serializers

from neighbourhood.accounts.api.serializers import PersonSerializer
from neighbourhood.feed.kinds import feed_kinds
from neighbourhood.feed.models import FeedEntry
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
