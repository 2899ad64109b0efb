"""What the stored files are built from has changed: the services call these in the
transaction of the change, and the files stored for the cycles and contracts named are built
again when next asked for (`exports.stored`).

A contract's *papers state* is its `papers_state` counter, moved on by every write its payment
schedule and the treasurer's months read: its subscriptions, their instalments (a cheque's
number as much as its state), its own words, its producer's names, a subscriber's name.

A cycle's *report state* is its `reports_state` counter with the count and latest update of its
orders. A member placing or changing their order moves the second part alone (the order's
`updated_at`, set by `services.order_place`), so that ordering never writes the cycle's row,
which every order of the cycle would then wait on; every other write the reports read (weights,
payments, volunteers, the cycle's own words, producers' and products' names, contracts, their
dates, subscriptions, instalments, absences, a member's name) bumps the counter of each cycle
concerned, in one UPDATE."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import F, Q

from exchanges.produce.models import Contract, OrderCycle
from neighbourhood.accounts.models import User


def _bump(condition: Q) -> None:
    cycles = OrderCycle.objects.filter(condition).values("pk")
    OrderCycle.objects.filter(pk__in=cycles).update(reports_state=F("reports_state") + 1)


def cycle_changed(cycle_id: int | None) -> None:
    """`None`: a contract date with no distribution (off), which no report reads."""
    if cycle_id is None:
        return
    OrderCycle.objects.filter(pk=cycle_id).update(reports_state=F("reports_state") + 1)


def _bump_papers(condition: Q) -> None:
    contracts = Contract.objects.filter(condition).values("pk")
    Contract.objects.filter(pk__in=contracts).update(papers_state=F("papers_state") + 1)


def contract_changed(contract_id: int) -> None:
    """Its dates, sizes, subscriptions or instalments' states: every cycle it distributes at,
    and its papers."""
    _bump(Q(contract_dates__contract_id=contract_id))
    papers_changed(contract_id)


def papers_changed(contract_id: int) -> None:
    """What its papers print alone (an instalment's cheque number, bank or amount)."""
    Contract.objects.filter(pk=contract_id).update(papers_state=F("papers_state") + 1)


def producer_changed(producer_id: int) -> None:
    """Its names: every cycle that offers its products or distributes its contracts, and its
    contracts' papers."""
    _bump(
        Q(offers__product__producer_id=producer_id)
        | Q(contract_dates__contract__producer_id=producer_id)
    )
    _bump_papers(Q(producer_id=producer_id))


def product_changed(product_id: int) -> None:
    _bump(Q(offers__product_id=product_id))


def member_renamed(user_id: int) -> None:
    """A member's public name is printed wherever they order, help, subscribe or collect."""
    _bump(
        Q(orders__member_id=user_id)
        | Q(roles__volunteers__member_id=user_id)
        | Q(contract_dates__contract__subscriptions__member_id=user_id)
        | Q(contract_dates__absences__taken_by_id=user_id)
    )
    _bump_papers(Q(subscriptions__member_id=user_id))


def renamed_member_saved(
    sender: object,
    instance: User,
    created: bool = False,
    update_fields: Collection[str] | None = None,
    **kwargs: object,
) -> None:
    """post_save receiver of accounts (`ProduceConfig.ready`): a save that may have changed
    the name (not a login's `last_login`, not a new account, which is on no report yet)."""
    if created or (update_fields is not None and "display_name" not in update_fields):
        return
    member_renamed(instance.pk)
