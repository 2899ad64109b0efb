"""Views of the swap API for swaps: the quartier's, one, its status and renewal, mine,
and the coordinators' overview by category."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

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
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import (
    get_quartier_for_coordinator,
    get_quartier_for_member,
)


class QuartierSwapListView(APIView):
    @extend_schema(parameters=[SwapQuerySerializer], responses=SwapDetailSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        query = SwapQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        swaps = selectors.swap_list(
            quartier=quartier,
            kind=query.validated_data.get("kind", ""),
            category=query.validated_data.get("category", ""),
        )
        return Response(SwapDetailSerializer(swaps, many=True).data)

    @extend_schema(request=SwapCreateSerializer, responses={201: SwapDetailSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        serializer = SwapCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        swap = services.swap_create(
            quartier=quartier, author=request.user, kind=fields.pop("kind"), **fields
        )
        return Response(detail_data(swap, request.user), status=status.HTTP_201_CREATED)


class SwapDetailView(APIView):
    @extend_schema(responses=SwapDetailSerializer)
    def get(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        swap = selectors.get_swap_for_member(user=request.user, swap_id=swap_id)
        return Response(SwapDetailSerializer(swap).data)

    @extend_schema(request=SwapUpdateSerializer, responses=SwapDetailSerializer)
    def patch(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        swap = selectors.get_swap_for_member(user=request.user, swap_id=swap_id)
        serializer = SwapUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.swap_update(swap=swap, actor=request.user, **serializer.validated_data)
        return Response(detail_data(swap, request.user))


class SwapStatusView(APIView):
    @extend_schema(
        request=SwapStatusSerializer,
        responses=SwapDetailSerializer,
        description="Pause, resume or close. A closed swap stays closed.",
    )
    def post(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        swap = selectors.get_swap_for_member(user=request.user, swap_id=swap_id)
        serializer = SwapStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.swap_set_status(
            swap=swap, actor=request.user, status=serializer.validated_data["status"]
        )
        return Response(detail_data(swap, request.user))


class SwapRenewView(APIView):
    @extend_schema(
        request=None,
        responses=SwapDetailSerializer,
        description="Three more months from today, and the swap is back in the feed.",
    )
    def post(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        swap = selectors.get_swap_for_member(user=request.user, swap_id=swap_id)
        services.swap_renew(swap=swap, actor=request.user)
        return Response(detail_data(swap, request.user))


class MySwapListView(APIView):
    @extend_schema(responses=SwapDetailSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        swaps = selectors.my_swaps(user=request.user)
        return Response(SwapDetailSerializer(swaps, many=True).data)


class CategoryOverviewView(APIView):
    @extend_schema(
        responses=CategoryCountSerializer(many=True),
        description="The quartier's open offers and requests by category, for coordinators.",
    )
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_coordinator(user=request.user, slug=slug)
        overview = selectors.category_overview(quartier=quartier)
        return Response(CategoryCountSerializer(overview, many=True).data)
