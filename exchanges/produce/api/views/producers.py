"""Views of the produce API for producers: the quartier's, one, and its changes."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.produce import selectors, services
from exchanges.produce.api.serializers import ProducerInputSerializer, ProducerSerializer
from exchanges.produce.models import Producer
from neighbourhood.api import Endpoint, QuartierEndpoint, created
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import get_quartier_for_coordinator


class QuartierProducerListView(QuartierEndpoint):
    find_for = {"POST": get_quartier_for_coordinator}

    @extend_schema(responses=ProducerSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        """With their products."""
        producers = selectors.producers_of(quartier=self.quartier)
        return Response(ProducerSerializer(producers, many=True).data)

    @extend_schema(request=ProducerInputSerializer, responses={201: ProducerSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        """Coordinators only."""
        fields = self.valid(ProducerInputSerializer, quartier=self.quartier)
        producer = services.producer_create(quartier=self.quartier, actor=request.user, **fields)
        return created(ProducerSerializer(producer).data)


class ProducerDetailView(Endpoint[Producer]):
    find = selectors.get_producer_for_member
    find_for = {"PATCH": selectors.get_producer_for_coordinator}

    @extend_schema(responses=ProducerSerializer)
    def get(self, request: AuthenticatedRequest, producer_id: int) -> Response:
        """A producer of one of my quartiers, with their products."""
        return Response(ProducerSerializer(self.object).data)

    @extend_schema(request=ProducerInputSerializer, responses=ProducerSerializer)
    def patch(self, request: AuthenticatedRequest, producer_id: int) -> Response:
        """Coordinators only."""
        changes = self.valid(ProducerInputSerializer, partial=True, quartier=self.object.quartier)
        services.producer_update(producer=self.object, actor=request.user, **changes)
        return Response(ProducerSerializer(self.object).data)
