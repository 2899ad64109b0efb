"""Views of the produce API for the coordinators' reports of a cycle."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from exchanges.produce import selectors
from exchanges.produce.api import reports
from exchanges.produce.api.views import COORDINATORS
from neighbourhood.http import AuthenticatedRequest


class CycleTotalsView(APIView):
    @extend_schema(
        responses=reports.ProducerTotalSerializer(many=True),
        description=f"{COORDINATORS} Per producer, per product offered: the quantity ordered "
        "and its amount, at the prices of the order lines.",
    )
    def get(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
        return Response(reports.totals_data(cycle))


class CyclePickUpView(APIView):
    @extend_schema(
        responses=reports.PickUpSerializer(many=True),
        description=f"{COORDINATORS} The sign-off sheet: per member, alphabetically, what they "
        "ordered, the amounts and how they pay.",
    )
    def get(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
        return Response(reports.pickup_data(cycle))


class CyclePackingView(APIView):
    @extend_schema(
        responses=reports.PackingSerializer(many=True),
        description=f"{COORDINATORS} Per product ordered, each member's quantity.",
    )
    def get(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
        return Response(reports.packing_data(cycle))


class CycleOwedView(APIView):
    @extend_schema(
        responses=reports.OwedSerializer(many=True),
        description=f"{COORDINATORS} Per producer: ordered, received, handed and still owed.",
    )
    def get(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
        return Response(reports.owed_data(cycle))
