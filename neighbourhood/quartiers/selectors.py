"""Reads, and the access helpers every view goes through.

An outsider asking for anything but a quartier's public card gets a 404, as if it did not exist;
a member asking for a coordinator's page gets a 403, since they may know the page is there.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from neighbourhood.accounts.models import User
from neighbourhood.compiled_queries import CompiledQuery, InstanceMaker
from neighbourhood.geo import bounding_boxes, haversine_km
from neighbourhood.quartiers.models import JoinRequest, Membership, Quartier

ACTIVE = Membership.Status.ACTIVE
COORDINATOR = Membership.Role.COORDINATOR


def quartiers_with_member_count() -> QuerySet[Quartier]:
    return Quartier.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__status=ACTIVE))
    )


def get_quartier_public(*, slug: str) -> Quartier:
    try:
        return quartiers_with_member_count().get(slug=slug)
    except Quartier.DoesNotExist:
        raise Http404 from None


def membership_for(*, user: User | AnonymousUser, quartier: Quartier) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(quartier=quartier, user=user).first()


_MEMBERSHIP_FIELDS = [field.attname for field in Membership._meta.concrete_fields]
_QUARTIER_FIELDS = [field.attname for field in Quartier._meta.concrete_fields]


def _active_membership_with_quartier(slug: str, user_id: int) -> QuerySet[Membership]:
    quartier_columns = [f"quartier__{field.name}" for field in Quartier._meta.concrete_fields]
    return Membership.objects.filter(
        quartier__slug=slug, user_id=user_id, status=ACTIVE
    ).values_list(*_MEMBERSHIP_FIELDS, *quartier_columns)


# Every page and endpoint of a quartier asks it first: compiled once
# (neighbourhood.compiled_queries).
_ACTIVE_MEMBERSHIP = CompiledQuery(
    _active_membership_with_quartier, markers=("<a quartier's slug>", -4_242_424_401)
)
_make_membership = InstanceMaker(Membership, _MEMBERSHIP_FIELDS)
_make_quartier = InstanceMaker(Quartier, _QUARTIER_FIELDS)


def get_quartier_for_member(
    *, user: User | AnonymousUser, slug: str
) -> tuple[Quartier, Membership]:
    """The quartier and the user's active membership, in one query; 404 for anyone else."""
    if not user.is_authenticated:
        raise Http404
    found = _ACTIVE_MEMBERSHIP.rows(slug, user.pk)
    if not found:
        raise Http404
    row = found[0]
    width = len(_MEMBERSHIP_FIELDS)
    membership, quartier = _make_membership(row[:width]), _make_quartier(row[width:])
    membership.quartier = quartier
    return quartier, membership


def get_quartier_for_coordinator(
    *, user: User | AnonymousUser, slug: str
) -> tuple[Quartier, Membership]:
    quartier, membership = get_quartier_for_member(user=user, slug=slug)
    if membership.role != COORDINATOR:
        raise PermissionDenied(_("Only a coordinator of this quartier can do this."))
    return quartier, membership


def get_quartier_for_visitor(
    *, user: User | AnonymousUser, slug: str
) -> tuple[Quartier, Membership | None]:
    """Anyone may find a quartier (its public card); a member also gets their active membership.

    The quartier comes with its ``member_count``."""
    quartier = get_quartier_public(slug=slug)
    membership = membership_for(user=user, quartier=quartier)
    return quartier, membership if membership is not None and membership.is_active else None


def get_membership_for_coordinator(*, user: User, slug: str, user_id: int) -> Membership:
    """A membership of the quartier, for one of its coordinators (a member gets a 403)."""
    quartier, _membership = get_quartier_for_coordinator(user=user, slug=slug)
    return get_membership_in(quartier=quartier, user_id=user_id)


def get_join_request_for_coordinator(*, user: User, slug: str, request_id: int) -> JoinRequest:
    """A pending request to join the quartier, for one of its coordinators."""
    quartier, _membership = get_quartier_for_coordinator(user=user, slug=slug)
    return get_pending_join_request(quartier=quartier, request_id=request_id)


def get_my_join_request(*, user: User | AnonymousUser, slug: str) -> JoinRequest:
    """My pending request to join the quartier; 404 when I have none."""
    if not user.is_authenticated:
        raise Http404
    return get_my_pending_join_request(user=user, quartier=get_quartier_public(slug=slug))


def is_member(*, user: User, quartier: Quartier) -> bool:
    return Membership.objects.filter(quartier=quartier, user=user, status=ACTIVE).exists()


