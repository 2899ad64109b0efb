"""The contract baskets, read side: the dates a subscription takes a basket on and what
becomes of each (an absence), the baskets offered in a quartier, and the pages' and the API's
getters (404 to whoever may not see them).

A subscription takes a basket on the contract's dates left from `starts_on`, every other one
for a half share (`money.dates_taken`). A date's distribution starts at its cycle's
`distribution_start`, in the site's timezone; absences close `absence_deadline_hours` before.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from exchanges.produce.models import Absence, ContractDate, Subscription
from exchanges.produce.services import money
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import active_quartier_ids


def starts_at(date: ContractDate) -> datetime.datetime:
    """When the date's distribution starts (its cycle's hours, the site's timezone)."""
    assert date.cycle is not None  # a date that is not off has its cycle
    return date.cycle.distribution_starts_at


def deadline(date: ContractDate) -> datetime.datetime:
    """The last moment to mark an absence (or cancel one) without spending a joker."""
    return starts_at(date) - datetime.timedelta(hours=date.contract.absence_deadline_hours)


def contract_dates(contract_id: int, *, since: datetime.date | None = None) -> list[datetime.date]:
    """The contract's dates with a basket (dates off left out), in order; from `since` on."""
    dates = ContractDate.objects.filter(contract_id=contract_id, off=False)
    if since is not None:
        dates = dates.filter(date__gte=since)
    return list(dates.order_by("date").values_list("date", flat=True))


def subscription_dates(subscription: Subscription) -> list[datetime.date]:
    """The dates a subscription takes a basket on, read from the database in one query."""
    return money.dates_taken(
        contract_dates(subscription.contract_id),
        starts_on=subscription.starts_on,
        every=subscription.size.every,
    )


def taken_dates(subscription: Subscription, dates: list[ContractDate]) -> list[ContractDate]:
    """Of the contract's `dates` (any order, off ones included), those the subscription takes
    a basket on."""
    on = sorted((date for date in dates if not date.off), key=lambda date: date.date)
    by_day = {date.date: date for date in on}
    days = money.dates_taken(
        [date.date for date in on], starts_on=subscription.starts_on, every=subscription.size.every
    )
    return [by_day[day] for day in days]


def jokers_spent(subscription: Subscription) -> int:
    return Absence.objects.filter(subscription=subscription, joker=True).count()


@dataclass(frozen=True)
class BasketDate:
    """A date a subscription takes a basket on, and the absence marked for it if any."""

    date: ContractDate
    absence: Absence | None
    starts_at: datetime.datetime
    deadline: datetime.datetime

    @property
    def is_past(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def after_deadline(self) -> bool:
        return self.deadline <= timezone.now()


def basket_dates(subscription: Subscription) -> list[BasketDate]:
    """Two queries: the contract's dates (with their cycles), and the absences."""
    dates = list(
        ContractDate.objects.filter(contract_id=subscription.contract_id, off=False).select_related(
            "cycle", "contract"
        )
    )
    absences = {
        absence.date_id: absence
        for absence in Absence.objects.filter(subscription=subscription).select_related("taken_by")
    }
    rows = []
    for date in taken_dates(subscription, dates):
        absence = absences.get(date.pk)
        if absence is not None:
            absence.date = date  # read already, with its cycle
        rows.append(BasketDate(date, absence, starts_at(date), deadline(date)))
    return rows


def offered_in(*, quartier: Quartier) -> QuerySet[Absence]:
    """The baskets offered in the quartier and not taken yet, for distributions to come."""
    return (
        Absence.objects.filter(
            fate=Absence.Fate.OFFERED,
            taken_by__isnull=True,
            date__contract__producer__quartier=quartier,
            date__date__gte=timezone.localdate(),
            subscription__status=Subscription.Status.ACTIVE,
        )
        .select_related(
            "subscription__member", "subscription__size", "date__cycle", "date__contract__producer"
        )
        .order_by("date__date", "id")
    )


def get_absence_for_member(*, user: User, absence_id: int, offered: bool = False) -> Absence:
    """An absence of the member's own subscription, or with `offered` a basket offered in one
    of the member's quartiers (theirs or a neighbour's); 404 otherwise."""
    if not user.is_authenticated:
        raise Http404
    whose = Q(fate=Absence.Fate.OFFERED) if offered else Q(subscription__member=user)
    try:
        return Absence.objects.select_related(
            "subscription__contract__producer__quartier",
            "subscription__size",
            "subscription__member",
            "date__cycle",
            "date__contract",
        ).get(
            whose,
            pk=absence_id,
            subscription__contract__producer__quartier_id__in=active_quartier_ids(user_id=user.pk),
        )
    except Absence.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class MyBasket:
    """A basket someone collects at a distribution: their own, or one passed on to them
    (`for_member`, the subscriber away)."""

    date: ContractDate
    subscription: Subscription
    for_member: User | None = None


def collected_by(
    user_ids: list[int],
    first: datetime.date,
    last: datetime.date,
    *,
    quartier_ids: Iterable[int] | None = None,
) -> dict[int, list[MyBasket]]:
    """The baskets each user collects between `first` and `last` (days included): on their
    active subscriptions' dates (half shares every other one) unless they are away, and those
    given to them or that they took. Four queries, whatever the number of users and dates."""
    subscriptions = Subscription.objects.filter(
        member_id__in=user_ids, status=Subscription.Status.ACTIVE
    )
    passed = Absence.objects.filter(
        taken_by_id__in=user_ids, date__date__gte=first, date__date__lte=last
    )
    if quartier_ids is not None:
        quartier_ids = list(quartier_ids)
        subscriptions = subscriptions.filter(contract__producer__quartier_id__in=quartier_ids)
        passed = passed.filter(date__contract__producer__quartier_id__in=quartier_ids)
    dates = list(
        ContractDate.objects.filter(
            contract_id__in=subscriptions.values("contract_id"), off=False
        ).select_related("cycle__quartier", "contract")
    )
    away = set(
        Absence.objects.filter(subscription__in=subscriptions).values_list(
            "subscription_id", "date_id"
        )
    )
    subscriptions_list = list(subscriptions.select_related("size", "contract", "member"))
    passed = passed.select_related(
        "date__cycle__quartier", "date__contract", "subscription__member", "subscription__size"
    )
    by_contract: dict[int, list[ContractDate]] = {}
    for date in dates:
        by_contract.setdefault(date.contract_id, []).append(date)
    found: dict[int, list[MyBasket]] = {user_id: [] for user_id in user_ids}
    for subscription in subscriptions_list:
        for date in taken_dates(subscription, by_contract.get(subscription.contract_id, [])):
            if first <= date.date <= last and (subscription.pk, date.pk) not in away:
                found[subscription.subscriber.pk].append(MyBasket(date, subscription))
    for absence in passed:
        if (
            absence.taken_by_id is not None
            and absence.subscription.status == Subscription.Status.ACTIVE
        ):
            found[absence.taken_by_id].append(
                MyBasket(absence.date, absence.subscription, absence.subscription.member)
            )
    for baskets in found.values():
        baskets.sort(key=lambda basket: (basket.date.date, basket.date.pk))
    return found
