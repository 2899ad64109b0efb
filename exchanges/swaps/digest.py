"""The knowledge swaps' section of the digest: the offers and wishes published in the reader's
quartiers during their period, those that fit one of the reader's own open swaps first.

The fit is the one the suggestions page uses (`matching`), batched in memory (`cards`): the
cards of every quartier of the chunk are loaded once, and each reader is matched in memory
against the cards of their own quartiers only (one `Index` per set of quartiers), so that
nothing from a quartier they are not in weighs on what they are told.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from exchanges.swaps import kinds
from exchanges.swaps.cards import Card, Index, fit, load_cards, teaches
from exchanges.swaps.models import Swap
from messaging.digests.sections import Item, Reader, Section, page_of, register
from neighbourhood.feed.kinds import feed_kinds

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

OFFER, REQUEST = Swap.Kind.OFFER, Swap.Kind.REQUEST


class NewSwap(NamedTuple):
    """A new swap as each reader's list needs it, read once for the chunk."""

    order: int  # its place among the chunk's new swaps, newest first
    pk: int
    quartier_id: int
    author_id: int
    kind: str
    title: str
    created_at: datetime.datetime
    plain: Item  # its item when it fits none of the reader's own swaps


def new_swaps(readers: list[Reader]) -> dict[int, list[Item]]:
    """Swaps published in the reader's quartiers during their period, by others: reciprocal
    matches first, then the others that fit one of the reader's open swaps (best fit first),
    then the rest, newest first in each group.

    Two queries: the new swaps, and the cards of every open swap of the chunk's quartiers
    (which hold the readers' own). Each reader then goes through the new swaps of their own
    quartiers only, and is matched only if they have open swaps of their own."""
    if not readers:
        return {}
    quartier_ids = {quartier for reader in readers for quartier in reader.quartier_ids}
    published = _published(
        quartier_ids,
        since=min(reader.since for reader in readers),
        until=max(reader.until for reader in readers),
    )
    # The same item for every reader a swap does not fit: built once.
    labels: dict[str, StrOrPromise] = {kind: _kind_label(kind) for kind in (OFFER, REQUEST)}
    by_quartier: dict[int, list[NewSwap]] = defaultdict(list)
    for order, (pk, quartier_id, author_id, kind, title, created_at) in enumerate(published):
        plain = Item(title, page_of(Swap, pk), quartier_id, labels[kind], created_at)
        by_quartier[quartier_id].append(
            NewSwap(order, pk, quartier_id, author_id, kind, title, created_at, plain)
        )
    loaded = load_cards(quartier_ids=sorted(quartier_ids))
    cards = {card.id: card for card in loaded}
    place = {card.id: order for order, card in enumerate(loaded)}
    cards_of: dict[int, list[Card]] = defaultdict(list)  # by quartier
    for card in loaded:
        cards_of[card.quartier_id].append(card)
    authors = {card.author_id for card in cards.values()}
    indexes: dict[frozenset[int], Index] = {}
    found: dict[int, list[Item]] = {}
    for reader in readers:
        index = None
        if reader.user.pk in authors:  # without a swap of their own, nothing fits them
            index = indexes.get(reader.quartier_ids)
            if index is None:
                mine = [card for quartier in reader.quartier_ids for card in cards_of[quartier]]
                mine.sort(key=lambda card: place[card.id])  # as loaded: ties go the same way
                index = indexes[reader.quartier_ids] = Index(mine)
        found[reader.user.pk] = _for_reader(reader, by_quartier, cards, index)
    return found


def _open(quartier_ids: Collection[int]) -> QuerySet[Swap]:
    # The same swaps as `load_cards`: active and not past their end.
    return Swap.objects.filter(
        quartier_id__in=quartier_ids, status=Swap.Status.ACTIVE, ends_on__gte=timezone.localdate()
    )


def _published(
    quartier_ids: Collection[int], *, since: datetime.datetime, until: datetime.datetime
) -> QuerySet[Swap, tuple[int, int, int, str, str, datetime.datetime]]:
    # Only swaps still in the feed: one a coordinator hid is not announced by mail either.
    return (
        _open(quartier_ids)
        .filter(created_at__gte=since, created_at__lt=until, feed_entries__is_visible=True)
        .order_by("-created_at", "-id")
        .values_list("id", "quartier_id", "author_id", "kind", "title", "created_at")
    )


def _for_reader(
    reader: Reader,
    by_quartier: dict[int, list[NewSwap]],
    cards: dict[int, Card],
    index: Index | None,
) -> list[Item]:
    news = [fresh for quartier in reader.quartier_ids for fresh in by_quartier.get(quartier, ())]
    if len(reader.quartier_ids) > 1:
        news.sort(key=lambda fresh: fresh.order)  # newest first, whatever the quartier
    ranked: list[tuple[tuple[bool, int], Item]] = []
    rest: list[Item] = []
    reader_id, since, until = reader.user.pk, reader.since, reader.until
    for fresh in news:
        if fresh.author_id == reader_id or not since <= fresh.created_at < until:
            continue
        best = None
        if index is not None and (card := cards.get(fresh.pk)) is not None:
            best = _best_fit(reader_id, card, index)
        if best is None:
            rest.append(fresh.plain)
            continue
        mine, score, reciprocal = best
        note = _match_note(fresh.kind, mine.title, reciprocal=reciprocal)
        # Stable sort: within a group, the newest stay first.
        ranked.append(((not reciprocal, -score), _item(fresh, note)))
    ranked.sort(key=lambda pair: pair[0])
    return [item for _key, item in ranked] + rest


def _kind_label(kind: str) -> StrOrPromise:
    return feed_kinds.label(kinds.FEED_OFFER if kind == OFFER else kinds.FEED_REQUEST)


def _best_fit(reader_id: int, card: Card, index: Index) -> tuple[Card, int, bool] | None:
    """The reader's open swap the new one strongly fits best, its score, and whether the pair
    is reciprocal, as `matching.suggestions_for` judges it; None if none fits. A shared
    category alone is too weak to say that one can teach the other."""
    theirs_is_offer = card.kind == OFFER
    best: tuple[Card, int] | None = None
    for mine in index.of(reader_id, REQUEST if theirs_is_offer else OFFER):
        offer, request = (card, mine) if theirs_is_offer else (mine, card)
        score, strong = fit(offer, request)
        if strong and (best is None or score > best[1]):
            best = (mine, score)
    if best is None:
        return None
    # The other way round: while they teach me, do I teach them (or the reverse)?
    if theirs_is_offer:
        reciprocal = teaches(index, reader_id, card.author_id)
    else:
        reciprocal = teaches(index, card.author_id, reader_id)
    return best[0], best[1], reciprocal


def _match_note(kind: str, title: str, *, reciprocal: bool) -> StrOrPromise:
    if kind == OFFER and reciprocal:
        text = _("Matches your wish to learn “{title}” — and you could teach them in return")
    elif kind == OFFER:
        text = _("Matches your wish to learn “{title}”")
    elif reciprocal:
        text = _("Matches your offer “{title}” — and they could teach you in return")
    else:
        text = _("Matches your offer “{title}”")
    return format_lazy(text, title=title)


def _item(swap: NewSwap, note: StrOrPromise) -> Item:
    return Item(swap.title, page_of(Swap, swap.pk), swap.quartier_id, note, swap.created_at)


def register_sections() -> None:
    register(Section("swaps", _("New swaps"), 10, new_swaps))
