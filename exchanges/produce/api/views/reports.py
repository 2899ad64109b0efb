"""Views of the produce API for the coordinators' reports of a cycle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.produce import selectors
from exchanges.produce.api import reports
from exchanges.produce.models import OrderCycle
from neighbourhood.api import Endpoint
from neighbourhood.http import AuthenticatedRequest


class CycleReportView(Endpoint[OrderCycle]):
    """A report of the cycle, for its coordinators (a member gets a 403).

    The reports differ only by what they read: each is a subclass that names it, with its own
    description and response in the OpenAPI document."""

    find = selectors.get_cycle_for_coordinator
    report: ClassVar[Callable[[OrderCycle], Any]]

    def get(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        # Read on the class: a plain function stored on it is not bound to the view.
        return Response(type(self).report(self.object))


@extend_schema(responses=reports.ProducerTotalSerializer(many=True))
class CycleTotalsView(CycleReportView):
    """Coordinators only. Per producer, per product offered: the quantity ordered and its
    amount, at the prices of the order lines."""

    report = reports.totals_data


@extend_schema(responses=reports.PickUpSerializer(many=True))
class CyclePickUpView(CycleReportView):
    """Coordinators only. The sign-off sheet: per member, alphabetically, what they ordered, the
    amounts and how they pay."""

    report = reports.pickup_data


@extend_schema(responses=reports.PackingSerializer(many=True))
class CyclePackingView(CycleReportView):
    """Coordinators only. Per product ordered, each member's quantity."""

    report = reports.packing_data


@extend_schema(responses=reports.OwedSerializer(many=True))
class CycleOwedView(CycleReportView):
    """Coordinators only. Per producer: ordered, received, handed and still owed."""

    report = reports.owed_data
