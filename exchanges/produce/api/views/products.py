"""Views of the produce API for products: a producer's, added and changed."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.produce import selectors, services
from exchanges.produce.api.serializers import ProductInputSerializer, ProductSerializer
from exchanges.produce.models import Producer, Product
from neighbourhood.api import Endpoint, created
from neighbourhood.http import AuthenticatedRequest


class ProducerProductListView(Endpoint[Producer]):
    find = selectors.get_producer_for_member
    find_for = {"POST": selectors.get_producer_for_manager}

    @extend_schema(responses=ProductSerializer(many=True))
    def get(self, request: AuthenticatedRequest, producer_id: int) -> Response:
        """Withdrawn ones too."""
        products = selectors.products_of(producer=self.object)
        return Response(ProductSerializer(products, many=True).data)

    @extend_schema(request=ProductInputSerializer, responses={201: ProductSerializer})
    def post(self, request: AuthenticatedRequest, producer_id: int) -> Response:
        """Coordinators, or the producer's own account."""
        fields = self.valid(ProductInputSerializer)
        product = services.product_create(producer=self.object, actor=request.user, **fields)
        return created(ProductSerializer(product).data)


class ProductDetailView(Endpoint[Product]):
    find = selectors.get_product_for_manager

    @extend_schema(request=ProductInputSerializer, responses=ProductSerializer)
    def patch(self, request: AuthenticatedRequest, product_id: int) -> Response:
        """Coordinators, or the producer's own account. A new price applies to what is ordered
        from now on: order lines keep theirs."""
        changes = self.valid(ProductInputSerializer, partial=True)
        services.product_update(product=self.object, actor=request.user, **changes)
        return Response(ProductSerializer(self.object).data)
