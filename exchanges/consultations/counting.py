"""The counting, as pure functions over tallies: how many marks of each value each option got
(one ``GROUP BY option, value`` in SQL, see `exchanges.consultations.results`), never the
ballots one by one. No queries here (only the models' constants): pages, the API, the CSV and
the PDF all count through these.

A ``Tally`` maps an option's id to ``{value: count}``; ``voters`` is the number of ballots.

- Single choice and approval: a mark of 1 is a choice. Counts, share of voters, the winner(s).
- Majority judgment (Balinski and Laraki): grades 0 (To reject) to 6 (Excellent). A ballot that
  left an option ungraded counts as "To reject" for it (as paper ballots are read: no opinion
  is no support), so every option is judged by the same number of voters and the usual rule
  applies: the lower median first; between equal medians, remove one median grade from each and
  compare again, until they differ. Equal distributions are a true tie.
- Date poll: 2 yes, 1 if needed, 0 no (an unanswered date is a no); the most yes + if needed
  wins, then the most yes.
- Open question: the answers grouped by the labels coordinators gave, the ungrouped last.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from exchanges.consultations.models import GRADES, IF_NEEDED, YES

CHOSEN = 1

Tally = Mapping[int, Mapping[int, int]]


@dataclass(frozen=True)
class Choice:
    """An option as the counting needs it: its id and label (and its position, the order of
    the ballot paper, which orders equals)."""

    id: int
    label: str
    position: int = 0


def share(part: int, whole: int) -> float:
    """``part`` of ``whole`` as a fraction in [0, 1]; 0 when no one voted."""
    return part / whole if whole else 0.0


# --- single choice and approval ---------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceRow:
    option: Choice
    count: int
    share: float  # of the voters
    rank: int


@dataclass(frozen=True)
class ChoiceResult:
    voters: int
    rows: list[ChoiceRow]  # the most chosen first, equals in the ballot's order
    winners: list[Choice]  # empty when no one chose anything; several for a tie

    @property
    def is_tie(self) -> bool:
        return len(self.winners) > 1


def count_choices(options: Sequence[Choice], tally: Tally, voters: int) -> ChoiceResult:
    """Single choice and approval alike: each option's choices and its share of the voters (an
    approval ballot may choose several, so the shares may add up past 100 %)."""
    counts = {option.id: tally.get(option.id, {}).get(CHOSEN, 0) for option in options}
    ordered = sorted(options, key=lambda option: (-counts[option.id], option.position, option.id))
    rows = _ranked(ordered, key=lambda option: counts[option.id])
    best = max(counts.values(), default=0)
    return ChoiceResult(
        voters=voters,
        rows=[
            ChoiceRow(option, counts[option.id], share(counts[option.id], voters), rank)
            for option, rank in rows
        ],
        winners=[option for option in ordered if best and counts[option.id] == best],
    )


def _ranked(ordered: Sequence[Choice], key: Callable[[Choice], object]) -> list[tuple[Choice, int]]:
    """Ranks for options already in order: equals share a rank (1, 1, 3)."""
    ranked: list[tuple[Choice, int]] = []
    previous: object = None
    for index, option in enumerate(ordered):
        value = key(option)
        rank = ranked[-1][1] if ranked and value == previous else index + 1
        ranked.append((option, rank))
        previous = value
    return ranked


# --- majority judgment ------------------------------------------------------------------------


@dataclass(frozen=True)
class GradeRow:
    option: Choice
    # How many voters gave each grade, index 0 (To reject) to 6 (Excellent); the ungraded
    # are counted in index 0.
    distribution: tuple[int, ...]
    ungraded: int
    median: int | None  # the lower median; None when no one voted
    above: float  # the share of voters strictly above the median
    below: float  # strictly below
    rank: int

    @property
    def voters(self) -> int:
        return sum(self.distribution)

    @property
    def shares(self) -> tuple[float, ...]:
        total = self.voters
        return tuple(share(count, total) for count in self.distribution)


@dataclass(frozen=True)
class JudgmentResult:
    voters: int
    rows: list[GradeRow]  # ranked: the best first
    winners: list[Choice]  # several for a true tie; empty when no one voted

    @property
    def is_tie(self) -> bool:
        return len(self.winners) > 1


def lower_median(distribution: Sequence[int]) -> int | None:
    """The grade of the voter in the middle; of the lower of the two middle ones for an even
    number (so that a majority, half or more, gives at least this grade)."""
    total = sum(distribution)
    if not total:
        return None
    position = (total - 1) // 2  # 0-based, in the grades sorted from the lowest
    seen = 0
    for grade, count in enumerate(distribution):
        seen += count
        if seen > position:
            return grade
    raise AssertionError("unreachable")  # pragma: no cover


def majority_values(distribution: Sequence[int]) -> tuple[int, ...]:
    """The grades met by removing, again and again, one median grade: the first is the
    majority grade, the next breaks a tie on it, and so on. Two options compare as these tuples
    do (the higher wins); equal tuples are equal distributions, a true tie.

    Removing the lower median of grades sorted ``g[0] ≤ … ≤ g[n-1]`` takes, in order, the
    indexes m, m-1, m+1, m-2, m+2… for an odd n (m = (n-1)/2) and m, m+1, m-1, m+2… for an even
    n (m = n/2 - 1): the list is read from its middle outwards, in O(n)."""
    grades = [grade for grade, count in enumerate(distribution) for _ in range(count)]
    n = len(grades)
    if not n:
        return ()
    middle = (n - 1) // 2
    order = [middle]
    step = 1
    odd = n % 2 == 1
    while len(order) < n:
        first, second = (middle - step, middle + step) if odd else (middle + step, middle - step)
        for index in (first, second):
            if 0 <= index < n and len(order) < n:
                order.append(index)
        step += 1
    return tuple(grades[index] for index in order)


def gauge(distribution: Sequence[int]) -> tuple[int, int, int]:
    """Balinski and Laraki's majority gauge: the median, then which side of it is the larger
    (more voters strictly above: +, else -), then that side's size (more above is better; more
    below is worse). When two gauges differ they rank as the full rule does (checked on random
    profiles in the tests); it is computed in O(grades), so the full rule is only needed between
    equal gauges."""
    median = lower_median(distribution)
    if median is None:
        return (-1, 0, 0)
    above, below = sum(distribution[median + 1 :]), sum(distribution[:median])
    return (median, 1, above) if above > below else (median, -1, -below)


@functools.total_ordering
class MajorityValues:
    """`majority_values`, computed only when two equal gauges must be told apart."""

    def __init__(self, distribution: Sequence[int]) -> None:
        self.distribution = tuple(distribution)

    @functools.cached_property
    def values(self) -> tuple[int, ...]:
        return majority_values(self.distribution)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MajorityValues):
            return NotImplemented
        # Equal sequences are equal distributions (of the same number of voters).
        return self.distribution == other.distribution

    def __lt__(self, other: MajorityValues) -> bool:
        return self.values < other.values

    def __hash__(self) -> int:
        return hash(self.distribution)


def judgment_key(distribution: Sequence[int]) -> tuple[tuple[int, int, int], MajorityValues]:
    """What ranks an option: the higher, the better."""
    return gauge(distribution), MajorityValues(distribution)


def judge(options: Sequence[Choice], tally: Tally, voters: int) -> JudgmentResult:
    """Majority judgment: each option's distribution and lower median, the options ranked."""
    profiles: dict[int, tuple[tuple[int, ...], int]] = {}
    for option in options:
        marks = tally.get(option.id, {})
        counts = [marks.get(grade, 0) for grade in range(GRADES)]
        ungraded = max(voters - sum(counts), 0)
        counts[0] += ungraded
        profiles[option.id] = (tuple(counts), ungraded)
    keys = {option_id: judgment_key(profile[0]) for option_id, profile in profiles.items()}
    ordered = sorted(options, key=lambda option: (keys[option.id], -option.position), reverse=True)
    rows = []
    for option, rank in _ranked(ordered, key=lambda option: keys[option.id]):
        distribution, ungraded = profiles[option.id]
        median = lower_median(distribution)
        total = sum(distribution)
        above = sum(distribution[median + 1 :]) if median is not None else 0
        below = sum(distribution[:median]) if median is not None else 0
        rows.append(
            GradeRow(
                option=option,
                distribution=distribution,
                ungraded=ungraded,
                median=median,
                above=share(above, total),
                below=share(below, total),
                rank=rank,
            )
        )
    winners = [row.option for row in rows if row.rank == 1] if voters else []
    return JudgmentResult(voters=voters, rows=rows, winners=winners)


