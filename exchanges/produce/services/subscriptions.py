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

from exchanges.produce import baskets, kinds
from exchanges.produce.models import (
    Contract,
    ContractDate,
    FeePayment,
    Instalment,
    MembershipFee,
    ShareSize,
    Subscription,
)
from exchanges.produce.services import money, report_state
from exchanges.produce.services.instalments import plan_moved_up
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import is_coordinator, is_member
from neighbourhood.relais import acting


def lock(contract: Contract) -> None:
    """Takes the contract's row lock and reads it afresh, in one query."""
    contract.refresh_from_db(from_queryset=Contract.objects.select_for_update())


def first_open_date(contract: Contract) -> datetime.date:
    """The first of the contract's dates whose distribution has not started (a member's
    first basket is never earlier); the day after the season when none is left."""
    now = timezone.now()
    dates = (
        ContractDate.objects.filter(contract=contract, off=False, date__gte=timezone.localdate())
        .select_related("cycle", "contract")
        .order_by("date")
    )
    for date in dates:
        if baskets.starts_at(date) > now:
            return date.date
    return contract.ends_on + datetime.timedelta(days=1)


def total_for(contract: Contract, *, size: ShareSize, shares: int, starts_on: datetime.date) -> int:
    return money.price_from(
        baskets.contract_dates(contract.pk),
        starts_on=starts_on,
        price_cents=size.price_cents,
        every=size.every,
        shares=shares,
    ).total_cents


def quote(
    *,
    contract: Contract,
    size: ShareSize,
    shares: int,
    starts_on: datetime.date,
    plan: Sequence[money.Planned] | None,
    instalments: int = 1,
    method: str = "cheque",
    coordinator: bool = False,
) -> tuple[datetime.date, int, list[money.Planned]]:
    """What a subscription would be, checked, nothing stored: its first date, its total and
    its plan (the one typed, or `instalments` even ones). The page shows it before saving.
    The first basket is never one whose distribution has started, but for a coordinator
    entering a paper contract signed earlier."""
    if size.contract_id != contract.pk:
        raise ValidationError({"size": [_("Choose one of this contract's shares.")]})
    if shares < 1 or shares > contract.capacity:
        raise ValidationError(
            {"shares": [_("Take 1 to %(most)s shares.") % {"most": contract.capacity}]}
        )
    starts_on = max(starts_on, contract.starts_on)
    if not coordinator:
        starts_on = max(starts_on, first_open_date(contract))
    total = total_for(contract, size=size, shares=shares, starts_on=starts_on)
    if total == 0:
        raise ValidationError({"starts_on": [_("There is no distribution left after this date.")]})
    money.check_total(total)
    if plan is None:
        plan = money.even_plan(total, count=instalments, first_month=starts_on, method=method)
        money.check_plan(plan, total_cents=total)
    else:  # typed: its months from the first basket's to the season's last
        money.check_plan(plan, total_cents=total, months=(starts_on, contract.ends_on))
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
    lock(contract)  # first: the room, the ranks and the dates are read under it
    now = timezone.now()
    if not coordinator and not contract.signing_is_open_at(now):
        raise ValidationError(_("Signing for this contract is not open."), code="closed")
    if not accepted_terms:
        raise ValidationError({"accepted_terms": [_("Read and accept the contract's terms.")]})
    starts_on, total, plan = quote(
        contract=contract,
        size=size,
        shares=shares,
        starts_on=starts_on or timezone.localdate(),  # the site's day, not UTC's
        plan=plan,
        instalments=instalments,
        method=method,
        coordinator=coordinator,
    )
    if fee_is_due(contract=contract, member=member, year=starts_on.year):  # the first basket's
        raise ValidationError(
            _("Pay this year's membership of the AMAP before subscribing."), code="fee"
        )
    # Strictly in order: a share is free to a newcomer only when nobody waits for one.
    last_rank = _last_rank(contract)
    room = last_rank is None and contract.shares_taken + shares <= contract.capacity
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
        waiting_rank=None if room else (last_rank or 0) + 1,
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
        report_state.contract_changed(contract.pk)
    _save_plan(subscription, plan)
    acting.record(actor=member, verb=acting.Verb.CONTRACT_SUBSCRIBED, target=subscription)
    _tell_subscribed(subscription, actor=actor)
    return subscription


def _tell_subscribed(subscription: Subscription, *, actor: User) -> None:
    """The member hears they are subscribed (or waiting); the referent, of a new subscriber."""
    contract, member = subscription.contract, subscription.subscriber
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


