"""Reads of objects lent or given away, and the access helpers every page, endpoint and socket
goes through: an outsider gets a 404 for every object, loan and gift; a member who may see it
but not do this gets a 403."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.aid.models import Gift, Item, Loan
from exchanges.aid.models.objects import holding_between, lent_out
from exchanges.swaps.words import WORD, plain
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import member_of_quartier

INVENTORY_LIMIT = 100
MAX_WORDS = 8


def get_item_for_member(*, user: User, item_id: int) -> Item:
    """One object of a quartier the user belongs to, in one query; 404 for anyone else."""
    if not user.is_authenticated:
        raise Http404
    try:
        return (
            Item.objects.select_related("owner", "quartier")
            .filter(member_of_quartier(user, "quartier_id"))
            .exclude(status=Item.Status.WITHDRAWN)
            .get(pk=item_id)
        )
    except Item.DoesNotExist:
        raise Http404 from None


def get_item_for_owner(*, user: User, item_id: int) -> Item:
    """As `get_item_for_member`, and a 403 for a member who does not own it."""
    item = get_item_for_member(user=user, item_id=item_id)
    if item.owner_id != user.pk:
        raise PermissionDenied(_("Only the owner of this object can do this."))
    return item


def get_loan_for_party(*, user: User, loan_id: int) -> Loan:
    """404 unless the user is the borrower or the owner, and still a member."""
    if not user.is_authenticated:
        raise Http404
    try:
        return (
            Loan.objects.select_related("item__owner", "item__quartier", "borrower")
            .filter(Q(borrower=user) | Q(item__owner=user))
            .filter(member_of_quartier(user, "item__quartier_id"))
            .get(pk=loan_id)
        )
    except Loan.DoesNotExist:
        raise Http404 from None


def get_gift_for_party(*, user: User, gift_id: int) -> Gift:
    """404 unless the user is the taker or the giver, and still a member."""
    if not user.is_authenticated:
        raise Http404
    try:
        return (
            Gift.objects.select_related("item__owner", "item__quartier", "taker")
            .filter(Q(taker=user) | Q(item__owner=user))
            .filter(member_of_quartier(user, "item__quartier_id"))
            .get(pk=gift_id)
        )
    except Gift.DoesNotExist:
        raise Http404 from None


def search_words(text: str) -> list[str]:
    """The words looked for: lower case, without accents, a few at most."""
    return list(dict.fromkeys(WORD.findall(plain(text or ""))))[:MAX_WORDS]


def holding_on(day: datetime.date) -> QuerySet[Loan]:
    """The loans holding the outer object on ``day`` (served by the index loan_holding_dates):
    from today on, a late loan holds it until it comes back."""
    return Loan.objects.filter(
        holding_between(day, day, today=timezone.localdate()), item_id=OuterRef("pk")
    )


def inventory(
    *,
    quartier: Quartier,
    text: str = "",
    category: str = "",
    available_on: datetime.date | None = None,
    mode: str = "",
    limit: int = INVENTORY_LIMIT,
) -> list[Item]:
    """The quartier's objects offered now, the newest first, in one query: every word in the
    title, description or category; of one category; to lend or to give; and, with
    ``available_on``, only objects to lend that no loan holds that day."""
    items = Item.objects.select_related("owner").filter(
        quartier=quartier, status=Item.Status.AVAILABLE
    )
    for word in search_words(text):
        items = items.filter(search_keys__contains=word)
    if category:
        items = items.filter(category=category)
    if mode:
        items = items.filter(mode=mode)
    if available_on is not None:
        items = items.filter(mode=Item.Mode.LEND).exclude(Exists(holding_on(available_on)))
    return list(items.order_by("-created_at", "-id")[:limit])


def item_calendar(*, item: Item) -> list[Loan]:
    """The loans holding the object from today on, soonest first, a late one included: its
    calendar in words."""
    today = timezone.localdate()
    return list(
        Loan.objects.filter(item=item, status__in=Loan.HOLDING)
        .filter(Q(ends_on__gte=today) | lent_out())
        .order_by("starts_on", "id")
    )


def my_items(*, user: User) -> list[Item]:
    """My objects in the quartiers I am still a member of."""
    return list(
        Item.objects.select_related("quartier", "owner")
        .filter(member_of_quartier(user, "quartier_id"), owner=user)
        .exclude(status=Item.Status.WITHDRAWN)
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class MyLoans:
    lent: list[Loan]  # my objects' loans, as owner
    borrowed: list[Loan]  # as borrower
    given: list[Gift]  # asks for my gifts
    taken: list[Gift]  # my asks for others' gifts


LIVE_LOANS = (Loan.Status.ASKED, Loan.Status.ACCEPTED, Loan.Status.HANDED_OVER)
LIVE_GIFTS = (Gift.Status.ASKED, Gift.Status.RESERVED)


def my_loans(*, user: User) -> MyLoans:
    """The loans and gifts still in progress, on both sides, in the quartiers I am still a
    member of (as every page of one of them), in four queries."""
    member = member_of_quartier(user, "item__quartier_id")
    loans = Loan.objects.select_related("item__owner", "borrower").filter(
        member, status__in=LIVE_LOANS
    )
    gifts = Gift.objects.select_related("item__owner", "taker").filter(
        member, status__in=LIVE_GIFTS
    )
    return MyLoans(
        lent=list(loans.filter(item__owner=user).order_by("starts_on", "id")),
        borrowed=list(loans.filter(borrower=user).order_by("starts_on", "id")),
        given=list(gifts.filter(item__owner=user).order_by("created_at", "id")),
        taken=list(gifts.filter(taker=user).order_by("created_at", "id")),
    )


def loans_asked_of(*, item: Item, viewer: User) -> list[Loan]:
    """The loans of an object still in progress: all of them for the owner, my own otherwise."""
    loans = Loan.objects.select_related("borrower", "item__owner").filter(
        item=item, status__in=LIVE_LOANS
    )
    if item.owner_id != viewer.pk:
        loans = loans.filter(borrower=viewer)
    return list(loans.order_by("starts_on", "id"))


def gifts_asked_of(*, item: Item, viewer: User) -> list[Gift]:
    gifts = Gift.objects.select_related("taker").filter(item=item, status__in=LIVE_GIFTS)
    if item.owner_id != viewer.pk:
        gifts = gifts.filter(taker=viewer)
    return list(gifts.order_by("created_at", "id"))
