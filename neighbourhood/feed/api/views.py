"""Views of the feed API: a quartier's feed, and hiding an entry."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from neighbourhood.api import Endpoint, QuartierEndpoint
from neighbourhood.feed import selectors, services
from neighbourhood.feed.api.serializers import (
    FeedPageSerializer,
    FeedQuerySerializer,
    HiddenFeedEntrySerializer,
    HideSerializer,
    page_data,
)
from neighbourhood.feed.models import FeedEntry
from neighbourhood.http import AuthenticatedRequest


class FeedView(QuartierEndpoint):
    @extend_schema(
        parameters=[FeedQuerySerializer],
        responses=FeedPageSerializer,
        description="Newest first, 20 a page.",
    )
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier = self.quartier
        query = self.valid_query(FeedQuerySerializer)
        page = selectors.feed_page(
            quartier=quartier,
            viewer=request.user,
            kind=query.get("kind", ""),
            text=query.get("q", ""),
            mine=query["mine"],
            cursor=query.get("cursor", ""),
        )
        return Response(page_data(page))


class FeedEntryHideView(Endpoint[FeedEntry]):
    find = selectors.get_entry_for_coordinator

    @extend_schema(request=HideSerializer, responses=HiddenFeedEntrySerializer)
    def post(self, request: AuthenticatedRequest, slug: str, entry_id: int) -> Response:
        hidden = self.valid(HideSerializer)["hidden"]
        services.feed_entry_hide(entry=self.object, actor=request.user, hidden=hidden)
        return Response(HiddenFeedEntrySerializer(self.object).data)
