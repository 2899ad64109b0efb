"""Counting a consultation: 10,000 majority-judgment ballots over 8 options through the
project's results selector, against the bare SQL aggregate (the floor no code path can go
under), timed in turn in the same run."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import connection, reset_queries
from django.utils import timezone

from bench.common import Row
from bench.feed_pages import analyze, queries_of
from bench.object_inventory import interleaved
from exchanges.consultations import counting
from exchanges.consultations.models import (
    Ballot,
    Consultation,
    Mark,
    Option,
    Participation,
    Via,
)
from exchanges.consultations.results import results, tallies
from exchanges.consultations.secrecy import ballot_key, paper_ballot_key
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership, Quartier

NAME = "consultation counting"
BALLOTS = 10_000
PAPER = 500  # of which entered from paper
OPTIONS = 8
BATCH = 2_000
UNUSABLE = make_password(None)
DESCRIPTION = (
    f"one majority-judgment consultation, {OPTIONS} options, {BALLOTS:,} ballots "
    f"({BALLOTS - PAPER:,} members', one in ten through a relais, and {PAPER} entered from paper), "
    f"each grading every option ({BALLOTS * OPTIONS:,} marks). 'the tallies' is "
    "`results.tallies` (one GROUP BY option, paper, value over the marks); 'the results' is "
    "`results.results`, what the page, the API, the CSV and the PDF read (options, "
    "participation by way, the members, the tallies, then the counting in Python: medians, the "
    "tie-break, the ranking, online and paper apart then together, the sentence). 'floor' is "
    "the bare `SELECT option_id, value, count(*) … GROUP BY` through the cursor; each is timed "
    "in turn with it, repeat after repeat, and the ratio is selector / floor."
)

FLOOR = """
SELECT m.option_id, m.value, count(*)
FROM consultations_mark m JOIN consultations_ballot b ON b.id = m.ballot_id
WHERE b.consultation_id = %s
GROUP BY m.option_id, m.value
"""


def populate(*, ballots: int = BALLOTS, paper: int = PAPER, seed: int = 16) -> Consultation:
    rng = random.Random(seed)
    quartier = Quartier.objects.create(
        name="Consultation", slug="bench-consultation", latitude=45.7745, longitude=4.832
    )
    coordinator = User.objects.create_user(email="consultation-coordinator@bench.example")
    people = User.objects.bulk_create(
        (
            User(email=f"voter-{i}@bench.example", display_name=f"Voisin {i}", password=UNUSABLE)
            for i in range(ballots - paper)
        ),
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        [
            Membership(quartier=quartier, user=coordinator, role=Membership.Role.COORDINATOR),
            *(Membership(quartier=quartier, user=user) for user in people),
        ],
        batch_size=BATCH,
    )
    now = timezone.now()
    day = datetime.timedelta(days=1)
    consultation = Consultation.objects.create(
        quartier=quartier,
        opened_by=coordinator,
        question="Quel boulanger pour l’AMAP ?",
        method=Consultation.Method.MAJORITY_JUDGMENT,
        phase=Consultation.Phase.RESULTS,
        information_at=now - 20 * day,
        debate_at=now - 15 * day,
        vote_at=now - 10 * day,
        results_at=now - day,
    )
    options = Option.objects.bulk_create(
        Option(consultation=consultation, label=f"Boulangerie {n}", position=n)
        for n in range(OPTIONS)
    )
    Participation.objects.bulk_create(
        (
            Participation(
                consultation=consultation,
                member=user,
                via=Via.RELAIS if i % 10 == 0 else Via.SELF,
            )
            for i, user in enumerate(people)
        ),
        batch_size=BATCH,
    )
    made = Ballot.objects.bulk_create(
        [
            *(
                Ballot(
                    consultation=consultation,
                    key=ballot_key(consultation_id=consultation.pk, member_id=user.pk),
                )
                for user in people
            ),
            *(
                Ballot(consultation=consultation, key=paper_ballot_key(), paper=True)
                for _ in range(paper)
            ),
        ],
        batch_size=BATCH,
    )
    # Each option leans its own way: option n is graded around n * 6 / 7.
    Mark.objects.bulk_create(
        (
            Mark(
                ballot=ballot,
                option=option,
                value=min(6, max(0, round(rng.gauss(n * 6 / (OPTIONS - 1), 1.6)))),
            )
            for ballot in made
            for n, option in enumerate(options)
        ),
        batch_size=BATCH * 4,
    )
    analyze(Ballot, Mark, Participation, Membership)
    reset_queries()
    return consultation


def floor(consultation: Consultation) -> list[tuple[int, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(FLOOR, [consultation.pk])
        return cursor.fetchall()


def run() -> list[Row]:
    consultation = populate()
    found = results(consultation=consultation)
    assert isinstance(found.together, counting.JudgmentResult)
    raw = floor(consultation)
    assert sum(count for _o, _v, count in raw) == BALLOTS * OPTIONS
    assert found.together.voters == BALLOTS
    assert found.turnout.voters == BALLOTS
    # The best leaning option wins; every grade of every ballot is counted once.
    assert found.together.winners[0].label == f"Boulangerie {OPTIONS - 1}"
    assert all(sum(row.distribution) == BALLOTS for row in found.together.rows)

    def the_tallies() -> object:
        return tallies(consultation)

    def the_results() -> object:
        return results(consultation=consultation)

    def by_hand() -> object:
        return floor(consultation)

    rows = []
    for case, action in (("the tallies", the_tallies), ("the results", the_results)):
        (site, site_p90), (low, _low_p90) = interleaved(action, by_hand)
        rows.append(
            Row(
                NAME,
                f"{BALLOTS:,} ballots × {OPTIONS} options: {case}",
                site,
                site_p90,
                queries_of(action),
                f"{site / low:.2f}×",
            )
        )
    return rows
