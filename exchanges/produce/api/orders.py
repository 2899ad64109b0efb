"""Serializers of the produce API for orders: my order and its lines, what was refused and
why, a coordinator's changes (weights, pick-up, payments), and my orders everywhere."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.response import Response

from exchanges.produce import selectors, services
from exchanges.produce.api.fields import (
    FlatListField,
    FlatSerializer,
    amount_field,
    optional_text_field,
    quantity_field,
    weight_field,
)
from exchanges.produce.models import Order, OrderCycle, OrderLine, Payment, Producer, Product, Unit
from neighbourhood.accounts.api.serializers import PersonSerializer
from neighbourhood.accounts.models import User
from neighbourhood.api import id_field

MAX_LINES = 200

# --- what an order holds ----------------------------------------------------------------------


class ProductBriefSerializer(serializers.ModelSerializer):
    unit = serializers.ChoiceField(choices=Unit.choices, read_only=True)

    class Meta:
        model = Product
        fields = ["id", "producer", "name", "unit", "per_unit", "is_weighed"]
        read_only_fields = fields


class ProducerBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Producer
        fields = ["id", "farm_name", "name", "email", "phone"]
        read_only_fields = fields


class OrderLineSerializer(serializers.ModelSerializer):
    product = ProductBriefSerializer(source="offer.product", read_only=True)
    unit_price_cents = serializers.IntegerField(
        read_only=True, help_text="The price when it was ordered (per kg if weighed)."
    )
    amount_cents = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="None until a weighed product is weighed."
    )

    class Meta:
        model = OrderLine
        fields = [
            "id",
            "offer",
            "product",
            "quantity",
            "unit_price_cents",
            "weight_grams",
            "amount_cents",
        ]
        read_only_fields = fields


class OrderSerializer(serializers.Serializer):
    """An order; with no id and no line when nothing is ordered yet."""

    id = serializers.IntegerField(allow_null=True)
    cycle = serializers.IntegerField()
    lines = OrderLineSerializer(many=True)
    total_cents = serializers.IntegerField(help_text="Weighed products not weighed yet left out.")
    weights_missing = serializers.BooleanField(help_text="Some products are still to weigh.")
    picked_up_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class MemberOrderSerializer(OrderSerializer):
    member = PersonSerializer()


class RefusalSerializer(serializers.Serializer):
    offer = serializers.IntegerField()
    reason = serializers.CharField()


class OrderResultSerializer(OrderSerializer):
    refused = RefusalSerializer(many=True, help_text="The lines that could not be served.")


class MemberOrderResultSerializer(MemberOrderSerializer):
    refused = RefusalSerializer(many=True, help_text="The lines that could not be served.")


class OrderRefusedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    # The metaclass takes declared fields off the class: this one does not replace .errors.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text='{"lines": [one sentence per line refused]}',
    )
    refused = RefusalSerializer(many=True)


def _order_fields(order: Order | None, cycle: OrderCycle) -> dict[str, Any]:
    lines = list(order.lines.all()) if order is not None else []
    amounts = [line.amount_cents for line in lines]
    return {
        "id": order.pk if order else None,
        "cycle": cycle.pk,
        "lines": lines,
        "total_cents": sum(amount or 0 for amount in amounts),
        "weights_missing": None in amounts,
        "picked_up_at": order.picked_up_at if order else None,
        "updated_at": order.updated_at if order else None,
    }


def order_data(order: Order | None, cycle: OrderCycle) -> Any:
    return OrderSerializer(_order_fields(order, cycle)).data


def member_order_data(cycle: OrderCycle, member: User) -> Any:
    # Read again through the selector: it brings the lines and their products.
    order = selectors.order_of(cycle=cycle, member=member)
    return MemberOrderSerializer(_order_fields(order, cycle) | {"member": member}).data


# --- placing an order -------------------------------------------------------------------------


class LineInputSerializer(FlatSerializer):
    offer = id_field(help_text="An offer of the cycle (not a product).")
    quantity = quantity_field(help_text="0 removes the line.")


class OrderInputSerializer(serializers.Serializer):
    lines = FlatListField(
        child=LineInputSerializer(),
        max_length=MAX_LINES,
        help_text="The whole order: a line left out is removed.",
    )

    def validate_lines(self, rows: list[dict[str, Any]]) -> dict[int, int]:
        quantities = {row["offer"]: row["quantity"] for row in rows}
        if len(quantities) < len(rows):
            raise serializers.ValidationError(_("Give each product once."))
        return quantities


ORDER_PUT_DESCRIPTION = (
    "The order becomes these lines (a line left out is removed; `[]` removes everything). "
    "Each line is checked on its own against the stock left, the limit per member and the "
    "product being offered: a line that cannot be served is refused with its reason and the "
    "rest is saved. **200** with the order and `refused` (maybe empty) when at least one line "
    "changed, or when nothing was refused; **400** with `errors.lines` (one sentence per line) "
    "and `refused` when nothing could be saved, in which case nothing is stored."
)
ORDER_PUT_RESPONSES = {
    400: OpenApiResponse(
        OrderRefusedSerializer,
        description="Nothing could be saved; or the input is malformed, or orders are closed "
        "(`errors.non_field_errors`).",
    )
}


def order_answer(
    result: services.OrderResult, cycle: OrderCycle, member: User, *, for_coordinator: bool
) -> Response:
    """What a PUT of an order answers: the order and the lines refused, or a 400 when nothing
    could be saved (the service has then stored nothing)."""
    refused = [{"offer": offer_id, "reason": reason} for offer_id, reason in result.refused.items()]
    if refused and not result.changed:
        return Response(_refusal(cycle, refused), status=status.HTTP_400_BAD_REQUEST)
    order = selectors.order_of(cycle=cycle, member=member)
    fields = _order_fields(order, cycle) | {"member": member, "refused": refused}
    shown = MemberOrderResultSerializer if for_coordinator else OrderResultSerializer
    return Response(shown(fields).data)


def _refusal(cycle: OrderCycle, refused: list[dict[str, Any]]) -> dict[str, Any]:
    offers = {offer.pk: offer for offer in selectors.offers_of(cycle=cycle)}
    sentences = [
        _("%(product)s: %(reason)s") % {"product": offers[row["offer"]].product, **row}
        if row["offer"] in offers
        else row["reason"]
        for row in refused
    ]
    return {"detail": sentences[0], "errors": {"lines": sentences}, "refused": refused}


# --- a coordinator's changes ------------------------------------------------------------------


class PickedUpSerializer(serializers.Serializer):
    picked_up = serializers.BooleanField(default=True, help_text="false undoes it.")


class WeightSerializer(serializers.Serializer):
    weight_grams = weight_field()


class PaymentSerializer(serializers.ModelSerializer):
    producer = ProducerBriefSerializer(read_only=True)
    method = serializers.ChoiceField(choices=Payment.Method.choices, read_only=True)
    status = serializers.ChoiceField(choices=Payment.Status.choices, read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "order",
            "producer",
            "method",
            "cheque_number",
            "amount_cents",
            "status",
            "updated_at",
        ]
        read_only_fields = fields


class PaymentInputSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=Payment.Method.choices)
    cheque_number = optional_text_field(30, "Needed for a cheque once received.")
    amount_cents = amount_field()
    status = serializers.ChoiceField(choices=Payment.Status.choices, default=Payment.Status.TO_PAY)


# --- mine -------------------------------------------------------------------------------------


class CycleBriefSerializer(serializers.ModelSerializer):
    quartier = serializers.CharField(source="quartier.slug", read_only=True)
    state = serializers.ChoiceField(choices=OrderCycle.State.choices, read_only=True)

    class Meta:
        model = OrderCycle
        fields = ["id", "quartier", "title", "state", "distribution_date", "place"]
        read_only_fields = fields


class MyOrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    cycle = CycleBriefSerializer()
    line_count = serializers.IntegerField()
    total_cents = serializers.IntegerField(help_text="Weighed products not weighed yet left out.")
    weights_missing = serializers.BooleanField()
    picked_up_at = serializers.DateTimeField(allow_null=True)


def my_orders_data(user: User) -> Any:
    orders = selectors.my_orders(user=user)
    # One more query for every line of every order, to give each its amount.
    prefetch_related_objects(
        orders, Prefetch("lines", queryset=OrderLine.objects.select_related("offer__product"))
    )
    rows = []
    for order in orders:
        fields = _order_fields(order, order.cycle)
        rows.append(
            fields | {"cycle": order.cycle, "line_count": len(fields["lines"]), "id": order.pk}
        )
    return MyOrderSerializer(rows, many=True).data
