"""Views of the produce API for order cycles: the quartier's, one, and what its coordinators do
with it (copy, close, reopen, send the reports)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from exchanges.produce import selectors, services
from exchanges.produce.api.serializers import (
    CycleCopySerializer,
    CycleCreateSerializer,
    OrderCycleDetailSerializer,
    OrderCycleListSerializer,
    ReopenSerializer,
    cycle_data,
)
from exchanges.produce.api.views import COORDINATORS
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import get_quartier_for_coordinator, get_quartier_for_member


class QuartierCycleListView(APIView):
    @extend_schema(
        responses=OrderCycleListSerializer(many=True),
        description="Cycles still to come first (soonest first), then past ones (latest first).",
    )
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        cycles = selectors.cycles_of(quartier=quartier)
        return Response(OrderCycleListSerializer(cycles, many=True).data)

    @extend_schema(
        request=CycleCreateSerializer,
        responses={201: OrderCycleDetailSerializer},
        description=COORDINATORS,
    )
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_coordinator(user=request.user, slug=slug)
        serializer = CycleCreateSerializer(data=request.data, context={"quartier": quartier})
        serializer.is_valid(raise_exception=True)
        cycle = services.cycle_create(
            quartier=quartier, actor=request.user, **serializer.validated_data
        )
        return Response(cycle_data(cycle, request.user), status=status.HTTP_201_CREATED)


class CycleDetailView(APIView):
    @extend_schema(
        responses=OrderCycleDetailSerializer,
        description="Its offers with their price, stock left and limit per member, its "
        "volunteer roles, and my order.",
    )
    def get(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        cycle = selectors.get_cycle_for_member(user=request.user, cycle_id=cycle_id)
        return Response(cycle_data(cycle, request.user))


class CycleCopyView(APIView):
    @extend_schema(
        request=CycleCopySerializer,
        responses={201: OrderCycleDetailSerializer},
        description=f"{COORDINATORS} The next cycle like this one (same products, limits and "
        "roles), a week later (two for a fortnightly one) unless the fields given say otherwise.",
    )
    def post(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
        serializer = CycleCopySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        copy = services.cycle_copy(cycle=cycle, actor=request.user, **serializer.validated_data)
        return Response(cycle_data(copy, request.user), status=status.HTTP_201_CREATED)


class CycleCloseView(APIView):
    @extend_schema(
        request=None,
        responses=OrderCycleDetailSerializer,
        description=f"{COORDINATORS} Orders stop now; the totals go out.",
    )
    def post(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
        services.cycle_close_early(cycle=cycle, actor=request.user)
        return Response(cycle_data(cycle, request.user))


class CycleReopenView(APIView):
    @extend_schema(
        request=ReopenSerializer,
        responses=OrderCycleDetailSerializer,
        description=f"{COORDINATORS} Orders open again until `closes_at`; the totals will be "
        "sent again at the new close.",
    )
    def post(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
        serializer = ReopenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.cycle_reopen(cycle=cycle, actor=request.user, **serializer.validated_data)
        return Response(cycle_data(cycle, request.user))


class CycleSendReportsView(APIView):
    @extend_schema(
        request=None,
        responses={202: None},
        description=f"{COORDINATORS} Mails each producer their totals and the coordinators "
        "the summary again, once orders are closed.",
    )
    def post(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
        services.cycle_send_reports(cycle=cycle, actor=request.user)
        return Response(status=status.HTTP_202_ACCEPTED)
