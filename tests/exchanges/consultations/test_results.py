"""The results read from the tables: the tallies in one query whatever the number of ballots,
paper ballots apart then together, participation by way, who sees them and when, the names of
an open ballot (never of a secret one), and the sentence in plain words."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from exchanges.consultations import results as selectors
from exchanges.consultations.models import Consultation, Via
from tests.exchanges.consultations.ballots import cast
from tests.exchanges.consultations.fields import make_consultation
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

Method, Phase = Consultation.Method, Consultation.Phase
BAKERIES = ("La Fournée", "Le Fournil", "No bread")


def winner(outcome):
    assert outcome is not None
    return outcome.winners[0].label


def judged(quartier, carol, **fields):
    fields.setdefault("phase", Phase.RESULTS)
    return make_consultation(
        quartier=quartier,
        opened_by=carol,
        method=Method.MAJORITY_JUDGMENT,
        options=BAKERIES,
        question="Should the AMAP add a bread producer?",
        **fields,
    )


def test_majority_judgment_counts_online_relais_and_paper(quartier, carol, alice, bob):
    consultation = judged(quartier, carol)
    cast(consultation, alice, {"La Fournée": 4, "Le Fournil": 3, "No bread": 1})
    cast(
        consultation,
        bob,
        {"La Fournée": 5, "Le Fournil": 4, "No bread": 0},
        via=Via.RELAIS,
        relais=carol,
    )
    cast(consultation, None, {"La Fournée": 2, "Le Fournil": 6, "No bread": 0})
    found = selectors.results(consultation=consultation)
    # Together, La Fournée 2 4 5 → 4 (Good); Le Fournil 3 4 6 → 4; removing a 4 each: 2 5 →
    # lower median 2, 3 6 → 3: Le Fournil wins.
    assert winner(found.together) == "Le Fournil"
    assert (found.turnout.online, found.turnout.relais, found.turnout.paper) == (1, 1, 1)
    assert found.turnout.members == 3  # carol, alice, bob
    # Apart: online alone, La Fournée 4 5 → 4 and Le Fournil 3 4 → 3.
    assert winner(found.online) == "La Fournée"
    assert winner(found.paper) == "Le Fournil"
    assert found.sentence == ("Le Fournil wins with the median grade Good (3 voters of 3 members).")


def test_the_tallies_take_the_same_queries_for_2_ballots_and_for_60(
    quartier, carol, django_assert_num_queries
):
    consultation = judged(quartier, carol)
    for _ in range(2):
        cast(consultation, UserFactory.create(), {"La Fournée": 4, "Le Fournil": 1})
    # options, ballots, participations, members, tallies, who entered paper ballots
    with django_assert_num_queries(6):
        selectors.results(consultation=consultation)
    for index in range(58):
        cast(consultation, None if index % 3 else UserFactory.create(), {"La Fournée": index % 7})
    with django_assert_num_queries(6):
        found = selectors.results(consultation=consultation)
    assert found.together is not None
    assert found.together.voters == 60


def test_a_date_poll_reads_in_plain_words(quartier, carol, alice, bob):
    consultation = make_consultation(
        quartier=quartier,
        opened_by=carol,
        method=Method.DATE_POLL,
        phase=Phase.RESULTS,
        options=[
            ("Samedi 7 juin", datetime.date(2026, 6, 7)),
            ("Samedi 14 juin", datetime.date(2026, 6, 14)),
        ],
    )
    cast(consultation, alice, {"Samedi 7 juin": 1, "Samedi 14 juin": 2})
    cast(consultation, bob, {"Samedi 7 juin": 0, "Samedi 14 juin": 1})
    assert selectors.results(consultation=consultation).sentence == (
        "Samedi 14 juin wins: 1 yes, 1 if needed."
    )


def test_a_tie_is_named(quartier, carol, alice, bob):
    consultation = make_consultation(
        quartier=quartier,
        opened_by=carol,
        method=Method.APPROVAL,
        phase=Phase.RESULTS,
        options=BAKERIES,
    )
    cast(consultation, alice, {"La Fournée": 1, "Le Fournil": 1})
    cast(consultation, bob, {"La Fournée": 1, "Le Fournil": 1, "No bread": 1})
    assert selectors.results(consultation=consultation).sentence == (
        "A tie between La Fournée and Le Fournil: 2 votes each (2 voters of 3 members)."
    )


def test_no_one_has_voted_yet_while_the_vote_is_open(quartier, carol):
    consultation = judged(quartier, carol, phase=Phase.VOTE, results_live=True)
    assert selectors.results(consultation=consultation).sentence == "No one has voted yet."


def test_no_one_voted_once_it_is_closed(quartier, carol):
    consultation = judged(quartier, carol)
    assert selectors.results(consultation=consultation).sentence == "No one voted."


def test_the_sentence_is_in_french_for_a_french_reader(quartier, carol, alice):
    from django.utils import translation

    consultation = judged(quartier, carol)
    cast(consultation, alice, {"La Fournée": 4, "Le Fournil": 3, "No bread": 1})
    with translation.override("fr"):
        sentence = selectors.results(consultation=consultation).sentence
    assert sentence == (
        "La Fournée l’emporte avec la mention médiane Bien (1 votant sur 2 membres)."
    )


def test_an_open_ballot_names_the_voters_with_their_choices(quartier, carol, alice, bob):
    consultation = make_consultation(
        quartier=quartier, opened_by=carol, phase=Phase.RESULTS, secrecy="open", options=BAKERIES
    )
    cast(consultation, alice, {"La Fournée": 1})
    cast(consultation, bob, {"No bread": 1})
    cast(consultation, None, {"Le Fournil": 1})  # a paper ballot names no one
    votes = selectors.results(consultation=consultation).open_votes
    ids = {o.label: o.pk for o in consultation.options.all()}
    assert [(v.name, v.marks) for v in votes] == [
        ("Alice", {ids["La Fournée"]: 1}),
        ("Bob", {ids["No bread"]: 1}),
    ]


def test_a_secret_ballot_names_no_one(quartier, carol, alice):
    consultation = make_consultation(
        quartier=quartier, opened_by=carol, phase=Phase.RESULTS, options=BAKERIES
    )
    cast(consultation, alice, {"La Fournée": 1})
    assert selectors.results(consultation=consultation).open_votes == []
    with pytest.raises(AssertionError):
        selectors.open_votes(consultation)


def test_open_answers_are_grouped(quartier, carol, alice, bob):
    consultation = make_consultation(
        quartier=quartier, opened_by=carol, method=Method.OPEN, phase=Phase.RESULTS, options=()
    )
    cast(consultation, alice, answer="More benches", group="Benches")
    cast(consultation, bob, answer="Trees")
    found = selectors.results(consultation=consultation)
    assert [(g.label, g.answers) for g in found.groups] == [
        ("Benches", ["More benches"]),
        ("", ["Trees"]),
    ]
    assert found.sentence == "2 answers (2 voters of 3 members)."


# --- who sees them, and when ------------------------------------------------------------------


def test_results_are_hidden_during_the_vote(quartier, carol, alice):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase=Phase.VOTE)
    with pytest.raises(PermissionDenied, match="once the vote closes"):
        selectors.get_consultation_with_results(user=alice, consultation_id=consultation.pk)


def test_results_are_shown_during_the_vote_when_live(quartier, carol, alice):
    consultation = make_consultation(
        quartier=quartier, opened_by=carol, phase=Phase.VOTE, results_live=True
    )
    assert selectors.get_consultation_with_results(user=alice, consultation_id=consultation.pk)


def test_results_are_shown_once_the_close_has_come_before_the_tick(quartier, carol, alice):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase=Phase.VOTE)
    later = consultation.results_at + datetime.timedelta(minutes=1)
    assert not selectors.results_visible(consultation)
    assert selectors.results_visible(consultation, later)


def test_live_results_are_not_shown_before_the_vote(quartier, carol):
    consultation = make_consultation(
        quartier=quartier, opened_by=carol, phase=Phase.DEBATE, results_live=True
    )
    assert not selectors.results_visible(consultation)


def test_dave_gets_a_404(quartier, carol, dave):
    MembershipFactory.create(user=dave)  # a member elsewhere
    consultation = judged(quartier, carol)
    with pytest.raises(Http404):
        selectors.get_consultation_with_results(user=dave, consultation_id=consultation.pk)
