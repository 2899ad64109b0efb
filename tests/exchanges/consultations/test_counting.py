"""The counting against results computed by hand (the arithmetic in the comments), and a few
invariants checked on many random ballots."""

from __future__ import annotations

import random
from collections import Counter, defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from exchanges.consultations.counting import (
    Choice,
    count_choices,
    gauge,
    group_answers,
    judge,
    judgment_key,
    lower_median,
    majority_values,
    poll_dates,
)

A, B, C = Choice(1, "La Fournée", 0), Choice(2, "Le Fournil", 1), Choice(3, "No bread", 2)


def tally_of(ballots):
    """Ballots as {option: value} dicts, counted as the GROUP BY would."""
    tally: defaultdict[int, Counter[int]] = defaultdict(Counter)
    for ballot in ballots:
        for option, value in ballot.items():
            tally[option.id][value] += 1
    return {option: dict(values) for option, values in tally.items()}


def graded(**grades_of):
    """judge() over per-option grade lists of equal length: graded(A=[4, 4, 5], B=[3, 4, 4])."""
    options = {"A": A, "B": B, "C": C}
    chosen = [options[name] for name in grades_of]
    voters = max(len(grades) for grades in grades_of.values())
    tally = {options[name].id: dict(Counter(grades)) for name, grades in grades_of.items()}
    return judge(chosen, tally, voters)


# --- majority judgment -----------------------------------------------------------------------


def test_the_higher_median_wins():
    # A: 4 5 6 → median 5 (Very good); B: 3 3 6 → median 3 (Fairly good).
    result = graded(A=[6, 5, 4], B=[6, 3, 3])
    assert [row.median for row in result.rows] == [5, 3]
    assert result.winners == [A]
    assert not result.is_tie


def test_equal_medians_are_broken_at_the_first_step():
    # Both medians are 4 (Good). Remove one 4 from each: A keeps 4 5 → its lower median 4;
    # B keeps 3 4 → 3. A wins. The same by shares: A has 1/3 above its median and none below,
    # B none above and 1/3 below.
    result = graded(A=[4, 4, 5], B=[3, 4, 4])
    assert result.winners == [A]
    assert [row.rank for row in result.rows] == [1, 2]
    assert (result.rows[0].above, result.rows[0].below) == (1 / 3, 0)
    assert (result.rows[1].above, result.rows[1].below) == (0, 1 / 3)


def test_equal_medians_are_broken_at_the_second_step_with_an_even_number_of_voters():
    # Four voters. A: 2 4 4 5, B: 3 4 4 4. Lower medians (2nd of 4): 4 and 4.
    # Remove a 4: A 2 4 5 → 4; B 3 4 4 → 4: still equal.
    # Remove a 4: A 2 5 → lower median 2; B 3 4 → 3. B wins at the second step.
    assert majority_values([0, 0, 1, 0, 2, 1, 0]) == (4, 4, 2, 5)
    assert majority_values([0, 0, 0, 1, 3, 0, 0]) == (4, 4, 3, 4)
    result = graded(A=[2, 4, 4, 5], B=[3, 4, 4, 4])
    assert result.winners == [B]


def test_an_even_number_of_voters_takes_the_lower_median():
    # A: 1 1 5 5: the two middle grades are 1 and 5; the lower, 1 (Insufficient), is the
    # grade a majority (half or more) gives at least. B: 2 2 2 2 → 2. B wins, although A's
    # mean (3) is higher.
    result = graded(A=[1, 1, 5, 5], B=[2, 2, 2, 2])
    assert result.rows[0].option == B
    assert {row.option: row.median for row in result.rows} == {A: 1, B: 2}


def test_all_grades_equal_is_a_true_tie():
    # Same distributions (three Good each): every removal gives 4 on both sides.
    result = graded(A=[4, 4, 4], B=[4, 4, 4])
    assert result.is_tie
    assert result.winners == [A, B]
    assert [row.rank for row in result.rows] == [1, 1]


