"""An AMAP's close of cycle: the reports, their CSV and their PDF built for a cycle of 2,000
order lines and for one of 500, to show that the queries do not grow with the orders; then 200
members buying the last 50 units of a product at the same moment, to show that the stock is
never oversold."""

from __future__ import annotations

import datetime
import gc
import random
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.contrib.auth.hashers import make_password
from django.db import connection, reset_queries
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from bench.common import Row, interleaved, scaled
from bench.feed_pages import analyze
from exchanges.produce import exports, reports, services
from exchanges.produce.models import (
    CycleProduct,
    Order,
    OrderCycle,
    OrderLine,
    Payment,
    Producer,
    Product,
    Unit,
    Volunteer,
)
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership, Quartier

NAME = "produce reports"
MEMBERS = 150
PRODUCERS = 10
PRODUCTS = 200
LINES = (scaled(2_000), scaled(500))
PICKUP_PDF_TARGET_MS = 300  # the pick-up PDF at 2,000 lines
RATIO_TARGET = 4.5  # every report at 2,000 lines against 500
BUYERS = 200
UNITS = 50
# The buyers share at most this many connections, as web processes share a pool (pgbouncer):
# 200 at once would pass PostgreSQL's default max_connections (100), shared with whoever else
# uses the server. Fewer if the server has fewer free.
POOL = 50
REPEAT = {"report": 20, "csv": 10, "pdf": 8}
UNUSABLE = make_password(None)  # the members never log in
FOODS = [
    ("Œufs", Unit.BOX, "boîte de 6"),
    ("Panier de légumes", Unit.BASKET, ""),
    ("Pommes", Unit.KG, ""),
    ("Miel de châtaignier", Unit.PIECE, "pot de 500 g"),
    ("Pain au levain", Unit.PIECE, "environ 1 kg"),
    ("Yaourt nature", Unit.BOX, "4 pots"),
    ("Confiture d'abricots", Unit.PIECE, "pot de 350 g"),
    ("Jus de pomme", Unit.L, ""),
    ("Lentilles vertes", Unit.KG, ""),
    ("Épinards", Unit.BUNCH, ""),
]
CHEESES = ["Tomme de chèvre", "Fromage de brebis", "Rigotte de Condrieu", "Saucisson sec"]
DESCRIPTION = (
    f"one cycle with {MEMBERS} members ordering {LINES[0]:,} lines (and one with {LINES[1]:,}) "
    f"from {PRODUCERS} producers and {PRODUCTS} products, one in ten weighed (half of those "
    "weighed already), a quarter of the offers limited, payments recorded for half the orders, "
    "three volunteers. Each report is `reports.load` and its grouping; each CSV and PDF is "
    "`reports.load` and `exports.report_csv` or `exports.report_pdf` (what the `reports` queue's "
    "task builds before storing the file); the two sizes of each are timed in turn "
    "(`bench.common.interleaved`), the ratio is the time "
    f"at {LINES[0]:,} lines over the time at {LINES[1]:,} (target ≤ {RATIO_TARGET}×), the "
    f"pick-up PDF's row also gives its build time against the {PICKUP_PDF_TARGET_MS} ms target, "
    "and the queries are the same at both "
    f"sizes. Then {BUYERS} members, each in a thread of their own started by one barrier, each "
    f"order 1 unit of a product with {UNITS} left through `services.order_place`, through at "
    f"most {POOL} connections at a time (a pool); the case says how many were sold and refused "
    "('Sold out.'), checked against the stock and the lines (or the run fails); median and p90 "
    "are one buyer's time, queries one buyer's, the wall time is in the ratio column. "
    "PostgreSQL only: SQLite has no row locks and one writer."
)


@dataclass
class Scene:
    quartier: Quartier
    coordinator: User
    members: list[User]
    products: list[Product]
    cycles: dict[int, OrderCycle] = field(default_factory=dict)  # by number of lines


