"""Races that only a real database with row locks can show."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from neighbourhood.quartiers import services
from neighbourhood.quartiers.models import Membership
from tests.factories import MembershipFactory, QuartierFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(actions) -> list[object]:
    """Starts every action at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_coordinators_leaving_at_once_leave_one_behind():
    quartier = QuartierFactory.create()
    coordinators = [UserFactory.create() for _ in range(2)]
    memberships = [
        MembershipFactory.create(quartier=quartier, user=user, role=Membership.Role.COORDINATOR)
        for user in coordinators
    ]
    MembershipFactory.create(quartier=quartier)
    results = run_together(
        [lambda m=m: services.membership_leave(membership=m) for m in memberships]
    )
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(refusals) == 1, results
    assert (
        Membership.objects.filter(quartier=quartier, role="coordinator", status="active").count()
        == 1
    )


def test_many_requests_to_join_at_once_make_one_pending_request():
    quartier = QuartierFactory.create(policy="approval")
    user = UserFactory.create()
    results = run_together(
        [lambda: services.quartier_join(quartier=quartier, user=user) for _ in range(6)]
    )
    assert sum(not isinstance(r, Exception) for r in results) == 1, results
    assert quartier.join_requests.filter(status="pending").count() == 1
