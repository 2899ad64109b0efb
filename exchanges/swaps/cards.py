"""Swaps as matching sees them, in memory: a *card* per open swap (its tags and title words), the
fit of an offer to a request, and an index of cards by key. The digest matches a whole chunk of
readers against the cards of their quartiers at once with these; the suggestions page asks the
matching index in the database instead (`matching`), with the same fit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from exchanges.swaps.matching import CATEGORY_POINTS, TAG_POINTS, WORD_POINTS
from exchanges.swaps.models import Swap


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
