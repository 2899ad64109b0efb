"""Quartiers: search, create, read, change; join and leave."""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

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
from neighbourhood.quartiers.models import JoinRequest


class QuartierListView(APIView):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    @extend_schema(parameters=[SearchSerializer], responses=QuartierCardSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        search = SearchSerializer(data=request.query_params)
        search.is_valid(raise_exception=True)
        data = search.validated_data
        hits = selectors.quartier_search(
            text=data.get("q", ""),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            within_km=data["within_km"],
        )
        context = {"distances": {hit.quartier.pk: hit.distance_km for hit in hits}}
        serializer = QuartierCardSerializer(
            [hit.quartier for hit in hits], many=True, context=context
        )
        return Response(serializer.data)

    @extend_schema(request=QuartierSerializer, responses={201: QuartierDetailSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = QuartierSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        quartier = services.quartier_create(creator=request.user, **serializer.validated_data)
        quartier, membership = selectors.get_quartier_for_member(
            user=request.user, slug=quartier.slug
        )
        return Response(detail_data(quartier, membership), status=status.HTTP_201_CREATED)


class QuartierDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses={200: QuartierDetailSerializer},
        description="Members get the whole quartier; anyone else gets its public card.",
    )
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier = selectors.get_quartier_public(slug=slug)
        membership = selectors.membership_for(user=request.user, quartier=quartier)
        if membership is None or not membership.is_active:
            return Response(QuartierCardSerializer(quartier).data)
        return Response(detail_data(quartier, membership))

    @extend_schema(request=QuartierSerializer, responses=QuartierDetailSerializer)
    def patch(self, request: AuthenticatedRequest, slug: str) -> Response:
        if not request.user.is_authenticated:
            return Response(status=status.HTTP_401_UNAUTHORIZED)
        quartier, membership = selectors.get_quartier_for_coordinator(user=request.user, slug=slug)
        serializer = QuartierSerializer(quartier, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data.get("slug", quartier.slug) != quartier.slug:
            # Addresses already shared (links, calendars) use the short name: it never changes.
            raise serializers.ValidationError({"slug": [_("The short name cannot be changed.")]})
        values = {
            field: serializer.validated_data.get(field, getattr(quartier, field))
            for field in ["name", "description", "latitude", "longitude", "radius_km", "policy"]
        }
        services.quartier_update(quartier=quartier, actor=request.user, **values)
        return Response(detail_data(quartier, membership))


class JoinView(APIView):
    @extend_schema(request=JoinInputSerializer, responses={201: JoinResultSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier = selectors.get_quartier_public(slug=slug)
        serializer = JoinInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.quartier_join(
            quartier=quartier, user=request.user, message=serializer.validated_data["message"]
        )
        if isinstance(result, JoinRequest):
            body = {"status": "requested", "join_request": JoinRequestSerializer(result).data}
        else:
            body = {"status": "member"}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None}, description="Withdraws my request to join.")
    def delete(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier = selectors.get_quartier_public(slug=slug)
        join_request = selectors.get_my_pending_join_request(user=request.user, quartier=quartier)
        services.join_request_withdraw(join_request=join_request, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LeaveView(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        _quartier, membership = selectors.get_quartier_for_member(user=request.user, slug=slug)
        services.membership_leave(membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)
