"""Requests to join a quartier on approval, as its coordinators see and decide them."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers import selectors, services
from neighbourhood.quartiers.api.serializers import DecisionSerializer, JoinRequestSerializer


class JoinRequestListView(APIView):
    @extend_schema(responses=JoinRequestSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = selectors.get_quartier_for_coordinator(user=request.user, slug=slug)
        pending = selectors.pending_join_requests(quartier=quartier)
        return Response(JoinRequestSerializer(pending, many=True).data)


class JoinRequestDecisionView(APIView):
    @extend_schema(request=DecisionSerializer, responses=JoinRequestSerializer)
    def post(self, request: AuthenticatedRequest, slug: str, request_id: int) -> Response:
        quartier, _membership = selectors.get_quartier_for_coordinator(user=request.user, slug=slug)
        join_request = selectors.get_pending_join_request(quartier=quartier, request_id=request_id)
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        approve = serializer.validated_data["decision"] == "approve"
        services.join_request_decide(join_request=join_request, actor=request.user, approve=approve)
        return Response(JoinRequestSerializer(join_request).data)
