"""The quartier's inventory of objects: a word search and the availability on one date, through
the selector, against the same rows read with one hand-written SQL query (the floor no code
path can go under), measured in turn in the same run."""

from __future__ import annotations

import datetime
import random
import statistics
import time
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import connection, reset_queries
from django.utils import timezone

from bench.common import Row
from bench.feed_pages import analyze, queries_of
from exchanges.aid.models import Item, ItemCategory, Loan
from exchanges.aid.selectors.objects import INVENTORY_LIMIT, inventory
from exchanges.aid.services.objects.items import search_keys
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership, Quartier

NAME = "object inventory"
OBJECTS = 20_000
OWNERS = 400
LOANS = 8_000
BATCH = 2_000
REPEAT = 40
UNUSABLE = make_password(None)
DESCRIPTION = (
    f"one quartier with {OBJECTS:,} objects (four in five to lend) and {LOANS:,} loans (half of "
    "them accepted, the others only asked, over the coming two months; one in forty handed over "
    "and late, holding its object from today on); the inventory selector "
    "(`exchanges.aid.selectors.objects.inventory`, one query, owners joined, "
    f"LIMIT {INVENTORY_LIMIT}) for a word, for the objects available on one date (NOT EXISTS "
    "over the holding loans, index loan_holding_dates), and both with a category. 'floor' is the "
    "same rows and columns (object and owner) read with one raw SQL query into tuples; the two "
    "are timed in turn, repeat after repeat, and "
    "the ratio is selector / floor. The tables are ANALYZEd after the bulk load."
)
THINGS = [
    ("Perceuse à percussion", "tools"),
    ("Échelle télescopique", "house"),
    ("Tondeuse électrique", "garden"),
    ("Appareil à raclette", "kitchen"),
    ("Poussette pliable", "children"),
    ("Tente deux places", "sport"),
    ("Vidéoprojecteur", "electronics"),
    ("Jeu de société Carcassonne", "games"),
]

FLOOR = """
SELECT i.*, u.*
FROM aid_item i JOIN accounts_user u ON u.id = i.owner_id
WHERE i.quartier_id = %s AND i.status = 'available' {where}
ORDER BY i.created_at DESC, i.id DESC
LIMIT {limit}
"""
WORD = "AND i.search_keys LIKE %s"
CATEGORY = "AND i.category = %s"
# A loan holds its dates; a late one (lent out, its last day passed) every day from today on.
AVAILABLE = """AND i.mode = 'lend' AND NOT EXISTS (
    SELECT 1 FROM aid_loan l WHERE l.item_id = i.id AND l.status IN ('accepted', 'handed_over')
    AND ((l.starts_on <= %s AND l.ends_on >= %s) OR (l.ends_on < %s AND (
        l.status = 'handed_over' OR l.handed_over_by_owner_at IS NOT NULL
        OR l.handed_over_by_borrower_at IS NOT NULL))))"""


def populate() -> Quartier:
    rng = random.Random(OBJECTS)
    quartier = Quartier.objects.create(
        name="Inventaire", slug="bench-objects", latitude=45.77, longitude=4.83
    )
    owners = User.objects.bulk_create(
        User(email=f"owner-{i}@bench.example", display_name=f"Voisin {i}", password=UNUSABLE)
        for i in range(OWNERS)
    )
    Membership.objects.bulk_create(Membership(quartier=quartier, user=user) for user in owners)
    start = timezone.now() - datetime.timedelta(days=365)
    items = []
    for i in range(OBJECTS):
        title, category = THINGS[i % len(THINGS)]
        lend = rng.random() < 0.8
        moment = start + datetime.timedelta(minutes=20 * i)
        item = Item(
            quartier=quartier,
            owner=rng.choice(owners),
            mode=Item.Mode.LEND if lend else Item.Mode.GIVE,
            title=f"{title} n° {i}",
            description="Bon état, à venir chercher le soir.",
            category=category,
            max_days=7 if lend else None,
            created_at=moment,
            updated_at=moment,
        )
        item.search_keys = search_keys(item)
        items.append(item)
    Item.objects.bulk_create(items, batch_size=BATCH)
    lent = [item for item in items if item.mode == Item.Mode.LEND]
    today = timezone.localdate()
    loans = []
    # Each object lent at most once here: no two holding loans of one object overlap. One in
    # forty is late: handed over a fortnight ago, due back days ago.
    for n, item in enumerate(rng.sample(lent, LOANS)):
        late = n % 40 == 1
        starts_on = today + datetime.timedelta(days=-14 if late else rng.randint(0, 60))
        loans.append(
            Loan(
                item=item,
                borrower=rng.choice(owners),
                starts_on=starts_on,
                ends_on=starts_on + datetime.timedelta(days=rng.randint(0, 6)),
                status=Loan.Status.HANDED_OVER
                if late
                else Loan.Status.ACCEPTED
                if n % 2
                else Loan.Status.ASKED,
            )
        )
    Loan.objects.bulk_create(loans, batch_size=BATCH)
    analyze(Item, Loan, User)
    reset_queries()
    return quartier


def floor(
    quartier: Quartier, *, word: str = "", category: str = "", day: datetime.date | None = None
) -> list[tuple[object, ...]]:
    where: list[str] = []
    params: list[int | str | datetime.date] = [quartier.pk]
    if word:
        where.append(WORD)
        params.append(f"%{word}%")
    if category:
        where.append(CATEGORY)
        params.append(category)
    if day is not None:
        where.append(AVAILABLE)
        params += [day, day, timezone.localdate()]
    sql = FLOOR.format(where=" ".join(where), limit=INVENTORY_LIMIT)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def interleaved(
    first: Callable[[], object], second: Callable[[], object], repeat: int = REPEAT
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The median and p90 (ms) of each, timed in turn so a noisy moment hits both alike."""
    first(), second()  # warm up
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for action, timings in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            action()
            timings.append((time.perf_counter() - started) * 1000)
    return _summary(times[0]), _summary(times[1])


def _summary(timings: list[float]) -> tuple[float, float]:
    timings.sort()
    return statistics.median(timings), timings[min(len(timings) - 1, int(len(timings) * 0.9))]


def run() -> list[Row]:
    quartier = populate()
    day = timezone.localdate() + datetime.timedelta(days=10)
    cases = [
        ("word 'perceuse'", {"text": "perceuse"}, {"word": "perceuse"}),
        (f"available on {day:%d/%m}", {"available_on": day}, {"day": day}),
        (
            "word 'raclette', kitchen, available",
            {"text": "raclette", "category": ItemCategory.KITCHEN, "available_on": day},
            {"word": "raclette", "category": ItemCategory.KITCHEN, "day": day},
        ),
    ]
    rows = []
    for case, asked, raw in cases:
        selector = lambda asked=asked: inventory(quartier=quartier, **asked)  # noqa: E731
        by_hand = lambda raw=raw: floor(quartier, **raw)  # noqa: E731
        found, expected = selector(), by_hand()
        assert [item.pk for item in found] == [row[0] for row in expected], case
        (site, site_p90), (low, low_p90) = interleaved(selector, by_hand)
        rows.append(
            Row(
                NAME,
                f"{OBJECTS:,} objects, {case}",
                site,
                site_p90,
                queries_of(selector),
                f"{site / low:.2f}×",
            )
        )
        rows.append(Row(NAME, f"{OBJECTS:,} objects, {case}, floor", low, low_p90, 1, "1.0×"))
    return rows
