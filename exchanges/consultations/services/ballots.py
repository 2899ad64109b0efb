"""Voting: a member's ballot (cast, changed), and the paper ballots a coordinator enters.

Who voted and what was voted are written apart, in one transaction. The member's
`Participation` (unique per consultation and member) is read or made first, then locked: two
requests of the same member (a double tap, two tabs) wait for each other here, so they find the
same ballot. The ballot is found by its key, `secrecy.ballot_key(consultation, member)`, computed
now and stored nowhere else; a changed ballot is updated in place, its marks replaced, so it is
counted once. Nothing on a ballot, its marks or its answer names the member, the participation
or a time.

Rules refused in words (a ValidationError, nothing written): the vote not open yet or closed, an
option of another consultation, marks that do not fit the method (`check_marks`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.consultations import access, secrecy
from exchanges.consultations.models import (
    GRADES,
    OPEN_ANSWER_MAX_LENGTH,
    YES,
    Ballot,
    Consultation,
    Mark,
    OpenAnswer,
    Option,
    PaperEntry,
    Participation,
    Via,
)
from exchanges.consultations.services.common import lock
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import require_coordinator
from neighbourhood.relais import acting

Method = Consultation.Method


@dataclass(frozen=True)
class Checked:
    """A ballot's content once checked: the marks by option id, the answer."""

    marks: dict[int, int]
    answer: str


def refuse_unless_open(consultation: Consultation) -> None:
    if consultation.vote_is_open:
        return
    Phase = Consultation.Phase
    before = consultation.phase in (Phase.SCHEDULED, Phase.INFORMATION, Phase.DEBATE) or (
        consultation.phase == Phase.VOTE and timezone.now() < consultation.vote_at
    )
    if consultation.status == Consultation.Status.APPROVED and before:
        raise ValidationError(_("The vote is not open yet."))
    raise ValidationError(_("The vote is closed: ballots can no longer be cast or changed."))


# --- the rules of each method -----------------------------------------------------------------

Checker = Callable[[dict[int, Option], dict[int, int]], dict[int, int]]


def _check_single(options: dict[int, Option], marks: dict[int, int]) -> dict[int, int]:
    chosen = [option_id for option_id, value in marks.items() if value == 1]
    if len(chosen) != 1 or any(value not in (0, 1) for value in marks.values()):
        raise ValidationError({"marks": _("Choose exactly one option.")})
    return {chosen[0]: 1}


def _check_approval(options: dict[int, Option], marks: dict[int, int]) -> dict[int, int]:
    if any(value not in (0, 1) for value in marks.values()):
        raise ValidationError({"marks": _("An option is chosen (1) or not (0).")})
    chosen = {option_id: 1 for option_id, value in marks.items() if value == 1}
    if not chosen:
        raise ValidationError({"marks": _("Choose at least one option.")})
    return chosen


def _missing(options: dict[int, Option], marks: dict[int, int]) -> str:
    return ", ".join(
        option.label for option_id, option in options.items() if option_id not in marks
    )


def _check_judgment(options: dict[int, Option], marks: dict[int, int]) -> dict[int, int]:
    if missing := _missing(options, marks):
        raise ValidationError(
            {
                "marks": _("Give a grade to every option; missing: %(options)s.")
                % {"options": missing}
            }
        )
    if any(not 0 <= value <= GRADES - 1 for value in marks.values()):
        raise ValidationError({"marks": _("A grade goes from 0 (To reject) to 6 (Excellent).")})
    return marks


def _check_dates(options: dict[int, Option], marks: dict[int, int]) -> dict[int, int]:
    if missing := _missing(options, marks):
        raise ValidationError(
            {"marks": _("Answer for every date; missing: %(options)s.") % {"options": missing}}
        )
    if any(not 0 <= value <= YES for value in marks.values()):
        raise ValidationError({"marks": _("For each date: 2 (yes), 1 (if needed) or 0 (no).")})
    return marks


CHECKERS: dict[str, Checker] = {
    Method.SINGLE: _check_single,
    Method.APPROVAL: _check_approval,
    Method.MAJORITY_JUDGMENT: _check_judgment,
    Method.DATE_POLL: _check_dates,
}


def _check_answer(answer: str) -> str:
    if not answer:
        raise ValidationError({"answer": _("Write your answer.")})
    if len(answer) > OPEN_ANSWER_MAX_LENGTH:
        raise ValidationError(
            {
                "answer": _("Your answer is too long: %(max)d characters at most.")
                % {"max": OPEN_ANSWER_MAX_LENGTH}
            }
        )
    return answer


def check_marks(consultation: Consultation, marks: Mapping[int, int], answer: str) -> Checked:
    """The marks and answer if they fit the consultation's method (its checker in
    `CHECKERS`); else a ValidationError that says what is wrong, under ``marks`` or
    ``answer``."""
    options = {option.pk: option for option in consultation.options.all()}
    if any(option_id not in options for option_id in marks):
        raise ValidationError(
            {"marks": _("One of these options is not one of this consultation’s.")}
        )
    answer = (answer or "").strip()
    if consultation.method == Method.OPEN:
        if marks:
            raise ValidationError({"marks": _("This question takes a written answer, no marks.")})
        return Checked(marks={}, answer=_check_answer(answer))
    if answer:
        raise ValidationError({"answer": _("This question takes no written answer.")})
    return Checked(marks=CHECKERS[consultation.method](options, dict(marks)), answer="")


