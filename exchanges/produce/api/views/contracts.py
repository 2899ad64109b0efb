"""Views of the produce API for seasonal contracts: the quartier's, and one."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.produce import selectors, services
from exchanges.produce.api.contracts import (
    ContractChangeSerializer,
    ContractDetailSerializer,
    ContractInputSerializer,
    ContractSerializer,
)
from exchanges.produce.models import Contract
from neighbourhood.api import Endpoint, QuartierEndpoint, created
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import get_quartier_for_coordinator


class QuartierContractListView(QuartierEndpoint):
    find_for = {"POST": get_quartier_for_coordinator}

    @extend_schema(responses=ContractSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        """Latest season first, with their sizes."""
        contracts = selectors.contracts_of(quartier=self.quartier)
        return Response(ContractSerializer(contracts, many=True).data)

    @extend_schema(request=ContractInputSerializer, responses={201: ContractDetailSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        """Coordinators only. Its dates are made from the quartier's distribution days, less
        `dates_off`."""
        fields = self.valid(ContractInputSerializer, quartier=self.quartier)
        contract = services.contract_create(actor=request.user, **fields)
        return created(ContractDetailSerializer(contract).data)


class ContractDetailView(Endpoint[Contract]):
    find = selectors.get_contract_for_member
    find_for = {"PATCH": selectors.get_contract_for_coordinator}

    @extend_schema(responses=ContractDetailSerializer)
    def get(self, request: AuthenticatedRequest, contract_id: int) -> Response:
        """With its sizes and its dates (those off marked)."""
        return Response(ContractDetailSerializer(self.object).data)

    @extend_schema(request=ContractChangeSerializer, responses=ContractDetailSerializer)
    def patch(self, request: AuthenticatedRequest, contract_id: int) -> Response:
        """Coordinators only. The season, the dates off and the sizes change only while nobody
        has subscribed."""
        changes = self.valid(
            ContractChangeSerializer, partial=True, quartier=self.object.producer.quartier
        )
        services.contract_update(contract=self.object, actor=request.user, **changes)
        self.object.refresh_from_db()
        return Response(ContractDetailSerializer(self.object).data)
