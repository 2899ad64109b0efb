"""Serializers of the produce API for contracts' subscriptions and their instalments: what a
member sends to subscribe (a size, shares, a first date, N even instalments or their own plan,
the terms accepted), and what a coordinator records as the instalments are handed over."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from exchanges.produce.api.fields import amount_field, optional_text_field
from exchanges.produce.models import Instalment, InstalmentState, Payment, Subscription
from exchanges.produce.services import money, subscriptions
from neighbourhood.accounts.api.serializers import PersonSerializer
from neighbourhood.api import FlatListField, FlatSerializer, id_field, refuse_unknown

COUNT_RANGE = gettext_lazy("Pay in 1 to 12 instalments.")


class InstalmentSerializer(serializers.ModelSerializer):
    method = serializers.ChoiceField(choices=Payment.Method.choices, read_only=True)
    state = serializers.ChoiceField(choices=InstalmentState.choices, read_only=True)

    class Meta:
        model = Instalment
        fields = [
            "id",
            "subscription",
            "position",
            "due_month",
            "amount_cents",
            "method",
            "cheque_number",
            "bank",
            "state",
            "state_changed_at",
        ]
        read_only_fields = fields


class SubscriptionSerializer(serializers.ModelSerializer):
    member = PersonSerializer(read_only=True, allow_null=True)
    size_name = serializers.CharField(source="size.name", read_only=True)
    status = serializers.ChoiceField(choices=Subscription.Status.choices, read_only=True)
    waiting_position = serializers.SerializerMethodField(
        help_text="1 for the next to move up from the waiting list; null unless waiting."
    )
    instalments = InstalmentSerializer(many=True, read_only=True)

    class Meta:
        model = Subscription
        fields = [
            "id",
            "contract",
            "member",
            "size",
            "size_name",
            "shares",
            "starts_on",
            "total_cents",
            "status",
            "waiting_position",
            "created_at",
            "ended_at",
            "instalments",
        ]
        read_only_fields = fields

    def get_waiting_position(self, subscription: Subscription) -> int | None:
        positions: dict[int, int] = self.context.get("positions", {})
        if subscription.pk in positions:
            return positions[subscription.pk]
        return subscriptions.waiting_position(subscription)


def subscription_data(rows: list[Subscription], *, many: bool = False) -> Any:
    """Subscriptions with their instalments, in a fixed number of queries."""
    prefetch_related_objects(
        rows,
        "member",
        "size",
        Prefetch("instalments", queryset=Instalment.objects.order_by("position")),
    )
    waiting = sorted(
        (row for row in rows if row.status == Subscription.Status.WAITING),
        key=lambda row: row.waiting_rank or 0,
    )
    positions = {row.pk: index for index, row in enumerate(waiting, start=1)}
    if not many:
        positions = {}  # one alone: its position among all the contract's waiting
    serializer = SubscriptionSerializer(
        rows if many else rows[0], many=many, context={"positions": positions}
    )
    return serializer.data


class PlannedSerializer(FlatSerializer):
    due_month = serializers.DateField(help_text="The first day of the month it is cashed in.")
    amount_cents = amount_field()
    method = serializers.ChoiceField(choices=Payment.Method.choices, default="cheque")


class SubscriptionInputSerializer(serializers.Serializer):
    size = id_field(help_text="One of the contract's share sizes.")
    shares = serializers.IntegerField(min_value=1, default=1)
    starts_on = serializers.DateField(
        required=False, help_text="The first basket on or after this date; today if left out."
    )
    instalments = serializers.IntegerField(
        min_value=1,
        max_value=money.MAX_INSTALMENTS,
        default=1,
        error_messages={"min_value": COUNT_RANGE, "max_value": COUNT_RANGE},
        help_text="Equal instalments, one a month, the remainder on the first.",
    )
    method = serializers.ChoiceField(choices=Payment.Method.choices, default="cheque")
    plan = FlatListField(
        child=PlannedSerializer(),
        required=False,
        max_length=money.MAX_INSTALMENTS,
        help_text="The member's own amounts instead of equal instalments: they must add up.",
    )
    accepted_terms = serializers.BooleanField(help_text="The contract's terms, read and accepted.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = refuse_unknown(self, attrs)
        if "plan" in attrs:
            attrs["plan"] = [money.Planned(**item) for item in attrs["plan"]]
        return attrs


class InstalmentInputSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=InstalmentState.choices, required=False)
    cheque_number = optional_text_field(30, "Written down when the cheque is received.")
    bank = optional_text_field(60, "The cheque's bank.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = refuse_unknown(self, attrs)
        # A field left out stays as it is.
        return {name: value for name, value in attrs.items() if name in self.initial_data}