def is_coordinator(*, user: User, quartier: Quartier) -> bool:
    return Membership.objects.filter(
        quartier=quartier, user=user, role=COORDINATOR, status=ACTIVE
    ).exists()


def require_coordinator(*, user: User, quartier: Quartier) -> None:
    """403 unless the user coordinates the quartier: the check every coordinator's write makes."""
    if not is_coordinator(user=user, quartier=quartier):
        raise PermissionDenied(_("Only a coordinator of this quartier can do this."))


def get_membership_in(*, quartier: Quartier, user_id: int) -> Membership:
    try:
        return Membership.objects.select_related("user", "quartier").get(
            quartier=quartier, user_id=user_id
        )
    except Membership.DoesNotExist:
        raise Http404 from None


def get_pending_join_request(*, quartier: Quartier, request_id: int) -> JoinRequest:
    try:
        return JoinRequest.objects.select_related("user", "quartier").get(
            quartier=quartier, pk=request_id, status=JoinRequest.Status.PENDING
        )
    except JoinRequest.DoesNotExist:
        raise Http404 from None


def get_my_pending_join_request(*, user: User, quartier: Quartier) -> JoinRequest:
    try:
        return JoinRequest.objects.get(
            quartier=quartier, user=user, status=JoinRequest.Status.PENDING
        )
    except JoinRequest.DoesNotExist:
        raise Http404 from None


def member_list(*, quartier: Quartier) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(quartier=quartier, status=ACTIVE)
        .select_related("user")
        # "coordinator" sorts before "member": the people to ask come first.
        .order_by("role", "user__display_name", "user__email")
    )


def pending_join_requests(*, quartier: Quartier) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(
        quartier=quartier, status=JoinRequest.Status.PENDING
    ).select_related("user")


def my_memberships(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, status=ACTIVE)
        .select_related("quartier")
        .order_by("quartier__name")
    )


def my_pending_join_requests(*, user: User) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING).select_related(
        "quartier"
    )


def member_users(*, quartier_id: int) -> QuerySet[User]:
    """The quartier's active members, as the people to tell (accounts still open)."""
    return User.objects.filter(
        memberships__quartier_id=quartier_id, memberships__status=ACTIVE, is_active=True
    ).order_by("pk")


def coordinator_users(*, quartier_id: int) -> QuerySet[User]:
    """The quartier's active coordinators (one condition on the same membership: a member here
    who coordinates another quartier is not one of them)."""
    return User.objects.filter(
        memberships__quartier_id=quartier_id,
        memberships__status=ACTIVE,
        memberships__role=COORDINATOR,
        is_active=True,
    ).order_by("pk")


def member_of_quartier(user: User, field: str) -> Exists:
    """True where ``user`` is an active member of the row's quartier (``field`` leads to its
    id), inside the row's own query: the one way a read keeps only what belongs to the quartiers
    a member is still in (a private feed keeps nothing of a quartier its owner has left)."""
    return Exists(
        Membership.objects.filter(quartier_id=OuterRef(field), user_id=user.pk, status=ACTIVE)
    )


def active_quartier_ids(*, user_id: int) -> list[int]:
    return list(
        Membership.objects.filter(user_id=user_id, status=ACTIVE).values_list(
            "quartier_id", flat=True
        )
    )


@dataclass(frozen=True)
class QuartierHit:
    quartier: Quartier
    distance_km: float | None


def quartier_search(
    *,
    text: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    within_km: float = 10.0,
    limit: int = 50,
) -> list[QuartierHit]:
    """Quartiers by name, and by distance from a point when one is given (nearest first).

    The distance search is narrowed by an indexed bounding box before any distance is computed.
    """
    queryset = quartiers_with_member_count()
    if text.strip():
        queryset = queryset.filter(
            Q(name__icontains=text.strip()) | Q(slug__icontains=text.strip())
        )
    if latitude is None or longitude is None:
        return [QuartierHit(quartier, None) for quartier in queryset.order_by("name", "id")[:limit]]
    in_a_box = Q()
    for box in bounding_boxes(latitude, longitude, within_km):
        in_a_box |= Q(
            latitude__range=(box.min_latitude, box.max_latitude),
            longitude__range=(box.min_longitude, box.max_longitude),
        )
    queryset = queryset.filter(in_a_box)
    hits = [
        QuartierHit(q, haversine_km(latitude, longitude, q.latitude, q.longitude)) for q in queryset
    ]
    hits = [hit for hit in hits if hit.distance_km is not None and hit.distance_km <= within_km]
    hits.sort(key=lambda hit: (hit.distance_km, hit.quartier.name))
    return hits[:limit]