def _store(ballot: Ballot, checked: Checked) -> None:
    """Replaces the ballot's marks and answer with ``checked``."""
    Mark.objects.filter(ballot=ballot).delete()
    Mark.objects.bulk_create(
        [
            Mark(ballot=ballot, option_id=option_id, value=value)
            for option_id, value in checked.marks.items()
        ]
    )
    if not checked.answer:
        OpenAnswer.objects.filter(ballot=ballot).delete()
        return
    existing = OpenAnswer.objects.filter(ballot=ballot).first()
    if existing is None:
        OpenAnswer.objects.create(ballot=ballot, text=checked.answer)
    elif existing.text != checked.answer:
        # A group named the old words; the new ones are grouped again.
        existing.text, existing.group = checked.answer, ""
        existing.save(update_fields=["text", "group"])


def _locked_participation(
    consultation: Consultation, member: User, via: str, relais: User | None
) -> tuple[Participation, bool]:
    """The member's participation, made if need be, locked; and whether it was made now."""
    found = (
        Participation.objects.select_for_update()
        .filter(consultation=consultation, member=member)
        .first()
    )
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            made = Participation.objects.create(
                consultation=consultation, member=member, via=via, relais=relais
            )
        return made, True
    except IntegrityError:
        # The same member's other request made it meanwhile (and has committed): read it.
        return (
            Participation.objects.select_for_update().get(consultation=consultation, member=member),
            False,
        )


@transaction.atomic
def ballot_cast(
    *, consultation: Consultation, member: User, marks: Mapping[int, int], answer: str = ""
) -> Ballot:
    """Casts ``member``'s ballot, or changes it while the vote is open: one ballot per member,
    updated in place. Through a relais (acting for a neighbour) the participation says so and
    the relais's action is logged; the ballot says nothing of it."""
    if not access.may_take_part(user=member, consultation=consultation):
        raise PermissionDenied(_("You cannot take part in this consultation."))
    refuse_unless_open(consultation)
    checked = check_marks(consultation, marks, answer)
    # Checked again on the locked row: a withdrawal or the close committed meanwhile wins.
    lock(consultation)
    refuse_unless_open(consultation)
    relais = acting.relais_for(actor=member)
    via = Via.RELAIS if relais is not None else Via.SELF
    participation, made = _locked_participation(consultation, member, via, relais)
    key = secrecy.ballot_key(consultation_id=consultation.pk, member_id=member.pk)
    ballot = Ballot.objects.select_for_update().filter(key=key).first()
    if ballot is None:
        if not made:
            # A participation without its ballot: the ballot secret was changed. A second
            # ballot would count this member twice.
            raise ValidationError(
                _(
                    "Your ballot can no longer be found, so it cannot be changed; it is still "
                    "counted. Ask a coordinator if this is a mistake."
                )
            )
        ballot = Ballot.objects.create(consultation=consultation, key=key)
    _store(ballot, checked)
    if not made and (participation.via, participation.relais_id) != (
        via,
        relais.pk if relais else None,
    ):
        participation.via, participation.relais = via, relais
        participation.save(update_fields=["via", "relais"])
    acting.record(
        actor=member,
        verb=acting.Verb.BALLOT_CAST,
        target=consultation,
        summary=consultation.question,
    )
    return ballot


@transaction.atomic
def paper_ballot_enter(
    *,
    consultation: Consultation,
    coordinator: User,
    marks: Mapping[int, int],
    answer: str = "",
) -> Ballot:
    """A coordinator enters a paper ballot while the vote is open: a ballot of its own (a
    random key, no participation), counted apart, then with the others. Who entered it and
    when is kept apart (`PaperEntry`), never with what it says."""
    require_coordinator(user=coordinator, quartier=consultation.quartier)
    refuse_unless_open(consultation)
    checked = check_marks(consultation, marks, answer)
    lock(consultation)
    refuse_unless_open(consultation)
    ballot = Ballot.objects.create(
        consultation=consultation, key=secrecy.paper_ballot_key(), paper=True
    )
    _store(ballot, checked)
    PaperEntry.objects.create(
        consultation=consultation, coordinator=coordinator, action=PaperEntry.Action.ENTERED
    )
    return ballot


@transaction.atomic
def paper_ballot_remove(*, ballot: Ballot, coordinator: User) -> None:
    """A coordinator takes back a paper ballot entered by mistake, while the vote is open."""
    require_coordinator(user=coordinator, quartier=ballot.consultation.quartier)
    if not ballot.paper:
        raise ValidationError(_("Only a paper ballot can be removed."))
    consultation = ballot.consultation
    lock(consultation)
    refuse_unless_open(consultation)
    removed, _kinds = Ballot.objects.filter(pk=ballot.pk, paper=True).delete()
    if removed:
        PaperEntry.objects.create(
            consultation=consultation, coordinator=coordinator, action=PaperEntry.Action.REMOVED
        )
