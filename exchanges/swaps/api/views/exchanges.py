"""Views of the swap API for exchanges: interest, introductions, an exchange held and its
evaluations."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from exchanges.swaps import selectors, services
from exchanges.swaps.api.serializers import (
    EvaluationInputSerializer,
    EvaluationSerializer,
    ExchangeSerializer,
    ExchangeWithEvaluationsSerializer,
    InterestSerializer,
    IntroductionSerializer,
)
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import (
    get_membership_in,
    get_quartier_for_coordinator,
)


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
