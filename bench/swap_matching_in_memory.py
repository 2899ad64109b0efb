"""The swap matching as it was before the matching index: the reference that the bench
(`bench/swap_matches.py`) and the property test (`tests/exchanges/swaps/test_matching_index.py`)
compare `exchanges.swaps.matching` with, on the same data. Not used by the application.

One query loads the open swaps of the member's quartiers, with only the columns matching needs;
the rest is done in memory:

- fit(offer, request): 3 points a shared tag, 2 a shared title word, 1 for the same category.
  A *strong* fit shares a tag or a title word: the category alone is too weak to say that X can
  teach Y, so it only ranks the weaker suggestions.
- a *reciprocal* pair: B's offer fits my request, and one of my offers strongly fits one of B's
  requests (and the other way round on my offers). Listed first.
- an *open reciprocity* cycle: I teach Y, Y teaches Z, Z teaches me, on strong fits.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from exchanges.swaps.models import Swap
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import active_quartier_ids

TAG_POINTS, WORD_POINTS, CATEGORY_POINTS = 3, 2, 1
MAX_CYCLES = 5


@dataclass(frozen=True)
class Card:
    """What matching knows of a swap."""

    id: int
    author_id: int
    kind: str
    category: str
    tags: frozenset[str]
    words: frozenset[str]
    quartier_id: int
    title: str


@dataclass
class Match:
    swap_id: int
    author_id: int
    score: int
    strong: bool
    reciprocal: bool = False


@dataclass
class Suggestions:
    """For each of my open swaps, the swaps that fit it, best first; and my three-cycles."""

    matches: dict[int, list[Match]] = field(default_factory=dict)
    cycles: list[tuple[int, int, int]] = field(default_factory=list)  # (me, y, z) user ids


def fit(offer: Card, request: Card) -> tuple[int, bool]:
    shared_tags = len(offer.tags & request.tags)
    shared_words = len(offer.words & request.words)
    score = TAG_POINTS * shared_tags + WORD_POINTS * shared_words
    strong = score > 0
    if offer.category == request.category:
        score += CATEGORY_POINTS
    return score, strong


def load_cards(*, quartier_ids: list[int]) -> list[Card]:
    rows = Swap.objects.filter(
        quartier_id__in=quartier_ids,
        status=Swap.Status.ACTIVE,
        ends_on__gte=timezone.localdate(),
    ).values_list("id", "author_id", "kind", "category", "match_keys", "quartier_id", "title")
    cards = []
    for pk, author, kind, category, keys, quartier, title in rows:
        split = keys.split()
        tags = frozenset(key[2:] for key in split if key.startswith("t:"))
        words = frozenset(key[2:] for key in split if key.startswith("w:"))
        cards.append(Card(pk, author, kind, category, tags, words, quartier, title))
    return cards


def _keys(card: Card, *, with_category: bool) -> set[tuple[str, str]]:
    keys = {("tag", t) for t in card.tags} | {("word", w) for w in card.words}
    if with_category:
        keys.add(("category", card.category))
    return keys


class Index:
    """Swaps by author, and by kind and each tag, title word and category, so a fit is only
    computed for swaps that share something with the one at hand."""

    def __init__(self, cards: list[Card]) -> None:
        self.by_key: dict[tuple[str, str, str], list[Card]] = defaultdict(list)
        self.by_author: dict[int, list[Card]] = defaultdict(list)
        for card in cards:
            self.by_author[card.author_id].append(card)
            for key_type, value in _keys(card, with_category=True):
                self.by_key[(card.kind, key_type, value)].append(card)

    def candidates(self, card: Card, *, kind: str, strong_only: bool) -> dict[int, Card]:
        found: dict[int, Card] = {}
        for key_type, value in _keys(card, with_category=not strong_only):
            for other in self.by_key.get((kind, key_type, value), ()):
                if other.author_id != card.author_id:
                    found[other.id] = other
        return found

    def of(self, author_id: int, kind: str) -> list[Card]:
        return [card for card in self.by_author.get(author_id, ()) if card.kind == kind]


def teaches(index: Index, teacher_id: int, learner_id: int) -> bool:
    """Does one of the teacher's offers strongly fit one of the learner's requests?"""
    requests = index.of(learner_id, Swap.Kind.REQUEST)
    return any(
        fit(offer, request)[1]
        for offer in index.of(teacher_id, Swap.Kind.OFFER)
        for request in requests
    )


def learners_of(index: Index, teacher_id: int) -> set[int]:
    """The members who ask for something one of the teacher's offers strongly fits."""
    return {
        request.author_id
        for offer in index.of(teacher_id, Swap.Kind.OFFER)
        for request in index.candidates(offer, kind=Swap.Kind.REQUEST, strong_only=True).values()
    }


def teachers_of(index: Index, learner_id: int) -> set[int]:
    """The members who offer something that strongly fits one of the learner's requests."""
    return {
        offer.author_id
        for request in index.of(learner_id, Swap.Kind.REQUEST)
        for offer in index.candidates(request, kind=Swap.Kind.OFFER, strong_only=True).values()
    }


def suggestions_for(*, user: User) -> Suggestions:
    cards = load_cards(quartier_ids=active_quartier_ids(user_id=user.pk))
    index = Index(cards)
    result = Suggestions()
    mine = index.by_author.get(user.pk, [])
    for card in mine:
        wanted = Swap.Kind.OFFER if card.kind == Swap.Kind.REQUEST else Swap.Kind.REQUEST
        matches = []
        for other in index.candidates(card, kind=wanted, strong_only=False).values():
            offer, request = (other, card) if card.kind == Swap.Kind.REQUEST else (card, other)
            score, strong = fit(offer, request)
            # The other way round: do they teach me, while I teach them?
            if card.kind == Swap.Kind.REQUEST:
                reciprocal = teaches(index, user.pk, other.author_id)
            else:
                reciprocal = teaches(index, other.author_id, user.pk)
            matches.append(Match(other.id, other.author_id, score, strong, reciprocal and strong))
        matches.sort(key=lambda m: (not m.reciprocal, -m.score, -m.swap_id))
        result.matches[card.id] = matches
    result.cycles = three_cycles(index, user.pk)
    return result


def three_cycles(index: Index, me: int, *, limit: int = MAX_CYCLES) -> list[tuple[int, int, int]]:
    """(me, y, z): I teach y, y teaches z, z teaches me, three different people.

    In a large quartier there can be thousands; the first ``limit`` (by ids, so the same ones
    each time) are plenty to suggest, and the search stops there."""
    my_teachers = teachers_of(index, me)
    if not my_teachers:
        return []
    cycles: list[tuple[int, int, int]] = []
    for y in sorted(learners_of(index, me)):
        for z in sorted(learners_of(index, y) & my_teachers):
            if len({me, y, z}) == 3:
                cycles.append((me, y, z))
                if len(cycles) >= limit:
                    return cycles
    return cycles


Shown = tuple[dict[int, list[tuple[int, int, bool, bool]]], list[tuple[int, int, int]]]


def shown(*, user: User, per_swap: int) -> Shown:
    """What the suggestions page showed: for each of my open swaps its first ``per_swap``
    matches as (swap id, score, strong, reciprocal), and the three-cycles."""
    found = suggestions_for(user=user)
    matches = {
        mine: [(m.swap_id, m.score, m.strong, m.reciprocal) for m in fitting[:per_swap]]
        for mine, fitting in found.matches.items()
    }
    return matches, found.cycles
