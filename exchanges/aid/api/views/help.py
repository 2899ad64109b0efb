"""Views of the API for coups de main: the quartier's and mine, one coup de main, what its
asker does (change, cancel, done, choose, decline), what a helper does ("I can help",
withdraw), and thanks."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.aid.api.serializers.help import (
    CoupDeMainCreateSerializer,
    CoupDeMainEditSerializer,
    CoupDeMainQuerySerializer,
    CoupDeMainSerializer,
    HelpOfferInputSerializer,
    HelpOfferSerializer,
    ThanksInputSerializer,
    ThanksSerializer,
)
from exchanges.aid.models import CoupDeMain, HelpOffer
from exchanges.aid.selectors import help as selectors
from exchanges.aid.services import help as services
from neighbourhood.api import Endpoint, QuartierEndpoint, created
from neighbourhood.http import AuthenticatedRequest


class QuartierCoupDeMainListView(QuartierEndpoint):
    @extend_schema(
        parameters=[CoupDeMainQuerySerializer], responses=CoupDeMainSerializer(many=True)
    )
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        """Open coups de main, requests urgent now (first happening today or tomorrow) first,
        then the soonest; by `kind` and `category` if given."""
        query = self.valid_query(CoupDeMainQuerySerializer)
        coups = selectors.coup_list(quartier=self.quartier, **query)
        return Response(CoupDeMainSerializer(coups, many=True).data)

    @extend_schema(request=CoupDeMainCreateSerializer, responses={201: CoupDeMainSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        """Asks for a hand (`kind` request) or offers one (`kind` offer), at most a year ahead.
        A request starting today or tomorrow is urgent: the members who offer that category are
        told at once, at publication only."""
        fields = self.valid(CoupDeMainCreateSerializer)
        coup = services.help_publish(quartier=self.quartier, author=request.user, **fields)
        return created(CoupDeMainSerializer(coup).data)


class MyCoupsDeMainView(Endpoint[None]):
    @extend_schema(responses=CoupDeMainSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        """What I asked for or offered: those still to be done first, then the newest."""
        return Response(CoupDeMainSerializer(selectors.my_coups(user=request.user), many=True).data)


class CoupDeMainDetailView(Endpoint[CoupDeMain]):
    find = selectors.get_coup_for_member
    find_for = {"PATCH": selectors.get_coup_for_author}

    @extend_schema(responses=CoupDeMainSerializer)
    def get(self, request: AuthenticatedRequest, coup_id: int) -> Response:
        """One coup de main, with its places left."""
        return Response(CoupDeMainSerializer(self.object).data)

    @extend_schema(request=CoupDeMainEditSerializer, responses=CoupDeMainSerializer)
    def patch(self, request: AuthenticatedRequest, coup_id: int) -> Response:
        """The author only, while it is open or full; never fewer helpers than chosen."""
        changes = self.valid(CoupDeMainEditSerializer, partial=True)
        services.help_edit(coup=self.object, actor=request.user, **changes)
        return Response(CoupDeMainSerializer(self.object).data)


class CoupDeMainActionView(Endpoint[CoupDeMain]):
    """The author's action on a coup de main; each subclass names its service."""

    find = selectors.get_coup_for_author
    service: ClassVar[Callable[..., CoupDeMain]]

    def post(self, request: AuthenticatedRequest, coup_id: int) -> Response:
        type(self).service(coup=self.object, actor=request.user)
        return Response(CoupDeMainSerializer(self.object).data)


@extend_schema(request=None, responses=CoupDeMainSerializer)
class CoupDeMainCancelView(CoupDeMainActionView):
    """Calls it off (the author only); the chosen helpers are told, the offers still waiting
    declined, and its photos deleted."""

    service = services.help_cancel


@extend_schema(request=None, responses=CoupDeMainSerializer)
class CoupDeMainDoneView(CoupDeMainActionView):
    """The asker says it is done; the offers still waiting are declined; thanks may follow."""

    service = services.help_done


class CoupDeMainOffersView(Endpoint[CoupDeMain]):
    find = selectors.get_coup_for_member

    @extend_schema(responses=HelpOfferSerializer(many=True))
    def get(self, request: AuthenticatedRequest, coup_id: int) -> Response:
        """Every offer of help for the asker; my own for anyone else."""
        offers = selectors.offers_of(coup=self.object, viewer=request.user)
        return Response(HelpOfferSerializer(offers, many=True).data)

    @extend_schema(request=HelpOfferInputSerializer, responses={201: HelpOfferSerializer})
    def post(self, request: AuthenticatedRequest, coup_id: int) -> Response:
        """ "I can help", once, on an open request of someone else; the asker is told."""
        fields = self.valid(HelpOfferInputSerializer)
        offer = services.help_offer(coup=self.object, helper=request.user, **fields)
        return created(HelpOfferSerializer(offer).data)


class HelpOfferActionView(Endpoint[HelpOffer]):
    """An answer to an offer of help; each subclass names its service and who may give it."""

    service: ClassVar[Callable[..., HelpOffer]]

    def post(self, request: AuthenticatedRequest, help_offer_id: int) -> Response:
        offer = type(self).service(offer=self.object, actor=request.user)
        return Response(HelpOfferSerializer(offer).data)


@extend_schema(request=None, responses=HelpOfferSerializer)
class HelpOfferChooseView(HelpOfferActionView):
    """The asker takes this helper. Refused in words once the helpers needed are all taken,
    even when many are chosen at the same moment."""

    find = selectors.get_offer_for_asker
    service = services.help_choose


@extend_schema(request=None, responses=HelpOfferSerializer)
class HelpOfferDeclineView(HelpOfferActionView):
    """The asker says no to this offer; the helper is told."""

    find = selectors.get_offer_for_asker
    service = services.help_decline


@extend_schema(request=None, responses=HelpOfferSerializer)
class HelpOfferWithdrawView(HelpOfferActionView):
    """The helper takes back their offer; a chosen helper frees their place."""

    find = selectors.get_offer_for_helper
    service = services.help_withdraw


class CoupDeMainThanksView(Endpoint[CoupDeMain]):
    find = selectors.get_coup_for_member

    @extend_schema(responses=ThanksSerializer(many=True))
    def get(self, request: AuthenticatedRequest, coup_id: int) -> Response:
        """The thanks said once it was done."""
        return Response(ThanksSerializer(selectors.thanks_of(coup=self.object), many=True).data)

    @extend_schema(request=ThanksInputSerializer, responses={201: ThanksSerializer})
    def post(self, request: AuthenticatedRequest, coup_id: int) -> Response:
        """Once it is done: the asker or a chosen helper, once each."""
        fields = self.valid(ThanksInputSerializer)
        thanks = services.help_thank(coup=self.object, author=request.user, **fields)
        return created(ThanksSerializer(thanks).data)
