"""Views of the produce API for producers: the quartier's, one, and its changes."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from exchanges.produce import selectors, services
from exchanges.produce.api.serializers import (
    ProducerInputSerializer,
    ProducerSerializer,
)
from exchanges.produce.api.views import COORDINATORS
from exchanges.produce.services.access import require_coordinator
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import get_quartier_for_coordinator, get_quartier_for_member


class QuartierProducerListView(APIView):
    @extend_schema(responses=ProducerSerializer(many=True), description="With their products.")
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        producers = selectors.producers_of(quartier=quartier)
        return Response(ProducerSerializer(producers, many=True).data)

    @extend_schema(
        request=ProducerInputSerializer,
        responses={201: ProducerSerializer},
        description=COORDINATORS,
    )
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_coordinator(user=request.user, slug=slug)
        serializer = ProducerInputSerializer(data=request.data, context={"quartier": quartier})
        serializer.is_valid(raise_exception=True)
        producer = services.producer_create(
            quartier=quartier, actor=request.user, **serializer.validated_data
        )
        return Response(ProducerSerializer(producer).data, status=status.HTTP_201_CREATED)


class ProducerDetailView(APIView):
    @extend_schema(responses=ProducerSerializer)
    def get(self, request: AuthenticatedRequest, producer_id: int) -> Response:
        producer = selectors.get_producer_for_member(user=request.user, producer_id=producer_id)
        return Response(ProducerSerializer(producer).data)

    @extend_schema(
        request=ProducerInputSerializer, responses=ProducerSerializer, description=COORDINATORS
    )
    def patch(self, request: AuthenticatedRequest, producer_id: int) -> Response:
        producer = selectors.get_producer_for_member(user=request.user, producer_id=producer_id)
        require_coordinator(user=request.user, quartier=producer.quartier)
        serializer = ProducerInputSerializer(
            data=request.data, partial=True, context={"quartier": producer.quartier}
        )
        serializer.is_valid(raise_exception=True)
        services.producer_update(producer=producer, actor=request.user, **serializer.validated_data)
        return Response(ProducerSerializer(producer).data)
