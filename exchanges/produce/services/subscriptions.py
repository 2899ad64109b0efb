"""Members subscribe to a contract: a size, a number of shares, the date of their first basket,
and a payment plan that adds up to the total to the cent (services.money).

The farm's capacity is never exceeded: every write that takes or frees shares holds the
contract's row lock, and the check constraint `contract_never_overbooked` stands behind it.
A full contract puts the newcomer on the waiting list, in order; a share freed goes to the
first waiting, in the same transaction (strictly in order: a first waiting for two shares is
not passed over by a later one waiting for one).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.produce import kinds
from exchanges.produce.models import (
    Contract,
    ContractDate,
    FeePayment,
    Instalment,
    MembershipFee,
    ShareSize,
    Subscription,
)
from exchanges.produce.services import money
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import is_coordinator, is_member
from neighbourhood.relais import acting


def lock(contract: Contract) -> None:
    """Takes the contract's row lock and reads it afresh, in one query."""
    contract.refresh_from_db(from_queryset=Contract.objects.select_for_update())


def contract_dates(contract: Contract) -> list[datetime.date]:
    """The dates with a basket (dates off left out), in order."""
    return list(
        ContractDate.objects.filter(contract=contract, off=False)
        .order_by("date")
        .values_list("date", flat=True)
    )


def total_for(contract: Contract, *, size: ShareSize, shares: int, starts_on: datetime.date) -> int:
    baskets = money.dates_taken(contract_dates(contract), starts_on=starts_on, every=size.every)
    return money.subscription_total(
        price_cents=size.price_cents, shares=shares, baskets=len(baskets)
    )


def quote(
    *,
    contract: Contract,
    size: ShareSize,
    shares: int,
    starts_on: datetime.date,
    plan: Sequence[money.Planned] | None,
    instalments: int = 1,
    method: str = "cheque",
) -> tuple[datetime.date, int, list[money.Planned]]:
    """What a subscription would be, checked, nothing stored: its first date, its total and
    its plan (the one typed, or `instalments` even ones). The page shows it before saving."""
    if size.contract_id != contract.pk:
        raise ValidationError({"size": [_("Choose one of this contract's shares.")]})
    if shares < 1 or shares > contract.capacity:
        raise ValidationError(
            {"shares": [_("Take 1 to %(most)s shares.") % {"most": contract.capacity}]}
        )
    starts_on = max(starts_on, contract.starts_on)
    total = total_for(contract, size=size, shares=shares, starts_on=starts_on)
    if total == 0:
        raise ValidationError({"starts_on": [_("There is no distribution left after this date.")]})
    if plan is None:
        plan = money.even_plan(total, count=instalments, first_month=starts_on, method=method)
    money.check_plan(plan, total_cents=total)
    return starts_on, total, list(plan)


def fee_is_due(*, contract: Contract, member: User, year: int) -> bool:
    """The year's membership is required and the member has not paid (nor promised) it."""
    fee = MembershipFee.objects.filter(
        quartier_id=contract.producer.quartier_id, year=year, required=True
    ).first()
    return fee is not None and not FeePayment.objects.filter(fee=fee, member=member).exists()


@transaction.atomic
def subscription_create(
    *,
    contract: Contract,
    member: User,
    actor: User,
    size: ShareSize,
    shares: int = 1,
    starts_on: datetime.date | None = None,
    plan: Sequence[money.Planned] | None = None,
    instalments: int = 1,
    method: str = "cheque",
    accepted_terms: bool = False,
) -> Subscription:
    """Subscribes `member` (by themselves, their relais, or a coordinator entering a paper
    contract). Without a `plan`, the total is split evenly in `instalments`, one a month
    from the first basket's month. Active if the farm has room, else on the waiting list."""
    quartier = contract.producer.quartier
    coordinator = is_coordinator(user=actor, quartier=quartier)
    if not is_member(user=member, quartier=quartier) or (actor != member and not coordinator):
        raise PermissionDenied(_("Only members of this quartier can subscribe."))
    now = timezone.now()
    if not coordinator and not contract.signing_is_open_at(now):
        raise ValidationError(_("Signing for this contract is not open."), code="closed")
    if not accepted_terms:
        raise ValidationError({"accepted_terms": [_("Read and accept the contract's terms.")]})
    if fee_is_due(
        contract=contract, member=member, year=max(starts_on or now.date(), contract.starts_on).year
    ):
        raise ValidationError(
            _("Pay this year's membership of the AMAP before subscribing."), code="fee"
        )
    starts_on, total, plan = quote(
        contract=contract,
        size=size,
        shares=shares,
        starts_on=starts_on or now.date(),
        plan=plan,
        instalments=instalments,
        method=method,
    )
    lock(contract)
    room = contract.shares_taken + shares <= contract.capacity
    subscription = Subscription(
        contract=contract,
        member=member,
        size=size,
        shares=shares,
        starts_on=starts_on,
        total_cents=total,
        accepted_terms_at=now,
        recorded_by=actor if actor != member else acting.relais_for(actor=member),
        status=Subscription.Status.ACTIVE if room else Subscription.Status.WAITING,
        waiting_rank=None if room else _next_rank(contract),
    )
    try:
        with transaction.atomic():
            subscription.save()
    except IntegrityError as error:
        raise ValidationError(
            _("You are already subscribed to this contract."), code="twice"
        ) from error
    if room:
        Contract.objects.filter(pk=contract.pk).update(shares_taken=F("shares_taken") + shares)
    _save_plan(subscription, plan)
    acting.record(actor=member, verb=acting.Verb.CONTRACT_SUBSCRIBED, target=subscription)
    _tell_subscribed(subscription, actor=actor)
    return subscription


