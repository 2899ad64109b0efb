"""Reading ballots: mine (to prefill the form and say whether I took part), and the paper
ballots a coordinator entered. A member's ballot is found by its key, computed from the
consultation and the member at each request (`secrecy.ballot_key`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from exchanges.consultations import secrecy
from exchanges.consultations.models import Ballot, Consultation, Mark, OpenAnswer, Participation
from neighbourhood.accounts.models import User


@dataclass(frozen=True)
class MyBallot:
    """What I voted: ``marks`` by option id, ``answer``; ``took_part`` when I have a
    participation (``via``: online, through a relais). ``found`` is False when I took part but
    the ballot can no longer be found (the ballot secret was changed)."""

    took_part: bool = False
    via: str = ""
    marks: dict[int, int] = field(default_factory=dict)
    answer: str = ""
    found: bool = False


def my_ballot(consultation: Consultation, member: User) -> MyBallot:
    """My ballot in ``consultation``, in two or three queries."""
    if not member.is_authenticated:
        return MyBallot()
    participation = (
        Participation.objects.filter(consultation=consultation, member=member).only("via").first()
    )
    if participation is None:
        return MyBallot()
    key = secrecy.ballot_key(consultation_id=consultation.pk, member_id=member.pk)
    ballot = (
        Ballot.objects.filter(consultation=consultation, key=key, paper=False)
        .prefetch_related("marks")
        .select_related("answer")
        .first()
    )
    if ballot is None:
        return MyBallot(took_part=True, via=participation.via)
    answer = getattr(ballot, "answer", None)
    return MyBallot(
        took_part=True,
        via=participation.via,
        marks={mark.option_id: mark.value for mark in ballot.marks.all()},
        answer=answer.text if isinstance(answer, OpenAnswer) else "",
        found=True,
    )


def paper_ballots(consultation: Consultation) -> QuerySet[Ballot]:
    """The paper ballots entered for ``consultation``, with their marks (options in order) and
    answer: two queries however many."""
    return (
        Ballot.objects.filter(consultation=consultation, paper=True)
        .select_related("answer")
        .prefetch_related(
            Prefetch(
                "marks",
                queryset=Mark.objects.select_related("option").order_by(
                    "option__position", "option_id"
                ),
            )
        )
        .order_by("id")
    )


def get_paper_ballot(consultation: Consultation, ballot_id: uuid.UUID) -> Ballot:
    try:
        return Ballot.objects.get(consultation=consultation, paper=True, pk=ballot_id)
    except Ballot.DoesNotExist:
        raise Http404 from None
