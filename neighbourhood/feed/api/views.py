"""Views of the feed API: a quartier's feed, and hiding an entry."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from neighbourhood.api import Endpoint
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
from neighbourhood.quartiers.selectors import get_quartier_for_member


# No object resolved beforehand: the page's query checks the membership itself (see
# `selectors.member_feed_page`), a 404 for anyone but a member of the quartier.
class FeedView(Endpoint[None]):
    @extend_schema(
        parameters=[FeedQuerySerializer],
        responses=FeedPageSerializer,
        description="Newest first, 20 a page.",
    )
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        try:
            query = self.valid_query(FeedQuerySerializer)
            page = selectors.member_feed_page(
                slug=slug,
                viewer=request.user,
                kind=query.get("kind", ""),
                text=query.get("q", ""),
                mine=query["mine"],
                cursor=query.get("cursor", ""),
            )
        except (exceptions.ValidationError, ValidationError):
            # A query refused to an outsider is still a 404: nothing said about the quartier.
            get_quartier_for_member(user=request.user, slug=slug)
            raise
        return Response(page_data(page))


class FeedEntryHideView(Endpoint[FeedEntry]):
    find = selectors.get_entry_for_coordinator

    @extend_schema(request=HideSerializer, responses=HiddenFeedEntrySerializer)
    def post(self, request: AuthenticatedRequest, slug: str, entry_id: int) -> Response:
        hidden = self.valid(HideSerializer)["hidden"]
        services.feed_entry_hide(entry=self.object, actor=request.user, hidden=hidden)
        return Response(HiddenFeedEntrySerializer(self.object).data)
