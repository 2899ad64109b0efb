"""Voting kept safe: a ballot checked against the consultation's row as it is now (a
withdrawal or the close committed meanwhile wins), the trail of paper ballots (who entered
them, never what), a public survey's respondents from outside counted apart, bad input on the
pages refused in words with nothing stored, and a former member shut out."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reportlab.platypus import Paragraph

from exchanges.consultations import exports, results
from exchanges.consultations.models import (
    Ballot,
    Consultation,
    Mark,
    OpenAnswer,
    PaperEntry,
    Participation,
)
from exchanges.consultations.services import ballots
from neighbourhood.quartiers.models import Membership
from tests.conftest import api_as
from tests.exchanges.consultations.fields import make_consultation

pytestmark = pytest.mark.django_db

Method = Consultation.Method
HOUR = datetime.timedelta(hours=1)


def client_of(user) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def ids(consultation) -> list[int]:
    return list(consultation.options.values_list("pk", flat=True))


def nothing_stored() -> bool:
    return not (
        Ballot.objects.exists()
        or Mark.objects.exists()
        or OpenAnswer.objects.exists()
        or Participation.objects.exists()
    )


# --- the consultation's row, read afresh ------------------------------------------------------


def test_a_ballot_on_a_stale_copy_is_refused_after_a_withdrawal(quartier, carol, alice):
    poll = make_consultation(quartier=quartier, opened_by=carol)
    stale = Consultation.objects.get(pk=poll.pk)
    Consultation.objects.filter(pk=poll.pk).update(status=Consultation.Status.WITHDRAWN)
    with pytest.raises(ValidationError, match="closed"):
        ballots.ballot_cast(consultation=stale, member=alice, marks={ids(poll)[0]: 1})
    assert nothing_stored()


def test_a_ballot_on_a_stale_copy_is_refused_after_the_close(quartier, carol, alice):
    poll = make_consultation(quartier=quartier, opened_by=carol)
    stale = Consultation.objects.get(pk=poll.pk)
    Consultation.objects.filter(pk=poll.pk).update(
        results_at=timezone.now() - HOUR, phase=Consultation.Phase.RESULTS
    )
    with pytest.raises(ValidationError, match="closed"):
        ballots.ballot_cast(consultation=stale, member=alice, marks={ids(poll)[0]: 1})
    with pytest.raises(ValidationError, match="closed"):
        ballots.paper_ballot_enter(consultation=stale, coordinator=carol, marks={ids(poll)[0]: 1})
    assert nothing_stored()
    assert not PaperEntry.objects.exists()


def test_a_paper_ballot_is_not_removed_after_the_close(quartier, carol):
    poll = make_consultation(quartier=quartier, opened_by=carol)
    paper = ballots.paper_ballot_enter(
        consultation=poll, coordinator=carol, marks={ids(poll)[0]: 1}
    )
    Consultation.objects.filter(pk=poll.pk).update(results_at=timezone.now() - HOUR)
    stale = Ballot.objects.select_related("consultation").get(pk=paper.pk)
    stale.consultation.results_at = timezone.now() + HOUR  # as read before the close
    with pytest.raises(ValidationError, match="closed"):
        ballots.paper_ballot_remove(ballot=stale, coordinator=carol)
    assert Ballot.objects.filter(paper=True).count() == 1
    assert PaperEntry.objects.filter(action=PaperEntry.Action.REMOVED).count() == 0


# --- the trail of paper ballots ---------------------------------------------------------------


def test_each_paper_ballot_entered_or_removed_leaves_a_trail_and_no_content(quartier, carol):
    poll = make_consultation(quartier=quartier, opened_by=carol)
    yes, no = ids(poll)
    first = ballots.paper_ballot_enter(consultation=poll, coordinator=carol, marks={yes: 1})
    ballots.paper_ballot_enter(consultation=poll, coordinator=carol, marks={no: 1})
    ballots.paper_ballot_remove(ballot=first, coordinator=carol)

    trail = list(PaperEntry.objects.values_list("coordinator", "action"))
    assert trail == [(carol.pk, "entered"), (carol.pk, "entered"), (carol.pk, "removed")]
    # Who entered a paper ballot never points at it, nor says what it said.
    fields = {field.name for field in PaperEntry._meta.concrete_fields}
    assert fields == {"id", "consultation", "coordinator", "action", "at"}


def test_a_refused_paper_ballot_leaves_no_trail(quartier, carol, alice):
    poll = make_consultation(quartier=quartier, opened_by=carol)
    yes, no = ids(poll)
    with pytest.raises(ValidationError):
        ballots.paper_ballot_enter(consultation=poll, coordinator=carol, marks={yes: 1, no: 1})
    with pytest.raises(PermissionDenied):
        ballots.paper_ballot_enter(consultation=poll, coordinator=alice, marks={yes: 1})
    assert not PaperEntry.objects.exists()


def test_the_results_say_who_entered_the_paper_ballots(quartier, carol, alice):
    poll = make_consultation(quartier=quartier, opened_by=carol)
    yes, _no = ids(poll)
    first = ballots.paper_ballot_enter(consultation=poll, coordinator=carol, marks={yes: 1})
    for _ in range(3):
        ballots.paper_ballot_enter(consultation=poll, coordinator=carol, marks={yes: 1})
    ballots.paper_ballot_remove(ballot=first, coordinator=carol)
    Consultation.objects.filter(pk=poll.pk).update(
        results_at=timezone.now() - HOUR, phase=Consultation.Phase.RESULTS
    )

    found = results.results(consultation=Consultation.objects.get(pk=poll.pk))
    assert found.paper_words == "4 paper ballots entered by Carol (1 removed)."
    page = client_of(alice).get(reverse("consultations:results", args=[poll.pk]))
    assert "4 paper ballots entered by Carol (1 removed)." in page.content.decode()
    data = api_as(alice).get(f"/api/v1/consultations/{poll.pk}/results/").json()
    assert data["participation"]["paper_entered_by"] == [
        {"name": "Carol", "entered": 4, "removed": 1}
    ]


# --- a public survey's respondents from outside -----------------------------------------------


def test_respondents_from_outside_are_counted_apart(quartier, carol, alice, dave):
    survey = make_consultation(
        quartier=quartier, opened_by=carol, audience=Consultation.Audience.PUBLIC_LINK
    )
    yes, _no = ids(survey)
    for someone in (alice, dave):
        ballots.ballot_cast(consultation=survey, member=someone, marks={yes: 1})
    Consultation.objects.filter(pk=survey.pk).update(
        results_at=timezone.now() - HOUR, phase=Consultation.Phase.RESULTS
    )
    survey = Consultation.objects.get(pk=survey.pk)

    found = results.results(consultation=survey)
    assert (found.turnout.voters, found.turnout.member_voters, found.turnout.outside) == (2, 1, 1)
    # carol and alice are the members.
    assert found.participation_words == "1 voter of 2 members, and 1 from outside the quartier"
    page = client_of(alice).get(reverse("consultations:results", args=[survey.pk]))
    assert "1 voter of 2 members, and 1 from outside the quartier" in page.content.decode()
    data = api_as(alice).get(f"/api/v1/consultations/{survey.pk}/results/").json()
    assert (data["participation"]["member_voters"], data["participation"]["outside"]) == (1, 1)


# --- bad input on the pages -------------------------------------------------------------------


@pytest.fixture
def bread(quartier, carol):
    return make_consultation(
        quartier=quartier,
        opened_by=carol,
        method=Method.MAJORITY_JUDGMENT,
        options=("La Fournée", "Le Fournil"),
    )


def graded(consultation, **overrides) -> dict[str, str]:
    values = {f"ballot-option_{option_id}": "3" for option_id in ids(consultation)}
    values.update(overrides)
    return values


@pytest.mark.parametrize("page", ["consultations:vote", "consultations:paper"])
def test_a_grade_of_7_is_refused_in_words(bread, alice, carol, page):
    a, _b = ids(bread)
    client = client_of(carol if page == "consultations:paper" else alice)
    response = client.post(
        reverse(page, args=[bread.pk]), graded(bread, **{f"ballot-option_{a}": "7"})
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert nothing_stored() and not PaperEntry.objects.exists()


@pytest.mark.parametrize("value", ["good", "3.5", ""])
def test_a_grade_that_is_not_a_number_is_refused_in_words(bread, alice, value):
    a, _b = ids(bread)
    response = client_of(alice).post(
        reverse("consultations:vote", args=[bread.pk]),
        graded(bread, **{f"ballot-option_{a}": value}),
    )
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert nothing_stored()


@pytest.mark.parametrize("choice", ["999999", "yes", "1.5"])
def test_an_unknown_or_malformed_option_id_is_refused_in_words(quartier, carol, alice, choice):
    poll = make_consultation(quartier=quartier, opened_by=carol)
    for url, who in (
        (reverse("consultations:vote", args=[poll.pk]), alice),
        (reverse("consultations:paper", args=[poll.pk]), carol),
    ):
        response = client_of(who).post(url, {"ballot-choice": choice})
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
    assert nothing_stored() and not PaperEntry.objects.exists()


def test_an_unknown_option_field_is_ignored_and_a_missing_one_refused(bread, alice):
    a, _b = ids(bread)
    response = client_of(alice).post(
        reverse("consultations:vote", args=[bread.pk]),
        {f"ballot-option_{a}": "3", "ballot-option_999999": "3"},
    )
    assert response.status_code == 400
    assert "Give this option a grade." in response.content.decode()
    assert nothing_stored()


def test_an_over_long_open_answer_is_refused_in_words(quartier, carol, alice):
    question = make_consultation(quartier=quartier, opened_by=carol, method=Method.OPEN, options=())
    response = client_of(alice).post(
        reverse("consultations:vote", args=[question.pk]), {"ballot-answer": "x" * 2001}
    )
    assert response.status_code == 400
    assert "at most 2000 characters" in response.content.decode()
    assert nothing_stored()


def test_posting_to_a_closed_vote_says_so_once(quartier, carol, alice):
    closed = make_consultation(quartier=quartier, opened_by=carol, phase="results")
    for url, who in (
        (reverse("consultations:vote", args=[closed.pk]), alice),
        (reverse("consultations:paper", args=[closed.pk]), carol),
    ):
        response = client_of(who).post(url, {"ballot-choice": str(ids(closed)[0])}, follow=True)
        assert response.status_code == 400
        assert response.content.decode().count("The vote is closed") == 1, url
    assert nothing_stored()


# --- a former member --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [Membership.Status.LEFT, Membership.Status.REMOVED, Membership.Status.BANNED]
)
def test_a_former_member_gets_404_everywhere_and_cannot_vote(quartier, carol, alice, status):
    poll = make_consultation(quartier=quartier, opened_by=carol, results_live=True)
    Membership.objects.filter(quartier=quartier, user=alice).update(status=status)
    client, api = client_of(alice), api_as(alice)
    for name in ("detail", "vote", "results", "results_csv", "report", "paper"):
        url = reverse(f"consultations:{name}", args=[poll.pk])
        assert client.get(url).status_code == 404, name
    assert (
        client.post(
            reverse("consultations:vote", args=[poll.pk]), {"ballot-choice": str(ids(poll)[0])}
        ).status_code
        == 404
    )
    base = f"/api/v1/consultations/{poll.pk}/"
    for url in (base, f"{base}ballot/", f"{base}results/"):
        assert api.get(url).status_code == 404, url
    assert (
        api.put(f"{base}ballot/", {"marks": {str(ids(poll)[0]): 1}}, format="json").status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        ballots.ballot_cast(consultation=poll, member=alice, marks={ids(poll)[0]: 1})
    assert nothing_stored()


# --- the paper page's queries -----------------------------------------------------------------


def test_the_paper_page_takes_the_same_queries_for_2_ballots_and_for_12(
    quartier, carol, django_assert_num_queries
):
    poll = make_consultation(
        quartier=quartier,
        opened_by=carol,
        method=Method.MAJORITY_JUDGMENT,
        options=[f"Option {n}" for n in range(6)],
    )
    grades = dict.fromkeys(ids(poll), 3)
    client = client_of(carol)
    url = reverse("consultations:paper", args=[poll.pk])
    for _ in range(2):
        ballots.paper_ballot_enter(consultation=poll, coordinator=carol, marks=grades)
    client.get(url)
    with django_assert_num_queries(PAPER_PAGE_QUERIES):
        assert client.get(url).status_code == 200
    for _ in range(10):
        ballots.paper_ballot_enter(consultation=poll, coordinator=carol, marks=grades)
    with django_assert_num_queries(PAPER_PAGE_QUERIES):
        assert client.get(url).status_code == 200


# Session, user, the consultation with its quartier, the coordinator's check, the options, the
# paper ballots, their marks with their options: however many ballots (the bell's count is kept
# in the cache since the first page).
PAPER_PAGE_QUERIES = 7


def test_the_report_says_who_entered_the_paper_ballots_and_counts_outsiders_apart(
    quartier, carol, alice, dave
):
    survey = make_consultation(
        quartier=quartier, opened_by=carol, audience=Consultation.Audience.PUBLIC_LINK
    )
    yes, _no = ids(survey)
    for someone in (alice, dave):
        ballots.ballot_cast(consultation=survey, member=someone, marks={yes: 1})
    ballots.paper_ballot_enter(consultation=survey, coordinator=carol, marks={yes: 1})
    Consultation.objects.filter(pk=survey.pk).update(
        results_at=timezone.now() - HOUR, phase=Consultation.Phase.RESULTS
    )
    found = results.results(consultation=Consultation.objects.get(pk=survey.pk))
    story = exports.Report(found).story("Report")
    words = " ".join(item.getPlainText() for item in story if isinstance(item, Paragraph))
    assert "2 voters of 2 members, and 1 from outside the quartier" in words
    assert "1 paper ballot entered by Carol." in words