def _tell_subscribed(subscription: Subscription, *, actor: User) -> None:
    """The member hears they are subscribed (or waiting); the referent, of a new subscriber."""
    contract, member = subscription.contract, subscription.member
    waiting = subscription.status == Subscription.Status.WAITING
    url = subscription.get_absolute_url()
    by = None if actor == member else actor
    messaging.notifications_create(
        users=[member],
        kind=kinds.SUBSCRIPTION_WAITING if waiting else kinds.SUBSCRIBED,
        actor=by,
        title=contract.title,
        url=url,
    )
    if not waiting and contract.referent_id and contract.referent_id != member.pk:
        messaging.notifications_create(
            users=User.objects.filter(pk=contract.referent_id),
            kind=kinds.SUBSCRIBER_NEW,
            actor=member,
            title=contract.title,
            url=reverse("produce:contract_subscriptions", kwargs={"contract_id": contract.pk}),
        )


def waiting_position(subscription: Subscription) -> int | None:
    """Where a waiting subscription stands now: 1 is the next to move up (ranks keep their
    gaps when someone leaves the list, the position does not)."""
    if subscription.status != Subscription.Status.WAITING or subscription.waiting_rank is None:
        return None
    return Subscription.objects.filter(
        contract_id=subscription.contract_id,
        status=Subscription.Status.WAITING,
        waiting_rank__lte=subscription.waiting_rank,
    ).count()


def _next_rank(contract: Contract) -> int:
    last = Subscription.objects.filter(
        contract=contract, status=Subscription.Status.WAITING
    ).aggregate(last=Max("waiting_rank"))["last"]
    return (last or 0) + 1


def _save_plan(subscription: Subscription, plan: Sequence[money.Planned]) -> None:
    Instalment.objects.filter(subscription=subscription).delete()
    Instalment.objects.bulk_create(
        Instalment(
            subscription=subscription,
            position=position,
            due_month=item.due_month,
            amount_cents=item.amount_cents,
            method=item.method,
            cheque_number=item.cheque_number.strip(),
            bank=item.bank.strip(),
        )
        for position, item in enumerate(plan, start=1)
    )


@transaction.atomic
def subscription_end(*, subscription: Subscription, actor: User) -> list[Subscription]:
    """Ends a subscription (the member leaves the waiting list, or a coordinator ends an
    active one); the shares freed go to the first waiting, in order. Returns those moved up."""
    contract = subscription.contract
    coordinator = is_coordinator(user=actor, quartier=contract.producer.quartier)
    if actor != subscription.member and not coordinator:
        raise PermissionDenied(_("Only a coordinator can end a subscription."))
    lock(contract)
    subscription.refresh_from_db()
    if subscription.status == Subscription.Status.ENDED:
        raise ValidationError(_("This subscription has already ended."))
    if subscription.status == Subscription.Status.ACTIVE and not coordinator:
        # A season's commitment: leaving it is agreed with the AMAP, not one click.
        raise ValidationError(
            _("Ask a coordinator to end a subscription; only the waiting list can be left here."),
            code="committed",
        )
    was_active = subscription.status == Subscription.Status.ACTIVE
    subscription.status, subscription.waiting_rank = Subscription.Status.ENDED, None
    subscription.ended_at = timezone.now()
    subscription.save(update_fields=["status", "waiting_rank", "ended_at"])
    if not was_active:
        return []
    Contract.objects.filter(pk=contract.pk).update(
        shares_taken=F("shares_taken") - subscription.shares
    )
    contract.refresh_from_db(fields=["shares_taken"])
    return _move_up(contract)


def _move_up(contract: Contract) -> list[Subscription]:
    """Under the contract's lock: the first waiting take the room there is, strictly in order.
    Each moved up pays the dates left from today, re-split over as many instalments."""
    moved = []
    room = contract.shares_left
    today = timezone.localdate()
    waiting = (
        Subscription.objects.filter(contract=contract, status=Subscription.Status.WAITING)
        .order_by("waiting_rank")
        .select_related("size", "member")
    )
    for subscription in waiting:
        if subscription.shares > room:
            break
        starts_on = max(subscription.starts_on, today)
        total = total_for(
            contract, size=subscription.size, shares=subscription.shares, starts_on=starts_on
        )
        if total == 0:
            continue  # nothing left to take: it waits for the next season's contract
        planned = list(subscription.instalments.order_by("position"))
        plan = money.even_plan(
            total,
            count=min(len(planned) or 1, total),
            first_month=max(starts_on, planned[0].due_month if planned else starts_on),
            method=planned[0].method if planned else "cheque",
        )
        subscription.status, subscription.waiting_rank = Subscription.Status.ACTIVE, None
        subscription.starts_on, subscription.total_cents = starts_on, total
        subscription.save(update_fields=["status", "waiting_rank", "starts_on", "total_cents"])
        _save_plan(subscription, plan)
        room -= subscription.shares
        moved.append(subscription)
        messaging.notification_create(
            user=subscription.member,
            kind=kinds.SUBSCRIPTION_MOVED_UP,
            actor=None,
            title=contract.title,
            url=subscription.get_absolute_url(),
        )
    taken = sum(subscription.shares for subscription in moved)
    if taken:
        Contract.objects.filter(pk=contract.pk).update(shares_taken=F("shares_taken") + taken)
    return moved
