"""Serializers of the swap API: swaps, their exchanges and evaluations, and suggestions."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from exchanges.swaps import selectors, services
from exchanges.swaps.models import (
    DESCRIPTION_MAX_LENGTH,
    Category,
    Evaluation,
    Exchange,
    Swap,
)
from messaging.models import MESSAGE_MAX_LENGTH
from neighbourhood.accounts.api.serializers import PersonSerializer
from neighbourhood.accounts.models import User
from neighbourhood.api import id_field, refuse_unknown
from neighbourhood.quartiers.selectors import get_membership_in

TAGS_MAX_LENGTH = 500


@extend_schema_field(
    {
        "oneOf": [
            {"type": "array", "items": {"type": "string"}, "maxItems": 50},
            {"type": "string", "maxLength": TAGS_MAX_LENGTH},
        ],
        "description": 'A list of words, or words separated by commas: "espagnol, conversation".',
    }
)
class TagsField(serializers.Field):
    """Tags as typed: a list of strings, or one string separated by commas. The service
    normalises either."""

    default_error_messages = {
        "invalid": gettext_lazy(
            "Give the tags as a list of words, or as words separated by commas."
        ),
    }

    def to_internal_value(self, data: Any) -> str | list[str]:
        if isinstance(data, str) and len(data) <= TAGS_MAX_LENGTH:
            return data
        if (
            isinstance(data, list)
            and len(data) <= 50
            and all(isinstance(tag, str) and len(tag) <= 100 for tag in data)
        ):
            return data
        self.fail("invalid")

    def to_representation(self, value: list[str]) -> list[str]:
        return list(value)


class SwapSerializer(serializers.ModelSerializer):
    quartier = serializers.CharField(source="quartier.slug", read_only=True)
    author = PersonSerializer(read_only=True)
    tags = serializers.ListField(child=serializers.CharField(), read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Swap
        fields = [
            "id",
            "quartier",
            "kind",
            # What the author may change, as the service lists it.
            *services.EDITABLE,
            "status",
            "is_open",
            "author",
            "created_at",
            "updated_at",
        ]


class SwapDetailSerializer(SwapSerializer):
    held_count = serializers.IntegerField(
        read_only=True, help_text="How many exchanges on this swap took place."
    )

    class Meta(SwapSerializer.Meta):
        fields = [*SwapSerializer.Meta.fields, "held_count"]


class SwapUpdateSerializer(serializers.Serializer):
    """What an author may change; the service checks the rest (dates, lengths, choices)."""

    title = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH)
    category = serializers.ChoiceField(choices=Category.choices)
    tags = TagsField(required=False)
    format = serializers.ChoiceField(choices=Swap.Format.choices, required=False)
    place = serializers.ChoiceField(choices=Swap.Place.choices, required=False)
    availability = serializers.CharField(max_length=200, required=False, allow_blank=True)
    ends_on = serializers.DateField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A change the author cannot make (the kind, the status) is refused, not ignored.
        return refuse_unknown(self, attrs) if self.partial else attrs


class SwapCreateSerializer(SwapUpdateSerializer):
    """What a member types to publish a swap; the service checks the rest."""

    kind = serializers.ChoiceField(choices=Swap.Kind.choices)
    ends_on = serializers.DateField(
        required=False, allow_null=True, help_text="Three months from today when left out."
    )


class SwapQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Swap.Kind.choices, required=False, allow_blank=True)
    category = serializers.ChoiceField(choices=Category.choices, required=False, allow_blank=True)


class SwapStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Swap.Status.choices)


class InterestSerializer(serializers.Serializer):
    message = serializers.CharField(
        max_length=MESSAGE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class IntroductionSerializer(InterestSerializer):
    # Needs ``quartier`` in its context; gives ``member``, the person, to the service.

    member_id = id_field()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            membership = get_membership_in(
                quartier=self.context["quartier"], user_id=attrs.pop("member_id")
            )
        except Http404:
            # Anyone's id, a member's or not, gets the same answer.
            raise serializers.ValidationError(
                {"member_id": [_("This person is not a member of the quartier.")]}
            ) from None
        return attrs | {"member": membership.user}


class EvaluationSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)

    class Meta:
        model = Evaluation
        fields = ["id", "author", "text", "created_at"]


class EvaluationInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=1000)


class ExchangeSerializer(serializers.ModelSerializer):
    member = PersonSerializer(read_only=True)
    introduced_by = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Exchange
        fields = ["id", "swap", "member", "introduced_by", "conversation", "created_at", "held_at"]
        read_only_fields = fields


class ExchangeWithEvaluationsSerializer(ExchangeSerializer):
    evaluations = EvaluationSerializer(many=True, read_only=True)

    class Meta(ExchangeSerializer.Meta):
        fields = [*ExchangeSerializer.Meta.fields, "evaluations"]
        read_only_fields = fields


class SuggestedMatchSerializer(serializers.Serializer):
    swap = SwapDetailSerializer()
    score = serializers.IntegerField()
    reciprocal = serializers.BooleanField(
        help_text="They could teach me while I teach them: shown first."
    )


class SwapSuggestionsSerializer(serializers.Serializer):
    swap = SwapDetailSerializer()
    matches = SuggestedMatchSerializer(many=True)


class CycleSerializer(serializers.Serializer):
    learner = PersonSerializer(help_text="I could teach them.")
    third = PersonSerializer(help_text="The learner could teach them, and they could teach me.")


class SuggestionsSerializer(serializers.Serializer):
    swaps = SwapSuggestionsSerializer(many=True)
    cycles = CycleSerializer(many=True)


class CategoryCountSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    # The metaclass takes declared fields off the class: this one does not replace Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    offers = serializers.IntegerField()
    requests = serializers.IntegerField()


def detail_data(swap: Swap, user: User) -> dict[str, Any]:
    # Read again through the access helper: it counts the exchanges held.
    return SwapDetailSerializer(selectors.get_swap_for_member(user=user, swap_id=swap.pk)).data
