"""Ballots written straight to the tables, as the voting service would leave them: a member's
participation apart from their ballot (found again by its key), a paper ballot with a random
key and no participation."""

from __future__ import annotations

from collections.abc import Mapping

from exchanges.consultations.models import (
    Ballot,
    Consultation,
    Mark,
    OpenAnswer,
    Option,
    Participation,
    Via,
)
from exchanges.consultations.secrecy import ballot_key, paper_ballot_key
from neighbourhood.accounts.models import User


def option(consultation: Consultation, label: str) -> Option:
    return consultation.options.get(label=label)


def cast(
    consultation: Consultation,
    member: User | None,
    marks: Mapping[str, int] | None = None,
    *,
    answer: str = "",
    group: str = "",
    via: str = Via.SELF,
    relais: User | None = None,
) -> Ballot:
    """A ballot with ``marks`` by option label; ``member=None`` for a paper ballot."""
    if member is None:
        ballot = Ballot.objects.create(
            consultation=consultation, key=paper_ballot_key(), paper=True
        )
    else:
        Participation.objects.create(
            consultation=consultation, member=member, via=via, relais=relais
        )
        ballot = Ballot.objects.create(
            consultation=consultation,
            key=ballot_key(consultation_id=consultation.pk, member_id=member.pk),
        )
    options = {o.label: o for o in consultation.options.all()}
    Mark.objects.bulk_create(
        Mark(ballot=ballot, option=options[label], value=value)
        for label, value in (marks or {}).items()
    )
    if answer:
        OpenAnswer.objects.create(ballot=ballot, text=answer, group=group)
    return ballot