# --- date poll --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateRow:
    option: Choice
    yes: int
    if_needed: int
    no: int
    rank: int


@dataclass(frozen=True)
class DateResult:
    voters: int
    rows: list[DateRow]  # the best date first
    winners: list[Choice]  # several for a tie; empty when no date has a yes or an if needed

    @property
    def is_tie(self) -> bool:
        return len(self.winners) > 1


def poll_dates(options: Sequence[Choice], tally: Tally, voters: int) -> DateResult:
    """Per date, yes / if needed / no (a date a ballot left unanswered is a no). The most yes +
    if needed wins, then the most yes; equal on both is a tie."""
    counts: dict[int, tuple[int, int]] = {}
    for option in options:
        marks = tally.get(option.id, {})
        counts[option.id] = (marks.get(YES, 0), marks.get(IF_NEEDED, 0))

    def score(option: Choice) -> tuple[int, int]:
        yes, if_needed = counts[option.id]
        return yes + if_needed, yes

    ordered = sorted(options, key=lambda option: (*(-s for s in score(option)), option.position))
    rows = [
        DateRow(
            option=option,
            yes=counts[option.id][0],
            if_needed=counts[option.id][1],
            no=max(voters - sum(counts[option.id]), 0),
            rank=rank,
        )
        for option, rank in _ranked(ordered, key=score)
    ]
    best = score(ordered[0]) if ordered else (0, 0)
    winners = [option for option in ordered if best[0] and score(option) == best]
    return DateResult(voters=voters, rows=rows, winners=winners)


# --- open question ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerGroup:
    label: str  # "" for the answers no one has grouped yet
    answers: list[str] = field(default_factory=list)


def group_answers(answers: Iterable[tuple[str, str]]) -> list[AnswerGroup]:
    """``(text, group)`` pairs as groups: the largest group first (equals by label), the
    ungrouped last; within a group, the answers in the order given."""
    groups: dict[str, list[str]] = defaultdict(list)
    for text, group in answers:
        groups[group.strip()].append(text)
    named = sorted((label for label in groups if label), key=lambda g: (-len(groups[g]), g))
    ordered = [AnswerGroup(label, groups[label]) for label in named]
    if "" in groups:
        ordered.append(AnswerGroup("", groups[""]))
    return ordered
