"""Quartiers: search, create, read, change; join and leave."""

from typing import Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from neighbourhood.api import Endpoint, QuartierEndpoint, created, no_content
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers import selectors, services
from neighbourhood.quartiers.api.serializers import (
    JoinInputSerializer,
    JoinRequestSerializer,
    JoinResultSerializer,
    QuartierCardSerializer,
    QuartierDetailSerializer,
    QuartierSerializer,
    SearchSerializer,
    detail_data,
)
from neighbourhood.quartiers.models import JoinRequest, Membership, Quartier


class QuartierListView(Endpoint[None]):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    @extend_schema(parameters=[SearchSerializer], responses=QuartierCardSerializer(many=True))
    def get(self, request: Request) -> Response:
        search = self.valid_query(SearchSerializer)
        hits = selectors.quartier_search(
            text=search.get("q", ""),
            latitude=search.get("latitude"),
            longitude=search.get("longitude"),
            within_km=search["within_km"],
        )
        context = {"distances": {hit.quartier.pk: hit.distance_km for hit in hits}}
        quartiers = [hit.quartier for hit in hits]
        return Response(QuartierCardSerializer(quartiers, many=True, context=context).data)

    @extend_schema(request=QuartierSerializer, responses={201: QuartierDetailSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        quartier = services.quartier_create(creator=request.user, **self.valid(QuartierSerializer))
        found = selectors.get_quartier_for_member(user=request.user, slug=quartier.slug)
        return created(detail_data(*found))


# Anyone reads a quartier (an outsider its public card); only a coordinator changes it.
class QuartierDetailView(Endpoint[tuple[Quartier, Membership | None]]):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    find = selectors.get_quartier_for_visitor
    find_for = {"PATCH": selectors.get_quartier_for_coordinator}

    @extend_schema(
        responses={200: QuartierDetailSerializer},
        description="Members get the whole quartier; anyone else gets its public card.",
    )
    def get(self, request: Request, slug: str) -> Response:
        quartier, membership = self.object
        if membership is None:
            return Response(QuartierCardSerializer(quartier).data)
        return Response(detail_data(quartier, membership))

    @extend_schema(request=QuartierSerializer, responses=QuartierDetailSerializer)
    def patch(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, membership = self.object
        changes = self.valid(QuartierSerializer, instance=quartier, partial=True)
        services.quartier_update(quartier=quartier, actor=request.user, **changes)
        return Response(detail_data(quartier, membership))


# Anyone signed in asks to join; only the one who asked withdraws their request: ``find_object``
# gives the quartier to ``post`` and my pending request to ``delete``.
class JoinView(Endpoint[Quartier | JoinRequest]):
    def find_object(self, request: Request, **kwargs: Any) -> Quartier | JoinRequest:
        if request.method == "DELETE":
            return selectors.get_my_join_request(user=request.user, **kwargs)
        return selectors.get_quartier_public(**kwargs)

    @extend_schema(request=JoinInputSerializer, responses={201: JoinResultSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        message = self.valid(JoinInputSerializer)["message"]
        quartier = cast(Quartier, self.object)
        result = services.quartier_join(quartier=quartier, user=request.user, message=message)
        if isinstance(result, JoinRequest):
            return created(
                {"status": "requested", "join_request": JoinRequestSerializer(result).data}
            )
        return created({"status": "member"})

    @extend_schema(responses={204: None}, description="Withdraws my request to join.")
    def delete(self, request: AuthenticatedRequest, slug: str) -> Response:
        join_request = cast(JoinRequest, self.object)
        services.join_request_withdraw(join_request=join_request, user=request.user)
        return no_content()


class LeaveView(QuartierEndpoint):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        _quartier, membership = self.object
        services.membership_leave(membership=membership)
        return no_content()
