"""Reads of knowledge swaps, and the access helpers every view goes through."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from exchanges.swaps import matching
from exchanges.swaps.models import Category, Evaluation, Exchange, Swap
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import active_quartier_ids, require_coordinator


def with_exchange_counts(swaps: QuerySet[Swap]) -> QuerySet[Swap]:
    return swaps.annotate(
        held_count=Count("exchanges", filter=Q(exchanges__held_at__isnull=False), distinct=True)
    )


def get_swap_for_member(*, user: User, swap_id: int) -> Swap:
    """404 unless the user is an active member of the swap's quartier."""
    if not user.is_authenticated:
        raise Http404
    try:
        return with_exchange_counts(
            Swap.objects.select_related("author", "quartier").filter(
                quartier_id__in=active_quartier_ids(user_id=user.pk)
            )
        ).get(pk=swap_id)
    except Swap.DoesNotExist:
        raise Http404 from None


def get_swap_for_coordinator(*, user: User, swap_id: int) -> Swap:
    """As `get_swap_for_member`, and a 403 for a member who does not coordinate the quartier."""
    swap = get_swap_for_member(user=user, swap_id=swap_id)
    require_coordinator(user=user, quartier=swap.quartier)
    return swap


def get_exchange_for_party(*, user: User, exchange_id: int) -> Exchange:
    """404 unless the user is one of the two people of the exchange, and still a member of the
    swap's quartier."""
    try:
        return Exchange.objects.select_related("swap__author", "swap__quartier", "member").get(
            Q(member=user) | Q(swap__author=user),
            swap__quartier_id__in=active_quartier_ids(user_id=user.pk),
            pk=exchange_id,
        )
    except Exchange.DoesNotExist:
        raise Http404 from None


def open_swaps(*, quartier: Quartier) -> QuerySet[Swap]:
    return Swap.objects.filter(
        quartier=quartier, status=Swap.Status.ACTIVE, ends_on__gte=timezone.localdate()
    )


def swap_list(
    *, quartier: Quartier, kind: str = "", category: str = "", limit: int = 100
) -> list[Swap]:
    swaps = open_swaps(quartier=quartier).select_related("author", "quartier")
    if kind:
        swaps = swaps.filter(kind=kind)
    if category:
        swaps = swaps.filter(category=category)
    return list(with_exchange_counts(swaps).order_by("-created_at", "-id")[:limit])


def my_swaps(*, user: User) -> list[Swap]:
    swaps = Swap.objects.filter(author=user).select_related("author", "quartier")
    return list(with_exchange_counts(swaps).order_by("status", "-created_at", "-id"))


def exchanges_of(*, swap: Swap, viewer: User) -> list[Exchange]:
    """The exchanges of a swap the viewer may see: all of them for its author, theirs otherwise."""
    exchanges = Exchange.objects.filter(swap=swap).select_related("member", "introduced_by")
    if swap.author_id != viewer.pk:
        exchanges = exchanges.filter(member=viewer)
    return list(
        exchanges.prefetch_related(
            Prefetch("evaluations", queryset=Evaluation.objects.select_related("author"))
        )
    )


def has_asked_but_never_offered(*, user: User) -> bool:
    """For the reciprocity nudge: every swap this member ever published is a request."""
    kinds = set(
        Swap.objects.filter(author=user).order_by().values_list("kind", flat=True).distinct()
    )
    return kinds == {Swap.Kind.REQUEST}


@dataclass(frozen=True)
class CategoryCount:
    category: str
    label: str
    offers: int
    requests: int


def category_overview(*, quartier: Quartier) -> list[CategoryCount]:
    """The quartier's open offers and requests by category, to see what is missing."""
    counts = {
        row["category"]: row
        for row in open_swaps(quartier=quartier)
        .values("category")
        .annotate(
            offers=Count("id", filter=Q(kind=Swap.Kind.OFFER)),
            requests=Count("id", filter=Q(kind=Swap.Kind.REQUEST)),
        )
    }
    return [
        CategoryCount(
            value,
            str(label),
            counts.get(value, {}).get("offers", 0),
            counts.get(value, {}).get("requests", 0),
        )
        for value, label in Category.choices
    ]


@dataclass(frozen=True)
class SuggestedMatch:
    swap: Swap
    score: int
    reciprocal: bool


@dataclass(frozen=True)
class Cycle:
    """Open reciprocity: I teach `learner`, who teaches `third`, who teaches me."""

    learner: User
    third: User


@dataclass(frozen=True)
class MySuggestions:
    swaps: list[tuple[Swap, list[SuggestedMatch]]]
    cycles: list[Cycle]


def suggestions_for(*, user: User, per_swap: int = matching.PER_SWAP) -> MySuggestions:
    """My open swaps with what fits each of them, best first, and my three-cycles.

    The matching asks the index for my own keys only (`matching`), then one query loads the
    swaps shown and one the people in cycles, whatever the size of the quartier."""
    found = matching.suggestions_for(user=user, per_swap=per_swap)
    shown_ids = set(found.matches)
    for matches in found.matches.values():
        shown_ids |= {m.swap_id for m in matches}
    swaps = with_exchange_counts(Swap.objects.select_related("author", "quartier")).in_bulk(
        shown_ids
    )
    mine = sorted(
        (swaps[swap_id] for swap_id in found.matches if swap_id in swaps),
        key=lambda swap: (-swap.created_at.timestamp(), -swap.pk),
    )
    result = [
        (
            swap,
            [
                SuggestedMatch(swaps[m.swap_id], m.score, m.reciprocal)
                for m in found.matches[swap.pk]
                if m.swap_id in swaps
            ],
        )
        for swap in mine
    ]
    people = User.objects.in_bulk({uid for cycle in found.cycles for uid in cycle[1:]})
    cycles = [
        Cycle(people[y], people[z]) for _me, y, z in found.cycles if y in people and z in people
    ]
    return MySuggestions(result, cycles)
