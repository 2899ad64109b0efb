"""The JSON API of a quartier's feed: members read it, coordinators hide an entry."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from neighbourhood.accounts.api.serializers import PersonSerializer
from neighbourhood.feed import selectors, services
from neighbourhood.feed.kinds import feed_kinds
from neighbourhood.feed.models import FeedEntry
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.kinds import KindField
from neighbourhood.quartiers.selectors import (
    get_quartier_for_coordinator,
    get_quartier_for_member,
)


class FeedEntrySerializer(serializers.ModelSerializer):
    kind = KindField(feed_kinds, read_only=True)
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


class FeedView(APIView):
    @extend_schema(
        parameters=[FeedQuerySerializer],
        responses=FeedPageSerializer,
        description="Newest first, 20 a page.",
    )
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        query = FeedQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        page = selectors.feed_page(
            quartier=quartier,
            viewer=request.user,
            kind=data.get("kind", ""),
            text=data.get("q", ""),
            mine=data["mine"],
            cursor=data.get("cursor", ""),
        )
        return Response(
            FeedPageSerializer({"results": page.entries, "next_cursor": page.next_cursor}).data
        )


class FeedEntryHideView(APIView):
    @extend_schema(request=HideSerializer, responses=HiddenFeedEntrySerializer)
    def post(self, request: AuthenticatedRequest, slug: str, entry_id: int) -> Response:
        quartier, _membership = get_quartier_for_coordinator(user=request.user, slug=slug)
        entry = selectors.get_entry_in(quartier=quartier, entry_id=entry_id)
        serializer = HideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.feed_entry_hide(
            entry=entry, actor=request.user, hidden=serializer.validated_data["hidden"]
        )
        return Response(HiddenFeedEntrySerializer(entry).data)
