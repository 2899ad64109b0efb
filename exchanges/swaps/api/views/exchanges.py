"""Views of the swap API for exchanges: interest, introductions, an exchange held and its
evaluations."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.swaps import selectors, services
from exchanges.swaps.api.serializers import (
    EvaluationInputSerializer,
    EvaluationSerializer,
    ExchangeSerializer,
    ExchangeWithEvaluationsSerializer,
    InterestSerializer,
    IntroductionSerializer,
)
from exchanges.swaps.models import Exchange, Swap
from neighbourhood.api import Endpoint, created
from neighbourhood.http import AuthenticatedRequest


class SwapInterestView(Endpoint[Swap]):
    find = selectors.get_swap_for_member

    @extend_schema(request=InterestSerializer, responses={201: ExchangeSerializer})
    def post(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        """“I'm interested”: opens a conversation with the author."""
        exchange = services.swap_express_interest(
            swap=self.object, member=request.user, **self.valid(InterestSerializer)
        )
        return created(ExchangeSerializer(exchange).data)


class SwapIntroductionView(Endpoint[Swap]):
    find = selectors.get_swap_for_coordinator
    aliases = {"member": "member_id"}

    @extend_schema(request=IntroductionSerializer, responses={201: ExchangeSerializer})
    def post(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        """A coordinator puts a member in touch with the author."""
        introduction = self.valid(IntroductionSerializer, quartier=self.object.quartier)
        exchange = services.swap_introduce(
            swap=self.object, coordinator=request.user, **introduction
        )
        return created(ExchangeSerializer(exchange).data)


class SwapExchangesView(Endpoint[Swap]):
    find = selectors.get_swap_for_member

    @extend_schema(responses=ExchangeWithEvaluationsSerializer(many=True))
    def get(self, request: AuthenticatedRequest, swap_id: int) -> Response:
        """All the exchanges of my swap; on someone else's, only mine."""
        exchanges = selectors.exchanges_of(swap=self.object, viewer=request.user)
        return Response(ExchangeWithEvaluationsSerializer(exchanges, many=True).data)


class ExchangeHeldView(Endpoint[Exchange]):
    find = selectors.get_exchange_for_party

    @extend_schema(request=None, responses=ExchangeSerializer)
    def post(self, request: AuthenticatedRequest, exchange_id: int) -> Response:
        """Either of the two says the exchange took place."""
        services.exchange_mark_held(exchange=self.object, actor=request.user)
        return Response(ExchangeSerializer(self.object).data)


class ExchangeEvaluationView(Endpoint[Exchange]):
    find = selectors.get_exchange_for_party

    @extend_schema(request=EvaluationInputSerializer, responses={201: EvaluationSerializer})
    def post(self, request: AuthenticatedRequest, exchange_id: int) -> Response:
        """Either of the two says how it went, once it took place."""
        text = self.valid(EvaluationInputSerializer)["text"]
        evaluation = services.exchange_evaluate(
            exchange=self.object, author=request.user, text=text
        )
        return created(EvaluationSerializer(evaluation).data)
