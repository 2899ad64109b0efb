"""Views of the directory in the API: the quartier's places (by kind, service, open now, near a
point), one place with its hours, suggesting or adding one, a coordinator's decision."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from neighbourhood.api import Endpoint, QuartierEndpoint, created
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.places import hours, selectors, services
from neighbourhood.places.api.serializers import (
    DirectoryPlaceDetailSerializer,
    DirectoryPlaceInputSerializer,
    DirectoryPlaceSerializer,
    DirectoryQuerySerializer,
)
from neighbourhood.places.models import Place


def _with_status(place: Place) -> Place:
    """The place with what the serializers read: open now, its sentence, its periods ahead."""
    now = timezone.now()
    place.status_now = hours.status_at(place, now)  # type: ignore[attr-defined]
    today = now.astimezone(place.quartier.zone).date()
    place.periods_ahead = place.closed_periods.filter(ends_on__gte=today)  # type: ignore[attr-defined]
    place.distance_km = getattr(place, "distance_km", None)  # type: ignore[attr-defined]
    return place


class QuartierPlaceListView(QuartierEndpoint):
    @extend_schema(
        parameters=[DirectoryQuerySerializer], responses=DirectoryPlaceSerializer(many=True)
    )
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        """The approved places of the quartier, by name, or the nearest to `near` first; by
        `kind`, by `service`, and `open_now` (read in the quartier's timezone). At most 60.
        The rides' meeting points only with `kind=meeting_point`."""
        query = self.valid_query(DirectoryQuerySerializer)
        near = query.pop("near", None)
        cards = selectors.directory(
            quartier=self.quartier,
            near=selectors.Near(*near) if near else None,
            **query,
        )
        for card in cards:
            card.place.status_now = card.status  # type: ignore[attr-defined]
            card.place.distance_km = card.distance_km  # type: ignore[attr-defined]
        return Response(DirectoryPlaceSerializer([card.place for card in cards], many=True).data)

    @extend_schema(
        request=DirectoryPlaceInputSerializer, responses={201: DirectoryPlaceDetailSerializer}
    )
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        """A member suggests a place (status `suggested`: the coordinators are told, and only
        they and that member see it until one approves it); a coordinator adds it, approved.
        Hours are wall-clock times of the quartier; an hour such as 25:00, an interval closing
        when it opens (but 00:00–00:00, all day) or a period ending before it starts is
        refused."""
        fields = self.valid(DirectoryPlaceInputSerializer)
        place = services.place_create(quartier=self.quartier, actor=request.user, **fields)
        return created(DirectoryPlaceDetailSerializer(_with_status(place)).data)


class PlaceDetailView(Endpoint[Place]):
    find = selectors.get_place_for_member

    @extend_schema(responses=DirectoryPlaceDetailSerializer)
    def get(self, request: AuthenticatedRequest, place_id: int) -> Response:
        """One place, with its week, its closed periods to come and whether it is open now. A
        suggested place is seen by its suggester and the coordinators only."""
        return Response(DirectoryPlaceDetailSerializer(_with_status(self.object)).data)


class PlaceDecisionView(Endpoint[Place]):
    """A coordinator's decision on a suggestion; each subclass names its service."""

    find = selectors.get_place_for_coordinator
    service: ClassVar[Callable[..., Place]]

    def post(self, request: AuthenticatedRequest, place_id: int) -> Response:
        type(self).service(place=self.object, actor=request.user)
        return Response(DirectoryPlaceDetailSerializer(_with_status(self.object)).data)


@extend_schema(request=None, responses=DirectoryPlaceDetailSerializer)
class PlaceApproveView(PlaceDecisionView):
    """A coordinator approves a suggested place: it is in the directory and the feed; the
    member who suggested it is told."""

    service = services.place_approve


@extend_schema(request=None, responses=DirectoryPlaceDetailSerializer)
class PlaceDeclineView(PlaceDecisionView):
    """A coordinator declines a suggested place; the member who suggested it is told."""

    service = services.place_decline
