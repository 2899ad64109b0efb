"""Views of the produce API for contracts' subscriptions: a member subscribes and follows
their own; the contract's followers (coordinators, the referent, the producer's account) list
them all; coordinators end them and record the instalments as they are handed over."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.produce import selectors, services, subscribers
from exchanges.produce.api.subscriptions import (
    InstalmentInputSerializer,
    InstalmentSerializer,
    SubscriptionInputSerializer,
    SubscriptionSerializer,
    subscription_data,
)
from exchanges.produce.models import Contract, Instalment, Subscription
from neighbourhood.api import Endpoint, created, no_content
from neighbourhood.http import AuthenticatedRequest


class ContractSubscriptionsView(Endpoint[Contract]):
    find = selectors.get_contract_for_member

    @extend_schema(responses=SubscriptionSerializer(many=True))
    def get(self, request: AuthenticatedRequest, contract_id: int) -> Response:
        """The contract's followers read every subscription (the waiting list in order); a
        member, their own."""
        rows = subscribers.in_order(Subscription.objects.filter(contract=self.object))
        if not subscribers.follows(user=request.user, contract=self.object):
            rows = rows.filter(member=request.user)
        return Response(subscription_data(list(rows), many=True))

    @extend_schema(request=SubscriptionInputSerializer, responses={201: SubscriptionSerializer})
    def post(self, request: AuthenticatedRequest, contract_id: int) -> Response:
        """Subscribes me: active if the farm has room, else on the waiting list (said by
        `status` and `waiting_position`)."""
        data = self.valid(SubscriptionInputSerializer)
        size = self.object.sizes.filter(pk=data.pop("size")).first()
        if size is None:
            raise ValidationError({"size": [_("Choose one of this contract's shares.")]})
        subscription = services.subscription_create(
            contract=self.object, member=request.user, actor=request.user, size=size, **data
        )
        return created(subscription_data([subscription]))


class SubscriptionView(Endpoint[Subscription]):
    find = subscribers.get_subscription_for_viewer

    @extend_schema(responses=SubscriptionSerializer)
    def get(self, request: AuthenticatedRequest, subscription_id: int) -> Response:
        """Mine, or one of a contract I follow."""
        return Response(subscription_data([self.object]))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: AuthenticatedRequest, subscription_id: int) -> Response:
        """I leave the waiting list; a coordinator ends any subscription (the next waiting move
        up, in order)."""
        services.subscription_end(subscription=self.object, actor=request.user)
        return no_content()


class SubscriptionInstalmentsView(Endpoint[Subscription]):
    find = subscribers.get_subscription_for_viewer

    @extend_schema(responses=InstalmentSerializer(many=True))
    def get(self, request: AuthenticatedRequest, subscription_id: int) -> Response:
        """The payment plan, in order, and how far each instalment went."""
        rows = Instalment.objects.filter(subscription=self.object).order_by("position")
        return Response(InstalmentSerializer(rows, many=True).data)


class InstalmentView(Endpoint[Instalment]):
    find = subscribers.get_instalment_for_viewer

    @extend_schema(request=InstalmentInputSerializer, responses=InstalmentSerializer)
    def patch(self, request: AuthenticatedRequest, instalment_id: int) -> Response:
        """Coordinators only: the cheque's number and bank, and its state (to_receive →
        received → handed → cashed; never back)."""
        instalment = services.instalment_update(
            instalment=self.object, actor=request.user, **self.valid(InstalmentInputSerializer)
        )
        return Response(InstalmentSerializer(instalment).data)
