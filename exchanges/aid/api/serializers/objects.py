"""Serializers of the objects' API: objects, their loans and gifts, checked for types and
ranges on the way in; the rules are the services'."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from exchanges.aid.models import Gift, Item, ItemCategory, Loan
from exchanges.aid.models.objects import DESCRIPTION_MAX_LENGTH, MAX_LOAN_DAYS
from exchanges.aid.selectors.objects import MyLoans
from neighbourhood.accounts.api.serializers import PersonSerializer
from neighbourhood.api import refuse_unknown


class ItemSerializer(serializers.ModelSerializer):
    owner = PersonSerializer(read_only=True)

    class Meta:
        model = Item
        fields = [
            "id",
            "mode",
            "title",
            "description",
            "category",
            "condition",
            "collect_at",
            "max_days",
            "deposit_note",
            "give_rule",
            "status",
            "owner",
            "created_at",
        ]
        read_only_fields = fields


class ItemEditableSerializer(serializers.Serializer):
    """What the owner may change (a PATCH names only what changes)."""

    title = serializers.CharField(max_length=120)
    description = serializers.CharField(
        max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True
    )
    category = serializers.ChoiceField(choices=ItemCategory.choices)
    condition = serializers.ChoiceField(choices=Item.Condition.choices, required=False)
    collect_at = serializers.CharField(max_length=200, required=False, allow_blank=True)
    max_days = serializers.IntegerField(
        min_value=1,
        max_value=MAX_LOAN_DAYS,
        required=False,
        allow_null=True,
        help_text="To lend: the longest loan in days (Saturday to Sunday is 2). Required then.",
    )
    deposit_note = serializers.CharField(max_length=200, required=False, allow_blank=True)
    give_rule = serializers.ChoiceField(
        choices=Item.GiveRule.choices,
        required=False,
        help_text="To give away: first asked, first served, or the giver chooses.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return refuse_unknown(self, attrs)


class ItemCreateSerializer(ItemEditableSerializer):
    mode = serializers.ChoiceField(choices=Item.Mode.choices)


class ItemPauseSerializer(serializers.Serializer):
    paused = serializers.BooleanField(
        default=True, help_text="True: not available for now; false: offered again."
    )


class InventoryQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    category = serializers.ChoiceField(
        choices=ItemCategory.choices, required=False, allow_blank=True, default=""
    )
    mode = serializers.ChoiceField(
        choices=Item.Mode.choices, required=False, allow_blank=True, default=""
    )
    available_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Only objects to lend that no loan holds that day.",
    )


class LoanSerializer(serializers.ModelSerializer):
    item = ItemSerializer(read_only=True)
    borrower = PersonSerializer(read_only=True)
    conversation = serializers.IntegerField(source="conversation_id", allow_null=True)
    is_late = serializers.BooleanField()

    class Meta:
        model = Loan
        fields = [
            "id",
            "item",
            "borrower",
            "starts_on",
            "ends_on",
            "message",
            "status",
            "is_late",
            "handed_over_by_owner_at",
            "handed_over_by_borrower_at",
            "returned_by_owner_at",
            "returned_by_borrower_at",
            "conversation",
            "created_at",
        ]
        read_only_fields = fields


class LoanAskSerializer(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(help_text="Included: the object comes back that day.")
    message = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class GiftSerializer(serializers.ModelSerializer):
    item = ItemSerializer(read_only=True)
    taker = PersonSerializer(read_only=True)
    conversation = serializers.IntegerField(source="conversation_id", allow_null=True)

    class Meta:
        model = Gift
        fields = ["id", "item", "taker", "message", "status", "conversation", "created_at"]
        read_only_fields = fields


class GiftAskSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class MyLoansSerializer(serializers.Serializer):
    lent = LoanSerializer(many=True, help_text="Loans of my objects.")
    borrowed = LoanSerializer(many=True, help_text="What I borrow.")
    given = GiftSerializer(many=True, help_text="Asks for what I give away.")
    taken = GiftSerializer(many=True, help_text="My asks for others' gifts.")


def my_loans_data(mine: MyLoans) -> Any:
    return MyLoansSerializer(
        {"lent": mine.lent, "borrowed": mine.borrowed, "given": mine.given, "taken": mine.taken}
    ).data
