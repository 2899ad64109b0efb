"""Reading subscriptions and their money: who may see what, and the lists the pages, the API
and the documents show, each in a fixed number of queries.

A contract is read by the members of its quartier (404 for anyone else). A subscription and
its documents are private: the member's own, and the contract's followers (the quartier's
coordinators, the contract's referent, the producer's account); 404 for anyone else, so an
outsider cannot tell one exists. The lists of a contract's subscriptions are its followers';
the treasury of a quartier, its coordinators'.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404

from exchanges.produce.models import (
    Contract,
    Instalment,
    InstalmentState,
    Producer,
    Subscription,
)
from exchanges.produce.selectors import get_contract_for_member
from exchanges.produce.services.membership import FIRST_YEAR, LAST_YEAR
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import active_quartier_ids, is_coordinator


def follows(*, user: User, contract: Contract) -> bool:
    """The quartier's coordinators, the contract's referent, the producer's account."""
    return (
        contract.referent_id == user.pk
        or contract.producer.account_id == user.pk
        or is_coordinator(user=user, quartier=contract.producer.quartier)
    )


def get_contract_for_follower(*, user: User, contract_id: int) -> Contract:
    contract = get_contract_for_member(user=user, contract_id=contract_id)
    if not follows(user=user, contract=contract):
        raise Http404
    return contract


def get_subscription(*, user: User, subscription_id: int, own: bool = False) -> Subscription:
    """The one way to reach a subscription: through the quartiers the user is an active
    member of, then the member's own, or (unless `own`) one of a contract the user follows.
    404 otherwise: a former member, referent or producer's account no longer sees it."""
    if not user.is_authenticated:
        raise Http404
    try:
        subscription = Subscription.objects.select_related(
            "contract__producer__quartier", "contract__referent", "member", "size"
        ).get(
            pk=subscription_id,
            contract__producer__quartier_id__in=active_quartier_ids(user_id=user.pk),
        )
    except Subscription.DoesNotExist:
        raise Http404 from None
    mine = subscription.member_id == user.pk
    if not mine and (own or not follows(user=user, contract=subscription.contract)):
        raise Http404
    return subscription


def get_subscription_for_viewer(*, user: User, subscription_id: int) -> Subscription:
    """The member's own, or one of a contract the user follows (`get_subscription`)."""
    return get_subscription(user=user, subscription_id=subscription_id)


def get_subscription_for_member(*, user: User, subscription_id: int) -> Subscription:
    """The member's own only, to mark their absences (a relais's request runs as the member)."""
    return get_subscription(user=user, subscription_id=subscription_id, own=True)


def get_instalment_for_viewer(*, user: User, instalment_id: int) -> Instalment:
    try:
        instalment = Instalment.objects.select_related("subscription").get(pk=instalment_id)
    except Instalment.DoesNotExist:
        raise Http404 from None
    instalment.subscription = get_subscription_for_viewer(
        user=user, subscription_id=instalment.subscription_id
    )
    return instalment


def with_instalments(subscriptions: QuerySet[Subscription]) -> QuerySet[Subscription]:
    return subscriptions.select_related("member", "size", "contract__producer").prefetch_related(
        Prefetch("instalments", queryset=Instalment.objects.order_by("position"))
    )


@dataclass
class ContractSubscriptions:
    """A contract's subscribers (active, then ended) and its waiting list, in order."""

    active: list[Subscription]
    waiting: list[Subscription]
    ended: list[Subscription]

    @property
    def total_cents(self) -> int:
        return sum(subscription.total_cents for subscription in self.active)


def in_order(subscriptions: QuerySet[Subscription]) -> QuerySet[Subscription]:
    """Subscribers by name, then the waiting list in its order (the same on every database)."""
    return subscriptions.order_by(
        F("waiting_rank").asc(nulls_first=True), "member__display_name", "id"
    )


def subscriptions_of(contract: Contract) -> ContractSubscriptions:
    """Two queries: the subscriptions, and their instalments."""
    rows = list(in_order(with_instalments(Subscription.objects.filter(contract=contract))))
    by = Subscription.Status
    return ContractSubscriptions(
        active=[row for row in rows if row.status == by.ACTIVE],
        waiting=[row for row in rows if row.status == by.WAITING],
        ended=[row for row in rows if row.status == by.ENDED],
    )


def my_subscriptions(*, user: User) -> QuerySet[Subscription]:
    return with_instalments(Subscription.objects.filter(member=user)).order_by(
        "-contract__starts_on", "contract__title", "id"
    )


# The treasurer's month -------------------------------------------------------------------


@dataclass
class ProducerMonth:
    producer: Producer
    instalments: list[Instalment] = field(default_factory=list)

    def by_state(self) -> list[tuple[str, int]]:
        """The amount in each state, in the states' order (labels for the page)."""
        return [
            (str(label), sum(i.amount_cents for i in self.instalments if i.state == state))
            for state, label in InstalmentState.choices
        ]

    @property
    def total_cents(self) -> int:
        return sum(instalment.amount_cents for instalment in self.instalments)


def treasury(*, quartier: Quartier, month: datetime.date) -> list[ProducerMonth]:
    """What is due in `month` (a first of the month), per producer, member by member: the
    instalments of live subscriptions, and those of ended ones already received. One query."""
    instalments = (
        Instalment.objects.filter(
            subscription__contract__producer__quartier=quartier, due_month=month
        )
        .filter(
            Q(subscription__status=Subscription.Status.ACTIVE)
            | (
                Q(subscription__status=Subscription.Status.ENDED)
                & ~Q(state=InstalmentState.TO_RECEIVE)
            )
        )
        .select_related("subscription__member", "subscription__contract__producer")
        .order_by(
            "subscription__contract__producer__farm_name",
            "subscription__contract__producer_id",
            "subscription__member__display_name",
            "subscription_id",
            "position",
        )
    )
    months: dict[int, ProducerMonth] = {}
    for instalment in instalments:
        producer = instalment.subscription.contract.producer
        months.setdefault(producer.pk, ProducerMonth(producer)).instalments.append(instalment)
    return list(months.values())


def month_from(value: str | None, *, today: datetime.date) -> datetime.date:
    """`YYYY-MM` read as the first of that month, from 2000 to 2100 (as the membership's
    years); this month when absent, unreadable or out of that range."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if FIRST_YEAR <= year <= LAST_YEAR:
            return datetime.date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)
