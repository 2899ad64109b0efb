"""Serializers of the quartier API: the public card, the whole quartier, members and join
requests, and the inputs that change them."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from neighbourhood.quartiers import selectors
from neighbourhood.quartiers.models import JoinRequest, Membership, Quartier


class QuartierCardSerializer(serializers.ModelSerializer):
    """The public card: all an outsider may see of a quartier."""

    member_count = serializers.IntegerField(read_only=True)
    distance_km = serializers.SerializerMethodField()

    class Meta:
        model = Quartier
        fields = ["slug", "name", "description", "policy", "member_count", "distance_km"]

    def get_distance_km(self, quartier: Quartier) -> float | None:
        distances: dict[int, float | None] = self.context.get("distances", {})
        distance = distances.get(quartier.pk)
        return None if distance is None else round(distance, 2)


# A new quartier; or, given the quartier (``instance``), a change to it, which may leave out what
# stays the same. (Comments, not a docstring: the schema would publish a docstring.)
class QuartierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Quartier
        fields = ["slug", "name", "description", "latitude", "longitude", "radius_km", "policy"]

    def validate_slug(self, value: str) -> str:
        if self.instance is not None and value != self.instance.slug:
            # Addresses already shared (links, calendars) use the short name: it never changes.
            raise serializers.ValidationError(_("The short name cannot be changed."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None:
            return attrs
        # The service takes the whole quartier: what a change leaves out stays as it is.
        editable = [field for field in self.Meta.fields if field != "slug"]
        return {field: attrs.get(field, getattr(self.instance, field)) for field in editable}


class QuartierDetailSerializer(QuartierSerializer):
    member_count = serializers.IntegerField(read_only=True)
    my_role = serializers.CharField(read_only=True)

    class Meta(QuartierSerializer.Meta):
        fields = [*QuartierSerializer.Meta.fields, "member_count", "my_role", "created_at"]


class MemberSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(source="user.id", read_only=True)
    display_name = serializers.CharField(source="user.public_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["user_id", "display_name", "role", "is_relais", "joined_at"]


class JoinRequestSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(source="user.id", read_only=True)
    display_name = serializers.CharField(source="user.public_name", read_only=True)

    class Meta:
        model = JoinRequest
        fields = ["id", "user_id", "display_name", "message", "status", "created_at"]


class SearchSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=100, required=False, allow_blank=True)
    latitude = serializers.FloatField(min_value=-90, max_value=90, required=False)
    longitude = serializers.FloatField(min_value=-180, max_value=180, required=False)
    within_km = serializers.FloatField(min_value=0.5, max_value=100, default=10.0)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("latitude" in attrs) != ("longitude" in attrs):
            raise serializers.ValidationError("Give both latitude and longitude, or neither.")
        return attrs


class JoinInputSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class JoinResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["member", "requested"])
    join_request = JoinRequestSerializer(required=False)


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "refuse"])


class RoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices, required=False)
    is_relais = serializers.BooleanField(
        required=False, help_text="Give (true) or take back (false) the relais role."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(_("Give a role, or say whether they are a relais."))
        return attrs


class RemoveSerializer(serializers.Serializer):
    ban = serializers.BooleanField(default=False)


def detail_data(quartier: Quartier, membership: Membership | None) -> dict[str, Any]:
    if not hasattr(quartier, "member_count"):
        quartier = selectors.get_quartier_public(slug=quartier.slug)
    quartier.my_role = membership.role if membership else None  # type: ignore[attr-defined]
    return QuartierDetailSerializer(quartier).data