def populate(
    *,
    members: int = MEMBERS,
    producers: int = PRODUCERS,
    products: int = PRODUCTS,
    lines: tuple[int, ...] = LINES,
    seed: int = 2_000,
    name: str = "produce",
) -> Scene:
    """`name` keeps the quartier's slug and the accounts apart when another scenario of the
    same run builds its own AMAP."""
    rng = random.Random(seed)
    quartier = Quartier.objects.create(
        name="AMAP de la Croix-Rousse", slug=f"bench-{name}", latitude=45.7745, longitude=4.832
    )
    coordinator = User.objects.create_user(email=f"{name}-coordinator@bench.example")
    people = User.objects.bulk_create(
        User(
            email=f"{name}-member-{i}@bench.example",
            display_name=f"{rng.choice(['Élodie', 'Amélie', 'Bernard', 'Zoé'])} Voisin {i}",
            password=UNUSABLE,
        )
        for i in range(members)
    )
    Membership.objects.bulk_create(
        [
            Membership(quartier=quartier, user=coordinator, role=Membership.Role.COORDINATOR),
            *(Membership(quartier=quartier, user=user) for user in people),
        ]
    )
    farms = Producer.objects.bulk_create(
        Producer(quartier=quartier, farm_name=f"Ferme n° {i + 1:02d}", name=f"Producteur {i + 1}")
        for i in range(producers)
    )
    scene = Scene(quartier, coordinator, people, _products(rng, farms, products))
    for count in lines:
        scene.cycles[count] = cycle_with_orders(scene, rng, count)
    if connection.vendor == "postgresql":
        analyze(OrderLine, Order, CycleProduct, Product, Producer, Payment, Volunteer, User)
    reset_queries()
    return scene


def _products(rng: random.Random, farms: list[Producer], count: int) -> list[Product]:
    """One product in ten is a cheese or a saucisson sold by weight, priced per kg."""
    rows = []
    for i in range(count):
        if i % 10 == 9:
            name, unit, per_unit, weighed = CHEESES[i % len(CHEESES)], Unit.KG, "", True
        else:
            name, unit, per_unit = FOODS[i % len(FOODS)]
            weighed = False
        rows.append(
            Product(
                producer=farms[i % len(farms)],
                name=f"{name} {i // len(farms) + 1}",
                unit=unit,
                per_unit=per_unit,
                price_cents=rng.randrange(150, 3000, 10),
                is_weighed=weighed,
            )
        )
    return Product.objects.bulk_create(rows)


def cycle_with_orders(
    scene: Scene, rng: random.Random, lines: int, *, in_days: int = 3
) -> OrderCycle:
    """A cycle opened through the service, distributed `in_days`, then its orders written as
    `services.order_place` stores them (tests/exchanges/produce/test_bench.py holds them to
    it), in a few queries."""
    now = timezone.now()
    cycle = services.cycle_create(
        quartier=scene.quartier,
        actor=scene.coordinator,
        offers=[services.Offer(product) for product in scene.products],
        roles=[("Responsable de distribution", 2), ("Accueil", 2)],
        title=f"Distribution de {lines} lignes",
        distribution_date=timezone.localdate() + datetime.timedelta(days=in_days),
        distribution_start=datetime.time(18),
        distribution_end=datetime.time(19, 30),
        place="Maison des associations, 12 rue d'Austerlitz",
        opens_at=now - datetime.timedelta(days=2),
        closes_at=now + datetime.timedelta(days=2),
    )
    offers = list(cycle.offers.select_related("product__producer"))
    orders = Order.objects.bulk_create(Order(cycle=cycle, member=m) for m in scene.members)
    rows: list[OrderLine] = []
    for number, order in enumerate(orders):
        share = lines // len(orders) + (1 if number < lines % len(orders) else 0)
        for offer in rng.sample(offers, min(share, len(offers))):
            line = line_row(order, offer, rng.choice([1, 1, 1, 2, 2, 3]))
            if offer.product.is_weighed and rng.random() < 0.5:
                line.weight_grams = line.quantity * rng.randint(250, 1500)
            rows.append(line)
    OrderLine.objects.bulk_create(rows, batch_size=1_000)
    take_stock(offers, rows, rng)
    _payments(rng, orders, rows)
    roles = list(cycle.roles.all())
    Volunteer.objects.bulk_create(
        Volunteer(role=roles[i % len(roles)], member=member)
        for i, member in enumerate(rng.sample(scene.members, min(3, len(scene.members))))
    )
    return cycle


def line_row(order: Order, offer: CycleProduct, quantity: int) -> OrderLine:
    """A line as `services.order_place` writes it: the product's price of the day, no weight."""
    return OrderLine(
        order=order, offer=offer, quantity=quantity, unit_price_cents=offer.product.price_cents
    )


def take_stock(offers: list[CycleProduct], lines: list[OrderLine], rng: random.Random) -> None:
    """What the service's conditional updates leave: each offer counts the units of its lines;
    a quarter of them are limited, some to exactly what was ordered (sold out)."""
    ordered: dict[int, int] = defaultdict(int)
    for line in lines:
        ordered[line.offer_id] += line.quantity
    for offer in offers:
        offer.quantity_ordered = ordered[offer.pk]
        if rng.random() < 0.25:
            offer.quantity_available = offer.quantity_ordered + rng.choice([0, 0, 5, 20])
    CycleProduct.objects.bulk_update(offers, ["quantity_ordered", "quantity_available"])


