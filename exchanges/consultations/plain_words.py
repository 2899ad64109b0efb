"""The result of a consultation in a sentence, in the reader's language: "La Fournée wins with
the median grade Good (43 voters of 120 members)", "Samedi 14 juin wins: 31 yes, 6 if needed",
"A tie between … and …", "No one has voted yet"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from exchanges.consultations import counting
from exchanges.consultations.models import Consultation

if TYPE_CHECKING:
    from exchanges.consultations.results import PaperHand, Results, Turnout

# From 0 (To reject) to 6 (Excellent), as stored.
GRADE_NAMES = (
    pgettext_lazy("grade", "To reject"),
    pgettext_lazy("grade", "Insufficient"),
    pgettext_lazy("grade", "Passable"),
    pgettext_lazy("grade", "Fairly good"),
    pgettext_lazy("grade", "Good"),
    pgettext_lazy("grade", "Very good"),
    pgettext_lazy("grade", "Excellent"),
)
DATE_ANSWERS = (
    pgettext_lazy("date poll", "No"),
    pgettext_lazy("date poll", "If needed"),
    pgettext_lazy("date poll", "Yes"),
)


def grade_name(grade: int | None) -> str:
    return "" if grade is None else str(GRADE_NAMES[grade])


def names(options: Sequence[counting.Choice]) -> str:
    """ "A and B", "A, B and C"."""
    labels = [option.label for option in options]
    if len(labels) < 2:
        return "".join(labels)
    return _("%(first)s and %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def participation(turnout: Turnout) -> str:
    """ "43 voters of 120 members"; with a public survey's respondents from elsewhere, "12
    voters of 120 members, and 5 from outside the quartier"."""
    voters = ngettext(
        "%(voters)s voter of %(members)s members",
        "%(voters)s voters of %(members)s members",
        turnout.member_voters,
    ) % {"voters": turnout.member_voters, "members": turnout.members}
    if not turnout.outside:
        return voters
    outside = ngettext(
        "and %(count)s from outside the quartier",
        "and %(count)s from outside the quartier",
        turnout.outside,
    ) % {"count": turnout.outside}
    return _("%(voters)s, %(outside)s") % {"voters": voters, "outside": outside}


def paper_hands(hands: Sequence[PaperHand]) -> str:
    """ "3 paper ballots entered by Claire Martin, 1 by Marc (1 removed)"."""
    parts = []
    for hand in hands:
        words = ngettext(
            "%(count)s paper ballot entered by %(name)s",
            "%(count)s paper ballots entered by %(name)s",
            hand.entered,
        ) % {"count": hand.entered, "name": hand.name}
        if hand.removed:
            words += " " + ngettext("(%(count)s removed)", "(%(count)s removed)", hand.removed) % {
                "count": hand.removed
            }
        parts.append(words)
    return "; ".join(parts) + ("." if parts else "")


def ways(turnout: Turnout) -> str:
    """ "40 online, 2 through a relais, 1 on paper"."""
    return _("%(online)s online, %(relais)s through a relais, %(paper)s on paper") % {
        "online": turnout.online,
        "relais": turnout.relais,
        "paper": turnout.paper,
    }


def results_from(consultation: Consultation) -> str:
    """Why results are not shown yet, and from when."""
    when = date_format(
        localtime(consultation.results_at, consultation.quartier.zone), "l j F Y, H:i"
    )
    return _("The results are shown once the vote closes, on %(when)s.") % {"when": when}


def sentence(results: Results) -> str:
    """The result in one sentence."""
    turnout = results.turnout
    outcome = results.together
    if not turnout.voters:
        if results.consultation.vote_is_open:
            return _("No one has voted yet.")
        return _("No one voted.")
    if results.consultation.method == Consultation.Method.OPEN:
        answers = sum(len(group.answers) for group in results.groups)
        return ngettext(
            "%(count)s answer (%(participation)s).",
            "%(count)s answers (%(participation)s).",
            answers,
        ) % {"count": answers, "participation": participation(turnout)}
    if outcome is None or not outcome.winners:
        return _("No option was chosen (%(participation)s).") % {
            "participation": participation(turnout)
        }
    values: dict[str, str | int] = {
        "option": outcome.winners[0].label,
        "options": names(outcome.winners),
        "participation": participation(turnout),
    }
    if isinstance(outcome, counting.JudgmentResult):
        values["grade"] = grade_name(outcome.rows[0].median)
        if outcome.is_tie:
            return (
                _("A tie between %(options)s, with the median grade %(grade)s (%(participation)s).")
                % values
            )
        return _("%(option)s wins with the median grade %(grade)s (%(participation)s).") % values
    if isinstance(outcome, counting.DateResult):
        best = outcome.rows[0]
        values["yes"] = best.yes
        values["if_needed"] = best.if_needed
        if outcome.is_tie:
            return (
                _("A tie between %(options)s: %(yes)s yes, %(if_needed)s if needed each.") % values
            )
        return _("%(option)s wins: %(yes)s yes, %(if_needed)s if needed.") % values
    values["count"] = outcome.rows[0].count
    if outcome.is_tie:
        return (
            ngettext(
                "A tie between %(options)s: %(count)s vote each (%(participation)s).",
                "A tie between %(options)s: %(count)s votes each (%(participation)s).",
                outcome.rows[0].count,
            )
            % values
        )
    return (
        ngettext(
            "%(option)s wins with %(count)s vote (%(participation)s).",
            "%(option)s wins with %(count)s votes (%(participation)s).",
            outcome.rows[0].count,
        )
        % values
    )
