"""Views of the objects' API: the quartier's inventory (and publishing in it), one object,
and asking to borrow or take it."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.aid.api.serializers.objects import (
    GiftAskSerializer,
    GiftSerializer,
    InventoryQuerySerializer,
    ItemCreateSerializer,
    ItemEditableSerializer,
    ItemPauseSerializer,
    ItemSerializer,
    LoanAskSerializer,
    LoanSerializer,
)
from exchanges.aid.models import Item
from exchanges.aid.selectors import objects as selectors
from exchanges.aid.services import objects as services
from neighbourhood.api import Endpoint, QuartierEndpoint, created
from neighbourhood.http import AuthenticatedRequest


class QuartierItemListView(QuartierEndpoint):
    @extend_schema(parameters=[InventoryQuerySerializer], responses=ItemSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        """The quartier's objects offered now, the newest first (100 at most): every word of
        `q` in the title, description or category; of one `category`; to lend or to give
        (`mode`); with `available_on`, only objects to lend that no loan holds that day."""
        search = self.valid_query(InventoryQuerySerializer)
        items = selectors.inventory(
            quartier=self.quartier,
            text=search["q"],
            category=search["category"],
            mode=search["mode"],
            available_on=search["available_on"],
        )
        return Response(ItemSerializer(items, many=True).data)

    @extend_schema(request=ItemCreateSerializer, responses={201: ItemSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        """Publishes an object to lend (`max_days` required) or to give away."""
        fields = self.valid(ItemCreateSerializer)
        item = services.item_publish(quartier=self.quartier, owner=request.user, **fields)
        return created(ItemSerializer(item).data)


class ItemDetailView(Endpoint[Item]):
    find = selectors.get_item_for_member
    find_for = {"PATCH": selectors.get_item_for_owner}

    @extend_schema(responses=ItemSerializer)
    def get(self, request: AuthenticatedRequest, item_id: int) -> Response:
        """One object of a quartier I belong to."""
        return Response(ItemSerializer(self.object).data)

    @extend_schema(request=ItemEditableSerializer, responses=ItemSerializer)
    def patch(self, request: AuthenticatedRequest, item_id: int) -> Response:
        """The owner changes what the object says (not whether it is lent or given)."""
        changes = self.valid(ItemEditableSerializer, partial=True)
        item = services.item_update(item=self.object, actor=request.user, **changes)
        return Response(ItemSerializer(item).data)


class ItemWithdrawView(Endpoint[Item]):
    find = selectors.get_item_for_owner

    @extend_schema(request=None, responses=ItemSerializer)
    def post(self, request: AuthenticatedRequest, item_id: int) -> Response:
        """The owner takes the object away for good (refused while it is lent); the requests
        still waiting are cancelled."""
        return Response(
            ItemSerializer(services.item_withdraw(item=self.object, actor=request.user)).data
        )


class ItemPauseView(Endpoint[Item]):
    find = selectors.get_item_for_owner

    @extend_schema(request=ItemPauseSerializer, responses=ItemSerializer)
    def post(self, request: AuthenticatedRequest, item_id: int) -> Response:
        """The owner pauses the object (nobody can ask for it meanwhile; what is agreed stands)
        or offers it again."""
        fields = self.valid(ItemPauseSerializer)
        item = services.item_pause(item=self.object, actor=request.user, **fields)
        return Response(ItemSerializer(item).data)


class ItemLoansView(Endpoint[Item]):
    find = selectors.get_item_for_member

    @extend_schema(responses=LoanSerializer(many=True))
    def get(self, request: AuthenticatedRequest, item_id: int) -> Response:
        """Loans in progress: all of them for the owner, my own for anyone else."""
        loans = selectors.loans_asked_of(item=self.object, viewer=request.user)
        return Response(LoanSerializer(loans, many=True).data)

    @extend_schema(request=LoanAskSerializer, responses={201: LoanSerializer})
    def post(self, request: AuthenticatedRequest, item_id: int) -> Response:
        """Asks to borrow the object from `starts_on` to `ends_on` (both included): not in the
        past, no longer than the owner allows, on dates nobody holds. A conversation opens with
        the owner."""
        asked = self.valid(LoanAskSerializer)
        loan = services.loan_ask(item=self.object, borrower=request.user, **asked)
        return created(LoanSerializer(loan).data)


class ItemGiftsView(Endpoint[Item]):
    find = selectors.get_item_for_member

    @extend_schema(responses=GiftSerializer(many=True))
    def get(self, request: AuthenticatedRequest, item_id: int) -> Response:
        """Asks in progress: all of them for the giver, my own for anyone else."""
        gifts = selectors.gifts_asked_of(item=self.object, viewer=request.user)
        return Response(GiftSerializer(gifts, many=True).data)

    @extend_schema(request=GiftAskSerializer, responses={201: GiftSerializer})
    def post(self, request: AuthenticatedRequest, item_id: int) -> Response:
        """Asks for an object given away: reserved at once under first asked, first served
        when nobody holds it; otherwise in line, or until the giver chooses."""
        asked = self.valid(GiftAskSerializer)
        gift = services.gift_ask(item=self.object, taker=request.user, **asked)
        return created(GiftSerializer(gift).data)