def test_the_same_distribution_in_another_order_is_a_tie():
    result = graded(A=[0, 6, 3], B=[3, 0, 6])
    assert result.is_tie


def test_an_option_nobody_graded_counts_as_to_reject():
    # Three voters graded A 5 5 5 and left B: B is 0 0 0 (To reject), its median 0.
    result = judge([A, B], {A.id: {5: 3}}, 3)
    assert result.winners == [A]
    row_b = result.rows[1]
    assert (row_b.option, row_b.median, row_b.ungraded) == (B, 0, 3)
    assert row_b.distribution == (3, 0, 0, 0, 0, 0, 0)


def test_a_single_voter_decides():
    result = graded(A=[6], B=[0], C=[3])
    assert [row.option for row in result.rows] == [A, C, B]
    assert result.rows[0].median == 6


def test_no_voter_no_winner():
    result = judge([A, B], {}, 0)
    assert result.winners == []
    assert [row.median for row in result.rows] == [None, None]


def test_the_distribution_is_given_for_a_merit_profile():
    # A: 6 6 4 0 → shares per grade 0..6: 1/4, 0, 0, 0, 1/4, 0, 2/4; lower median (2nd of
    # 4 sorted 0 4 6 6) = 4.
    row = graded(A=[6, 6, 4, 0]).rows[0]
    assert row.distribution == (1, 0, 0, 0, 1, 0, 2)
    assert row.shares == (0.25, 0, 0, 0, 0.25, 0, 0.5)
    assert row.median == 4


