"""Views of the feed API: a quartier's feed, and hiding an entry."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from neighbourhood.feed import selectors, services
from neighbourhood.feed.api.serializers import (
    FeedPageSerializer,
    FeedQuerySerializer,
    HiddenFeedEntrySerializer,
    HideSerializer,
)
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import get_quartier_for_coordinator, get_quartier_for_member


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
