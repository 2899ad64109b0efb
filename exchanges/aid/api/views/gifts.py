"""Views of the objects' API for gifts: one gift, the giver's reservation, either side's
collection or cancellation."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.aid.api.serializers.objects import GiftSerializer
from exchanges.aid.models import Gift
from exchanges.aid.selectors import objects as selectors
from exchanges.aid.services import objects as services
from neighbourhood.api import Endpoint
from neighbourhood.http import AuthenticatedRequest


class GiftDetailView(Endpoint[Gift]):
    find = selectors.get_gift_for_party

    @extend_schema(responses=GiftSerializer)
    def get(self, request: AuthenticatedRequest, gift_id: int) -> Response:
        """The taker and the giver only."""
        return Response(GiftSerializer(self.object).data)


STEP = extend_schema(request=None, responses=GiftSerializer)


class GiftStepView(Endpoint[Gift]):
    find = selectors.get_gift_for_party
    step: ClassVar[Callable[..., Gift]]

    def post(self, request: AuthenticatedRequest, gift_id: int) -> Response:
        step = type(self).step
        return Response(GiftSerializer(step(gift=self.object, actor=request.user)).data)


@STEP
class GiftReserveView(GiftStepView):
    """The giver keeps the object for this neighbour (nobody else holds it)."""

    step = services.gift_reserve


@STEP
class GiftCollectView(GiftStepView):
    """The giver or the taker says it was collected: the object is given."""

    step = services.gift_collect


@STEP
class GiftCancelView(GiftStepView):
    """The taker or the giver calls it off; under first asked, first served the next in line
    gets it."""

    step = services.gift_cancel
