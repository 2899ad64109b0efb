"""Many neighbours registering at the same moment: only a real database with row locks can show
that the capacity is never exceeded and the waiting list keeps everyone else, in order."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import translation

from exchanges.events import services
from exchanges.events.models import Event, Occurrence, Registration
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


class Held:
    """An action run in its own thread and connection, inside a transaction kept open until
    ``release()``: what it wrote is locked, and not yet seen by the others."""

    def __init__(self, action):
        self.done_writing = threading.Event()
        self.may_commit = threading.Event()
        self.result: object = None
        self.thread = threading.Thread(target=self._run, args=(action,))
        self.thread.start()
        assert self.done_writing.wait(timeout=30)

    def _run(self, action):
        try:
            with transaction.atomic():
                self.result = action()
                self.done_writing.set()
                assert self.may_commit.wait(timeout=30)
        except Exception as error:
            self.result = error
        finally:
            self.done_writing.set()
            connection.close()

    def release(self):
        self.may_commit.set()
        self.thread.join(timeout=30)


class Waiting:
    """An action run in its own thread and connection, started while something else holds a
    lock: ``blocked()`` returns once it waits for that lock (or has already finished)."""

    def __init__(self, action):
        self.result: object = None
        self.thread = threading.Thread(target=self._run, args=(action,))
        self.thread.start()

    def _run(self, action):
        try:
            self.result = action()
        except Exception as error:
            self.result = error
        finally:
            connection.close()

    def blocked(self) -> bool:
        for _attempt in range(300):
            if not self.thread.is_alive():
                return False
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                if cursor.fetchone()[0]:
                    return True
            time.sleep(0.05)
        return False

    def join(self):
        self.thread.join(timeout=30)
        return self.result


def test_lowering_the_capacity_waits_for_a_registration_being_saved_and_counts_it():
    """Two of three places taken; a third neighbour's registration is being saved when the
    organiser lowers the capacity to 2: the change waits for it, then is refused in words
    (not a broken constraint)."""
    quartier = QuartierFactory.create()
    organiser, *people = neighbours(quartier, 3)
    event = publish(quartier, organiser, capacity=3)
    day = event.starts_at.astimezone(quartier.zone).date()
    for person in people[:2]:
        services.event_register(event=event, member=person, day=day)
    third = UserFactory.create()
    MembershipFactory.create(quartier=quartier, user=third)

    registering = Held(
        in_english(lambda: services.event_register(event=event, member=third, day=day))
    )
    editing = Waiting(
        in_english(
            lambda: services.event_edit(
                event=Event.objects.get(pk=event.pk), actor=organiser, capacity=2
            )
        )
    )
    assert editing.blocked()
    registering.release()
    refused = editing.join()

    assert isinstance(registering.result, Registration), registering.result
    assert isinstance(refused, ValidationError), refused
    assert refused.message_dict["capacity"][0].startswith("3 people are already registered on")
    occurrence = Occurrence.objects.get()
    assert (occurrence.taken, occurrence.capacity) == (3, 3)
    assert Event.objects.get().capacity == 3


def test_a_first_registration_while_the_capacity_is_being_changed_copies_the_new_one():
    """The organiser's change to 2 places is being saved when the first neighbour registers
    for a new date: the date waits for the change and is made with 2 places."""
    quartier = QuartierFactory.create()
    organiser, *people = neighbours(quartier, 3)
    event = publish(quartier, organiser, capacity=12, repeat="weekly")
    day = event.starts_at.astimezone(quartier.zone).date()
    read_by_the_page = Event.objects.get(pk=event.pk)

    editing = Held(
        in_english(
            lambda: services.event_edit(
                event=Event.objects.get(pk=event.pk), actor=organiser, capacity=2
            )
        )
    )
    registering = Waiting(
        in_english(
            lambda: services.event_register(event=read_by_the_page, member=people[0], day=day)
        )
    )
    assert registering.blocked()
    editing.release()

    assert isinstance(registering.join(), Registration), registering.result
    assert isinstance(editing.result, Event), editing.result
    assert Occurrence.objects.get().capacity == 2
