"""Many members voting at the same moment, and one member voting twice at once: only a real
database with row locks and unique constraints can show that every ballot is counted once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.utils import translation

from exchanges.consultations.models import Ballot, Consultation, Mark, Participation
from exchanges.consultations.services import ballots
from tests.exchanges.consultations.fields import make_consultation
from tests.factories import MembershipFactory, QuartierFactory, UserFactory
from tests.neighbourhood.quartiers.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VOTERS = 500
# Threads, each with its own connection, sharing the voters: as many at once as the database
# takes connections for a test.
THREADS = 20


def test_five_hundred_members_voting_at_once_are_all_counted_once():
    quartier = QuartierFactory.create()
    coordinator, *voters = (UserFactory.create() for _ in range(VOTERS + 1))
    MembershipFactory.create(quartier=quartier, user=coordinator)
    for voter in voters:
        MembershipFactory.create(quartier=quartier, user=voter)
    poll = make_consultation(
        quartier=quartier,
        opened_by=coordinator,
        method=Consultation.Method.MAJORITY_JUDGMENT,
        options=("A", "B", "C"),
    )
    options = list(poll.options.values_list("pk", flat=True))
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def vote(share: list) -> None:
        try:
            with translation.override("en"):
                barrier.wait()
                for index, voter in share:
                    ballots.ballot_cast(
                        consultation=poll,
                        member=voter,
                        marks={option: (index + n) % 7 for n, option in enumerate(options)},
                    )
                    # A few change their minds at once with the others voting.
                    if index % 10 == 0:
                        ballots.ballot_cast(
                            consultation=poll, member=voter, marks=dict.fromkeys(options, 6)
                        )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    numbered = list(enumerate(voters))
    threads = [threading.Thread(target=vote, args=(numbered[n::THREADS],)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert errors == []
    assert Participation.objects.filter(consultation=poll).count() == VOTERS
    assert Ballot.objects.filter(consultation=poll).count() == VOTERS
    assert Mark.objects.filter(ballot__consultation=poll).count() == VOTERS * len(options)
    assert Mark.objects.filter(option_id=options[0], value=6).count() == sum(
        1 for index in range(VOTERS) if index % 10 == 0 or index % 7 == 6
    )


def test_one_member_voting_twice_at_once_has_one_participation_and_one_ballot():
    quartier = QuartierFactory.create()
    coordinator, alice = UserFactory.create(), UserFactory.create()
    MembershipFactory.create(quartier=quartier, user=coordinator)
    MembershipFactory.create(quartier=quartier, user=alice)
    poll = make_consultation(quartier=quartier, opened_by=coordinator)
    yes, no = poll.options.values_list("pk", flat=True)

    results = run_together(
        [
            lambda option=option: ballots.ballot_cast(
                consultation=poll, member=alice, marks={option: 1}
            )
            for option in (yes, no, yes, no, yes, no)
        ]
    )

    assert all(isinstance(result, Ballot) for result in results), results
    assert Participation.objects.count() == 1
    assert Ballot.objects.count() == 1
    assert Mark.objects.count() == 1