def _payments(rng: random.Random, orders: list[Order], lines: list[OrderLine]) -> None:
    """Half the orders paid by cheque, one a producer, as `services.payment_record` keeps them."""
    owed: dict[tuple[int, int], int] = defaultdict(int)
    for line in lines:
        key = (line.order_id, line.offer.product.producer_id)
        owed[key] += line.amount_cents or 0
    paid = {order.pk for order in orders if rng.random() < 0.5}
    Payment.objects.bulk_create(
        Payment(
            order_id=order_id,
            producer_id=producer_id,
            method=Payment.Method.CHEQUE,
            cheque_number=f"{rng.randint(1, 9_999_999):07d}",
            amount_cents=cents,
            status=Payment.Status.RECEIVED,
        )
        for (order_id, producer_id), cents in owed.items()
        if order_id in paid
    )


def builds(cycle: OrderCycle) -> dict[str, tuple[str, Callable[[], object]]]:
    """Each thing measured, by name, with its kind (for the number of repeats)."""

    def grouped(group: Callable[[reports.Lines], object]) -> object:
        return group(reports.load(cycle))

    def exported(build: Callable[[str, reports.Lines], object], report: str) -> object:
        return build(report, reports.load(cycle))

    actions: dict[str, tuple[str, Callable[[], object]]] = {
        "totals per producer": ("report", partial(grouped, reports.producer_totals)),
        "pick-up list": ("report", partial(grouped, reports.pickup_list)),
        "packing": ("report", partial(grouped, reports.packing)),
        "volunteers by role": ("report", partial(grouped, reports.volunteers_by_role)),
    }
    for report in exports.REPORTS:
        for kind, build in (("csv", exports.report_csv), ("pdf", exports.report_pdf)):
            actions[f"{report} {kind.upper()}"] = (kind, partial(exported, build, report))
    return actions


def measured(scene: Scene, *, repeat: dict[str, int] | None = None) -> list[Row]:
    """Each report at each size, the sizes timed in turn; the ratio compares the largest cycle
    with the smallest. Fails loudly if a report takes more queries for more lines."""
    repeat = repeat or REPEAT
    sizes = sorted(scene.cycles, reverse=True)
    largest, smallest = sizes[0], sizes[-1]
    by_size = {size: builds(scene.cycles[size]) for size in sizes}
    rows = []
    for name, (kind, _action) in by_size[largest].items():
        reset_queries()  # a full query log counts no query
        timed = interleaved(
            {f"{size}": by_size[size][name][1] for size in sizes}, repeat=repeat[kind]
        )
        for size in sizes:
            figures = timed[f"{size}"]
            ratio = "—"
            if size == largest and largest != smallest:
                small = timed[f"{smallest}"]
                if figures.queries != small.queries:
                    raise AssertionError(
                        f"{name}: {figures.queries} queries at {size:,} lines, {small.queries} "
                        f"at {smallest:,}: the queries grow with the orders"
                    )
                ratio = (
                    f"{figures.median_ms / small.median_ms:.1f}× {smallest:,} lines "
                    f"(target ≤ {RATIO_TARGET}×, same queries)"
                )
                if name == "pickup PDF":
                    ratio += (
                        f"; build {figures.median_ms:.0f} ms (target ≤ {PICKUP_PDF_TARGET_MS} ms)"
                    )
            rows.append(
                Row(
                    NAME,
                    f"{size:,} lines, {name}",
                    figures.median_ms,
                    figures.p90_ms,
                    figures.queries,
                    ratio,
                )
            )
    return rows


@dataclass
class Race:
    buyers: int
    units: int
    pool: int
    sold: int
    refused: int
    ordered: int  # the offer's count after the race
    in_lines: int  # the units in order lines after the race
    wall_ms: float
    timings: list[float] = field(repr=False)
    queries: int  # one buyer's


def free_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_connections')::int"
            " - current_setting('superuser_reserved_connections')::int"
            " - (SELECT count(*) FROM pg_stat_activity)"
        )
        return int(cursor.fetchone()[0])


