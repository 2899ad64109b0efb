"""Views of the produce API for orders: mine, a member's changed by a coordinator, its pick-up
and the weights of its lines."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.produce import selectors, services
from exchanges.produce.api.orders import (
    ORDER_PUT_DESCRIPTION,
    ORDER_PUT_RESPONSES,
    MemberOrderResultSerializer,
    MemberOrderSerializer,
    MyOrderSerializer,
    OrderInputSerializer,
    OrderLineSerializer,
    OrderResultSerializer,
    OrderSerializer,
    PickedUpSerializer,
    WeightSerializer,
    member_order_data,
    my_orders_data,
    order_answer,
    order_data,
)
from exchanges.produce.models import Order, OrderCycle, OrderLine
from neighbourhood.api import Endpoint, no_content
from neighbourhood.http import AuthenticatedRequest


class MyCycleOrderView(Endpoint[OrderCycle]):
    find = selectors.get_cycle_for_member

    @extend_schema(responses=OrderSerializer)
    def get(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        """With no id when I ordered nothing."""
        order = selectors.order_of(cycle=self.object, member=request.user)
        return Response(order_data(order, self.object))

    @extend_schema(
        request=OrderInputSerializer,
        responses={200: OrderResultSerializer, **ORDER_PUT_RESPONSES},
        description=ORDER_PUT_DESCRIPTION,
    )
    def put(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        lines = self.valid(OrderInputSerializer)["lines"]
        result = services.order_replace(cycle=self.object, member=request.user, quantities=lines)
        return order_answer(result, self.object, request.user, for_coordinator=False)

    @extend_schema(responses={204: None})
    def delete(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        """Every unit goes back to the stock. Before the close only."""
        order = selectors.order_of(cycle=self.object, member=request.user)
        if order is not None:  # a second DELETE finds nothing left to cancel
            services.order_cancel(order=order, actor=request.user)
        return no_content()


class MyOrdersView(Endpoint[None]):
    @extend_schema(responses=MyOrderSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        """My last 50 orders in every quartier, the latest distribution first."""
        return Response(my_orders_data(request.user))


class MemberOrderView(Endpoint[Order]):
    find = selectors.get_order_for_coordinator

    @extend_schema(
        request=OrderInputSerializer,
        responses={200: MemberOrderResultSerializer, **ORDER_PUT_RESPONSES},
        description="Coordinators only. Changes a member's order, after the close too. "
        + ORDER_PUT_DESCRIPTION,
    )
    def put(self, request: AuthenticatedRequest, cycle_id: int, order_id: int) -> Response:
        cycle, member = self.object.cycle, self.object.member
        lines = self.valid(OrderInputSerializer)["lines"]
        result = services.order_replace(
            cycle=cycle, member=member, actor=request.user, quantities=lines
        )
        return order_answer(result, cycle, member, for_coordinator=True)


class OrderPickedUpView(Endpoint[Order]):
    find = selectors.get_order_for_coordinator

    @extend_schema(request=PickedUpSerializer, responses=MemberOrderSerializer)
    def post(self, request: AuthenticatedRequest, cycle_id: int, order_id: int) -> Response:
        """Coordinators only."""
        picked_up = self.valid(PickedUpSerializer)["picked_up"]
        services.order_mark_picked_up(order=self.object, actor=request.user, picked_up=picked_up)
        return Response(member_order_data(self.object.cycle, self.object.member))


class LineWeightView(Endpoint[OrderLine]):
    find = selectors.get_line_for_coordinator

    @extend_schema(request=WeightSerializer, responses=OrderLineSerializer)
    def post(self, request: AuthenticatedRequest, cycle_id: int, line_id: int) -> Response:
        """Coordinators only. The weight of a weighed product, which sets its amount."""
        weight = self.valid(WeightSerializer)
        services.line_set_weight(line=self.object, actor=request.user, **weight)
        return Response(OrderLineSerializer(self.object).data)
