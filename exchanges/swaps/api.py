"""The JSON API of knowledge swaps, their exchanges and evaluations.

Every swap is fetched through `get_swap_for_member` and every exchange through
`get_exchange_for_party`: an outsider gets a 404 on all of them. The services hold the rules (only
the author edits, only a coordinator introduces); their refusals become 400 and 403.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

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
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import (
    get_membership_in,
    get_quartier_for_coordinator,
    get_quartier_for_member,
)

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
            "title",
            "description",
            "category",
            "tags",
            "format",
            "place",
            "availability",
            "ends_on",
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
        if self.partial:
            # A change the author cannot make (the kind, the status) is refused, not ignored.
            unknown = set(self.initial_data) - set(self.fields)
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("This cannot be changed.")] for name in sorted(unknown)}
                )
        return attrs


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
    member_id = serializers.IntegerField(min_value=1)


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


class QuartierSwapListView(APIView):
    @extend_schema(parameters=[SwapQuerySerializer], responses=SwapDetailSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        query = SwapQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        swaps = selectors.swap_list(
            quartier=quartier,
            kind=query.validated_data.get("kind", ""),
            category=query.validated_data.get("category", ""),
        )
        return Response(SwapDetailSerializer(swaps, many=True).data)

    @extend_schema(request=SwapCreateSerializer, responses={201: SwapDetailSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        serializer = SwapCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        swap = services.swap_create(
            quartier=quartier, author=request.user, kind=fields.pop("kind"), **fields
        )
        return Response(detail_data(swap, request.user), status=status.HTTP_201_CREATED)


class SwapDetailView(APIView):
    @extend_schema(responses=SwapDetailSerializer)
    def get(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        swap = selectors.get_swap_for_member(user=request.user, swap_id=swap_id)
        return Response(SwapDetailSerializer(swap).data)

    @extend_schema(request=SwapUpdateSerializer, responses=SwapDetailSerializer)
    def patch(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        swap = selectors.get_swap_for_member(user=request.user, swap_id=swap_id)
        serializer = SwapUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.swap_update(swap=swap, actor=request.user, **serializer.validated_data)
        return Response(detail_data(swap, request.user))


class SwapStatusView(APIView):
    @extend_schema(
        request=SwapStatusSerializer,
        responses=SwapDetailSerializer,
        description="Pause, resume or close. A closed swap stays closed.",
    )
    def post(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        swap = selectors.get_swap_for_member(user=request.user, swap_id=swap_id)
        serializer = SwapStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.swap_set_status(
            swap=swap, actor=request.user, status=serializer.validated_data["status"]
        )
        return Response(detail_data(swap, request.user))


class SwapRenewView(APIView):
    @extend_schema(
        request=None,
        responses=SwapDetailSerializer,
        description="Three more months from today, and the swap is back in the feed.",
    )
    def post(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        swap = selectors.get_swap_for_member(user=request.user, swap_id=swap_id)
        services.swap_renew(swap=swap, actor=request.user)
        return Response(detail_data(swap, request.user))


class SwapInterestView(APIView):
    @extend_schema(
        request=InterestSerializer,
        responses={201: ExchangeSerializer},
        description="“I'm interested”: opens a conversation with the author.",
    )
    def post(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        swap = selectors.get_swap_for_member(user=request.user, swap_id=swap_id)
        serializer = InterestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        exchange = services.swap_express_interest(
            swap=swap, member=request.user, message=serializer.validated_data["message"]
        )
        return Response(ExchangeSerializer(exchange).data, status=status.HTTP_201_CREATED)


class SwapIntroductionView(APIView):
    @extend_schema(
        request=IntroductionSerializer,
        responses={201: ExchangeSerializer},
        description="A coordinator puts a member in touch with the author.",
    )
    def post(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        swap = selectors.get_swap_for_member(user=request.user, swap_id=swap_id)
        quartier, _membership = get_quartier_for_coordinator(
            user=request.user, slug=swap.quartier.slug
        )
        serializer = IntroductionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            member = get_membership_in(quartier=quartier, user_id=data["member_id"]).user
        except Http404:
            raise serializers.ValidationError(
                {"member_id": [_("This person is not a member of the quartier.")]}
            ) from None
        try:
            exchange = services.swap_introduce(
                swap=swap, member=member, coordinator=request.user, message=data["message"]
            )
        except DjangoValidationError as error:
            # The service names the field "member"; here it is "member_id".
            if hasattr(error, "error_dict") and "member" in error.error_dict:
                raise serializers.ValidationError(
                    {"member_id": error.message_dict["member"]}
                ) from None
            raise
        return Response(ExchangeSerializer(exchange).data, status=status.HTTP_201_CREATED)


class SwapExchangesView(APIView):
    @extend_schema(
        responses=ExchangeWithEvaluationsSerializer(many=True),
        description="All the exchanges of my swap; on someone else's, only mine.",
    )
    def get(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        swap = selectors.get_swap_for_member(user=request.user, swap_id=swap_id)
        exchanges = selectors.exchanges_of(swap=swap, viewer=request.user)
        return Response(ExchangeWithEvaluationsSerializer(exchanges, many=True).data)


class ExchangeHeldView(APIView):
    @extend_schema(
        request=None,
        responses=ExchangeSerializer,
        description="Either of the two says the exchange took place.",
    )
    def post(self, request: AuthenticatedRequest, exchange_id: int) -> Response:
        exchange = selectors.get_exchange_for_party(user=request.user, exchange_id=exchange_id)
        services.exchange_mark_held(exchange=exchange, actor=request.user)
        return Response(ExchangeSerializer(exchange).data)


class ExchangeEvaluationView(APIView):
    @extend_schema(request=EvaluationInputSerializer, responses={201: EvaluationSerializer})
    def post(self, request: AuthenticatedRequest, exchange_id: int) -> Response:
        exchange = selectors.get_exchange_for_party(user=request.user, exchange_id=exchange_id)
        serializer = EvaluationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evaluation = services.exchange_evaluate(
            exchange=exchange, author=request.user, text=serializer.validated_data["text"]
        )
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)


class MySwapListView(APIView):
    @extend_schema(responses=SwapDetailSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        swaps = selectors.my_swaps(user=request.user)
        return Response(SwapDetailSerializer(swaps, many=True).data)


class MySuggestionsView(APIView):
    @extend_schema(
        responses=SuggestionsSerializer,
        description="My open swaps with what fits each of them, best first, and my three-cycles.",
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        found = selectors.suggestions_for(user=request.user)
        data = {
            "swaps": [{"swap": swap, "matches": matches} for swap, matches in found.swaps],
            "cycles": found.cycles,
        }
        return Response(SuggestionsSerializer(data).data)


class CategoryOverviewView(APIView):
    @extend_schema(
        responses=CategoryCountSerializer(many=True),
        description="The quartier's open offers and requests by category, for coordinators.",
    )
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_coordinator(user=request.user, slug=slug)
        overview = selectors.category_overview(quartier=quartier)
        return Response(CategoryCountSerializer(overview, many=True).data)
