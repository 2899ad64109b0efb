"""Two people giving the same name to a place at the same moment: each checks the name is free
before the other has saved, so only the database's unique name (``one_place_name``) can tell.
The second is refused in words, never a server error. A real database with row locks shows it:
the first holds its new place uncommitted until the second is waiting on the unique index."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from exchanges.rides.services import meeting_point_create
from neighbourhood.places.models import Place
from neighbourhood.places.services import place_create
from tests.factories import MembershipFactory, QuartierFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TAKEN = "This quartier already has a place by that name."


def _someone_waits_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        (waiting,) = cursor.fetchone()
    return bool(waiting)


def held_until_the_other_waits(create) -> tuple[threading.Thread, threading.Event, list[bool]]:
    """Runs ``create`` in its own thread and transaction, and commits only once another
    connection waits for it (or after five seconds); says whether one did."""
    saved = threading.Event()
    seen: list[bool] = []

    def run() -> None:
        try:
            with transaction.atomic():
                create()
                saved.set()
                deadline = time.monotonic() + 5
                while not _someone_waits_on_a_lock() and time.monotonic() < deadline:
                    time.sleep(0.02)
                seen.append(_someone_waits_on_a_lock())
        finally:
            saved.set()
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, saved, seen


def neighbours():
    quartier = QuartierFactory.create()
    member, coordinator = UserFactory.create(), UserFactory.create()
    MembershipFactory.create(quartier=quartier, user=member)
    MembershipFactory.create(quartier=quartier, user=coordinator, role="coordinator")
    return quartier, member, coordinator


def test_a_meeting_point_named_while_a_member_suggests_that_name_is_refused_in_words():
    quartier, member, coordinator = neighbours()
    thread, saved, seen = held_until_the_other_waits(
        lambda: place_create(quartier=quartier, actor=member, kind="shop", name="Mairie")
    )
    saved.wait(5)

    with pytest.raises(ValidationError) as taken:
        meeting_point_create(
            quartier=quartier, actor=coordinator, name="Mairie", latitude=45.76, longitude=4.86
        )
    thread.join(10)

    assert seen == [True]  # the check had passed: the unique name refused it
    assert taken.value.message_dict == {"name": [TAKEN]}
    assert list(Place.objects.values_list("kind", flat=True)) == ["shop"]


def test_a_place_named_while_a_coordinator_adds_that_meeting_point_is_refused_in_words():
    quartier, member, coordinator = neighbours()
    thread, saved, seen = held_until_the_other_waits(
        lambda: meeting_point_create(
            quartier=quartier, actor=coordinator, name="Gare", latitude=45.76, longitude=4.86
        )
    )
    saved.wait(5)

    with pytest.raises(ValidationError) as taken:
        place_create(quartier=quartier, actor=member, kind="other", name="Gare")
    thread.join(10)

    assert seen == [True]
    assert taken.value.message_dict == {"name": [TAKEN]}
    assert list(Place.objects.values_list("kind", flat=True)) == ["meeting_point"]
