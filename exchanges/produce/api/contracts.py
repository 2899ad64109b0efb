"""Serializers of the produce API for seasonal contracts: read with their sizes and dates,
created and changed by coordinators (the rules are `services.contracts`')."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from exchanges.produce.api.fields import FlatListField, FlatSerializer, amount_field
from exchanges.produce.api.orders import ProducerBriefSerializer
from exchanges.produce.models import Contract, ContractDate, Producer, ShareSize
from exchanges.produce.services.contracts import Size
from neighbourhood.accounts.api.serializers import PersonSerializer
from neighbourhood.accounts.models import User
from neighbourhood.api import id_field, refuse_unknown
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import member_users


class ShareSizeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ShareSize
        fields = ["id", "name", "price_cents", "every"]
        read_only_fields = fields
        extra_kwargs = {
            "price_cents": {"help_text": "Per distribution."},
            "every": {"help_text": "1: at every distribution; 2: every other one (half share)."},
        }


class ContractDateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContractDate
        fields = ["id", "date", "off", "cycle"]
        read_only_fields = fields
        extra_kwargs = {"cycle": {"help_text": "The quartier's order cycle of that day."}}


class ContractSerializer(serializers.ModelSerializer):
    producer = ProducerBriefSerializer(read_only=True)
    referent = PersonSerializer(read_only=True, allow_null=True)
    shares_left = serializers.IntegerField(read_only=True)
    sizes = serializers.SerializerMethodField()

    class Meta:
        model = Contract
        fields = [
            "id",
            "producer",
            "title",
            "starts_on",
            "ends_on",
            "signing_opens_at",
            "signing_closes_at",
            "capacity",
            "shares_taken",
            "shares_left",
            "referent",
            "sizes",
        ]
        read_only_fields = fields

    @extend_schema_field(ShareSizeSerializer(many=True))
    def get_sizes(self, contract: Contract) -> Any:
        # Prefetched by contracts_of, cheapest first.
        sizes = sorted(contract.sizes.all(), key=lambda size: (size.price_cents, size.pk))
        return ShareSizeSerializer(sizes, many=True).data


class ContractDetailSerializer(ContractSerializer):
    dates = serializers.SerializerMethodField()

    class Meta(ContractSerializer.Meta):
        fields = [
            *ContractSerializer.Meta.fields,
            "description",
            "terms",
            "jokers",
            "absence_deadline_hours",
            "dates",
        ]
        read_only_fields = fields

    @extend_schema_field(ContractDateSerializer(many=True))
    def get_dates(self, contract: Contract) -> Any:
        return ContractDateSerializer(contract.dates.order_by("date", "id"), many=True).data


class SizeInputSerializer(FlatSerializer):
    name = serializers.CharField(max_length=60)
    price_cents = amount_field(help_text="Per distribution.")
    every = serializers.ChoiceField(choices=ShareSize.Every.choices, default=1)


class ContractInputSerializer(serializers.Serializer):
    # Needs ``quartier`` in its context, to turn ids into its producer and its member.

    producer = id_field(help_text="One of the quartier's producers.")
    title = serializers.CharField(max_length=120)
    description = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    signing_opens_at = serializers.DateTimeField()
    signing_closes_at = serializers.DateTimeField()
    capacity = serializers.IntegerField(min_value=1, max_value=10000)
    referent = id_field(required=False, allow_null=True, default=None)
    terms = serializers.CharField(max_length=20000)
    jokers = serializers.IntegerField(min_value=0, max_value=50, default=0)
    absence_deadline_hours = serializers.IntegerField(min_value=0, max_value=720, default=48)
    sizes = FlatListField(child=SizeInputSerializer(), max_length=10)
    dates_off = FlatListField(
        child=serializers.DateField(), max_length=60, required=False, default=list
    )

    def validate_producer(self, producer_id: int) -> Producer:
        quartier: Quartier = self.context["quartier"]
        producer = Producer.objects.filter(quartier=quartier, pk=producer_id).first()
        if producer is None:
            raise serializers.ValidationError(_("Choose one of this quartier's producers."))
        return producer

    def validate_referent(self, user_id: int | None) -> User | None:
        if user_id is None:
            return None
        quartier: Quartier = self.context["quartier"]
        member = member_users(quartier_id=quartier.pk).filter(pk=user_id).first()
        if member is None:
            raise serializers.ValidationError(_("The referent is a member of the quartier."))
        return member

    def validate_sizes(self, rows: list[dict[str, Any]]) -> list[Size]:
        # A partial change neither requires nor defaults the rows' fields: what is missing is
        # refused by the service (no name, no price), or taken at every date.
        return [
            Size(row.get("name", ""), row.get("price_cents", 0), int(row.get("every", 1)))
            for row in rows
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return refuse_unknown(self, attrs) if self.partial else attrs


class ContractChangeSerializer(ContractInputSerializer):
    """Any of the fields; the producer stays."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["producer"]
