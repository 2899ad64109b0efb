"""A member's calendar over a year: 200 items (the rides they drive, the objects they borrow, the
distributions they ordered for, their volunteer roles, the gatherings they registered for), as
their private feed and as the quartier's calendar page for a month, against the same rows read
with one hand-written SQL query (the floor no code path can go under), in turn in the same run."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, reset_queries
from django.test import Client
from django.utils import timezone

from bench.common import Row
from bench.feed_pages import analyze, queries_of
from bench.object_inventory import interleaved
from exchanges.aid.models import Item, Loan
from exchanges.events.models import Event, Occurrence, Registration
from exchanges.produce.models import Order, OrderCycle, Volunteer, VolunteerRole
from exchanges.rides.models import Ride
from neighbourhood.accounts.models import User
from neighbourhood.calendar import calendar_for
from neighbourhood.quartiers.models import Membership, Quartier

NAME = "member calendar"
PER_KIND = 40  # five kinds: 200 items
SPACING_DAYS = 9  # 40 of each over a year
REPEAT = 30
UNUSABLE = make_password(None)
DESCRIPTION = (
    f"a member with {5 * PER_KIND} items over a year ({PER_KIND} each of rides driven, objects "
    "borrowed, distributions ordered for, volunteer roles and gatherings registered for); "
    "'private feed' builds their whole `.ics` (`neighbourhood.calendar.calendar_for`: every "
    "section, VTIMEZONE, serialised), 'month page' renders the quartier's calendar page for the "
    "busiest month through the test client (session, template and all). 'floor' reads the same "
    "rows and columns with one raw SQL query (UNION ALL of the five kinds) into tuples; each pair "
    "is timed in turn, repeat after repeat, and the ratio is the site's / the floor's."
)

FLOOR = """
SELECT 'ride', r.id, r.departs_at, NULL::date, r.origin_label, r.destination_label, q.timezone
FROM rides_ride r JOIN quartiers_quartier q ON q.id = r.quartier_id
WHERE r.driver_id = %(member)s AND r.kind = 'one_off'
  AND r.departs_at >= %(start)s AND r.departs_at < %(end)s {ride_quartier}
UNION ALL
SELECT 'loan', l.id, NULL, l.starts_on, i.title, o.display_name, q.timezone
FROM aid_loan l JOIN aid_item i ON i.id = l.item_id JOIN accounts_user o ON o.id = i.owner_id
JOIN quartiers_quartier q ON q.id = i.quartier_id
WHERE (l.borrower_id = %(member)s OR i.owner_id = %(member)s)
  AND l.status IN ('accepted', 'handed_over') AND l.ends_on >= %(first)s
  AND l.starts_on <= %(last)s {loan_quartier}
UNION ALL
SELECT 'distribution', c.id, NULL, c.distribution_date, c.title, c.place, q.timezone
FROM produce_ordercycle c JOIN quartiers_quartier q ON q.id = c.quartier_id
WHERE c.distribution_date BETWEEN %(first)s AND %(last)s {cycle_quartier}
  AND EXISTS (SELECT 1 FROM produce_order o WHERE o.cycle_id = c.id AND o.member_id = %(member)s)
UNION ALL
SELECT 'role', v.id, NULL, c.distribution_date, vr.name, c.title, q.timezone
FROM produce_volunteer v JOIN produce_volunteerrole vr ON vr.id = v.role_id
JOIN produce_ordercycle c ON c.id = vr.cycle_id JOIN quartiers_quartier q ON q.id = c.quartier_id
WHERE v.member_id = %(member)s AND c.distribution_date BETWEEN %(first)s AND %(last)s
  {cycle_quartier}
UNION ALL
SELECT 'event', g.id, oc.starts_at, oc.date, e.title, e.address, q.timezone
FROM events_registration g JOIN events_occurrence oc ON oc.id = g.occurrence_id
JOIN events_event e ON e.id = oc.event_id JOIN quartiers_quartier q ON q.id = e.quartier_id
WHERE g.member_id = %(member)s AND g.status IN ('registered', 'waiting')
  AND oc.date BETWEEN %(first)s AND %(last)s {event_quartier}
