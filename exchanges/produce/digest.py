"""The farm orders' sections of the digest: the order cycles open when the digest is sent, the
contracts open for signing, the reader's distributions of the coming week, and the contract
baskets they collect that week.

"Your baskets this week" is not news (`news=False`): the reader knows their own subscription,
and a basket passed on to them was told when it happened (a notification); a reminder alone
is not worth a mail, it rides along with one that is."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from exchanges.produce import baskets
from exchanges.produce.models import Contract, Order, OrderCycle, Subscription, Volunteer
from exchanges.produce.services.cycles import has_offers
from messaging.digests.sections import Item, Reader, Section, register

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

AHEAD = datetime.timedelta(days=7)


def open_cycles(readers: list[Reader]) -> dict[int, list[Item]]:
    """The cycles of the reader's quartiers open at the end of their period, closing soonest
    first, those they have not ordered in before those they have. A cycle is news when it
    opened during the period, or when the reader has not ordered in it and it closes within a
    week (a reminder worth a mail); otherwise it is left out.

    Two queries: the cycles, and the readers' orders in them."""
    if not readers:
        return {}
    quartier_ids = {quartier for reader in readers for quartier in reader.quartier_ids}
    first = min(reader.until for reader in readers)
    last = max(reader.until for reader in readers)
    # Open at some reader's `until`: opened before the last one, not closed at the first one.
    still_open = Q(
        Q(closed_early_at__isnull=True) | Q(closed_early_at__gt=first),
        opens_at__lte=last,
        closes_at__gt=first,
    )
    cycles = sorted(
        # A cycle with nothing on offer (a contract's distribution) is not news.
        OrderCycle.objects.filter(still_open, has_offers(), quartier_id__in=quartier_ids),
        key=lambda cycle: (cycle.order_deadline, cycle.pk),
    )
    ordered = set(
        Order.objects.filter(
            member_id__in=[reader.user.pk for reader in readers],
            cycle__in=OrderCycle.objects.filter(still_open, quartier_id__in=quartier_ids),
        )
        .order_by()
        .values_list("member_id", "cycle_id")
    )
    return {reader.user.pk: _open_for(reader, cycles, ordered) for reader in readers}


def _open_for(
    reader: Reader, cycles: list[OrderCycle], ordered: set[tuple[int, int]]
) -> list[Item]:
    to_order, done = [], []
    for cycle in cycles:  # closing soonest first
        if (
            cycle.quartier_id not in reader.quartier_ids
            or cycle.state_at(reader.until) != OrderCycle.State.OPEN
        ):
            continue
        has_ordered = (reader.user.pk, cycle.pk) in ordered
        closes_soon = cycle.order_deadline <= reader.until + AHEAD
        if not reader.is_new(cycle.opens_at) and (has_ordered or not closes_soon):
            continue
        if has_ordered:
            done.append(_item(cycle, _("You have ordered"), cycle.order_deadline))
        else:
            to_order.append(_item(cycle, _("Order before"), cycle.order_deadline))
    return to_order + done


def contracts_open(readers: list[Reader]) -> dict[int, list[Item]]:
    """The contracts of the reader's quartiers open for signing at the end of their period,
    closing soonest first. One is news when signing opened during the period, or when the
    reader has not subscribed and signing closes within a week.

    Two queries: the contracts, and the readers' subscriptions to them."""
    if not readers:
        return {}
    quartier_ids = {quartier for reader in readers for quartier in reader.quartier_ids}
    first = min(reader.until for reader in readers)
    last = max(reader.until for reader in readers)
    contracts = list(
        Contract.objects.filter(
            producer__quartier_id__in=quartier_ids,
            signing_opens_at__lte=last,
            signing_closes_at__gt=first,
        )
        .select_related("producer")
        .order_by("signing_closes_at", "id")
    )
    subscribed = set(
        Subscription.objects.filter(
            member_id__in=[reader.user.pk for reader in readers],
            contract__in=[contract.pk for contract in contracts],
        )
        .order_by()
        .values_list("member_id", "contract_id")
    )
    found: dict[int, list[Item]] = defaultdict(list)
    for reader in readers:
        for contract in contracts:
            if (
                contract.producer.quartier_id not in reader.quartier_ids
                or not contract.signing_is_open_at(reader.until)
                or (reader.user.pk, contract.pk) in subscribed
            ):
                continue
            closes_soon = contract.signing_closes_at <= reader.until + AHEAD
            if reader.is_new(contract.signing_opens_at) or closes_soon:
                found[reader.user.pk].append(
                    Item(
                        contract.title,
                        contract.get_absolute_url(),
                        contract.producer.quartier_id,
                        format_lazy(_("{farm} — sign before"), farm=contract.producer.farm_name),
                        contract.signing_closes_at,
                    )
                )
    return found


