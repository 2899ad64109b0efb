"""Serializers of the produce API: producers, products, order cycles with their offers and
volunteer roles, checked for types and ranges on the way in."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from exchanges.produce import selectors
from exchanges.produce.api.fields import (
    FlatListField,
    FlatSerializer,
    cents_field,
    optional_text_field,
    places_field,
    stock_field,
    time_field,
)
from exchanges.produce.api.orders import OrderSerializer, ProductBriefSerializer, order_data
from exchanges.produce.models import (
    CycleProduct,
    OrderCycle,
    Producer,
    Product,
    Unit,
    VolunteerRole,
)
from exchanges.produce.services import Offer
from exchanges.produce.services.producers import PRODUCER_FIELDS, PRODUCT_FIELDS
from neighbourhood.accounts.api.serializers import PersonSerializer
from neighbourhood.accounts.models import User
from neighbourhood.api import id_field, refuse_unknown
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import is_coordinator, member_users

# --- producers and products -------------------------------------------------------------------


class ProductSerializer(serializers.ModelSerializer):
    unit = serializers.ChoiceField(choices=Unit.choices, read_only=True)

    class Meta:
        model = Product
        # What a coordinator (or the producer) may change, as the service lists it.
        fields = ["id", "producer", *PRODUCT_FIELDS, "created_at"]
        read_only_fields = fields
        extra_kwargs = {
            "price_cents": {"help_text": "Per kg for a product weighed at the distribution."}
        }


class ProductInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    unit = serializers.ChoiceField(choices=Unit.choices, default=Unit.PIECE)
    per_unit = optional_text_field(100, 'What one unit holds, in words: "box of 6 eggs".')
    price_cents = cents_field(help_text="Per kg for a product weighed at the distribution.")
    is_weighed = serializers.BooleanField(default=False)
    is_active = serializers.BooleanField(default=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return refuse_unknown(self, attrs) if self.partial else attrs


class ProducerSerializer(serializers.ModelSerializer):
    account = PersonSerializer(
        read_only=True, allow_null=True, help_text="Their account, if they manage their products."
    )
    products = serializers.SerializerMethodField()

    class Meta:
        model = Producer
        # What a coordinator may change, as the service lists it.
        fields = ["id", *PRODUCER_FIELDS, "created_at", "products"]
        read_only_fields = fields

    @extend_schema_field(ProductSerializer(many=True))
    def get_products(self, producer: Producer) -> Any:
        # Prefetched by producers_of; one query for a single producer.
        products = sorted(producer.products.all(), key=lambda product: (product.name, product.pk))
        return ProductSerializer(products, many=True).data


class ProducerInputSerializer(serializers.Serializer):
    # Needs ``quartier`` in its context, to turn the account's id into one of its members.

    farm_name = serializers.CharField(max_length=120)
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    latitude = serializers.FloatField(required=False, allow_null=True, default=None)
    longitude = serializers.FloatField(required=False, allow_null=True, default=None)
    account = id_field(
        required=False,
        allow_null=True,
        default=None,
        help_text="A member of the quartier who manages this farm's products.",
    )
    is_active = serializers.BooleanField(default=True)

    def validate_account(self, user_id: int | None) -> User | None:
        if user_id is None:
            return None
        quartier: Quartier = self.context["quartier"]
        member = member_users(quartier_id=quartier.pk).filter(pk=user_id).first()
        if member is None:
            raise serializers.ValidationError(_("Choose a member of this quartier."))
        return member

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return refuse_unknown(self, attrs) if self.partial else attrs


# --- cycles -----------------------------------------------------------------------------------


class OfferInputSerializer(FlatSerializer):
    product = id_field()
    quantity_available = stock_field(0, help_text="None: no limit.")
    max_per_member = stock_field(1, help_text="None: no limit.")


class RoleInputSerializer(FlatSerializer):
    name = serializers.CharField(max_length=100)
    places = places_field(default=2, help_text="How many people it needs.")


class CycleFieldsSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=120)
    distribution_date = serializers.DateField()
    distribution_start = time_field()
    distribution_end = time_field()
    place = serializers.CharField(max_length=200, help_text="Where the distribution is.")
    latitude = serializers.FloatField(required=False, allow_null=True)
    longitude = serializers.FloatField(required=False, allow_null=True)
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField(help_text="Before the distribution starts.")
    repeat = serializers.ChoiceField(choices=OrderCycle.Repeat.choices, required=False)


class CycleCopySerializer(CycleFieldsSerializer):
    """The next cycle like this one: one period later, unless these fields say otherwise."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class CycleCreateSerializer(CycleFieldsSerializer):
    # Needs ``quartier`` in its context, to turn ids into its producers' products.

    offers = FlatListField(
        child=OfferInputSerializer(),
        max_length=200,
        help_text="The products offered, each once, with their stock and limit per member.",
    )
    roles = FlatListField(
        child=RoleInputSerializer(),
        max_length=20,
        required=False,
        default=list,
        help_text="The volunteers the distribution needs.",
    )

    def validate_offers(self, rows: list[dict[str, Any]]) -> list[Offer]:
        quartier: Quartier = self.context["quartier"]
        ids = {row["product"] for row in rows}
        # Only active products of active producers: the others cannot be ordered.
        found = selectors.active_products(quartier=quartier).filter(pk__in=ids)
        products = {product.pk: product for product in found}
        if len(products) < len(ids):
            raise serializers.ValidationError(
                _("Offer active products of this quartier's producers.")
            )
        return [
            Offer(products[row["product"]], row["quantity_available"], row["max_per_member"])
            for row in rows
        ]

    def validate_roles(self, rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
        return [(row["name"], row["places"]) for row in rows]


class ReopenSerializer(serializers.Serializer):
    closes_at = serializers.DateTimeField(help_text="Between now and the distribution.")


class OrderCycleSerializer(serializers.ModelSerializer):
    state = serializers.ChoiceField(
        choices=OrderCycle.State.choices, read_only=True, help_text="By the clock, right now."
    )
    repeat = serializers.ChoiceField(choices=OrderCycle.Repeat.choices, read_only=True)
    distribution_start = time_field(read_only=True)
    distribution_end = time_field(read_only=True)
    distribution_starts_at = serializers.DateTimeField(read_only=True)
    distribution_ends_at = serializers.DateTimeField(read_only=True)
    order_deadline = serializers.DateTimeField(
        read_only=True, help_text="The planned close, or the coordinators' earlier one."
    )

    class Meta:
        model = OrderCycle
        fields = [
            "id",
            "title",
            "state",
            "distribution_date",
            "distribution_start",
            "distribution_end",
            "distribution_starts_at",
            "distribution_ends_at",
            "place",
            "latitude",
            "longitude",
            "opens_at",
            "closes_at",
            "closed_early_at",
            "order_deadline",
            "repeat",
            "copied_from",
            "conversation",
        ]
        read_only_fields = fields


class OrderCycleListSerializer(OrderCycleSerializer):
    order_count = serializers.IntegerField(read_only=True)

    class Meta(OrderCycleSerializer.Meta):
        fields = [*OrderCycleSerializer.Meta.fields, "order_count"]
        read_only_fields = fields


class CycleOfferSerializer(serializers.ModelSerializer):
    product = ProductBriefSerializer(read_only=True)
    farm_name = serializers.CharField(source="product.producer.farm_name", read_only=True)
    price_cents = serializers.IntegerField(
        source="product.price_cents",
        read_only=True,
        help_text="Today's price (per kg if weighed); an order line keeps the price it had.",
    )
    quantity_left = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="None: no limit."
    )
    is_available = serializers.BooleanField(read_only=True)

    class Meta:
        model = CycleProduct
        fields = [
            "id",
            "product",
            "farm_name",
            "price_cents",
            "quantity_available",
            "quantity_ordered",
            "quantity_left",
            "max_per_member",
            "is_available",
        ]
        read_only_fields = fields


