"""Views of the swap API for swaps: the quartier's, one, its status and renewal, mine, and the
coordinators' overview by category."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.swaps import selectors, services
from exchanges.swaps.api.serializers import (
    CategoryCountSerializer,
    SwapCreateSerializer,
    SwapDetailSerializer,
    SwapQuerySerializer,
    SwapStatusSerializer,
    SwapUpdateSerializer,
    detail_data,
)
from exchanges.swaps.models import Swap
from neighbourhood.api import Endpoint, QuartierEndpoint, created
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import get_quartier_for_coordinator


class QuartierSwapListView(QuartierEndpoint):
    @extend_schema(parameters=[SwapQuerySerializer], responses=SwapDetailSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        """The quartier's open swaps, the latest first."""
        swaps = selectors.swap_list(quartier=self.quartier, **self.valid_query(SwapQuerySerializer))
        return Response(SwapDetailSerializer(swaps, many=True).data)

    @extend_schema(request=SwapCreateSerializer, responses={201: SwapDetailSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        """Publishes an offer or a request in the quartier."""
        fields = self.valid(SwapCreateSerializer)
        swap = services.swap_create(quartier=self.quartier, author=request.user, **fields)
        return created(detail_data(swap, request.user))


class SwapView(Endpoint[Swap]):
    """A swap, for a member of its quartier; the author's changes answer it as it now is."""

    find = selectors.get_swap_for_member

    def changed(self, request: AuthenticatedRequest) -> Response:
        return Response(detail_data(self.object, request.user))


class SwapDetailView(SwapView):
    @extend_schema(responses=SwapDetailSerializer)
    def get(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        """One swap, with how many of its exchanges took place."""
        return Response(SwapDetailSerializer(self.object).data)

    @extend_schema(request=SwapUpdateSerializer, responses=SwapDetailSerializer)
    def patch(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        """The author only."""
        changes = self.valid(SwapUpdateSerializer, partial=True)
        services.swap_update(swap=self.object, actor=request.user, **changes)
        return self.changed(request)


class SwapStatusView(SwapView):
    @extend_schema(request=SwapStatusSerializer, responses=SwapDetailSerializer)
    def post(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        """Pause, resume or close. A closed swap stays closed."""
        status = self.valid(SwapStatusSerializer)["status"]
        services.swap_set_status(swap=self.object, actor=request.user, status=status)
        return self.changed(request)


class SwapRenewView(SwapView):
    @extend_schema(request=None, responses=SwapDetailSerializer)
    def post(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        """Three more months from today, and the swap is back in the feed."""
        services.swap_renew(swap=self.object, actor=request.user)
        return self.changed(request)


class MySwapListView(Endpoint[None]):
    @extend_schema(responses=SwapDetailSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        """My swaps in every quartier, open or not."""
        swaps = selectors.my_swaps(user=request.user)
        return Response(SwapDetailSerializer(swaps, many=True).data)


class CategoryOverviewView(QuartierEndpoint):
    find = get_quartier_for_coordinator

    @extend_schema(responses=CategoryCountSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        """The quartier's open offers and requests by category, for coordinators."""
        overview = selectors.category_overview(quartier=self.quartier)
        return Response(CategoryCountSerializer(overview, many=True).data)