def _last_rank(contract: Contract) -> int | None:
    """The last waiting's rank; None when nobody waits."""
    return Subscription.objects.filter(
        contract=contract, status=Subscription.Status.WAITING
    ).aggregate(last=Max("waiting_rank"))["last"]


def _save_plan(subscription: Subscription, plan: Sequence[money.Planned]) -> None:
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
    active one); then the waiting list moves up. Returns those moved up."""
    contract = subscription.contract
    coordinator = is_coordinator(user=actor, quartier=contract.producer.quartier)
    if actor != subscription.member and not coordinator:
        raise PermissionDenied(_("Only a coordinator can end a subscription."))
    lock(contract)
    subscription.refresh_from_db()
    if subscription.status == Subscription.Status.ACTIVE and not coordinator:
        # A season's commitment: leaving it is agreed with the AMAP, not one click.
        raise ValidationError(
            _("Ask a coordinator to end a subscription; only the waiting list can be left here."),
            code="committed",
        )
    return _end(subscription)


def end_before_account_deleted(sender: object, instance: User, **kwargs: object) -> None:
    """pre_delete receiver of accounts (`ProduceConfig.ready`)."""
    subscriptions_end_for_leaving(instance)


@transaction.atomic
def subscriptions_end_for_leaving(member: User) -> None:
    """A member's account is closed: their live subscriptions end as a coordinator would end
    them (shares freed, absences to come withdrawn, the waiting list moving up)."""
    live = Subscription.objects.filter(
        member=member, status__in=[Subscription.Status.WAITING, Subscription.Status.ACTIVE]
    ).select_related("contract__producer__quartier")
    for subscription in live.order_by("contract_id"):  # the contracts locked in one order
        lock(subscription.contract)
        subscription.refresh_from_db()
        if subscription.status != Subscription.Status.ENDED:
            _end(subscription)


def _end(subscription: Subscription) -> list[Subscription]:
    """Under the contract's lock."""
    contract = subscription.contract
    if subscription.status == Subscription.Status.ENDED:
        raise ValidationError(_("This subscription has already ended."))
    was_active = subscription.status == Subscription.Status.ACTIVE
    subscription.status, subscription.waiting_rank = Subscription.Status.ENDED, None
    subscription.ended_at = timezone.now()
    subscription.save(update_fields=["status", "waiting_rank", "ended_at"])
    if was_active:
        Contract.objects.filter(pk=contract.pk).update(
            shares_taken=F("shares_taken") - subscription.shares
        )
        # Imported here: services.absences imports this module (`lock`).
        from exchanges.produce.services.absences import absences_withdraw

        absences_withdraw(subscription)
        report_state.contract_changed(contract.pk)
    return waiting_move_up(contract)


def waiting_move_up(contract: Contract) -> list[Subscription]:
    """Takes the contract's lock; the first waiting take the room there is, strictly in order
    (a first waiting for two shares is not passed over by a later one waiting for one). After
    every end and when the capacity is raised. Each moved up takes its baskets from the first
    date whose distribution has not started and pays those (`plan_moved_up`)."""
    lock(contract)
    moved: list[Subscription] = []
    room = contract.shares_left
    waiting = list(
        Subscription.objects.filter(contract=contract, status=Subscription.Status.WAITING)
        .order_by("waiting_rank")
        .select_related("size", "member")
    )
    if not waiting or not room:
        return moved
    first_open = first_open_date(contract)
    dates = baskets.contract_dates(contract.pk)
    for subscription in waiting:
        if subscription.shares > room:
            break
        starts_on = max(subscription.starts_on, first_open)
        total = money.price_from(
            dates,
            starts_on=starts_on,
            price_cents=subscription.size.price_cents,
            every=subscription.size.every,
            shares=subscription.shares,
        ).total_cents
        if total == 0:
            continue  # nothing left to take: it waits for the next season's contract
        subscription.status, subscription.waiting_rank = Subscription.Status.ACTIVE, None
        subscription.starts_on, subscription.total_cents = starts_on, total
        subscription.save(update_fields=["status", "waiting_rank", "starts_on", "total_cents"])
        plan_moved_up(subscription)
        room -= subscription.shares
        moved.append(subscription)
        messaging.notification_create(
            user=subscription.subscriber,
            kind=kinds.SUBSCRIPTION_MOVED_UP,
            actor=None,
            title=contract.title,
            url=subscription.get_absolute_url(),
        )
    taken = sum(subscription.shares for subscription in moved)
    if taken:
        Contract.objects.filter(pk=contract.pk).update(shares_taken=F("shares_taken") + taken)
        contract.refresh_from_db(fields=["shares_taken"])
        report_state.contract_changed(contract.pk)
    return moved
