"""Views of the produce API for products: a producer's, added and changed."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from exchanges.produce import selectors, services
from exchanges.produce.api.serializers import (
    ProductInputSerializer,
    ProductSerializer,
)
from exchanges.produce.api.views import MANAGERS
from exchanges.produce.services.access import require_producer_manager
from neighbourhood.http import AuthenticatedRequest


class ProducerProductListView(APIView):
    @extend_schema(responses=ProductSerializer(many=True), description="Withdrawn ones too.")
    def get(self, request: AuthenticatedRequest, producer_id: int) -> Response:
        producer = selectors.get_producer_for_member(user=request.user, producer_id=producer_id)
        products = selectors.products_of(producer=producer)
        return Response(ProductSerializer(products, many=True).data)

    @extend_schema(
        request=ProductInputSerializer, responses={201: ProductSerializer}, description=MANAGERS
    )
    def post(self, request: AuthenticatedRequest, producer_id: int) -> Response:
        producer = selectors.get_producer_for_member(user=request.user, producer_id=producer_id)
        require_producer_manager(producer, request.user)
        serializer = ProductInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product = services.product_create(
            producer=producer, actor=request.user, **serializer.validated_data
        )
        return Response(ProductSerializer(product).data, status=status.HTTP_201_CREATED)


class ProductDetailView(APIView):
    @extend_schema(
        request=ProductInputSerializer,
        responses=ProductSerializer,
        description=f"{MANAGERS} A new price applies to what is ordered from now on: order "
        "lines keep theirs.",
    )
    def patch(self, request: AuthenticatedRequest, product_id: int) -> Response:
        product = selectors.get_product_for_member(user=request.user, product_id=product_id)
        require_producer_manager(product.producer, request.user)
        serializer = ProductInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.product_update(product=product, actor=request.user, **serializer.validated_data)
        return Response(ProductSerializer(product).data)