"""


def populate(
    *, per_kind: int | None = None, spacing_days: int | None = None, slug: str = "bench-calendar"
) -> tuple[Quartier, User]:
    """A quartier, a member and ``per_kind`` items of each kind (PER_KIND), one every
    ``spacing_days`` days (SPACING_DAYS) from tomorrow, in the quartier's afternoons."""
    per_kind = PER_KIND if per_kind is None else per_kind
    spacing_days = SPACING_DAYS if spacing_days is None else spacing_days
    quartier = Quartier.objects.create(
        name="Calendrier", slug=slug, latitude=45.77, longitude=4.83, timezone="Europe/Paris"
    )
    zone = quartier.zone
    member, neighbour = User.objects.bulk_create(
        [
            User(email=f"member@{slug}.example", display_name="Membre", password=UNUSABLE),
            User(email=f"neighbour@{slug}.example", display_name="Voisine", password=UNUSABLE),
        ]
    )
    Membership.objects.bulk_create(
        Membership(quartier=quartier, user=user) for user in (member, neighbour)
    )
    today = timezone.localdate(timezone=zone)
    days = [today + datetime.timedelta(days=1 + n * spacing_days) for n in range(per_kind)]

    def at(day: datetime.date, hour: int) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour)).replace(tzinfo=zone)

    Ride.objects.bulk_create(
        Ride(
            quartier=quartier,
            driver=member,
            kind=Ride.Kind.ONE_OFF,
            origin_label="Place de la Croix-Rousse",
            origin_latitude=45.7745,
            origin_longitude=4.8320,
            destination_label="Gare Part-Dieu",
            destination_latitude=45.7606,
            destination_longitude=4.8594,
            departs_at=at(day, 8),
        )
        for day in days
    )
    items = Item.objects.bulk_create(
        Item(
            quartier=quartier, owner=neighbour, mode="lend", title=f"Perceuse {n}", category="tools"
        )
        for n in range(per_kind)
    )
    Loan.objects.bulk_create(
        Loan(
            item=item,
            borrower=member,
            starts_on=day,
            ends_on=day + datetime.timedelta(days=2),
            status=Loan.Status.ACCEPTED,
        )
        for item, day in zip(items, days, strict=True)
    )
    now = timezone.now()
    cycles = OrderCycle.objects.bulk_create(
        OrderCycle(
            quartier=quartier,
            title=f"Panier {n}",
            distribution_date=day,
            distribution_start=datetime.time(18),
            distribution_end=datetime.time(19, 30),
            place="Maison des associations",
            opens_at=now,
            closes_at=at(day, 12),
        )
        for n, day in enumerate(days)
    )
    Order.objects.bulk_create(Order(cycle=cycle, member=member) for cycle in cycles)
    roles = VolunteerRole.objects.bulk_create(
        VolunteerRole(cycle=cycle, name="Distribution") for cycle in cycles
    )
    Volunteer.objects.bulk_create(Volunteer(role=role, member=member) for role in roles)
    events = Event.objects.bulk_create(
        Event(
            quartier=quartier,
            organiser=neighbour,
            title=f"Atelier {n}",
            address="EPN, 3 rue Dumenge",
            starts_at=at(day, 14),
            ends_at=at(day, 17),
            registration=True,
            capacity=12,
        )
        for n, day in enumerate(days)
    )
    occurrences = Occurrence.objects.bulk_create(
        Occurrence(
            event=event,
            date=day,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            capacity=12,
            taken=1,
        )
        for event, day in zip(events, days, strict=True)
    )
    Registration.objects.bulk_create(
        Registration(occurrence=occurrence, member=member, status=Registration.Status.REGISTERED)
        for occurrence in occurrences
    )
    if connection.vendor == "postgresql":
        analyze(Ride, Loan, Item, OrderCycle, Order, Volunteer, Event, Occurrence, Registration)
    reset_queries()
    return quartier, member


def floor(
    member: User, first: datetime.date, last: datetime.date, quartier: Quartier | None = None
) -> list[tuple[object, ...]]:
    """The same rows, one raw query: in ``quartier`` only (the page), or in every quartier."""
    zone = quartier.zone if quartier else datetime.UTC
    start = datetime.datetime.combine(first, datetime.time.min).replace(tzinfo=zone)
    end = datetime.datetime.combine(last, datetime.time.max).replace(tzinfo=zone)
    only = "AND {} = %(quartier)s" if quartier else ""
    sql = FLOOR.format(
        ride_quartier=only.format("r.quartier_id"),
        loan_quartier=only.format("i.quartier_id"),
        cycle_quartier=only.format("c.quartier_id"),
        event_quartier=only.format("e.quartier_id"),
    )
    params: dict[str, Any] = {
        "member": member.pk,
        "first": first,
        "last": last,
        "start": start,
        "end": end,
        "quartier": quartier.pk if quartier else None,
    }
    if connection.vendor != "postgresql":
        sql = sql.replace("NULL::date", "NULL")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def run() -> list[Row]:
    quartier, member = populate()
    zone = quartier.zone
    today = timezone.localdate(timezone=zone)
    rows: list[Row] = []

    def feed() -> bytes:
        with timezone.override(zone):
            return calendar_for(user=member)

    year = (today - datetime.timedelta(days=31), today + datetime.timedelta(days=366))
    assert feed().count(b"BEGIN:VEVENT") == len(floor(member, *year)) == 5 * PER_KIND
    (site, site_p90), (low, low_p90) = interleaved(feed, lambda: floor(member, *year), REPEAT)
    items = f"{5 * PER_KIND} items"
    rows.append(
        Row(NAME, f"{items}, private feed", site, site_p90, queries_of(feed), _ratio(site, low))
    )
    rows.append(Row(NAME, f"{items}, private feed, floor", low, low_p90, 1, "1.0×"))

    client = Client()
    client.force_login(member)
    month = (today + datetime.timedelta(days=40)).replace(day=1)
    last = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    address = f"/calendar/in/{quartier.slug}/month/{month:%Y-%m}/"

    def page() -> bytes:
        response = client.get(address)
        assert response.status_code == 200
        return response.content

    shown = len(floor(member, month, last, quartier))
    (site, site_p90), (low, low_p90) = interleaved(
        page, lambda: floor(member, month, last, quartier), REPEAT
    )
    case = f"{items}, month page ({shown} that month)"
    rows.append(Row(NAME, case, site, site_p90, queries_of(page), _ratio(site, low)))
    rows.append(Row(NAME, f"{case}, floor", low, low_p90, 1, "1.0×"))
    return rows


def _ratio(site: float, low: float) -> str:
    return f"{site / low:.2f}×"
