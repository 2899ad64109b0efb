"""Finding quartiers near a point among many: the indexed bounding box narrows the candidates
before any distance is computed, against computing the distance to every quartier."""

from __future__ import annotations

import random

from bench.common import Row, measure
from neighbourhood.geo import haversine_km
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import quartier_search, quartiers_with_member_count

NAME = "quartier search"
DESCRIPTION = (
    "quartiers spread over mainland France; search within 10 km of central Lyon. "
    "'bounding box' is the real selector; 'full scan' computes the distance to every quartier."
)
SIZES = [1_000, 10_000]
LYON = (45.7640, 4.8357)


def full_scan(latitude: float, longitude: float, within_km: float) -> list[Quartier]:
    hits = [
        (haversine_km(latitude, longitude, q.latitude, q.longitude), q)
        for q in quartiers_with_member_count()
    ]
    return [q for d, q in sorted(hits, key=lambda hit: hit[0]) if d <= within_km]


def populate(count: int) -> None:
    rng = random.Random(count)
    existing = Quartier.objects.count()
    Quartier.objects.bulk_create(
        Quartier(
            name=f"Quartier {i}",
            slug=f"q-{i}",
            latitude=rng.uniform(43.0, 50.5),
            longitude=rng.uniform(-1.5, 7.5),
            radius_km=1.0,
        )
        for i in range(existing, count)
    )


def run() -> list[Row]:
    rows = []
    for size in SIZES:
        populate(size)
        box = measure(lambda: quartier_search(latitude=LYON[0], longitude=LYON[1], within_km=10))
        scan = measure(lambda: full_scan(LYON[0], LYON[1], 10), repeat=10)
        found = len(quartier_search(latitude=LYON[0], longitude=LYON[1], within_km=10))
        assert found == len(full_scan(LYON[0], LYON[1], 10)), "both must find the same quartiers"
        rows.append(Row(NAME, f"{size:,} quartiers, bounding box ({found} found)", *box, "1.0×"))
        rows.append(
            Row(NAME, f"{size:,} quartiers, full scan", *scan, f"{scan[0] / box[0]:.1f}× slower")
        )
    return rows
