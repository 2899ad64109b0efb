"""Views of the produce API: each fetches its object through an access helper and calls one
service."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from exchanges.produce import selectors, services
from exchanges.produce.api import reports
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
    PaymentInputSerializer,
    PaymentSerializer,
    PickedUpSerializer,
    WeightSerializer,
    member_order_data,
    my_orders_data,
    order_data,
    order_put,
)
from exchanges.produce.api.serializers import (
    CycleCopySerializer,
    CycleCreateSerializer,
    OrderCycleDetailSerializer,
    OrderCycleListSerializer,
    ProducerInputSerializer,
    ProducerSerializer,
    ProductInputSerializer,
    ProductSerializer,
    ReopenSerializer,
    VolunteerRoleSerializer,
    cycle_data,
    role_data,
)
from exchanges.produce.services.access import require_coordinator, require_producer_manager
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import get_quartier_for_coordinator, get_quartier_for_member

COORDINATORS = "Coordinators only."
MANAGERS = "Coordinators, or the producer's own account."

# --- producers and products -------------------------------------------------------------------


class QuartierProducerListView(APIView):
    @extend_schema(responses=ProducerSerializer(many=True), description="With their products.")
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        producers = selectors.producers_of(quartier=quartier)
        return Response(ProducerSerializer(producers, many=True).data)

    @extend_schema(
        request=ProducerInputSerializer,
        responses={201: ProducerSerializer},
        description=COORDINATORS,
    )
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_coordinator(user=request.user, slug=slug)
        serializer = ProducerInputSerializer(data=request.data, context={"quartier": quartier})
        serializer.is_valid(raise_exception=True)
        producer = services.producer_create(
            quartier=quartier, actor=request.user, **serializer.validated_data
        )
        return Response(ProducerSerializer(producer).data, status=status.HTTP_201_CREATED)


class ProducerDetailView(APIView):
    @extend_schema(responses=ProducerSerializer)
    def get(self, request: AuthenticatedRequest, producer_id: int) -> Response:
        producer = selectors.get_producer_for_member(user=request.user, producer_id=producer_id)
        return Response(ProducerSerializer(producer).data)

    @extend_schema(
        request=ProducerInputSerializer, responses=ProducerSerializer, description=COORDINATORS
    )
    def patch(self, request: AuthenticatedRequest, producer_id: int) -> Response:
        producer = selectors.get_producer_for_member(user=request.user, producer_id=producer_id)
        require_coordinator(user=request.user, quartier=producer.quartier)
        serializer = ProducerInputSerializer(
            data=request.data, partial=True, context={"quartier": producer.quartier}
        )
        serializer.is_valid(raise_exception=True)
        services.producer_update(producer=producer, actor=request.user, **serializer.validated_data)
        return Response(ProducerSerializer(producer).data)


class ProducerProductListView(APIView):
    @extend_schema(responses=ProductSerializer(many=True), description="Withdrawn ones too.")
    def get(self, request: AuthenticatedRequest, producer_id: int) -> Response:
        producer = selectors.get_producer_for_member(user=request.user, producer_id=producer_id)
        products = selectors.products_of(producer=producer)
        return Response(ProductSerializer(products, many=True).data)

    @extend_schema(
        request=ProductInputSerializer, responses={201: ProductSerializer}, description=MANAGERS
    )
    def post(self, request: AuthenticatedRequest, producer_id: int) -> Response:
        producer = selectors.get_producer_for_member(user=request.user, producer_id=producer_id)
        require_producer_manager(producer, request.user)
        serializer = ProductInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product = services.product_create(
            producer=producer, actor=request.user, **serializer.validated_data
        )
        return Response(ProductSerializer(product).data, status=status.HTTP_201_CREATED)


class ProductDetailView(APIView):
    @extend_schema(
        request=ProductInputSerializer,
        responses=ProductSerializer,
        description=f"{MANAGERS} A new price applies to what is ordered from now on: order "
        "lines keep theirs.",
    )
    def patch(self, request: AuthenticatedRequest, product_id: int) -> Response:
        product = selectors.get_product_for_member(user=request.user, product_id=product_id)
        require_producer_manager(product.producer, request.user)
        serializer = ProductInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.product_update(product=product, actor=request.user, **serializer.validated_data)
        return Response(ProductSerializer(product).data)


# --- cycles -----------------------------------------------------------------------------------


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


# --- my order and volunteering ----------------------------------------------------------------


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


class VolunteerView(APIView):
    @extend_schema(
        request=None,
        responses={201: VolunteerRoleSerializer},
        description="Signs me up; refused when the role has all the people it needs.",
    )
    def post(self, request: AuthenticatedRequest, cycle_id: int, role_id: int) -> Response:
        cycle = selectors.get_cycle_for_member(user=request.user, cycle_id=cycle_id)
        role = selectors.get_role_in(cycle=cycle, role_id=role_id)
        services.volunteer_sign_up(role=role, member=request.user)
        return Response(role_data(role, request.user), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None}, description="Withdraws me.")
    def delete(self, request: AuthenticatedRequest, cycle_id: int, role_id: int) -> Response:
        cycle = selectors.get_cycle_for_member(user=request.user, cycle_id=cycle_id)
        role = selectors.get_role_in(cycle=cycle, role_id=role_id)
        services.volunteer_withdraw(role=role, member=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyOrdersView(APIView):
    @extend_schema(
        responses=MyOrderSerializer(many=True),
        description="My last 50 orders in every quartier, the latest distribution first.",
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(my_orders_data(request.user))


# --- the coordinators' desk -------------------------------------------------------------------


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
