"""The residents of the digest benchmark and a week of their quartiers' life, written in bulk as
the services store them (feed entries included), so that seeding 10,000 residents takes seconds.

Residents are spread over the quartiers at random, so the residents of one chunk (by id, as
`due_user_ids` returns them) live in every quartier: each chunk reads the news of all of them.
One quartier in ten is quiet: its week ended three days ago and it has no open order cycle, so
its daily readers find nothing new.
"""

from __future__ import annotations

import datetime
import random
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, reset_queries
from django.utils import timezone

from bench.common import scaled
from bench.feed_pages import analyze, entry_of
from bench.produce_reports import FOODS, line_row, take_stock
from bench.ride_matches import between, offset, ride_row, somewhere
from bench.swap_matches import SUBJECTS, swap
from exchanges.produce import services as produce
from exchanges.produce.models import Order, OrderLine, Producer, Product, Volunteer
from exchanges.rides import kinds as ride_kinds
from exchanges.rides import services as rides
from exchanges.rides.models import Ride, RideRequest, WeeklyDeparture
from exchanges.rides.schedule import local_datetime
from exchanges.rides.services.rides import feed_title, reach_of
from exchanges.swaps.models import Swap
from messaging.models import Conversation, DigestPreference, Message, Participant, Report
from neighbourhood.accounts.models import User
from neighbourhood.feed.models import FeedEntry
from neighbourhood.quartiers.models import JoinRequest, Membership, Quartier

RESIDENTS, QUARTIERS = scaled(10_000), scaled(50)  # `make bench SIZE=…`
SWAPS, RIDES, REQUESTS, DIRECTS, THREADS, JOINS = 40, 20, 3, 30, 4, 2
WEEK, QUIET_SINCE = datetime.timedelta(days=7), datetime.timedelta(days=3)
# Timezones and their weights: mostly France, some residents abroad or overseas.
ZONES = {"Europe/Paris": 80, "Europe/London": 8, "America/Montreal": 6, "Indian/Reunion": 6}
BATCH = 2_000
UNUSABLE = make_password(None)  # the residents never log in
NAMES = ["Élodie", "Amélie", "Bernard", "Zoé", "Karim", "Noémie", "Jean-Luc", "Fatou", "Chloé"]
LYON = (45.76, 4.84)


class World(NamedTuple):
    """What every part of the seeding reads."""

    rng: random.Random
    quartiers: list[Quartier]
    members: dict[int, list[User]]  # by the quartier's number, its coordinator first
    now: datetime.datetime


@dataclass
class Scene:
    residents: list[int]  # their ids, in order
    counts: dict[str, int]  # rows written, by kind


def is_quiet(number: int) -> bool:
    return number % 10 == 9


def moment(rng: random.Random, now: datetime.datetime, quiet: bool) -> datetime.datetime:
    """Some time in the last week; in a quiet quartier, more than three days ago."""
    newest = now - (QUIET_SINCE if quiet else datetime.timedelta(minutes=5))
    return newest - (newest - (now - WEEK + datetime.timedelta(hours=1))) * rng.random()


def populate(now: datetime.datetime, seed: int = 7) -> Scene:
    rng = random.Random(seed)
    centres = [somewhere(rng, LYON, 15) for _ in range(QUARTIERS)]
    quartiers = Quartier.objects.bulk_create(
        Quartier(
            name=f"Quartier n° {n + 1:02d}",
            slug=f"bench-digest-{n + 1}",
            latitude=latitude,
            longitude=longitude,
            policy=Quartier.Policy.APPROVAL,
        )
        for n, (latitude, longitude) in enumerate(centres)
    )
    world = World(rng, quartiers, _residents(rng, quartiers, now), now)
    counts = {
        "swaps": _swaps(world),
        "rides": _rides(world),
        "cycles": _cycles(world),
        "messages": _conversations(world),
        "join requests": _join_requests(world),
    }
    if connection.vendor == "postgresql":
        analyze(
            *[User, DigestPreference, Membership, Swap, FeedEntry, Ride, WeeklyDeparture],
            *[RideRequest, Order, OrderLine, Conversation, Participant, Message, Report],
            JoinRequest,
        )
    reset_queries()  # the log keeps 9,000 queries; once full, a capture counts none
    residents = {user.pk for people in world.members.values() for user in people}
    return Scene(sorted(residents), counts)


