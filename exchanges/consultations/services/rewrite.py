"""At the close, a consultation's ballots are written again, in a random order, with new ids.

During the vote a member's participation and ballot are written in the same transaction, one
after the other: a raw copy of the database could pair them by what PostgreSQL keeps below
Django (the rows' physical order, which `pg_dump` follows, and the id of the transaction that
wrote each row, `xmin`). Once the vote is closed nothing changes a ballot any more, so the clock
reads the ballots, their marks and answers, deletes them and inserts them again, shuffled, with
new random UUIDs, all in one transaction: every ballot then has the same `xmin`, and their order
on disk is a draw. What the ballots say (key, paper, marks, answer and its group) is unchanged,
so the counting is the same. The old rows stay on disk as dead tuples until PostgreSQL vacuums
the tables (see the documentation's limits).
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict

from django.db import transaction

from exchanges.consultations.models import Ballot, Mark, OpenAnswer

# Rows written per INSERT.
BATCH = 1000


@transaction.atomic
def ballots_rewrite(*, consultation_id: int) -> int:
    """Rewrites the consultation's ballots, marks and answers in a random order with new ids;
    returns how many ballots. Meant for a closed vote (the clock calls it in the transaction
    that moves the consultation to its results)."""
    # Locked: a ballot still being changed by a request that began before the close is waited
    # for, and read as it was committed.
    ballots = list(
        Ballot.objects.select_for_update()
        .filter(consultation_id=consultation_id)
        .order_by()
        .values_list("pk", "key", "paper")
    )
    if not ballots:
        return 0
    old_ids = [pk for pk, _key, _paper in ballots]
    marks: dict[uuid.UUID, list[tuple[int, int]]] = defaultdict(list)
    for ballot_id, option_id, value in (
        Mark.objects.filter(ballot_id__in=old_ids)
        .order_by()
        .values_list("ballot_id", "option_id", "value")
    ):
        marks[ballot_id].append((option_id, value))
    answers = {
        ballot_id: (text, group)
        for ballot_id, text, group in OpenAnswer.objects.filter(ballot_id__in=old_ids)
        .order_by()
        .values_list("ballot_id", "text", "group")
    }
    Mark.objects.filter(ballot_id__in=old_ids).delete()
    OpenAnswer.objects.filter(ballot_id__in=old_ids).delete()
    Ballot.objects.filter(pk__in=old_ids).delete()

    draw = random.SystemRandom()
    draw.shuffle(ballots)
    new_ballots: list[Ballot] = []
    new_marks: list[Mark] = []
    new_answers: list[OpenAnswer] = []
    for old_id, key, paper in ballots:
        ballot = Ballot(id=uuid.uuid4(), consultation_id=consultation_id, key=key, paper=paper)
        new_ballots.append(ballot)
        new_marks.extend(
            Mark(id=uuid.uuid4(), ballot=ballot, option_id=option_id, value=value)
            for option_id, value in marks.get(old_id, ())
        )
        if old_id in answers:
            text, group = answers[old_id]
            new_answers.append(OpenAnswer(id=uuid.uuid4(), ballot=ballot, text=text, group=group))
    # The marks and answers shuffled too, so that their order follows no ballot's.
    draw.shuffle(new_marks)
    draw.shuffle(new_answers)
    Ballot.objects.bulk_create(new_ballots, batch_size=BATCH)
    Mark.objects.bulk_create(new_marks, batch_size=BATCH)
    OpenAnswer.objects.bulk_create(new_answers, batch_size=BATCH)
    return len(new_ballots)
