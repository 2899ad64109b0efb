"""The results of a consultation, read: who may see them and when, the tallies in one query,
participation, the open ballots' names, and the counting of `counting` on paper ballots apart,
online ballots apart, and all together.

The tallies are one ``GROUP BY option, paper, value`` over the marks, whatever the number of
ballots: the counting never reads a ballot by itself. The queries of a results page are the
same for ten ballots and for ten thousand.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.consultations import counting, plain_words
from exchanges.consultations.access import get_consultation_for_member
from exchanges.consultations.models import (
    Ballot,
    Consultation,
    Mark,
    OpenAnswer,
    Option,
    PaperEntry,
    Participation,
    Via,
)
from exchanges.consultations.options import read_label
from exchanges.consultations.secrecy import ballot_key
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership

Method = Consultation.Method
Outcome = counting.ChoiceResult | counting.JudgmentResult | counting.DateResult | None


class ResultsHidden(PermissionDenied):
    """The results are not shown yet: a member reads when they will be."""


@dataclass(frozen=True)
class Turnout:
    """Who took part, and how: online by themselves, through a relais, on paper."""

    members: int  # the quartier's active members
    online: int
    relais: int
    paper: int
    # Respondents of a public survey who are not active members of the quartier (counted in
    # ``online``/``relais`` too), told apart so that "voters of N members" counts members.
    outside: int = 0

    @property
    def voters(self) -> int:
        return self.online + self.relais + self.paper

    @property
    def member_voters(self) -> int:
        return self.voters - self.outside


@dataclass(frozen=True)
class PaperHand:
    """Who entered paper ballots (and removed some), never which ones."""

    name: str
    entered: int
    removed: int


@dataclass(frozen=True)
class OpenVote:
    """An open ballot: a name and what they chose (``value`` as stored, by option id)."""

    name: str
    marks: dict[int, int]
    answer: str = ""


@dataclass
class Results:
    consultation: Consultation
    options: list[counting.Choice]
    turnout: Turnout
    together: Outcome
    online: Outcome = None  # online and through a relais
    paper: Outcome = None  # only where paper ballots were entered
    groups: list[counting.AnswerGroup] = field(default_factory=list)
    open_votes: list[OpenVote] = field(default_factory=list)
    paper_hands: list[PaperHand] = field(default_factory=list)
    sentence: str = ""

    @property
    def participation_words(self) -> str:
        """ "12 voters of 120 members, and 5 from outside the quartier"."""
        return plain_words.participation(self.turnout)

    @property
    def paper_words(self) -> str:
        """ "3 paper ballots entered by Claire Martin, 1 by Marc"."""
        return plain_words.paper_hands(self.paper_hands)


def results_visible(consultation: Consultation, now: datetime.datetime | None = None) -> bool:
    """After the vote's close (the results phase, or its date come before the tick moved it),
    or during the vote when the organiser chose live results."""
    if consultation.status != Consultation.Status.APPROVED:
        return False
    now = now or timezone.now()
    if consultation.phase == Consultation.Phase.RESULTS or now >= consultation.results_at:
        return True
    return (
        consultation.results_live
        and consultation.phase == Consultation.Phase.VOTE
        and now >= consultation.vote_at
    )


def hidden_message(consultation: Consultation) -> str:
    if consultation.status != Consultation.Status.APPROVED:
        return _("This consultation is not open: it has no results.")
    return plain_words.results_from(consultation)


def get_consultation_with_results(*, user: User, consultation_id: int) -> Consultation:
    """The consultation, for a member who may see it (404 for anyone else, dave included),
    and ``ResultsHidden`` (a 403, in words) while its results are not shown."""
    consultation = get_consultation_for_member(user=user, consultation_id=consultation_id)
    if not results_visible(consultation):
        raise ResultsHidden(hidden_message(consultation))
    return consultation


# --- reading ----------------------------------------------------------------------------------


def tallies(consultation: Consultation) -> dict[bool, dict[int, dict[int, int]]]:
    """``{paper: {option_id: {value: count}}}``, in one query."""
    rows = (
        Mark.objects.filter(ballot__consultation=consultation)
        .values_list("option_id", "ballot__paper", "value")
        .annotate(count=Count("id"))
        .order_by()
    )
    found: dict[bool, dict[int, dict[int, int]]] = {
        False: defaultdict(dict),
        True: defaultdict(dict),
    }
    for option_id, paper, value, count in rows:
        found[paper][option_id][value] = count
    return found


def turnout(consultation: Consultation) -> tuple[Turnout, dict[bool, int]]:
    """Participation by way, and the ballots (online, paper), in three queries."""
    ballots = Ballot.objects.filter(consultation=consultation).aggregate(
        online=Count("id", filter=Q(paper=False)), paper=Count("id", filter=Q(paper=True))
    )
    active = Membership.objects.filter(
        quartier_id=consultation.quartier_id, status=Membership.Status.ACTIVE
    )
    ways = (
        Participation.objects.filter(consultation=consultation)
        .annotate(inside=Exists(active.filter(user_id=OuterRef("member_id"))))
        .aggregate(
            relais=Count("id", filter=Q(via=Via.RELAIS)),
            online=Count("id", filter=~Q(via=Via.RELAIS)),
            outside=Count("id", filter=Q(inside=False)),
        )
    )
    members = active.count()
    return (
        Turnout(
            members=members,
            online=ways["online"],
            relais=ways["relais"],
            paper=ballots["paper"],
            outside=ways["outside"],
        ),
        {False: ballots["online"], True: ballots["paper"]},
    )


def count(
    consultation: Consultation, options: list[counting.Choice], tally: counting.Tally, voters: int
) -> Outcome:
    if consultation.method == Method.MAJORITY_JUDGMENT:
        return counting.judge(options, tally, voters)
    if consultation.method == Method.DATE_POLL:
        return counting.poll_dates(options, tally, voters)
    if consultation.method in (Method.SINGLE, Method.APPROVAL):
        return counting.count_choices(options, tally, voters)
    return None


def merged(*tallies: counting.Tally) -> dict[int, dict[int, int]]:
    together: dict[int, dict[int, int]] = defaultdict(dict)
    for tally in tallies:
        for option_id, values in tally.items():
            for value, number in values.items():
                together[option_id][value] = together[option_id].get(value, 0) + number
    return together


def results(*, consultation: Consultation) -> Results:
    """Everything the results page, the API, the CSV and the report show, in a number of
    queries that does not grow with the ballots (and one more per kind of extra: the open
    question's answers, the open ballots' names)."""
    language = consultation.quartier.language
    options = [
        counting.Choice(id=pk, label=read_label(label, day, time, language), position=position)
        for pk, label, day, time, position in Option.objects.filter(
            consultation=consultation
        ).values_list("id", "label", "date", "time", "position")
    ]
    taken, ballots = turnout(consultation)
    found = tallies(consultation) if consultation.method != Method.OPEN else {False: {}, True: {}}
    outcome = Results(
        consultation=consultation,
        options=options,
        turnout=taken,
        together=count(
            consultation, options, merged(found[False], found[True]), sum(ballots.values())
        ),
    )
    if ballots[True]:
        outcome.online = count(consultation, options, found[False], ballots[False])
        outcome.paper = count(consultation, options, found[True], ballots[True])
    # Who entered paper ballots, even if all were removed since: the trail is told.
    outcome.paper_hands = paper_hands(consultation)
    if consultation.method == Method.OPEN:
        outcome.groups = counting.group_answers(
            OpenAnswer.objects.filter(ballot__consultation=consultation)
            .order_by("group", "text")
            .values_list("text", "group")
        )
    if not consultation.is_secret:
        outcome.open_votes = open_votes(consultation)
    outcome.sentence = plain_words.sentence(outcome)
    return outcome


def paper_hands(consultation: Consultation) -> list[PaperHand]:
    """Who entered the paper ballots, and how many each (removed ones told apart), in one
    query: the trail of `PaperEntry`, never the ballots themselves."""
    rows = (
        PaperEntry.objects.filter(consultation=consultation)
        .values_list("coordinator_id", "coordinator__display_name")
        .annotate(
            entered=Count("id", filter=Q(action=PaperEntry.Action.ENTERED)),
            removed=Count("id", filter=Q(action=PaperEntry.Action.REMOVED)),
        )
        .order_by("coordinator__display_name", "coordinator_id")
    )
    return [
        PaperHand(
            name=User(pk=pk, display_name=name).public_name
            if pk is not None
            else _("a former coordinator"),
            entered=entered,
            removed=removed,
        )
        for pk, name, entered, removed in rows
    ]


def open_votes(consultation: Consultation) -> list[OpenVote]:
    """For an open ballot only: each participant's name and choices. A member's ballot is
    found again by its key, recomputed here for each participant (the ballot names no one);
    the ballots' marks in one query, the answers in another."""
    if consultation.is_secret:
        raise AssertionError("A secret ballot's choices are never named.")
    people = list(
        Participation.objects.filter(consultation=consultation)
        .select_related("member")
        .order_by("member__display_name", "member_id")
    )
    keys = {ballot_key(consultation_id=consultation.pk, member_id=p.member_id): p for p in people}
    marks: dict[str, dict[int, int]] = defaultdict(dict)
    for key, option_id, value in Mark.objects.filter(
        ballot__consultation=consultation, ballot__key__in=list(keys)
    ).values_list("ballot__key", "option_id", "value"):
        marks[key][option_id] = value
    answers: dict[str, str] = {}
    if consultation.method == Method.OPEN:
        answers = dict(
            OpenAnswer.objects.filter(
                ballot__consultation=consultation, ballot__key__in=list(keys)
            ).values_list("ballot__key", "text")
        )
    return [
        OpenVote(
            name=participation.member.public_name,
            marks=marks.get(key, {}),
            answer=answers.get(key, ""),
        )
        for key, participation in keys.items()
    ]
