"""Views of the produce API for orders: mine, a member's changed by a coordinator, its pick-up
and the weights of its lines."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

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
    order_data,
    order_put,
)
from exchanges.produce.api.views import COORDINATORS
from neighbourhood.http import AuthenticatedRequest


class MyCycleOrderView(APIView):
    @extend_schema(responses=OrderSerializer, description="With no id when I ordered nothing.")
    def get(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        cycle = selectors.get_cycle_for_member(user=request.user, cycle_id=cycle_id)
        return Response(order_data(selectors.order_of(cycle=cycle, member=request.user), cycle))

    @extend_schema(
        request=OrderInputSerializer,
        responses={200: OrderResultSerializer, **ORDER_PUT_RESPONSES},
        description=ORDER_PUT_DESCRIPTION,
    )
    def put(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        cycle = selectors.get_cycle_for_member(user=request.user, cycle_id=cycle_id)
        return order_put(cycle=cycle, member=request.user, data=request.data)

    @extend_schema(
        responses={204: None},
        description="Every unit goes back to the stock. Before the close only.",
    )
    def delete(self, request: AuthenticatedRequest, cycle_id: int) -> Response:
        cycle = selectors.get_cycle_for_member(user=request.user, cycle_id=cycle_id)
        order = selectors.order_of(cycle=cycle, member=request.user)
        if order is not None:
            services.order_cancel(order=order, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyOrdersView(APIView):
    @extend_schema(
        responses=MyOrderSerializer(many=True),
        description="My last 50 orders in every quartier, the latest distribution first.",
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(my_orders_data(request.user))


class MemberOrderView(APIView):
    @extend_schema(
        request=OrderInputSerializer,
        responses={200: MemberOrderResultSerializer, **ORDER_PUT_RESPONSES},
        description=f"{COORDINATORS} Changes a member's order, after the close too. "
        + ORDER_PUT_DESCRIPTION,
    )
    def put(self, request: AuthenticatedRequest, cycle_id: int, order_id: int) -> Response:
        cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
        order = selectors.get_order_in(cycle=cycle, order_id=order_id)
        return order_put(cycle=cycle, member=order.member, actor=request.user, data=request.data)


class OrderPickedUpView(APIView):
    @extend_schema(
        request=PickedUpSerializer, responses=MemberOrderSerializer, description=COORDINATORS
    )
    def post(self, request: AuthenticatedRequest, cycle_id: int, order_id: int) -> Response:
        cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
        order = selectors.get_order_in(cycle=cycle, order_id=order_id)
        serializer = PickedUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.order_mark_picked_up(
            order=order, actor=request.user, picked_up=serializer.validated_data["picked_up"]
        )
        return Response(member_order_data(cycle, order.member))


class LineWeightView(APIView):
    @extend_schema(
        request=WeightSerializer,
        responses=OrderLineSerializer,
        description=f"{COORDINATORS} The weight of a weighed product, which sets its amount.",
    )
    def post(self, request: AuthenticatedRequest, cycle_id: int, line_id: int) -> Response:
        cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
        line = selectors.get_line_in(cycle=cycle, line_id=line_id)
        serializer = WeightSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.line_set_weight(line=line, actor=request.user, **serializer.validated_data)
        return Response(OrderLineSerializer(line).data)