def race(scene: Scene, *, buyers: int = BUYERS, units: int = UNITS, pool: int = POOL) -> Race:
    """``buyers`` members released together by a barrier, each in a thread with its own
    connection, each ordering one of the ``units`` left. Fails loudly unless exactly ``units``
    are sold, the others refused as sold out, and the stock agrees with the lines."""
    pool = max(1, min(buyers, pool, free_connections() // 2))
    people = User.objects.bulk_create(
        User(email=f"produce-buyer-{i}@bench.example", display_name=f"B{i}", password=UNUSABLE)
        for i in range(buyers)
    )
    Membership.objects.bulk_create(Membership(quartier=scene.quartier, user=u) for u in people)
    now = timezone.now()
    cycle = services.cycle_create(
        quartier=scene.quartier,
        actor=scene.coordinator,
        offers=[services.Offer(scene.products[0], quantity_available=units)],
        title="Les dernières fraises",
        distribution_date=timezone.localdate() + datetime.timedelta(days=3),
        distribution_start=datetime.time(18),
        distribution_end=datetime.time(19, 30),
        place="Maison des associations",
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=2),
    )
    offer = cycle.offers.get()
    # Each buyer reads the cycle on its own row object, as each request would.
    cycles = [
        OrderCycle.objects.select_related("quartier", "conversation").get(pk=cycle.pk)
        for _ in people
    ]
    barrier = threading.Barrier(buyers + 1)
    gate = threading.BoundedSemaphore(pool)
    results: list[object] = [None] * buyers
    timings = [0.0] * buyers
    queries = [0]

    def buy(index: int) -> None:
        try:
            barrier.wait()
            with gate, translation.override("en"):
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    results[index] = services.order_place(
                        cycle=cycles[index], member=people[index], quantities={offer.pk: 1}
                    )
                timings[index] = (time.perf_counter() - started) * 1000
                if index == 0:
                    queries[0] = len(captured.captured_queries)
        except Exception as error:  # reported below: the race must not hide a crash
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=buy, args=(i,)) for i in range(buyers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join(timeout=120)
    wall_ms = (time.perf_counter() - started) * 1000
    return _checked(results, offer, units, pool, wall_ms, timings, queries[0])


def _checked(
    results: list[object],
    offer: CycleProduct,
    units: int,
    pool: int,
    wall_ms: float,
    timings: list[float],
    queries: int,
) -> Race:
    crashed = [result for result in results if not isinstance(result, services.OrderResult)]
    if crashed:
        raise AssertionError(f"{len(crashed)} buyers failed: {crashed[:3]}")
    outcomes = [result for result in results if isinstance(result, services.OrderResult)]
    sold = sum(1 for r in outcomes if r.order is not None and not r.refused)
    refused = sum(1 for r in outcomes if r.refused == {offer.pk: "Sold out."})
    offer.refresh_from_db()
    in_lines = OrderLine.objects.filter(offer=offer).aggregate(units=Sum("quantity"))["units"]
    outcome = Race(
        buyers=len(results),
        units=units,
        pool=pool,
        sold=sold,
        refused=refused,
        ordered=offer.quantity_ordered,
        in_lines=in_lines or 0,
        wall_ms=wall_ms,
        timings=timings,
        queries=queries,
    )
    held = (sold, refused, outcome.ordered, outcome.in_lines) == (
        units,
        len(results) - units,
        units,
        units,
    )
    if not held or (offer.quantity_left or 0) < 0:
        raise AssertionError(f"the stock was not held: {outcome}")
    return outcome


def race_row(outcome: Race) -> Row:
    timings = sorted(outcome.timings)
    return Row(
        NAME,
        f"{outcome.buyers} buyers at once for the last {outcome.units} units "
        f"({outcome.pool} connections at most): {outcome.sold} sold, {outcome.refused} refused "
        f"“Sold out.”; stock counts {outcome.ordered} ordered, the lines {outcome.in_lines}",
        statistics.median(timings),
        timings[min(len(timings) - 1, int(len(timings) * 0.9))],
        outcome.queries,
        f"wall {outcome.wall_ms:.0f} ms",
    )


def run() -> list[Row]:
    scene = populate()
    # What the set-up left in memory lives for the whole run, which no web process would hold:
    # frozen, it is left out of the collections that loading 2,000 lines sets off (without
    # this, half the time of a load at 2,000 lines is the collector walking the bench's heap).
    gc.collect()
    gc.freeze()
    try:
        return rows_for(scene)
    finally:
        gc.unfreeze()


def rows_for(
    scene: Scene,
    *,
    repeat: dict[str, int] | None = None,
    buyers: int = BUYERS,
    units: int = UNITS,
) -> list[Row]:
    rows = measured(scene, repeat=repeat)
    if connection.vendor != "postgresql":
        print(f"{NAME}: the {buyers} buyers' race needs PostgreSQL's row locks; skipped on SQLite.")
        return [*rows, Row(NAME, f"{buyers} buyers at once: skipped on SQLite", 0, 0, 0, "—")]
    return [*rows, race_row(race(scene, buyers=buyers, units=units))]
