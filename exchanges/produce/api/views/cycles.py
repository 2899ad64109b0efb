"""Views of the produce API for order cycles: the quartier's, one, and what its coordinators do
with it (copy, close, reopen, send the reports)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.produce import selectors, services
from exchanges.produce.api.serializers import (
    CycleCopySerializer,
    CycleCreateSerializer,
    OrderCycleDetailSerializer,
    OrderCycleListSerializer,
    ReopenSerializer,
    cycle_data,
)
from exchanges.produce.models import OrderCycle
from neighbourhood.api import Endpoint, QuartierEndpoint, created
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import get_quartier_for_coordinator


class QuartierCycleListView(QuartierEndpoint):
    find_for = {"POST": get_quartier_for_coordinator}

    @extend_schema(responses=OrderCycleListSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        """Cycles still to come first (soonest first), then past ones (latest first)."""
        cycles = selectors.cycles_of(quartier=self.quartier)
        return Response(OrderCycleListSerializer(cycles, many=True).data)

    @extend_schema(request=CycleCreateSerializer, responses={201: OrderCycleDetailSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        """Coordinators only."""
        fields = self.valid(CycleCreateSerializer, quartier=self.quartier)
        cycle = services.cycle_create(quartier=self.quartier, actor=request.user, **fields)
        return created(cycle_data(cycle, request.user))


class CycleDetailView(Endpoint[OrderCycle]):
    find = selectors.get_cycle_for_member

    @extend_schema(responses=OrderCycleDetailSerializer)
    def get(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        """Its offers with their price, stock left and limit per member, its volunteer roles,
        and my order."""
        return Response(cycle_data(self.object, request.user))


class CycleCopyView(Endpoint[OrderCycle]):
    find = selectors.get_cycle_for_coordinator

    @extend_schema(request=CycleCopySerializer, responses={201: OrderCycleDetailSerializer})
    def post(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        """Coordinators only. The next cycle like this one (same products, limits and roles), a
        week later (two for a fortnightly one) unless the fields given say otherwise."""
        changes = self.valid(CycleCopySerializer)
        copy = services.cycle_copy(cycle=self.object, actor=request.user, **changes)
        return created(cycle_data(copy, request.user))


class CycleCloseView(Endpoint[OrderCycle]):
    find = selectors.get_cycle_for_coordinator

    @extend_schema(request=None, responses=OrderCycleDetailSerializer)
    def post(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        """Coordinators only. Orders stop now; the totals go out."""
        services.cycle_close_early(cycle=self.object, actor=request.user)
        return Response(cycle_data(self.object, request.user))


class CycleReopenView(Endpoint[OrderCycle]):
    find = selectors.get_cycle_for_coordinator

    @extend_schema(request=ReopenSerializer, responses=OrderCycleDetailSerializer)
    def post(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        """Coordinators only. Orders open again until `closes_at`; the totals will be sent again
        at the new close."""
        services.cycle_reopen(cycle=self.object, actor=request.user, **self.valid(ReopenSerializer))
        return Response(cycle_data(self.object, request.user))


class CycleSendReportsView(Endpoint[OrderCycle]):
    find = selectors.get_cycle_for_coordinator

    @extend_schema(request=None, responses={202: None})
    def post(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        """Coordinators only. Mails each producer their totals and the coordinators the summary
        again, once orders are closed."""
        services.cycle_send_reports(cycle=self.object, actor=request.user)
        return Response(status=202)