def naive_majority_values(grades):
    """The rule as written: remove one lower median, again and again."""
    left = sorted(grades)
    found = []
    while left:
        found.append(left.pop((len(left) - 1) // 2))
    return tuple(found)


grade_lists = st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=60)


@given(grade_lists)
def test_majority_values_follow_the_rule_as_written(grades):
    distribution = [grades.count(grade) for grade in range(7)]
    assert majority_values(distribution) == naive_majority_values(grades)
    assert lower_median(distribution) == sorted(grades)[(len(grades) - 1) // 2]


ballots_strategy = st.lists(
    st.tuples(*(st.integers(min_value=0, max_value=6) for _ in range(3))), min_size=1, max_size=40
)


@settings(max_examples=200)
@given(ballots_strategy, st.randoms())
def test_the_ranking_does_not_depend_on_the_ballots_order(ballots, rng):
    as_marks = [{A: a, B: b, C: c} for a, b, c in ballots]
    first = judge([A, B, C], tally_of(as_marks), len(as_marks))
    rng.shuffle(as_marks)
    again = judge([A, B, C], tally_of(as_marks), len(as_marks))
    assert [(r.option, r.rank) for r in first.rows] == [(r.option, r.rank) for r in again.rows]


@settings(max_examples=300)
@given(ballots_strategy)
def test_a_ballot_for_a_never_hurts_a(ballots):
    as_marks = [{A: a, B: b, C: c} for a, b, c in ballots]
    before = judge([A, B, C], tally_of(as_marks), len(as_marks))
    as_marks.append({A: 6, B: 0, C: 0})
    after = judge([A, B, C], tally_of(as_marks), len(as_marks))
    rank = {row.option: row.rank for row in before.rows}[A]
    assert {row.option: row.rank for row in after.rows}[A] <= rank


# --- single choice, approval ------------------------------------------------------------------


def test_a_single_choice_has_its_winner_and_shares():
    # 3 voters: A, A, B → A 2 (2/3), B 1 (1/3), C 0.
    result = count_choices([A, B, C], {A.id: {1: 2}, B.id: {1: 1}}, 3)
    assert result.winners == [A]
    assert [(r.option, r.count, r.rank) for r in result.rows] == [(A, 2, 1), (B, 1, 2), (C, 0, 3)]
    assert result.rows[0].share == 2 / 3


def test_approval_names_a_tie():
    # 4 voters: {A, B}, {A, B}, {A, C}, {B}: A 3, B 3, C 1; shares 3/4, 3/4, 1/4 (more than
    # 100 % together: an approval ballot chooses several).
    ballots = [{A: 1, B: 1}, {A: 1, B: 1}, {A: 1, C: 1}, {B: 1}]
    result = count_choices([A, B, C], tally_of(ballots), 4)
    assert result.is_tie
    assert result.winners == [A, B]
    assert [(r.count, r.share, r.rank) for r in result.rows] == [
        (3, 0.75, 1),
        (3, 0.75, 1),
        (1, 0.25, 3),
    ]


def test_no_choice_no_winner():
    assert count_choices([A, B], {}, 0).winners == []


# --- date poll --------------------------------------------------------------------------------


def test_a_date_poll_wins_on_yes_plus_if_needed_then_on_yes():
    # 4 voters. D1: yes 2, if needed 1 → 3; D2: yes 3 → 3, more yes: D2 wins. D3: 1 + 1 = 2.
    d1, d2, d3 = Choice(1, "Samedi 7 juin"), Choice(2, "Samedi 14 juin", 1), Choice(3, "21", 2)
    tally = {1: {2: 2, 1: 1, 0: 1}, 2: {2: 3, 0: 1}, 3: {2: 1, 1: 1}}
    result = poll_dates([d1, d2, d3], tally, 4)
    assert result.winners == [d2]
    assert [(r.option, r.yes, r.if_needed, r.no) for r in result.rows] == [
        (d2, 3, 0, 1),
        (d1, 2, 1, 1),
        (d3, 1, 1, 2),  # the unanswered counted as no: 4 - 1 - 1
    ]


def test_a_date_poll_names_a_tie():
    # D1 and D2: yes 2, if needed 1 each → 3 and 2 on both keys: a tie.
    d1, d2 = Choice(1, "Samedi 7 juin"), Choice(2, "Samedi 14 juin", 1)
    result = poll_dates([d1, d2], {1: {2: 2, 1: 1}, 2: {1: 1, 2: 2}}, 3)
    assert result.is_tie
    assert [r.rank for r in result.rows] == [1, 1]


def test_a_date_poll_with_only_no_has_no_winner():
    d1 = Choice(1, "Samedi 7 juin")
    assert poll_dates([d1], {1: {0: 3}}, 3).winners == []


# --- open question ----------------------------------------------------------------------------


def test_answers_are_grouped_the_largest_first_the_ungrouped_last():
    groups = group_answers(
        [
            ("More benches", "Benches"),
            ("Trees", ""),
            ("A bench by the school", "Benches"),
            ("Lights", "Lighting"),
        ]
    )
    assert [(g.label, g.answers) for g in groups] == [
        ("Benches", ["More benches", "A bench by the school"]),
        ("Lighting", ["Lights"]),
        ("", ["Trees"]),
    ]


def test_random_ballots_count_every_grade_once():
    rng = random.Random(16)
    ballots = [{A: rng.randint(0, 6), B: rng.randint(0, 6)} for _ in range(101)]
    result = judge([A, B], tally_of(ballots), 101)
    assert all(sum(row.distribution) == 101 for row in result.rows)


@settings(max_examples=500)
@given(grade_lists, grade_lists)
def test_the_gauge_ranks_as_the_full_rule_when_it_differs(first, second):
    # The options are judged by the same number of voters (the ungraded count as To reject).
    size = min(len(first), len(second))
    a = [first[:size].count(g) for g in range(7)]
    b = [second[:size].count(g) for g in range(7)]
    if gauge(a) > gauge(b):
        assert majority_values(a) > majority_values(b)
    assert (judgment_key(a) > judgment_key(b)) == (majority_values(a) > majority_values(b))
    assert (judgment_key(a) == judgment_key(b)) == (majority_values(a) == majority_values(b))