class VolunteerRoleSerializer(serializers.ModelSerializer):
    # Needs ``user`` in its context, to say whether they signed up. Volunteers are prefetched.

    volunteers = serializers.SerializerMethodField()
    places_left = serializers.SerializerMethodField()
    i_volunteer = serializers.SerializerMethodField()

    class Meta:
        model = VolunteerRole
        fields = ["id", "name", "places", "places_left", "volunteers", "i_volunteer"]
        read_only_fields = fields

    @extend_schema_field(PersonSerializer(many=True))
    def get_volunteers(self, role: VolunteerRole) -> Any:
        return PersonSerializer([v.member for v in role.volunteers.all()], many=True).data

    def get_places_left(self, role: VolunteerRole) -> int:
        return max(0, role.places - len(role.volunteers.all()))

    def get_i_volunteer(self, role: VolunteerRole) -> bool:
        user: User = self.context["user"]
        return any(volunteer.member_id == user.pk for volunteer in role.volunteers.all())


class OrderCycleDetailSerializer(OrderCycleSerializer):
    # Built by `cycle_data`, which reads its parts through the selectors into the context.

    quartier = serializers.CharField(source="quartier.slug", read_only=True)
    offers = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()
    my_order = serializers.SerializerMethodField()
    is_coordinator = serializers.SerializerMethodField()

    class Meta(OrderCycleSerializer.Meta):
        fields = [
            *OrderCycleSerializer.Meta.fields,
            "quartier",
            "offers",
            "roles",
            "my_order",
            "is_coordinator",
            "created_at",
        ]
        read_only_fields = fields

    def get_is_coordinator(self, cycle: OrderCycle) -> bool:
        return bool(self.context["is_coordinator"])

    @extend_schema_field(CycleOfferSerializer(many=True))
    def get_offers(self, cycle: OrderCycle) -> Any:
        return CycleOfferSerializer(self.context["offers"], many=True).data

    @extend_schema_field(VolunteerRoleSerializer(many=True))
    def get_roles(self, cycle: OrderCycle) -> Any:
        return VolunteerRoleSerializer(self.context["roles"], many=True, context=self.context).data

    @extend_schema_field(OrderSerializer)
    def get_my_order(self, cycle: OrderCycle) -> Any:
        return order_data(self.context["order"], cycle)


def cycle_data(cycle: OrderCycle, user: User) -> Any:
    """The cycle as a member sees it, in a fixed number of queries."""
    context = {
        "user": user,
        "offers": selectors.offers_of(cycle=cycle),
        "roles": selectors.roles_of(cycle=cycle),
        "order": selectors.order_of(cycle=cycle, member=user),
        "is_coordinator": is_coordinator(user=user, quartier=cycle.quartier),
    }
    return OrderCycleDetailSerializer(cycle, context=context).data


def role_data(role: VolunteerRole, user: User) -> Any:
    # Read again with its volunteers, after a sign-up or a withdrawal.
    [fresh] = [r for r in selectors.roles_of(cycle=role.cycle) if r.pk == role.pk]
    return VolunteerRoleSerializer(fresh, context={"user": user}).data
