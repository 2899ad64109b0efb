"""Views of the produce API for payments, kept by hand per order and producer."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from exchanges.produce import selectors, services
from exchanges.produce.api.orders import (
    PaymentInputSerializer,
    PaymentSerializer,
)
from exchanges.produce.api.views import COORDINATORS
from neighbourhood.http import AuthenticatedRequest


class PaymentView(APIView):
    @extend_schema(
        request=PaymentInputSerializer,
        responses=PaymentSerializer,
        description=f"{COORDINATORS} How the member pays this producer for this order, kept by "
        "hand: no money moves through the site.",
    )
    def put(
        self, request: AuthenticatedRequest, cycle_id: int, order_id: int, producer_id: int
    ) -> Response:
        cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
        order = selectors.get_order_in(cycle=cycle, order_id=order_id)
        producer = selectors.get_producer_for_member(user=request.user, producer_id=producer_id)
        serializer = PaymentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        payment = services.payment_record(
            order=order, producer=producer, actor=request.user, **serializer.validated_data
        )
        return Response(PaymentSerializer(payment).data)
