"""The swap matching as it was before the matching index: the reference that the bench
(`bench/swap_matches.py`) and the property test (`tests/exchanges/swaps/test_matching_index.py`)
compare `exchanges.swaps.matching` with, on the same data. Not used by the application.

One query loads the open swaps of the member's quartiers (`cards.load_cards`); the rest is done
in memory, on the cards' index (`cards.Index`).
"""

from __future__ import annotations

from exchanges.swaps.cards import Index, fit, learners_of, load_cards, teachers_of, teaches
from exchanges.swaps.matching import MAX_CYCLES, Match, Suggestions
from exchanges.swaps.models import Swap
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import active_quartier_ids


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
