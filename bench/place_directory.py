"""The places directory: "help with online forms, open now, near an address" over a quartier of
5,000 places, through the selector, against the same rows read with one hand-written SQL query
(the floor no code path can go under), measured in turn in the same run."""

from __future__ import annotations

import datetime
import math
import random
import zoneinfo

from django.db import connection, reset_queries

from bench.common import Row
from bench.feed_pages import analyze, queries_of
from bench.object_inventory import interleaved
from neighbourhood.places.models import ClosedPeriod, Kind, OpeningHours, Place, Service
from neighbourhood.places.selectors import DIRECTORY_LIMIT, Near, directory, directory_queryset
from neighbourhood.quartiers.models import Quartier

NAME = "place directory"
PLACES = 5_000
BATCH = 2_000
CENTRE = (45.7745, 4.8320)
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
DESCRIPTION = (
    f"one quartier with {PLACES:,} approved places (each with a week of opening hours: a lunch "
    "break on weekdays, some open past midnight, some all day; one in ten closed today by a "
    "closed period, one in twenty with replaced hours), the directory for 'help with online "
    "forms', open now, nearest to a point first: its one query "
    "(`neighbourhood.places.selectors.directory_queryset`: the weekday and local time computed "
    "in Python, compared in SQL through EXISTS subqueries, minus the places closed today, with "
    f"yesterday's intervals past midnight; LIMIT {DIRECTORY_LIMIT}), and the cards "
    "(`directory`: that query, the hours and closed periods prefetched, open until… computed "
    "for each). 'floor' is the same rows read with one raw SQL query into tuples; the two are "
    "timed in turn, repeat after repeat, and the ratio is selector / floor. The tables are "
    "ANALYZEd after the bulk load."
)

FLOOR = """
SELECT p.id, p.name, p.kind, p.address, p.latitude, p.longitude, p.services
FROM places_place p
WHERE p.quartier_id = %(quartier)s AND p.status = 'approved' AND p.kind <> 'meeting_point'
  AND CAST(p.services AS TEXT) LIKE %(service)s
  AND (
    (NOT EXISTS (SELECT 1 FROM places_closedperiod c WHERE c.place_id = p.id
                 AND c.starts_on <= %(today)s AND c.ends_on >= %(today)s)
     AND EXISTS (SELECT 1 FROM places_openinghours h WHERE h.place_id = p.id
                 AND h.weekday = %(weekday)s AND h.opens <= %(at)s
                 AND (h.closes > %(at)s OR h.closes <= h.opens)))
    OR EXISTS (SELECT 1 FROM places_closedperiod c WHERE c.place_id = p.id
               AND c.starts_on <= %(today)s AND c.ends_on >= %(today)s AND c.opens IS NOT NULL
               AND c.opens <= %(at)s AND (c.closes > %(at)s OR c.closes <= c.opens))
    OR (NOT EXISTS (SELECT 1 FROM places_closedperiod c WHERE c.place_id = p.id
                    AND c.starts_on <= %(yesterday)s AND c.ends_on >= %(yesterday)s)
        AND EXISTS (SELECT 1 FROM places_openinghours h WHERE h.place_id = p.id
                    AND h.weekday = %(before)s AND h.closes <= h.opens AND h.closes > %(at)s))
    OR EXISTS (SELECT 1 FROM places_closedperiod c WHERE c.place_id = p.id
               AND c.starts_on <= %(yesterday)s AND c.ends_on >= %(yesterday)s
               AND c.opens IS NOT NULL AND c.closes <= c.opens AND c.closes > %(at)s)
  )
ORDER BY COALESCE((p.latitude - %(lat)s) * (p.latitude - %(lat)s)
                  + (p.longitude - %(lng)s) * %(shrink)s * (p.longitude - %(lng)s) * %(shrink)s,
                  1e9), p.name, p.id
LIMIT %(limit)s
"""


def _t(hour: int, minute: int = 0) -> datetime.time:
    return datetime.time(hour, minute)


WEEKS = [
    # A lunch break on weekdays, Saturday morning.
    [(d, _t(9), _t(12)) for d in range(5)]
    + [(d, _t(14), _t(18)) for d in range(5)]
    + [(5, _t(9), _t(12))],
    # Evenings past midnight, Thursday to Saturday.
    [(d, _t(18), _t(1, 30)) for d in (3, 4, 5)],
    # All day, every day.
    [(d, _t(0), _t(0)) for d in range(7)],
    # Long days, closed on Sunday and Monday.
    [(d, _t(10), _t(19)) for d in range(1, 6)],
]


