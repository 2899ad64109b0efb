"""Requests to join a quartier on approval, as its coordinators see and decide them."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from neighbourhood.api import Endpoint, QuartierEndpoint
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers import selectors, services
from neighbourhood.quartiers.api.serializers import DecisionSerializer, JoinRequestSerializer
from neighbourhood.quartiers.models import JoinRequest


class JoinRequestListView(QuartierEndpoint):
    find = selectors.get_quartier_for_coordinator

    @extend_schema(responses=JoinRequestSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier = self.quartier
        pending = selectors.pending_join_requests(quartier=quartier)
        return Response(JoinRequestSerializer(pending, many=True).data)


class JoinRequestDecisionView(Endpoint[JoinRequest]):
    find = selectors.get_join_request_for_coordinator

    @extend_schema(request=DecisionSerializer, responses=JoinRequestSerializer)
    def post(self, request: AuthenticatedRequest, slug: str, request_id: int) -> Response:
        approve = self.valid(DecisionSerializer)["decision"] == "approve"
        services.join_request_decide(join_request=self.object, actor=request.user, approve=approve)
        return Response(JoinRequestSerializer(self.object).data)
