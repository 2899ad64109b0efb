"""The merged pick-up list of a distribution: 150 members with a contract basket and 2,000
order lines, its page and its PDF, timed in turn with the same list of a distribution with the
same orders and no contract (the report floor of `produce_reports`), in the same run."""

from __future__ import annotations

import datetime
import gc
import random
from functools import partial

from django.db import connection, reset_queries
from django.test import Client
from django.utils import timezone

from bench.common import Row, interleaved, scaled
from bench.feed_pages import analyze
from bench.produce_reports import Scene, cycle_with_orders, populate
from exchanges.produce import exports, reports, services
from exchanges.produce.models import (
    Absence,
    Contract,
    ContractDate,
    CycleProduct,
    DistributionDay,
    Instalment,
    Order,
    OrderCycle,
    OrderLine,
    Payment,
    Producer,
    Product,
    ShareSize,
    Subscription,
    Volunteer,
    VolunteerRole,
)
from exchanges.produce.services import absences
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership, Quartier

NAME = "produce pick-up list"
MEMBERS = 150
LINES = scaled(2_000)
IN_DAYS = 10  # the contract's first distribution
REPEAT = {"page": 10, "pdf": 4}
DESCRIPTION = (
    f"a distribution with {LINES:,} order lines from {MEMBERS} members, each of whom also holds "
    "a contract subscription (small, large and half shares; a tenth late with a cheque; ten "
    "baskets given to a neighbour, ten offered of which five taken, five given to an "
    "association), against the 'floor': a distribution with the same orders and no contract, "
    "from the same seed. Each case is the coordinators' reports page through the test client, "
    "or the pick-up PDF's build (`reports.load` and `exports.report_pdf`, what the `reports` "
    "queue's task stores; the site serves the stored file); the two are timed in turn "
    "(`bench.common.interleaved`: a noisy moment hits both alike), and the ratio is merged / "
    "floor. The queries are the merged page's (a fixed number whatever "
    "the members: tests/exchanges/produce/test_pickup_merged.py pins the load)."
)


def season(scene: Scene, cycle: OrderCycle, rng: random.Random) -> Contract:
    """A ten-week vegetable contract whose first date is `cycle`, every member subscribed."""
    now = timezone.now()
    DistributionDay.objects.create(
        quartier=scene.quartier,
        weekday=cycle.distribution_date.weekday(),
        starts_at=cycle.distribution_start,
        ends_at=cycle.distribution_end,
        place=cycle.place,
    )
    farm = Producer.objects.filter(quartier=scene.quartier).order_by("pk").first()
    assert farm is not None
    contract = services.contract_create(
        producer=farm,
        actor=scene.coordinator,
        sizes=[
            services.Size("Petit panier", 1200),
            services.Size("Grand panier", 2000),
            services.Size("Demi-part", 1200, every=2),
        ],
        dates_off=[],
        title="Légumes — saison",
        description="Les légumes de la ferme.",
        starts_on=cycle.distribution_date,
        ends_on=cycle.distribution_date + datetime.timedelta(days=63),
        signing_opens_at=now - datetime.timedelta(days=1),
        signing_closes_at=now + datetime.timedelta(days=5),
        capacity=MEMBERS * 3,
        terms="Je prends mon panier à chaque distribution.",
        jokers=2,
        absence_deadline_hours=48,
    )
    first = ContractDate.objects.get(contract=contract, date=cycle.distribution_date)
    assert first.cycle_id == cycle.pk
    sizes = list(contract.sizes.order_by("pk"))
    subscriptions = [
        services.subscription_create(
            contract=contract,
            member=member,
            actor=member,
            size=sizes[number % 3],
            shares=1 + (number % 7 == 0),
            instalments=3,
            accepted_terms=True,
        )
        for number, member in enumerate(scene.members)
    ]
    late = {subscription.pk for subscription in rng.sample(subscriptions, MEMBERS // 10)}
    Instalment.objects.filter(subscription__contract=contract, position=1).exclude(
        subscription_id__in=late
    ).update(state="received")
    _absences(scene, subscriptions, first, rng)
    return contract


def _absences(
    scene: Scene, subscriptions: list[Subscription], first: ContractDate, rng: random.Random
) -> None:
    away = rng.sample(subscriptions, 25)
    members = scene.members
    for number, subscription in enumerate(away):
        member = subscription.subscriber
        neighbour = members[(members.index(member) + 1) % len(members)]
        fate = "neighbour" if number < 10 else "offered" if number < 20 else "association"
        absence = absences.absence_mark(
            subscription=subscription,
            date=first,
            actor=member,
            fate=fate,
            neighbour=neighbour if fate == "neighbour" else None,
            association="Restos du cœur" if fate == "association" else "",
        )
        if fate == "offered" and number < 15:
            taker = members[(members.index(member) + 2) % len(members)]
            absences.basket_take(absence=absence, actor=taker)


def run() -> list[Row]:
    rng = random.Random(17)
    scene = populate(lines=(LINES,), name="pickup")
    floor = scene.cycles[LINES]
    merged = cycle_with_orders(scene, random.Random(2_000), LINES, in_days=IN_DAYS)
    season(scene, merged, rng)
    if connection.vendor == "postgresql":
        analyze(
            OrderLine,
            Order,
            CycleProduct,
            Product,
            Producer,
            Payment,
            Volunteer,
            VolunteerRole,
            OrderCycle,
            Contract,
            ContractDate,
            ShareSize,
            Subscription,
            Instalment,
            Absence,
            User,
            Membership,
            Quartier,
        )
    reset_queries()
    client = Client()
    client.force_login(scene.coordinator)

    def page(cycle: OrderCycle) -> object:
        response = client.get(f"/produce/cycles/{cycle.pk}/reports/")
        assert response.status_code == 200, response.status_code
        return response

    def pdf(cycle: OrderCycle) -> object:
        content = exports.report_pdf("pickup", reports.load(cycle))
        assert content.startswith(b"%PDF")
        return content

    gc.collect()
    gc.freeze()
    rows = []
    try:
        for case, build, repeat in (("page", page, REPEAT["page"]), ("PDF", pdf, REPEAT["pdf"])):
            timed = interleaved(
                {"floor": partial(build, floor), "merged": partial(build, merged)}, repeat=repeat
            )
            low, site = timed["floor"], timed["merged"]
            rows.append(
                Row(
                    NAME,
                    f"floor: {LINES:,} lines, no contract, {case}",
                    low.median_ms,
                    low.p90_ms,
                    low.queries,
                    "1.0×",
                )
            )
            rows.append(
                Row(
                    NAME,
                    f"merged: {LINES:,} lines + {MEMBERS} contract members, {case}",
                    site.median_ms,
                    site.p90_ms,
                    site.queries,
                    f"{site.median_ms / low.median_ms:.2f}×",
                )
            )
    finally:
        gc.unfreeze()
    return rows
