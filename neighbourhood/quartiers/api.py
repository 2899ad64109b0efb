from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers import selectors, services
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


class QuartierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Quartier
        fields = ["slug", "name", "description", "latitude", "longitude", "radius_km", "policy"]


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


def detail_data(quartier: Quartier, membership: Membership) -> dict[str, Any]:
    if not hasattr(quartier, "member_count"):
        quartier = selectors.get_quartier_public(slug=quartier.slug)
    quartier.my_role = membership.role  # type: ignore[attr-defined]
    return QuartierDetailSerializer(quartier).data


class QuartierListView(APIView):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    @extend_schema(parameters=[SearchSerializer], responses=QuartierCardSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        search = SearchSerializer(data=request.query_params)
        search.is_valid(raise_exception=True)
        data = search.validated_data
        hits = selectors.quartier_search(
            text=data.get("q", ""),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            within_km=data["within_km"],
        )
        context = {"distances": {hit.quartier.pk: hit.distance_km for hit in hits}}
        serializer = QuartierCardSerializer(
            [hit.quartier for hit in hits], many=True, context=context
        )
        return Response(serializer.data)

    @extend_schema(request=QuartierSerializer, responses={201: QuartierDetailSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = QuartierSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        quartier = services.quartier_create(creator=request.user, **serializer.validated_data)
        quartier, membership = selectors.get_quartier_for_member(
            user=request.user, slug=quartier.slug
        )
        return Response(detail_data(quartier, membership), status=status.HTTP_201_CREATED)


class QuartierDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses={200: QuartierDetailSerializer},
        description="Members get the whole quartier; anyone else gets its public card.",
    )
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier = selectors.get_quartier_public(slug=slug)
        membership = selectors.membership_for(user=request.user, quartier=quartier)
        if membership is None or not membership.is_active:
            return Response(QuartierCardSerializer(quartier).data)
        return Response(detail_data(quartier, membership))

    @extend_schema(request=QuartierSerializer, responses=QuartierDetailSerializer)
    def patch(self, request: AuthenticatedRequest, slug: str) -> Response:
        if not request.user.is_authenticated:
            return Response(status=status.HTTP_401_UNAUTHORIZED)
        quartier, membership = selectors.get_quartier_for_coordinator(user=request.user, slug=slug)
        serializer = QuartierSerializer(quartier, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data.get("slug", quartier.slug) != quartier.slug:
            # Addresses already shared (links, calendars) use the short name: it never changes.
            raise serializers.ValidationError({"slug": [_("The short name cannot be changed.")]})
        values = {
            field: serializer.validated_data.get(field, getattr(quartier, field))
            for field in ["name", "description", "latitude", "longitude", "radius_km", "policy"]
        }
        services.quartier_update(quartier=quartier, actor=request.user, **values)
        return Response(detail_data(quartier, membership))


class JoinView(APIView):
    @extend_schema(request=JoinInputSerializer, responses={201: JoinResultSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier = selectors.get_quartier_public(slug=slug)
        serializer = JoinInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.quartier_join(
            quartier=quartier, user=request.user, message=serializer.validated_data["message"]
        )
        if isinstance(result, JoinRequest):
            body = {"status": "requested", "join_request": JoinRequestSerializer(result).data}
        else:
            body = {"status": "member"}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None}, description="Withdraws my request to join.")
    def delete(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier = selectors.get_quartier_public(slug=slug)
        join_request = selectors.get_my_pending_join_request(user=request.user, quartier=quartier)
        services.join_request_withdraw(join_request=join_request, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LeaveView(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        _quartier, membership = selectors.get_quartier_for_member(user=request.user, slug=slug)
        services.membership_leave(membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MemberListView(APIView):
    @extend_schema(responses=MemberSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = selectors.get_quartier_for_member(user=request.user, slug=slug)
        return Response(MemberSerializer(selectors.member_list(quartier=quartier), many=True).data)


class MemberDetailView(APIView):
    @extend_schema(request=RoleSerializer, responses=MemberSerializer)
    def patch(self, request: AuthenticatedRequest, slug: str, user_id: int) -> Response:
        quartier, _membership = selectors.get_quartier_for_coordinator(user=request.user, slug=slug)
        target = selectors.get_membership_in(quartier=quartier, user_id=user_id)
        serializer = RoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "role" in data:
            services.membership_set_role(membership=target, actor=request.user, role=data["role"])
        if "is_relais" in data:
            services.membership_set_relais(
                membership=target, actor=request.user, relais=data["is_relais"]
            )
        return Response(MemberSerializer(target).data)

    @extend_schema(parameters=[RemoveSerializer], responses={204: None})
    def delete(self, request: AuthenticatedRequest, slug: str, user_id: int) -> Response:
        quartier, _membership = selectors.get_quartier_for_coordinator(user=request.user, slug=slug)
        target = selectors.get_membership_in(quartier=quartier, user_id=user_id)
        serializer = RemoveSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        services.membership_remove(
            membership=target, actor=request.user, ban=serializer.validated_data["ban"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class JoinRequestListView(APIView):
    @extend_schema(responses=JoinRequestSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = selectors.get_quartier_for_coordinator(user=request.user, slug=slug)
        pending = selectors.pending_join_requests(quartier=quartier)
        return Response(JoinRequestSerializer(pending, many=True).data)


class JoinRequestDecisionView(APIView):
    @extend_schema(request=DecisionSerializer, responses=JoinRequestSerializer)
    def post(self, request: AuthenticatedRequest, slug: str, request_id: int) -> Response:
        quartier, _membership = selectors.get_quartier_for_coordinator(user=request.user, slug=slug)
        join_request = selectors.get_pending_join_request(quartier=quartier, request_id=request_id)
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        approve = serializer.validated_data["decision"] == "approve"
        services.join_request_decide(join_request=join_request, actor=request.user, approve=approve)
        return Response(JoinRequestSerializer(join_request).data)