def _residents(
    rng: random.Random, quartiers: list[Quartier], now: datetime.datetime
) -> dict[int, list[User]]:
    """Everyone due at ``now``: half daily at 0:00, half weekly on today's weekday at 0:00 (in
    their own timezone), all joined months ago. The first of each quartier coordinates it."""
    zones = rng.choices(list(ZONES), weights=list(ZONES.values()), k=RESIDENTS)
    users = User.objects.bulk_create(
        (
            User(
                email=f"digest-{i}@bench.example",
                display_name=f"{rng.choice(NAMES)} {i}",
                password=UNUSABLE,
                language="en" if rng.random() < 0.3 else "fr",
                timezone=zones[i],
                date_joined=now - datetime.timedelta(days=90),
            )
            for i in range(RESIDENTS)
        ),
        batch_size=BATCH,
    )
    DigestPreference.objects.bulk_create(
        (
            DigestPreference(user=user, frequency=DigestPreference.Frequency.DAILY, hour=0)
            if rng.random() < 0.5
            else DigestPreference(
                user=user,
                frequency=DigestPreference.Frequency.WEEKLY,
                weekday=now.astimezone(zoneinfo.ZoneInfo(user.timezone)).weekday(),
                hour=0,
            )
            for user in users
        ),
        batch_size=BATCH,
    )
    members: dict[int, list[User]] = defaultdict(list)
    rows = []
    for user in users:
        home = rng.randrange(len(quartiers))
        # One resident in ten is also a member of the next quartier.
        for number in [home, (home + 1) % len(quartiers)] if rng.random() < 0.1 else [home]:
            role = Membership.Role.COORDINATOR if not members[number] else Membership.Role.MEMBER
            members[number].append(user)
            rows.append(Membership(quartier=quartiers[number], user=user, role=role))
    Membership.objects.bulk_create(rows, batch_size=BATCH)
    return members


def _swaps(world: World) -> int:
    """Offers and wishes on a third of the subjects, so that many of them match."""
    rng, quartiers, members, now = world
    rows = []
    for number, quartier in enumerate(quartiers):
        for i in range(SWAPS):
            category, title, tags = rng.choice(SUBJECTS[:16])
            kind = Swap.Kind.OFFER if i % 2 else Swap.Kind.REQUEST
            row = swap(quartier, rng.choice(members[number]), kind, category, title, tags)
            row.created_at = row.updated_at = moment(rng, now, is_quiet(number))
            rows.append(row)
    Swap.objects.bulk_create(rows, batch_size=BATCH)
    swap_type = ContentType.objects.get_for_model(Swap)
    FeedEntry.objects.bulk_create((entry_of(row, swap_type) for row in rows), batch_size=BATCH)
    return len(rows)


def _ride(
    rng: random.Random, quartier: Quartier, driver: User, today: datetime.date, once: bool
) -> tuple[Ride, dict[int, datetime.time]]:
    start = somewhere(rng, (quartier.latitude, quartier.longitude), 2)
    end = somewhere(rng, start, 25)
    weekly: dict[int, datetime.time] = {}
    departs_at: datetime.datetime | None = None
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    if once:
        day = today + datetime.timedelta(days=rng.randint(1, 10))
        departs_at = local_datetime(day, datetime.time(rng.randint(7, 19), 5 * rng.randrange(12)))
    else:
        for weekday in rng.sample(range(5), rng.randint(1, 3)):
            weekly[weekday] = datetime.time(rng.choice([7, 8, 17, 18]), rng.choice([0, 30]))
        valid_from = today - datetime.timedelta(days=rng.randint(0, 5))
        valid_until = today + datetime.timedelta(days=60)
    ride = ride_row(
        quartier=quartier,
        driver=driver,
        kind=Ride.Kind.ONE_OFF if once else Ride.Kind.REGULAR,
        origin=rides.Place(f"Rue {rng.randint(1, 99)}", *start),
        destination=rides.Place(f"Avenue {rng.randint(1, 99)}", *end),
        departs_at=departs_at,
        valid_from=valid_from,
        valid_until=valid_until,
        seats=rng.randint(1, 4),
    )
    return ride, weekly


