"""At the close the ballots are written again, shuffled, with new ids: nothing below Django (the
rows' order on disk, the transaction that wrote them) pairs a participation with its ballot any
more, and the results are exactly the same."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from exchanges.consultations.models import Ballot, Consultation, Mark, OpenAnswer
from exchanges.consultations.results import results
from exchanges.consultations.secrecy import ballot_key
from exchanges.consultations.services import ballots, clock
from exchanges.consultations.services.rewrite import ballots_rewrite
from tests.exchanges.consultations.ballots import cast
from tests.exchanges.consultations.fields import make_consultation
from tests.factories import MembershipFactory, UserFactory

Method = Consultation.Method
Phase = Consultation.Phase
VOTERS = 30


def _close(consultation: Consultation) -> None:
    """The vote's close has come; the clock has not run yet."""
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        results_at=now - datetime.timedelta(minutes=1)
    )


def _physical(table: str, column: str, consultation: Consultation) -> list:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {table} WHERE consultation_id = %s ORDER BY ctid",  # noqa: S608
            [consultation.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def _xmins(table: str, consultation: Consultation) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT xmin::text FROM {table} WHERE consultation_id = %s",  # noqa: S608
            [consultation.pk],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_after_the_close_neither_disk_order_nor_xmin_pairs_a_voter_with_a_ballot(quartier, carol):
    voters = [UserFactory.create() for _ in range(VOTERS)]
    for voter in voters:
        MembershipFactory.create(quartier=quartier, user=voter)
    poll = make_consultation(
        quartier=quartier,
        opened_by=carol,
        method=Method.MAJORITY_JUDGMENT,
        options=("A", "B", "C"),
    )
    options = list(poll.options.values_list("pk", flat=True))
    # Each vote in its own transaction, as on the site.
    for index, voter in enumerate(voters):
        ballots.ballot_cast(
            consultation=poll,
            member=voter,
            marks={option: (index + n) % 7 for n, option in enumerate(options)},
        )
    by_key = {ballot_key(consultation_id=poll.pk, member_id=v.pk): v.pk for v in voters}
    voters_on_disk = _physical("consultations_participation", "member_id", poll)
    ballots_on_disk = [by_key[key] for key in _physical("consultations_ballot", "key", poll)]
    # During the vote the leak is real: the ballots lie in the participations' order, each
    # written by its voter's transaction.
    assert ballots_on_disk == voters_on_disk
    assert len(_xmins("consultations_ballot", poll)) == VOTERS
    old_ids = set(Ballot.objects.filter(consultation=poll).values_list("pk", flat=True))
    _close(poll)
    poll.refresh_from_db()
    before = results(consultation=poll)

    assert clock.consultation_move(consultation_id=poll.pk)

    poll.refresh_from_db()
    assert poll.phase == Phase.RESULTS
    ballots_on_disk = [by_key[key] for key in _physical("consultations_ballot", "key", poll)]
    assert sorted(ballots_on_disk) == sorted(voters_on_disk)
    assert ballots_on_disk != voters_on_disk
    ballot_xmins = _xmins("consultations_ballot", poll)
    assert len(ballot_xmins) == 1
    assert not ballot_xmins & _xmins("consultations_participation", poll)
    new_ids = set(Ballot.objects.filter(consultation=poll).values_list("pk", flat=True))
    assert len(new_ids) == VOTERS
    assert not new_ids & old_ids
    assert results(consultation=poll) == before


@pytest.mark.django_db
def test_the_rewrite_keeps_what_every_ballot_says_and_the_counting(quartier, carol, alice, bob):
    poll = make_consultation(
        quartier=quartier, opened_by=carol, method=Method.MAJORITY_JUDGMENT, options=("A", "B")
    )
    cast(poll, alice, {"A": 6, "B": 2})
    cast(poll, bob, {"A": 1, "B": 5})
    cast(poll, None, {"A": 3, "B": 3})
    _close(poll)
    poll.refresh_from_db()
    before = results(consultation=poll)
    contents = sorted(
        (b.key, b.paper, sorted((m.option_id, m.value) for m in b.marks.all()))
        for b in Ballot.objects.filter(consultation=poll)
    )
    old_marks = set(Mark.objects.values_list("pk", flat=True))

    assert clock.consultation_move(consultation_id=poll.pk)

    poll.refresh_from_db()
    assert (
        sorted(
            (b.key, b.paper, sorted((m.option_id, m.value) for m in b.marks.all()))
            for b in Ballot.objects.filter(consultation=poll)
        )
        == contents
    )
    assert not old_marks & set(Mark.objects.values_list("pk", flat=True))
    assert results(consultation=poll) == before
    # Run twice, the clock moves (and rewrites) once.
    ids = set(Ballot.objects.values_list("pk", flat=True))
    assert not clock.consultation_move(consultation_id=poll.pk)
    assert set(Ballot.objects.values_list("pk", flat=True)) == ids


@pytest.mark.django_db
def test_an_open_questions_answers_keep_their_words_and_groups(quartier, carol, alice, bob):
    poll = make_consultation(quartier=quartier, opened_by=carol, method=Method.OPEN, options=())
    cast(poll, alice, answer="More benches", group="Benches")
    cast(poll, bob, answer="Trees, please")
    _close(poll)
    poll.refresh_from_db()
    before = results(consultation=poll)
    old = set(OpenAnswer.objects.values_list("pk", flat=True))

    assert ballots_rewrite(consultation_id=poll.pk) == 2

    assert sorted(OpenAnswer.objects.values_list("text", "group")) == [
        ("More benches", "Benches"),
        ("Trees, please", ""),
    ]
    assert not old & set(OpenAnswer.objects.values_list("pk", flat=True))
    assert results(consultation=poll) == before


@pytest.mark.django_db
def test_the_rewrite_leaves_other_consultations_alone(quartier, carol, alice):
    closing = make_consultation(quartier=quartier, opened_by=carol)
    other = make_consultation(quartier=quartier, opened_by=carol)
    cast(closing, alice, {"Yes": 1})
    kept = cast(other, alice, {"No": 1})
    assert ballots_rewrite(consultation_id=closing.pk) == 1
    assert Ballot.objects.filter(pk=kept.pk).exists()
    assert (
        ballots_rewrite(consultation_id=make_consultation(quartier=quartier, opened_by=carol).pk)
        == 0
    )
