"""Serializers of coups de main in the API: what is answered, and the inputs, checked for types
and ranges on the way in (the rules themselves are the services')."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from exchanges.aid.models import Category, CoupDeMain, HelpOffer, Thanks
from exchanges.aid.models.help import DESCRIPTION_MAX_LENGTH, MAX_HELPERS
from exchanges.aid.services.help.answers import MESSAGE_MAX_LENGTH
from exchanges.aid.services.help.thanks import THANKS_MAX_LENGTH
from neighbourhood.accounts.api.serializers import PersonSerializer
from neighbourhood.api import FlatListField, refuse_unknown, time_field

HELPERS_WORDS = _("Ask for 1 to 10 helpers.")


class CoupDeMainSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)
    quartier = serializers.CharField(source="quartier.slug", read_only=True)
    weekdays = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    weekly_time = time_field(read_only=True, allow_null=True)
    places_left = serializers.IntegerField(read_only=True)
    is_urgent = serializers.BooleanField(
        read_only=True, help_text="A request that first happens today or tomorrow, as read now."
    )

    class Meta:
        model = CoupDeMain
        fields = [
            "id",
            "quartier",
            "author",
            "kind",
            "category",
            "title",
            "description",
            "timing",
            "starts_at",
            "ends_at",
            "weekdays",
            "weekly_time",
            "place_label",
            "helpers_needed",
            "helpers_taken",
            "places_left",
            "is_urgent",
            "status",
            "created_at",
            "done_at",
        ]
        read_only_fields = fields


class CoupDeMainEditSerializer(serializers.Serializer):
    """What a coup de main is made of. Every field is optional on a change (PATCH); a field that
    cannot be changed is refused, not ignored."""

    category = serializers.ChoiceField(choices=Category.choices)
    title = serializers.CharField(max_length=120)
    description = serializers.CharField(
        max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True
    )
    timing = serializers.ChoiceField(
        choices=CoupDeMain.Timing.choices,
        help_text="`at`: `starts_at`. `window`: `starts_at` and `ends_at`. `weekly`: `weekdays` "
        "and `weekly_time`, from `starts_at` until `ends_at` if given.",
    )
    starts_at = serializers.DateTimeField(required=False, allow_null=True)
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    weekdays = FlatListField(
        child=serializers.IntegerField(min_value=0, max_value=6),
        required=False,
        max_length=7,
        help_text="0 is Monday, 6 is Sunday.",
    )
    weekly_time = time_field(required=False, allow_null=True)
    place_label = serializers.CharField(max_length=200, required=False, allow_blank=True)
    helpers_needed = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_HELPERS,
        error_messages={"min_value": HELPERS_WORDS, "max_value": HELPERS_WORDS},
        help_text="A request only: 1 to 10.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return refuse_unknown(self, attrs)


class CoupDeMainCreateSerializer(CoupDeMainEditSerializer):
    kind = serializers.ChoiceField(choices=CoupDeMain.Kind.choices)


class CoupDeMainQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CoupDeMain.Kind.choices, required=False)
    category = serializers.ChoiceField(choices=Category.choices, required=False)


class HelpOfferSerializer(serializers.ModelSerializer):
    helper = PersonSerializer(read_only=True)
    coup_de_main = serializers.IntegerField(source="coup_de_main_id", read_only=True)

    class Meta:
        model = HelpOffer
        fields = ["id", "coup_de_main", "helper", "message", "status", "created_at", "decided_at"]
        read_only_fields = fields


class HelpOfferInputSerializer(serializers.Serializer):
    message = serializers.CharField(
        max_length=MESSAGE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class ThanksSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)

    class Meta:
        model = Thanks
        fields = ["id", "author", "text", "created_at"]
        read_only_fields = fields


class ThanksInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=THANKS_MAX_LENGTH)
