"""The coordinators' reports of a cycle as JSON: totals per producer, the pick-up list, packing
by product, and what is still owed per producer. Each is read by `reports.load`, in a fixed
number of queries whatever the number of orders."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from exchanges.produce import reports
from exchanges.produce.api.orders import (
    OrderLineSerializer,
    PaymentSerializer,
    ProducerBriefSerializer,
    ProductBriefSerializer,
)
from exchanges.produce.models import OrderCycle
from neighbourhood.accounts.api.serializers import PersonSerializer

WEIGHED_LEFT_OUT = "Lines of weighed products not weighed yet are left out."


class ProductTotalSerializer(serializers.Serializer):
    offer = serializers.IntegerField(source="offer.pk")
    product = ProductBriefSerializer(source="offer.product")
    quantity = serializers.IntegerField()
    amount_cents = serializers.IntegerField(help_text=WEIGHED_LEFT_OUT)
    weights_missing = serializers.IntegerField(help_text="Lines still to weigh.")


class SharesTotalSerializer(serializers.Serializer):
    contract = serializers.CharField()
    size = serializers.CharField()
    shares = serializers.IntegerField()


class ProducerTotalSerializer(serializers.Serializer):
    producer = ProducerBriefSerializer()
    shares = SharesTotalSerializer(many=True, help_text="Contract shares to bring, by size.")
    products = ProductTotalSerializer(many=True, help_text="Every product offered, even unsold.")
    amount_cents = serializers.IntegerField(help_text=WEIGHED_LEFT_OUT)
    weights_missing = serializers.IntegerField(help_text="Lines still to weigh.")


class BasketSerializer(serializers.Serializer):
    subscription = serializers.IntegerField(source="subscription.pk")
    contract = serializers.CharField(source="date.contract.title")
    farm_name = serializers.CharField(source="producer.farm_name")
    size = serializers.CharField(source="subscription.size.name")
    shares = serializers.IntegerField(source="subscription.shares")
    subscriber = PersonSerializer()
    passed_on = serializers.BooleanField(help_text="Collected by someone else for the subscriber.")
    association = serializers.CharField(help_text="The partner association it is given to.")
    late = serializers.BooleanField(
        help_text="The subscriber has an instalment due by this month still to receive."
    )


class PickUpSerializer(serializers.Serializer):
    member = PersonSerializer(
        allow_null=True, help_text="Null on an association's line or a basket offered not taken."
    )
    name = serializers.CharField()
    association = serializers.CharField()
    order = serializers.IntegerField(source="order.pk", allow_null=True, default=None)
    picked_up_at = serializers.DateTimeField(
        source="order.picked_up_at", allow_null=True, default=None
    )
    baskets = BasketSerializer(many=True, help_text="Contract baskets collected on this line.")
    late = serializers.BooleanField()
    lines = OrderLineSerializer(many=True)
    payments = PaymentSerializer(many=True)
    amount_cents = serializers.IntegerField(help_text=WEIGHED_LEFT_OUT)
    weights_missing = serializers.BooleanField()


class PackedSerializer(serializers.Serializer):
    member = PersonSerializer()
    quantity = serializers.IntegerField()


class PackingSerializer(serializers.Serializer):
    offer = serializers.IntegerField(source="offer.pk")
    product = ProductBriefSerializer(source="offer.product")
    farm_name = serializers.CharField(source="offer.product.producer.farm_name")
    quantity = serializers.IntegerField()
    members = serializers.SerializerMethodField()

    @extend_schema_field(PackedSerializer(many=True))
    def get_members(self, packing: reports.Packing) -> Any:
        rows = [{"member": member, "quantity": quantity} for member, quantity in packing.members]
        return PackedSerializer(rows, many=True).data


class OwedSerializer(serializers.Serializer):
    producer = ProducerBriefSerializer()
    ordered_cents = serializers.IntegerField(help_text=WEIGHED_LEFT_OUT)
    received_cents = serializers.IntegerField(help_text="Payments received, not handed yet.")
    handed_cents = serializers.IntegerField(help_text="Payments handed to the producer.")
    owed_cents = serializers.IntegerField(help_text="Ordered, less received and handed.")


def totals_data(cycle: OrderCycle) -> Any:
    return ProducerTotalSerializer(reports.producer_totals(reports.load(cycle)), many=True).data


def pickup_data(cycle: OrderCycle) -> Any:
    return PickUpSerializer(reports.pickup_list(reports.load(cycle)), many=True).data


def packing_data(cycle: OrderCycle) -> Any:
    return PackingSerializer(reports.packing(reports.load(cycle)), many=True).data


def owed_data(cycle: OrderCycle) -> Any:
    return OwedSerializer(reports.owed_per_producer(reports.load(cycle)), many=True).data
