"""Views of the produce API for payments, kept by hand per order and producer."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.produce import selectors, services
from exchanges.produce.api.orders import PaymentInputSerializer, PaymentSerializer
from exchanges.produce.models import Order, Producer
from neighbourhood.api import Endpoint
from neighbourhood.http import AuthenticatedRequest


class PaymentView(Endpoint[tuple[Order, Producer]]):
    find = selectors.get_payee_for_coordinator

    @extend_schema(request=PaymentInputSerializer, responses=PaymentSerializer)
    def put(
        self, request: AuthenticatedRequest, cycle_id: int, order_id: int, producer_id: int
    ) -> Response:
        """Coordinators only. How the member pays this producer for this order, kept by hand:
        no money moves through the site."""
        order, producer = self.object
        payment = services.payment_record(
            order=order, producer=producer, actor=request.user, **self.valid(PaymentInputSerializer)
        )
        return Response(PaymentSerializer(payment).data)
