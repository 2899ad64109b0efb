"""Reads of the quartier's places, and the access helpers every page and endpoint goes through.

An outsider (not an active member of the place's quartier) gets a 404 for every place. A member
sees the approved places; a suggested place is seen only by the member who suggested it and by
the coordinators; a withdrawn one only by the coordinators.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from neighbourhood.accounts.models import User
from neighbourhood.geo import haversine_km
from neighbourhood.places import hours
from neighbourhood.places.models import ClosedPeriod, Kind, OpeningHours, Place, Service
from neighbourhood.places.sources import names_match
from neighbourhood.places.sources import words as words_of
from neighbourhood.quartiers.models import Membership, Quartier

DIRECTORY_LIMIT = 60
QUEUE_LIMIT = 100
# The closed periods a card needs: those not over by yesterday (an interval from yesterday may
# still run), read for the weeks "opens Monday at 9:00" looks ahead.
PERIODS_FROM = datetime.timedelta(days=1)


def _membership(user: User | AnonymousUser, quartier_id: int) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(
        quartier_id=quartier_id, user=user, status=Membership.Status.ACTIVE
    ).first()


def may_see(place: Place, user: User, membership: Membership | None) -> bool:
    if membership is None:
        return False
    if place.status == Place.Status.APPROVED:
        return True
    if membership.is_coordinator:
        return True
    return place.status == Place.Status.SUGGESTED and place.suggested_by_id == user.pk


def get_place_for_member(*, user: User | AnonymousUser, place_id: int) -> Place:
    """A place the user may see (see the module's rule), with its quartier; 404 otherwise."""
    if not user.is_authenticated:
        raise Http404
    place = Place.objects.select_related("quartier", "suggested_by").filter(pk=place_id).first()
    if place is None:
        raise Http404
    membership = _membership(user, place.quartier_id)
    if not may_see(place, user, membership):
        raise Http404
    place.viewer_is_coordinator = bool(membership and membership.is_coordinator)  # type: ignore[attr-defined]
    return place


def get_place_for_coordinator(*, user: User | AnonymousUser, place_id: int) -> Place:
    """As `get_place_for_member`, and a 403 for a member who does not coordinate its quartier."""
    place = get_place_for_member(user=user, place_id=place_id)
    if not place.viewer_is_coordinator:  # type: ignore[attr-defined]
        raise PermissionDenied(_("Only a coordinator of this quartier can do this."))
    return place


def get_place_for_editing(*, user: User | AnonymousUser, place_id: int) -> Place:
    """A coordinator changes any place but a withdrawn one; its suggester changes it while it
    waits for approval."""
    place = get_place_for_member(user=user, place_id=place_id)
    if place.viewer_is_coordinator:  # type: ignore[attr-defined]
        return place
    if place.status == Place.Status.SUGGESTED and place.suggested_by_id == user.pk:
        return place
    raise PermissionDenied(_("Only a coordinator of this quartier can change this place."))


def with_hours(queryset: QuerySet[Place], *, today: datetime.date) -> QuerySet[Place]:
    """Places with their weekly hours and the closed periods a card reads: two queries."""
    periods = ClosedPeriod.objects.filter(ends_on__gte=today - PERIODS_FROM).order_by(
        "starts_on", "id"
    )
    return queryset.prefetch_related(
        Prefetch("hours", queryset=OpeningHours.objects.order_by("weekday", "opens", "id")),
        Prefetch("closed_periods", queryset=periods),
    )


@dataclass(frozen=True)
class Near:
    latitude: float
    longitude: float


@dataclass
class DirectoryCard:
    place: Place
    status: hours.OpenStatus
    distance_km: float | None


def directory_queryset(
    *,
    quartier: Quartier,
    kind: str = "",
    service: str = "",
    open_now: bool = False,
    near: Near | None = None,
    moment: datetime.datetime | None = None,
) -> QuerySet[Place]:
    """The approved places of the quartier by kind, by service, open at ``moment`` (now), the
    nearest to ``near`` first: one query (the weekday and local time are computed here, compared
    in SQL; see `hours.open_now_condition`). Meeting points are the rides' own, without hours:
    listed only when ``kind`` asks for them (the rides' meeting points page links there)."""
    queryset = Place.objects.filter(quartier=quartier, status=Place.Status.APPROVED)
    queryset = queryset.filter(kind=kind) if kind else queryset.exclude(kind=Kind.MEETING_POINT)
    if service:
        # A JSON list: the key is matched as a whole word between quotes, on every database.
        queryset = queryset.filter(services__icontains=f'"{service}"')
    if open_now:
        local = (moment or timezone.now()).astimezone(quartier.zone).replace(tzinfo=None)
        queryset = queryset.filter(hours.open_now_condition(local))
    if near is not None:
        # Ordered on a flat approximation (exact enough within a town, no trigonometry in SQL):
        # the longitude's degrees shrink by the cosine of the latitude, computed here.
        shrink = math.cos(math.radians(near.latitude))
        dlat = F("latitude") - Value(near.latitude)
        dlng = (F("longitude") - Value(near.longitude)) * Value(shrink)
        far = Value(1e9)
        queryset = queryset.annotate(nearness=Coalesce(dlat * dlat + dlng * dlng, far)).order_by(
            "nearness", "name", "id"
        )
    else:
        queryset = queryset.order_by("name", "id")
    return queryset


def directory(
    *,
    quartier: Quartier,
    kind: str = "",
    service: str = "",
    open_now: bool = False,
    near: Near | None = None,
    moment: datetime.datetime | None = None,
    limit: int = DIRECTORY_LIMIT,
) -> list[DirectoryCard]:
    """The directory's cards, each with whether the place is open at ``moment`` and how far it
    is: three queries (the places, their hours, their closed periods) whatever their number."""
    moment = moment or timezone.now()
    today = moment.astimezone(quartier.zone).date()
    queryset = directory_queryset(
        quartier=quartier, kind=kind, service=service, open_now=open_now, near=near, moment=moment
    )
    cards = []
    for place in with_hours(queryset, today=today)[:limit]:
        place.quartier = quartier  # the same row: read without a query per card
        distance = None
        if near is not None and place.latitude is not None and place.longitude is not None:
            distance = haversine_km(near.latitude, near.longitude, place.latitude, place.longitude)
        cards.append(DirectoryCard(place, hours.status_at(place, moment), distance))
    return cards


def suggestions_to_decide(*, quartier: Quartier) -> QuerySet[Place]:
    """The coordinators' queue: suggested places, oldest first, with who suggested them."""
    return (
        Place.objects.filter(quartier=quartier, status=Place.Status.SUGGESTED)
        .select_related("suggested_by")
        .order_by("created_at", "id")[:QUEUE_LIMIT]
    )


def my_suggestions(*, user: User, quartier: Quartier) -> QuerySet[Place]:
    return Place.objects.filter(
        quartier=quartier, suggested_by=user, status=Place.Status.SUGGESTED
    ).order_by("created_at", "id")


def useful_places(*, quartier: Quartier, limit: int = 30) -> list[Place]:
    """The quartier's approved places but meeting points, with their hours (the printed
    sheet)."""
    queryset = Place.objects.filter(quartier=quartier, status=Place.Status.APPROVED).exclude(
        kind=Kind.MEETING_POINT
    )
    today = timezone.now().astimezone(quartier.zone).date()
    places = list(with_hours(queryset.order_by("kind", "name", "id"), today=today)[:limit])
    for place in places:
        place.quartier = quartier
    return places


def places_named(*, quartier: Quartier) -> QuerySet[Place]:
    """The approved places words may name (meeting points have their own source in rides)."""
    return (
        Place.objects.filter(quartier=quartier, status=Place.Status.APPROVED)
        .exclude(kind=Kind.MEETING_POINT)
        .order_by("name", "id")
    )


def is_known_service(value: str) -> bool:
    return value in Service.values


def venue_named(*, quartier: Quartier, words: str) -> Place | None:
    """The quartier's approved place that ``words`` name ("Maison des associations, 12 rue
    d'Austerlitz" names the place "Maison des associations"): the one whose every name word
    begins a word typed, the longest name winning; None when none does, or two tie."""
    found = [
        place
        for place in Place.objects.filter(quartier=quartier, status=Place.Status.APPROVED)
        .exclude(kind=Kind.MEETING_POINT)
        .only("id", "name", "latitude", "longitude")
        if names_match(place.name, [words])
    ]
    if not found:
        return None
    length = {place.pk: len(words_of(place.name)) for place in found}
    best = max(length.values())
    longest = [place for place in found if length[place.pk] == best]
    return longest[0] if len(longest) == 1 else None
