"""Views of the carpool API for ride requests: the quartier's, one, its close and the rides
that fit it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from exchanges.rides import selectors, services
from exchanges.rides.api.passengers import (
    RideMatchSerializer,
    RideRequestCreateSerializer,
    RideRequestSerializer,
    ride_matches_data,
)
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import get_quartier_for_member


class QuartierRideRequestListView(APIView):
    @extend_schema(
        responses=RideRequestSerializer(many=True),
        description="Open requests, the soonest first.",
    )
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        requests = selectors.request_list(quartier=quartier)
        return Response(RideRequestSerializer(requests, many=True).data)

    @extend_schema(
        request=RideRequestCreateSerializer,
        responses={201: RideRequestSerializer},
        description="Once (`kind` one_off, `earliest_at`, `latest_at`) or every week (`kind` "
        "regular, `weekdays`, `earliest_time`, `latest_time`, `valid_from`, `valid_until`).",
    )
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
        serializer = RideRequestCreateSerializer(data=request.data, context={"quartier": quartier})
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        ride_request = services.ride_request_create(
            quartier=quartier, passenger=request.user, kind=fields.pop("kind"), **fields
        )
        return Response(RideRequestSerializer(ride_request).data, status=status.HTTP_201_CREATED)


class RideRequestDetailView(APIView):
    @extend_schema(responses=RideRequestSerializer)
    def get(self, request: AuthenticatedRequest, request_id: int) -> Response:
        ride_request = selectors.get_request_for_member(user=request.user, request_id=request_id)
        return Response(RideRequestSerializer(ride_request).data)


class RideRequestCloseView(APIView):
    @extend_schema(request=None, responses=RideRequestSerializer, description="The author only.")
    def post(self, request: AuthenticatedRequest, request_id: int) -> Response:
        ride_request = selectors.get_request_for_member(user=request.user, request_id=request_id)
        services.ride_request_close(request=ride_request, actor=request.user)
        return Response(RideRequestSerializer(ride_request).data)


class RideRequestRidesView(APIView):
    @extend_schema(
        responses=RideMatchSerializer(many=True),
        description="The rides that fit my request, the smallest detour first. The author only.",
    )
    def get(self, request: AuthenticatedRequest, request_id: int) -> Response:
        ride_request = selectors.get_request_for_member(user=request.user, request_id=request_id)
        if ride_request.passenger_id != request.user.pk:
            raise PermissionDenied(_("Only the author of this request can see the rides for it."))
        return Response(ride_matches_data(selectors.rides_for_request(request=ride_request)))