def _rides(world: World) -> int:
    """Two rides in three once in the next ten days, the others every week; a few requests,
    through the service, along rides leaving once, so that some of them are served."""
    rng, quartiers, members, now = world
    today = timezone.localdate(now)
    built = []
    for number, quartier in enumerate(quartiers):
        for n in range(RIDES):
            ride, weekly = _ride(rng, quartier, rng.choice(members[number]), today, n % 3 != 2)
            ride.created_at = ride.updated_at = moment(rng, now, is_quiet(number))
            built.append((number, ride, weekly))
    Ride.objects.bulk_create([ride for _n, ride, _w in built], batch_size=BATCH)
    WeeklyDeparture.objects.bulk_create(
        WeeklyDeparture(ride=ride, weekday=weekday, time=clock, **reach_of(ride))
        for _n, ride, weekly in built
        for weekday, clock in weekly.items()
    )
    ride_type = ContentType.objects.get_for_model(Ride)
    FeedEntry.objects.bulk_create(
        FeedEntry(
            kind=ride_kinds.FEED_OFFER,
            quartier_id=ride.quartier_id,
            author_id=ride.driver_id,
            title=feed_title(str(ride), ride.departs_at),
            item_url=ride.get_absolute_url(),
            content_type=ride_type,
            object_id=ride.pk,
            created_at=ride.created_at,
            updated_at=ride.updated_at,
            expires_at=ride.ends_at,
        )
        for _n, ride, _w in built
    )
    once = [(n, ride) for n, ride, _w in built if ride.kind == Ride.Kind.ONE_OFF]
    for number, ride in rng.sample(once, min(len(once), REQUESTS * len(quartiers))):
        _request_along(rng, ride, quartiers[number], members[number])
    return len(built)


def _request_along(rng: random.Random, ride: Ride, quartier: Quartier, people: list[User]) -> None:
    """A one-off request picked up in the first part of the ride, dropped in the last, a few
    hundred metres aside, within half an hour of its departure."""
    start, end = (ride.route[0][0], ride.route[0][1]), (ride.route[-1][0], ride.route[-1][1])
    pickup = between(start, end, rng.uniform(0, 0.4))
    dropoff = between(start, end, rng.uniform(0.6, 1))
    pickup, dropoff = offset(pickup, 0.3, -0.2), offset(dropoff, -0.2, 0.3)
    assert ride.departs_at is not None
    rides.ride_request_create(
        quartier=quartier,
        passenger=rng.choice([person for person in people if person.pk != ride.driver_id]),
        kind=Ride.Kind.ONE_OFF,
        origin=rides.Place("Près de chez moi", *pickup),
        destination=rides.Place("Au travail", *dropoff),
        earliest_at=ride.departs_at - datetime.timedelta(minutes=30),
        latest_at=ride.departs_at + datetime.timedelta(minutes=30),
    )


def _cycles(world: World) -> int:
    """An open cycle in every quartier but the quiet ones."""
    rng, quartiers, members, now = world
    busy = [number for number in range(len(quartiers)) if not is_quiet(number)]
    lines = [
        line
        for number in busy
        for line in _cycle(rng, number, quartiers[number], members[number], now)
    ]
    OrderLine.objects.bulk_create(lines, batch_size=BATCH)
    return len(busy)


