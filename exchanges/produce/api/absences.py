"""The API of absences and baskets passed on: a subscription's dates with their absences,
marking and cancelling one, the baskets offered in a quartier, taking one. Access as the
pages (`baskets.get_*_for_member`: 404 for anyone else); the services decide the rest, their
refusals answered 400 in words."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from exchanges.produce import baskets, subscribers
from exchanges.produce.api.fields import optional_text_field
from exchanges.produce.models import Absence, Subscription
from exchanges.produce.services import absences
from exchanges.produce.services.absences import ASSOCIATION_MAX
from neighbourhood.accounts.api.serializers import PersonSerializer
from neighbourhood.accounts.models import User
from neighbourhood.api import Endpoint, QuartierEndpoint, created, id_field, no_content
from neighbourhood.http import AuthenticatedRequest


class AbsenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    subscription = serializers.IntegerField(source="subscription_id")
    date = serializers.DateField(source="date.date")
    fate = serializers.ChoiceField(choices=Absence.Fate.choices)
    taken_by = PersonSerializer(
        allow_null=True, help_text="The neighbour named, or who took the basket offered."
    )
    association = serializers.CharField()
    joker = serializers.BooleanField(help_text="Marked after the deadline: a joker spent.")


class BasketDateSerializer(serializers.Serializer):
    date_id = serializers.IntegerField(source="date.pk", help_text="The id to mark it with.")
    date = serializers.DateField(source="date.date")
    starts_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField(help_text="After it, marking spends a joker.")
    absence = AbsenceSerializer(allow_null=True)


class OfferedSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", help_text="The absence: take it with its id.")
    date = serializers.DateField(source="date.date")
    contract = serializers.CharField(source="date.contract.title")
    farm_name = serializers.CharField(source="date.contract.producer.farm_name")
    size = serializers.CharField(source="subscription.size.name")
    shares = serializers.IntegerField(source="subscription.shares")
    offered_by = PersonSerializer(source="subscription.member")


class AbsenceInputSerializer(serializers.Serializer):
    date = id_field(help_text="A date the subscription takes a basket on (`date_id`).")
    fate = serializers.ChoiceField(choices=Absence.Fate.choices)
    neighbour = id_field(
        required=False, allow_null=True, default=None, help_text="For a basket given: a member."
    )
    association = optional_text_field(ASSOCIATION_MAX, "For a basket given to an association.")


def absence_data(absence: Absence) -> Any:
    return AbsenceSerializer(absence).data


class SubscriptionAbsencesView(Endpoint[Subscription]):
    find = subscribers.get_subscription_for_member

    @extend_schema(responses=BasketDateSerializer(many=True))
    def get(self, request: AuthenticatedRequest, subscription_id: int) -> Response:
        """The dates the subscription takes a basket on, each with its absence if marked."""
        return Response(BasketDateSerializer(baskets.basket_dates(self.object), many=True).data)

    @extend_schema(request=AbsenceInputSerializer, responses={201: AbsenceSerializer})
    def post(self, request: AuthenticatedRequest, subscription_id: int) -> Response:
        """Marks an absence: before the deadline, or after it spending a joker."""
        data = self.valid(AbsenceInputSerializer)
        subscription = self.object
        date = next(
            (row.date for row in baskets.basket_dates(subscription) if row.date.pk == data["date"]),
            None,
        )
        if date is None:
            raise ValidationError({"date": [_("Choose one of the dates you take a basket on.")]})
        neighbour = None
        if data["neighbour"] is not None:
            neighbour = User.objects.filter(pk=data["neighbour"]).first()
            if neighbour is None:
                raise ValidationError({"neighbour": [_("Choose a member of this quartier.")]})
        absence = absences.absence_mark(
            subscription=subscription,
            date=date,
            actor=request.user,
            fate=data["fate"],
            neighbour=neighbour,
            association=data["association"],
        )
        return created(absence_data(absence))


class AbsenceView(Endpoint[Absence]):
    find = baskets.get_absence_for_member

    @extend_schema(responses={204: None})
    def delete(self, request: AuthenticatedRequest, absence_id: int) -> Response:
        """Cancels the absence: before the deadline, and not once a neighbour took it."""
        absences.absence_cancel(absence=self.object, actor=request.user)
        return no_content()


class BasketTakeView(Endpoint[Absence]):
    find = partial(baskets.get_absence_for_member, offered=True)

    @extend_schema(request=None, responses={200: AbsenceSerializer})
    def post(self, request: AuthenticatedRequest, absence_id: int) -> Response:
        """Takes a basket offered: the first who asks gets it; a 400 for the others."""
        return Response(absence_data(absences.basket_take(absence=self.object, actor=request.user)))


class QuartierBasketsView(QuartierEndpoint):
    @extend_schema(responses=OfferedSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        """The baskets offered and not taken yet, for distributions to come."""
        return Response(
            OfferedSerializer(baskets.offered_in(quartier=self.quartier), many=True).data
        )