def next_distributions(readers: list[Reader]) -> dict[int, list[Item]]:
    """The distributions starting in the week after the reader's period where they have an
    order or a volunteer's job, soonest first, with the place (and the jobs).

    Two queries: the readers' orders, and their volunteer jobs, in those distributions."""
    if not readers:
        return {}
    site = timezone.get_default_timezone()
    in_days = OrderCycle.objects.filter(
        quartier_id__in={quartier for reader in readers for quartier in reader.quartier_ids},
        distribution_date__gte=timezone.localdate(min(r.until for r in readers), site),
        distribution_date__lte=timezone.localdate(max(r.until for r in readers) + AHEAD, site),
    )
    cycles, ordered, jobs = _engagements([reader.user.pk for reader in readers], in_days)
    soonest = sorted(cycles.values(), key=lambda cycle: (cycle.distribution_starts_at, cycle.pk))
    found: dict[int, list[Item]] = defaultdict(list)
    for reader in readers:
        for cycle in soonest:
            key = (reader.user.pk, cycle.pk)
            if (
                cycle.quartier_id in reader.quartier_ids
                and reader.until <= cycle.distribution_starts_at < reader.until + AHEAD
                and (key in ordered or key in jobs)
            ):
                note = _place_note(cycle, jobs.get(key, []))
                found[reader.user.pk].append(_item(cycle, note, cycle.distribution_starts_at))
    return found


def _engagements(
    user_ids: list[int], in_days: QuerySet[OrderCycle]
) -> tuple[dict[int, OrderCycle], set[tuple[int, int]], dict[tuple[int, int], list[str]]]:
    """The cycles, the (member, cycle) pairs with an order, and each pair's volunteer jobs."""
    cycles: dict[int, OrderCycle] = {}
    ordered: set[tuple[int, int]] = set()
    orders = (
        Order.objects.filter(member_id__in=user_ids, cycle__in=in_days)
        .select_related("cycle")
        .order_by()
    )
    for order in orders:
        cycles[order.cycle_id] = order.cycle
        ordered.add((order.member_id, order.cycle_id))
    jobs: dict[tuple[int, int], list[str]] = defaultdict(list)
    volunteers = (
        Volunteer.objects.filter(member_id__in=user_ids, role__cycle__in=in_days)
        .select_related("role__cycle")
        .order_by("role_id")
    )
    for volunteer in volunteers:
        cycles[volunteer.role.cycle_id] = volunteer.role.cycle
        jobs[(volunteer.member_id, volunteer.role.cycle_id)].append(volunteer.role.name)
    return cycles, ordered, jobs


def _place_note(cycle: OrderCycle, jobs: list[str]) -> StrOrPromise:
    if not jobs:
        return cycle.place
    return format_lazy(_("{place} — you help as {jobs}"), place=cycle.place, jobs=", ".join(jobs))


def _item(cycle: OrderCycle, note: StrOrPromise, when: datetime.datetime) -> Item:
    return Item(cycle.title, cycle.get_absolute_url(), cycle.quartier_id, note, when)


def my_baskets(readers: list[Reader]) -> dict[int, list[Item]]:
    """The contract baskets each reader collects in the week after their period: their own
    (unless away) and those passed on to them, soonest first. Four queries."""
    if not readers:
        return {}
    site = timezone.get_default_timezone()
    found = baskets.collected_by(
        [reader.user.pk for reader in readers],
        timezone.localdate(min(reader.until for reader in readers), site),
        timezone.localdate(max(reader.until for reader in readers) + AHEAD, site),
        quartier_ids={quartier for reader in readers for quartier in reader.quartier_ids},
    )
    items: dict[int, list[Item]] = defaultdict(list)
    for reader in readers:
        for basket in found.get(reader.user.pk, []):
            cycle = basket.date.cycle
            assert cycle is not None  # a date with a basket has its cycle
            starts = baskets.starts_at(basket.date)
            if cycle.quartier_id in reader.quartier_ids and (
                reader.until <= starts < reader.until + AHEAD
            ):
                items[reader.user.pk].append(_basket_item(basket, starts))
    return items


def _basket_item(basket: baskets.MyBasket, when: datetime.datetime) -> Item:
    date, subscription = basket.date, basket.subscription
    assert date.cycle is not None
    what = f"{subscription.shares} × {subscription.size.name}, {date.contract.title}"
    if basket.for_member is not None:
        note = format_lazy(
            _("{basket} — for {member}, at {place}"),
            basket=what,
            member=basket.for_member.public_name,
            place=date.cycle.place,
        )
    else:
        note = format_lazy(_("{basket} — at {place}"), basket=what, place=date.cycle.place)
    return Item(date.cycle.title, date.cycle.get_absolute_url(), date.cycle.quartier_id, note, when)


def register_sections() -> None:
    register(Section("produce", _("Farm orders open"), 30, open_cycles))
    register(Section("produce.contracts", _("Contracts open for signing"), 32, contracts_open))
    register(
        Section(
            "produce.distributions",
            _("Your next distributions"),
            35,
            next_distributions,
            news=False,
        )
    )
    register(Section("produce.baskets", _("Your baskets this week"), 36, my_baskets, news=False))