def _cycle(
    rng: random.Random, number: int, quartier: Quartier, people: list[User], now: datetime.datetime
) -> list[OrderLine]:
    """The cycle through the service, then orders from a third of the members and two
    volunteers, written as `services.order_place` does; its order lines, unsaved."""
    farms = Producer.objects.bulk_create(
        Producer(quartier=quartier, farm_name=f"Ferme {k}", name=f"Producteur {k}")
        for k in range(2)
    )
    products = Product.objects.bulk_create(
        Product(producer=farms[k % 2], name=name, unit=unit, per_unit=per, price_cents=250)
        for k, (name, unit, per) in enumerate(FOODS[:8])
    )
    cycle = produce.cycle_create(
        quartier=quartier,
        actor=people[0],  # the coordinator
        offers=[produce.Offer(product) for product in products],
        roles=[("Accueil", 2)],
        title=f"Distribution du quartier n° {number + 1}",
        distribution_date=timezone.localdate(now) + datetime.timedelta(days=4),
        distribution_start=datetime.time(18),
        distribution_end=datetime.time(19, 30),
        place="Maison des associations",
        opens_at=now - datetime.timedelta(days=rng.uniform(1, 4)),
        closes_at=now + datetime.timedelta(days=2),
    )
    offers = list(cycle.offers.select_related("product"))
    buyers = rng.sample(people, len(people) // 3)
    orders = Order.objects.bulk_create(Order(cycle=cycle, member=member) for member in buyers)
    lines = [
        line_row(order, offer, rng.randint(1, 3))
        for order in orders
        for offer in rng.sample(offers, rng.randint(1, 3))
    ]
    take_stock(offers, lines, rng)
    role = cycle.roles.get()
    Volunteer.objects.bulk_create(Volunteer(role=role, member=member) for member in buyers[:2])
    return lines


@dataclass
class Talk:
    conversation: Conversation
    people: list[User]
    messages: list[Message]  # oldest first


def _talk(
    world: World, conversation: Conversation, people: list[User], authors: list[User], quiet: bool
) -> Talk:
    times = sorted(moment(world.rng, world.now, quiet) for _ in authors)
    conversation.created_at = times[0]
    messages = [
        Message(conversation=conversation, author=author, body="Bonjour ! " * 8, created_at=at)
        for author, at in zip(authors, times, strict=True)
    ]
    return Talk(conversation, people, messages)


def _talks(world: World, number: int, pairs: set[tuple[int, int]]) -> list[Talk]:
    """Direct messages between neighbours (a few back and forth), and threads of a dozen;
    ``pairs`` holds those who already write to each other (one conversation a pair)."""
    rng, quartier, people, quiet = (
        world.rng,
        world.quartiers[number],
        world.members[number],
        is_quiet(number),
    )
    talks = []
    for _ in range(DIRECTS):
        first, second = sorted(rng.sample(people, 2), key=lambda user: user.pk)
        if (first.pk, second.pk) in pairs:
            continue
        pairs.add((first.pk, second.pk))
        conversation = Conversation(
            kind=Conversation.Kind.DIRECT,
            direct_key=f"{first.pk}:{second.pk}",
            title=f"{first.public_name} · {second.public_name}",
        )
        authors = [rng.choice([first, second]) for _ in range(rng.randint(1, 4))]
        talks.append(_talk(world, conversation, [first, second], authors, quiet))
    for _ in range(THREADS):
        title = f"À propos : {rng.choice(SUBJECTS)[1]}"
        conversation = Conversation(kind=Conversation.Kind.THREAD, quartier=quartier, title=title)
        crowd = rng.sample(people, min(12, len(people)))
        authors = [rng.choice(crowd) for _ in range(10)]
        talks.append(_talk(world, conversation, crowd, authors, quiet))
    return talks


def _conversations(world: World) -> int:
    """Each participant has read up to their own last message, as `message_post` leaves them;
    one in four has read everything: the others have unread messages. Two messages of a busy
    quartier's threads reported in the last two days, for its coordinator."""
    rng, quartiers, _members, now = world
    pairs: set[tuple[int, int]] = set()
    talks = {number: _talks(world, number, pairs) for number in range(len(quartiers))}
    every = [talk for found in talks.values() for talk in found]
    Conversation.objects.bulk_create([talk.conversation for talk in every], batch_size=BATCH)
    Message.objects.bulk_create([m for talk in every for m in talk.messages], batch_size=BATCH)
    participants = []
    for talk in every:
        said = {message.author_id: message.pk for message in talk.messages}
        for person in talk.people:
            read = talk.messages[-1].pk if rng.random() < 0.25 else said.get(person.pk, 0)
            participants.append(
                Participant(conversation=talk.conversation, user=person, last_read_id=read)
            )
    Participant.objects.bulk_create(participants, batch_size=BATCH)
    reports = []
    for number, found in talks.items():
        threads = [t for t in found if t.conversation.kind == Conversation.Kind.THREAD]
        for talk in [] if is_quiet(number) else rng.sample(threads, min(2, len(threads))):
            message = talk.messages[-1]
            reporter = next(p for p in talk.people if p.pk != message.author_id)
            when = now - datetime.timedelta(hours=rng.uniform(1, 48))
            reports.append(Report(message=message, reporter=reporter, created_at=when))
    Report.objects.bulk_create(reports)
    return sum(len(talk.messages) for talk in every)


def _join_requests(world: World) -> int:
    """Newcomers (members of no quartier, so never due) waiting for a coordinator."""
    rng, quartiers, _members, now = world
    newcomers = User.objects.bulk_create(
        User(email=f"digest-newcomer-{i}@bench.example", password=UNUSABLE)
        for i in range(JOINS * len(quartiers))
    )
    JoinRequest.objects.bulk_create(
        JoinRequest(
            quartier=quartiers[i // JOINS],
            user=user,
            message="Bonjour, j'habite rue Pasteur depuis peu.",
            created_at=moment(rng, now, is_quiet(i // JOINS)),
        )
        for i, user in enumerate(newcomers)
    )
    return len(newcomers)