def populate(today: datetime.date) -> Quartier:
    rng = random.Random(PLACES)
    quartier = Quartier.objects.create(
        name="Annuaire", slug="bench-places", latitude=CENTRE[0], longitude=CENTRE[1]
    )
    kinds = [kind for kind in Kind.values if kind != Kind.MEETING_POINT]
    places = Place.objects.bulk_create(
        (
            Place(
                quartier=quartier,
                kind=rng.choice(kinds),
                name=f"Lieu {i:05d}",
                latitude=CENTRE[0] + rng.uniform(-0.05, 0.05),
                longitude=CENTRE[1] + rng.uniform(-0.07, 0.07),
                services=rng.sample(Service.values, rng.randint(0, 3)),
                status=Place.Status.APPROVED,
            )
            for i in range(PLACES)
        ),
        batch_size=BATCH,
    )
    hours = []
    periods = []
    for n, place in enumerate(places):
        for weekday, opens, closes in WEEKS[n % len(WEEKS)]:
            hours.append(OpeningHours(place=place, weekday=weekday, opens=opens, closes=closes))
        if n % 10 == 3:
            periods.append(ClosedPeriod(place=place, starts_on=today, ends_on=today, label="Férié"))
        elif n % 20 == 7:
            periods.append(
                ClosedPeriod(
                    place=place,
                    starts_on=today - datetime.timedelta(days=1),
                    ends_on=today + datetime.timedelta(days=1),
                    opens=_t(8),
                    closes=_t(12),
                )
            )
    OpeningHours.objects.bulk_create(hours, batch_size=BATCH)
    ClosedPeriod.objects.bulk_create(periods, batch_size=BATCH)
    analyze(Place, OpeningHours, ClosedPeriod)
    reset_queries()
    return quartier


def floor(quartier: Quartier, moment: datetime.datetime, near: Near) -> list[tuple[object, ...]]:
    local = moment.astimezone(quartier.zone).replace(tzinfo=None)
    today = local.date()
    yesterday = today - datetime.timedelta(days=1)
    params: dict[str, int | float | str | datetime.date] = {
        "quartier": quartier.pk,
        "service": f'%"{Service.ONLINE_FORMS}"%',
        "today": today,
        "yesterday": yesterday,
        "weekday": today.weekday(),
        "before": yesterday.weekday(),
        "at": local.time().isoformat(),
        "lat": near.latitude,
        "lng": near.longitude,
        "shrink": math.cos(math.radians(near.latitude)),
        "limit": DIRECTORY_LIMIT,
    }
    with connection.cursor() as cursor:
        cursor.execute(FLOOR, params)
        return cursor.fetchall()


def next_weekday(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def run() -> list[Row]:
    today = datetime.datetime.now(PARIS).date()
    tuesday = next_weekday(today + datetime.timedelta(days=1), 1)
    saturday = next_weekday(today + datetime.timedelta(days=1), 5)
    quartier = populate(tuesday)
    near = Near(CENTRE[0] + 0.004, CENTRE[1] - 0.003)
    cases = [
        ("a Tuesday at 10:30", datetime.datetime.combine(tuesday, _t(10, 30), PARIS)),
        (
            "a Saturday at 00:45, past midnight",
            datetime.datetime.combine(saturday, _t(0, 45), PARIS),
        ),
    ]
    rows = []
    for case, moment in cases:
        asked = {"service": Service.ONLINE_FORMS, "open_now": True, "near": near, "moment": moment}

        def query(asked: dict[str, object] = asked) -> list[Place]:
            return list(directory_queryset(quartier=quartier, **asked)[:DIRECTORY_LIMIT])  # type: ignore[arg-type]

        def cards(asked: dict[str, object] = asked) -> object:
            return directory(quartier=quartier, **asked)  # type: ignore[arg-type]

        def by_hand(moment: datetime.datetime = moment) -> list[tuple[object, ...]]:
            return floor(quartier, moment, near)

        expected = [row[0] for row in by_hand()]
        assert expected and [place.pk for place in query()] == expected, case
        assert all(card.status.is_open for card in cards()), case  # type: ignore[attr-defined]
        (site, site_p90), (low, low_p90) = interleaved(query, by_hand)
        (full, full_p90), (low2, _p90) = interleaved(cards, by_hand)
        label = f"{PLACES:,} places, online forms, open now, near, {case}"
        rows += [
            Row(
                NAME, f"{label}: the query", site, site_p90, queries_of(query), f"{site / low:.2f}×"
            ),
            Row(
                NAME,
                f"{label}: the cards",
                full,
                full_p90,
                queries_of(cards),
                f"{full / low2:.2f}×",
            ),
            Row(NAME, f"{label}, floor", low, low_p90, 1, "1.0×"),
        ]
    return rows
