"""The results as tables, in the active language: the page, the CSV and the PDF report all
show these, so the figures read the same everywhere. A table per count (all ballots; then,
where paper ballots were entered, online and on paper apart), the open ballots' names, and the
open question's answers by group."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from exchanges.consultations import counting
from exchanges.consultations.models import GRADES
from exchanges.consultations.plain_words import DATE_ANSWERS, GRADE_NAMES
from exchanges.consultations.results import Outcome, Results


@dataclass(frozen=True)
class Cell:
    text: str
    median: bool = False  # majority judgment: the option's median grade
    width: int = 0  # a share, rounded to 5 %, for the bars that repeat the figures


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    # Majority judgment: each row's shares per grade, from Excellent down, for the bars.
    profiles: list[tuple[str, list[Cell]]] = field(default_factory=list)


def percent(fraction: float) -> str:
    """ "43 %" with the language's spacing (French puts a non-breaking space)."""
    return _("%(percent)s %%") % {"percent": number_format(round(fraction * 100), 0)}


def to_five(fraction: float) -> int:
    return int(round(fraction * 20) * 5)


def tables(results: Results) -> list[Table]:
    found: list[Table] = []
    counts = [(results.together, _("All ballots"))]
    if results.paper is not None:
        counts += [
            (results.online, _("Online and through a relais")),
            (results.paper, _("On paper")),
        ]
    for outcome, whose in counts:
        table = outcome_table(outcome, whose)
        if table is not None:
            found.append(table)
    if results.open_votes:
        found.append(open_votes_table(results))
    return found


def outcome_table(outcome: Outcome, whose: str) -> Table | None:
    if isinstance(outcome, counting.JudgmentResult):
        return judgment_table(outcome, whose)
    if isinstance(outcome, counting.DateResult):
        return date_table(outcome, whose)
    if isinstance(outcome, counting.ChoiceResult):
        return choice_table(outcome, whose)
    return None


def caption(whose: str, voters: int) -> str:
    return ngettext("%(whose)s: %(voters)s ballot", "%(whose)s: %(voters)s ballots", voters) % {
        "whose": whose,
        "voters": voters,
    }


def choice_table(outcome: counting.ChoiceResult, whose: str) -> Table:
    return Table(
        caption=caption(whose, outcome.voters),
        header=[_("Option"), _("Rank"), _("Votes"), _("Share of voters")],
        rows=[
            [
                Cell(row.option.label),
                Cell(str(row.rank)),
                Cell(str(row.count)),
                Cell(percent(row.share), width=to_five(row.share)),
            ]
            for row in outcome.rows
        ],
    )


def judgment_table(outcome: counting.JudgmentResult, whose: str) -> Table:
    """Per option: its rank, its median grade, and the share of each grade from Excellent down
    to To reject, the median's cell marked."""
    grades = range(GRADES - 1, -1, -1)
    table = Table(
        caption=caption(whose, outcome.voters),
        header=[_("Option"), _("Rank"), _("Median grade"), *(str(GRADE_NAMES[g]) for g in grades)],
    )
    for row in outcome.rows:
        shares = row.shares
        cells = [
            Cell(percent(shares[g]), median=g == row.median, width=to_five(shares[g]))
            for g in grades
        ]
        median = str(GRADE_NAMES[row.median]) if row.median is not None else "—"
        table.rows.append([Cell(row.option.label), Cell(str(row.rank)), Cell(median), *cells])
        table.profiles.append((row.option.label, cells))
    return table


def date_table(outcome: counting.DateResult, whose: str) -> Table:
    return Table(
        caption=caption(whose, outcome.voters),
        header=[
            pgettext("date poll", "Date"),
            _("Rank"),
            str(DATE_ANSWERS[2]),
            str(DATE_ANSWERS[1]),
            str(DATE_ANSWERS[0]),
        ],
        rows=[
            [
                Cell(row.option.label),
                Cell(str(row.rank)),
                Cell(str(row.yes)),
                Cell(str(row.if_needed)),
                Cell(str(row.no)),
            ]
            for row in outcome.rows
        ],
    )


def open_votes_table(results: Results) -> Table:
    """An open ballot: each name with what they chose (a grade, yes / if needed / no, or a
    tick), or their answer."""
    method = results.consultation.method
    if method == results.consultation.Method.OPEN:
        return Table(
            caption=_("Who answered what (an open ballot)"),
            header=[_("Name"), _("Answer")],
            rows=[[Cell(vote.name), Cell(vote.answer)] for vote in results.open_votes],
        )

    def said(value: int | None) -> str:
        if value is None:
            return ""
        if method == results.consultation.Method.MAJORITY_JUDGMENT:
            return str(GRADE_NAMES[value])
        if method == results.consultation.Method.DATE_POLL:
            return str(DATE_ANSWERS[value])
        return "✓" if value else ""

    return Table(
        caption=_("Who chose what (an open ballot)"),
        header=[_("Name"), *(option.label for option in results.options)],
        rows=[
            [Cell(vote.name), *(Cell(said(vote.marks.get(o.id))) for o in results.options)]
            for vote in results.open_votes
        ],
    )
