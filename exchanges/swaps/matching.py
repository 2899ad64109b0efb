"""Who could teach whom, in the quartiers a member belongs to.

- fit(offer, request): 3 points a shared tag, 2 a shared title word, 1 for the same category.
  A *strong* fit shares a tag or a title word: the category alone is too weak to say that X can
  teach Y, so it only ranks the weaker suggestions, after every strong one, newest first.
- a *reciprocal* pair: B's offer fits my request, and one of my offers strongly fits one of B's
  requests (and the other way round on my offers). Listed first.
- an *open reciprocity* cycle: I teach Y, Y teaches Z, Z teaches me, on strong fits.

The quartier is never loaded: the matching index (`SwapKey`, one row per open swap and tag or
title word, kept up to date by `index_swap` in every swap service) answers "which open swaps
share one of my keys", and the database scores, ranks and cuts each of my swaps' list to the
few shown. The work follows the member's own swaps, not the size of the quartier.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from exchanges.swaps.models import Swap, SwapKey
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import active_quartier_ids

TAG_POINTS, WORD_POINTS, CATEGORY_POINTS = 3, 2, 1
MAX_CYCLES = 5
PER_SWAP = 10  # the matches shown under each of my swaps


@dataclass
class Match:
    swap_id: int
    author_id: int
    score: int
    strong: bool
    reciprocal: bool = False


@dataclass
class Suggestions:
    """For each of my open swaps, the best swaps that fit it, best first; and my three-cycles."""

    matches: dict[int, list[Match]] = field(default_factory=dict)
    cycles: list[tuple[int, int, int]] = field(default_factory=list)  # (me, y, z) user ids


# --- the index ---------------------------------------------------------------------------------


def index_rows(swap: Swap) -> list[SwapKey]:
    """The index rows a swap should have: one per match key while it is active, none else."""
    if swap.status != Swap.Status.ACTIVE:
        return []
    return [
        SwapKey(
            swap_id=swap.pk,
            quartier_id=swap.quartier_id,
            author_id=swap.author_id,
            kind=swap.kind,
            category=swap.category,
            ends_on=swap.ends_on,
            key=key,
        )
        for key in dict.fromkeys(swap.match_keys.split())
    ]


def index_swap(swap: Swap) -> None:
    """Brings the swap's index rows in step with the swap: every service that writes a swap
    calls it in the same transaction (a deleted swap takes its rows with it)."""
    SwapKey.objects.filter(swap_id=swap.pk).delete()
    SwapKey.objects.bulk_create(index_rows(swap))


def index_drift(swaps: QuerySet[Swap] | None = None) -> list[str]:
    """What the index says that the swaps do not (or misses), one line each: empty when they
    agree. Read by the `swap_index` command and the tests."""
    swaps = Swap.objects.all() if swaps is None else swaps
    fields = ("swap_id", "quartier_id", "author_id", "kind", "category", "ends_on", "key")
    expected = {
        tuple(getattr(row, name) for name in fields)
        for swap in swaps.only(
            "id", "quartier_id", "author_id", "kind", "category", "ends_on", "status", "match_keys"
        ).iterator(chunk_size=2000)
        for row in index_rows(swap)
    }
    stored = set(SwapKey.objects.filter(swap__in=swaps).values_list(*fields))
    missing = [f"missing: {row}" for row in sorted(expected - stored, key=str)]
    extra = [f"stale: {row}" for row in sorted(stored - expected, key=str)]
    return missing + extra


@transaction.atomic
def index_rebuild(swaps: QuerySet[Swap] | None = None) -> int:
    """Writes the index again from the swaps (after a bulk load, or to repair a drift)."""
    swaps = Swap.objects.all() if swaps is None else swaps
    SwapKey.objects.filter(swap__in=swaps).delete()
    rows = [row for swap in swaps.iterator(chunk_size=2000) for row in index_rows(swap)]
    SwapKey.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# --- suggestions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MyCard:
    id: int
    kind: str
    category: str
    keys: list[str]

    @property
    def wanted(self) -> str:
        return Swap.Kind.OFFER if self.kind == Swap.Kind.REQUEST else Swap.Kind.REQUEST


def fit_score() -> Sum:
    """Points of the keys a candidate shares with one of my swaps (rows filtered on them)."""
    return Sum(
        Case(
            When(key__startswith="t:", then=Value(TAG_POINTS)),
            default=Value(WORD_POINTS),
            output_field=IntegerField(),
        )
    )


class Reader:
    """The index, for one member, over the open swaps of their quartiers."""

    def __init__(self, *, user: User) -> None:
        self.me = user.pk
        # Read once as a list: asked inside each query, it leads PostgreSQL to join the
        # memberships to every index row (ten times slower at 20,000 swaps).
        self.quartier_ids = active_quartier_ids(user_id=user.pk)
        self.today = today = timezone.localdate()
        rows = Swap.objects.filter(
            author_id=user.pk,
            quartier_id__in=self.quartier_ids,
            status=Swap.Status.ACTIVE,
            ends_on__gte=today,
        ).values_list("id", "kind", "category", "match_keys")
        self.mine = [
            MyCard(pk, kind, category, list(dict.fromkeys(keys.split())))
            for pk, kind, category, keys in rows
        ]
        # The querysets the queries start from, built once rather than for each query: building
        # filters takes about as long as PostgreSQL takes to answer these queries.
        self.open_keys = SwapKey.objects.filter(
            quartier_id__in=self.quartier_ids, ends_on__gte=today
        )
        # Authors of a request one of my offers strongly fits: I could teach them.
        self.learners = self._fitting(their_kind=Swap.Kind.REQUEST, my_kind=Swap.Kind.OFFER)
        # Authors of an offer that strongly fits one of my requests: they could teach me.
        self.teachers = self._fitting(their_kind=Swap.Kind.OFFER, my_kind=Swap.Kind.REQUEST)

    def _keys_of_mine(self, kind: str) -> list[str]:
        return list({key for card in self.mine if card.kind == kind for key in card.keys})

    def _fitting(self, *, their_kind: str, my_kind: str) -> QuerySet[SwapKey]:
        """Index rows of the others' swaps of ``their_kind`` that one of my swaps of
        ``my_kind`` strongly fits (their ``author_id`` is what counts)."""
        return self.open_keys.filter(kind=their_kind, key__in=self._keys_of_mine(my_kind)).exclude(
            author_id=self.me
        )

    def _strong(self, card: MyCard, *, reciprocal: bool, limit: int) -> list[Match]:
        """The best strong fits of ``card``, among the reciprocal ones or among the others.

        Two queries rather than one ordered on reciprocity: as a filter, "one of my partners"
        is a semi-join (or an anti-join) PostgreSQL plans well; as a column to sort on, it is
        costed once a row, and past a cost PostgreSQL compiles the query (JIT), which alone
        took longer than the whole page at 20,000 swaps."""
        partners = self.learners if card.kind == Swap.Kind.REQUEST else self.teachers
        is_partner = Exists(partners.filter(author_id=OuterRef("author_id")))
        rows = (
            self.open_keys.filter(kind=card.wanted, key__in=card.keys)
            .filter(is_partner if reciprocal else ~is_partner)
            .exclude(author_id=self.me)
            .values("swap_id", "author_id")
            .annotate(
                score=fit_score()
                + Max(
                    Case(
                        When(category=card.category, then=Value(CATEGORY_POINTS)),
                        default=Value(0),
                        output_field=IntegerField(),
                    )
                )
            )
            .order_by("-score", "-swap_id")
            .values_list("swap_id", "author_id", "score")[:limit]
        )
        return [Match(pk, author, score, True, reciprocal) for pk, author, score in rows]

    def matches(self, card: MyCard, *, limit: int) -> list[Match]:
        """The first ``limit`` swaps fitting ``card``: reciprocal first, then by score, newest
        first; the ones sharing only the category after every strong fit."""
        found: list[Match] = []
        if card.keys:
            # Reciprocity needs a swap of mine of the card's other kind (which the wanted ones
            # could fit in turn).
            if self._keys_of_mine(card.wanted):
                found = self._strong(card, reciprocal=True, limit=limit)
            if len(found) < limit:
                found += self._strong(card, reciprocal=False, limit=limit - len(found))
        if len(found) < limit:
            # Every strong fit is in hand: the rest share the category alone.
            weak = (
                Swap.objects.filter(
                    quartier_id__in=self.quartier_ids,
                    status=Swap.Status.ACTIVE,
                    ends_on__gte=self.today,
                    kind=card.wanted,
                    category=card.category,
                )
                .exclude(author_id=self.me)
                .exclude(pk__in=[match.swap_id for match in found])
                .order_by("-id")
                .values_list("id", "author_id")[: limit - len(found)]
            )
            found += [Match(pk, author, CATEGORY_POINTS, False) for pk, author in weak]
        return found

    def three_cycles(self, *, limit: int = MAX_CYCLES) -> list[tuple[int, int, int]]:
        """(me, y, z): I teach y, y teaches z, z teaches me, three different people; the first
        ``limit`` by (y, z) ids, so the same ones each time.

        One query finds the first learners y who teach one of my teachers, then one query per
        such y (at most ``limit``) its z. The first walks my learners in author order (index
        `swap_key_author_order`) and asks each in turn "do you teach one of my teachers", so it
        stops at the first few instead of joining all of them to the quartier's offers."""
        if not self._keys_of_mine(Swap.Kind.OFFER) or not self._keys_of_mine(Swap.Kind.REQUEST):
            return []
        teachers = self.teachers.values("author_id")
        # The requests of my teachers: z's side of "y teaches z".
        their_requests = self.open_keys.filter(kind=Swap.Kind.REQUEST, author_id__in=teachers)
        teaches_one_of_them = Exists(
            self.open_keys.filter(kind=Swap.Kind.OFFER, author_id=OuterRef("author_id")).filter(
                Exists(
                    their_requests.filter(key=OuterRef("key")).exclude(
                        author_id=OuterRef("author_id")
                    )
                )
            )
        )
        ys = (
            self.learners.filter(teaches_one_of_them)
            .order_by("author_id")
            .values_list("author_id", flat=True)
            .distinct()[:limit]
        )
        cycles: list[tuple[int, int, int]] = []
        for y in list(ys):
            y_offer_keys = self.open_keys.filter(kind=Swap.Kind.OFFER, author_id=y).values("key")
            zs = (
                their_requests.exclude(author_id=y)
                .filter(key__in=y_offer_keys)
                .order_by("author_id")
                .values_list("author_id", flat=True)
                .distinct()[: limit - len(cycles)]
            )
            cycles += [(self.me, y, z) for z in zs]
            if len(cycles) >= limit:
                break
        return cycles


def suggestions_for(*, user: User, per_swap: int = PER_SWAP) -> Suggestions:
    reader = Reader(user=user)
    result = Suggestions()
    for card in reader.mine:
        result.matches[card.id] = reader.matches(card, limit=per_swap)
    result.cycles = reader.three_cycles()
    return result


def shown(*, user: User, per_swap: int = PER_SWAP) -> tuple[dict, list[tuple[int, int, int]]]:
    """The suggestions as plain values, (swap id, score, strong, reciprocal) for each match, to
    compare with the in-memory matching this index replaced (the bench and the tests do)."""
    found = suggestions_for(user=user, per_swap=per_swap)
    matches = {
        mine: [(m.swap_id, m.score, m.strong, m.reciprocal) for m in fitting]
        for mine, fitting in found.matches.items()
    }
    return matches, found.cycles
