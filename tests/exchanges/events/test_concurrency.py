"""Many neighbours registering at the same moment: only a real database with row locks can show
that the capacity is never exceeded and the waiting list keeps everyone else, in order."""

import pytest
from django.utils import translation

from exchanges.events import services
from exchanges.events.models import Occurrence, Registration
from tests.exchanges.events.fields import publish
from tests.factories import MembershipFactory, QuartierFactory, UserFactory
from tests.neighbourhood.quartiers.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKSHOP = 30
PLACES = 12


def in_english(action):
    def run():
        with translation.override("en"):
            return action()

    return run


def neighbours(quartier, n):
    people = [UserFactory.create() for _ in range(n)]
    for person in people:
        MembershipFactory.create(quartier=quartier, user=person)
    return people


def test_thirty_registering_at_once_for_twelve_places():
    quartier = QuartierFactory.create()
    organiser, *workshop = neighbours(quartier, WORKSHOP + 1)
    event = publish(quartier, organiser, capacity=PLACES, repeat="monthly_weekday")
    day = event.starts_at.astimezone(quartier.zone).date()

    results = run_together(
        [
            in_english(lambda p=p: services.event_register(event=event, member=p, day=day))
            for p in workshop
        ]
    )

    assert all(isinstance(r, Registration) for r in results), results
    statuses = [r.status for r in results if isinstance(r, Registration)]
    assert statuses.count("registered") == PLACES
    assert statuses.count("waiting") == WORKSHOP - PLACES
    occurrence = Occurrence.objects.get()
    assert occurrence.taken == PLACES and occurrence.capacity == PLACES
    assert Registration.objects.filter(status="registered").count() == PLACES


def test_cancellations_and_registrations_at_once_leave_no_place_empty_while_someone_waits():
    quartier = QuartierFactory.create()
    organiser, *people = neighbours(quartier, 21)
    event = publish(quartier, organiser, capacity=5)
    day = event.starts_at.astimezone(quartier.zone).date()
    first = [services.event_register(event=event, member=p, day=day) for p in people[:10]]
    leaving = [r for r in first if r.status == "registered"][:4]

    run_together(
        [
            in_english(lambda r=r: services.registration_cancel(registration=r, actor=r.member))
            for r in leaving
        ]
        + [
            in_english(lambda p=p: services.event_register(event=event, member=p, day=day))
            for p in people[10:]
        ]
    )

    occurrence = Occurrence.objects.get()
    registered = Registration.objects.filter(occurrence=occurrence, status="registered").count()
    waiting = Registration.objects.filter(occurrence=occurrence, status="waiting").count()
    assert occurrence.taken == registered == 5
    assert waiting == 20 - 4 - 5
    # The first ones waiting moved up: no one who came later holds a place before them.
    first_waiting = Registration.objects.filter(status="waiting").order_by("created_at").first()
    assert first_waiting is not None
    assert not Registration.objects.filter(
        status="registered", moved_up_at__isnull=False, created_at__gt=first_waiting.created_at
    ).exists()


def test_registering_twice_at_once_counts_once():
    quartier = QuartierFactory.create()
    organiser, neighbour = neighbours(quartier, 2)
    event = publish(quartier, organiser, capacity=3)
    day = event.starts_at.astimezone(quartier.zone).date()

    results = run_together(
        [
            in_english(lambda: services.event_register(event=event, member=neighbour, day=day))
            for _ in range(6)
        ]
    )

    assert sum(isinstance(r, Registration) for r in results) == 1, results
    assert Occurrence.objects.get().taken == 1
