"""The API of voting: my ballot read and cast (by id, or a public survey's link), the paper
ballots of a coordinator; bad input refused in words with nothing stored; outsiders get 404."""

from __future__ import annotations

import pytest

from exchanges.consultations.models import Ballot, Consultation, Participation
from exchanges.consultations.services import ballots
from tests.conftest import api_as
from tests.exchanges.consultations.fields import make_consultation
from tests.factories import MembershipFactory, QuartierFactory, UserFactory

pytestmark = pytest.mark.django_db

Method = Consultation.Method


def ids(consultation) -> list[int]:
    return list(consultation.options.values_list("pk", flat=True))


@pytest.fixture
def bread(quartier, carol):
    return make_consultation(
        quartier=quartier,
        opened_by=carol,
        method=Method.MAJORITY_JUDGMENT,
        options=("La Fournée", "Le Fournil", "No bread"),
    )


def url(consultation) -> str:
    return f"/api/v1/consultations/{consultation.pk}/ballot/"


def graded(consultation, *grades) -> dict:
    return {
        "marks": [
            {"option": option, "value": grade}
            for option, grade in zip(ids(consultation), grades, strict=True)
        ]
    }


def test_i_cast_my_ballot_change_it_and_read_it_back(bread, alice):
    client = api_as(alice)
    assert client.get(url(bread)).json()["took_part"] is False

    assert client.put(url(bread), graded(bread, 6, 3, 0), format="json").status_code == 200
    response = client.put(url(bread), graded(bread, 5, 5, 1), format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["took_part"] is True and body["via"] == "self" and body["vote_open"] is True
    assert sorted(m["value"] for m in body["marks"]) == [1, 5, 5]
    assert body["answer"] == ""
    assert client.get(url(bread)).json() == body
    assert Ballot.objects.count() == 1


@pytest.mark.parametrize(
    ("marks", "words"),
    [
        ([{"option": 999999, "value": 3}], "not one of this consultation’s"),
        ("grade of 7", "A mark goes from 0 to 6."),
        ([], "Give a grade to every option"),
    ],
)
def test_bad_input_is_refused_in_words_with_nothing_stored(bread, alice, marks, words):
    if marks == "grade of 7":
        marks = graded(bread, 7, 3, 0)["marks"]
    response = api_as(alice).put(url(bread), {"marks": marks}, format="json")

    assert response.status_code == 400
    assert words in str(response.json())
    assert not Ballot.objects.exists() and not Participation.objects.exists()


def test_an_option_marked_twice_and_an_unknown_field_are_refused(bread, alice):
    a = ids(bread)[0]
    client = api_as(alice)
    twice = {"marks": [{"option": a, "value": 1}, {"option": a, "value": 2}]}
    assert client.put(url(bread), twice, format="json").json()["errors"]["marks"] == [
        "An option is marked twice."
    ]
    assert client.put(url(bread), {"marks": [], "voter": 3}, format="json").status_code == 400
    assert not Ballot.objects.exists()


def test_voting_after_the_close_is_a_400_that_says_so(quartier, carol, alice):
    closed = make_consultation(quartier=quartier, opened_by=carol, phase="results")
    response = api_as(alice).put(
        url(closed), {"marks": [{"option": ids(closed)[0], "value": 1}]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The vote is closed")
    assert not Ballot.objects.exists()


def test_french_refusals(bread, alice):
    response = api_as(alice, "fr").put(url(bread), {"marks": []}, format="json")
    assert response.status_code == 400
    assert "Donnez une mention à chaque option" in response.json()["detail"]


def test_outsiders_get_404_on_every_endpoint(bread, carol, dave):
    paper = ballots.paper_ballot_enter(
        consultation=bread, coordinator=carol, marks=dict.fromkeys(ids(bread), 2)
    )
    elsewhere = UserFactory.create()
    MembershipFactory.create(quartier=QuartierFactory.create(), user=elsewhere)
    base = f"/api/v1/consultations/{bread.pk}"
    for someone in (dave, elsewhere):
        client = api_as(someone)
        assert client.get(f"{base}/ballot/").status_code == 404
        assert (
            client.put(f"{base}/ballot/", graded(bread, 1, 1, 1), format="json").status_code == 404
        )
        assert client.get(f"{base}/paper-ballots/").status_code == 404
        assert client.post(f"{base}/paper-ballots/", {}, format="json").status_code == 404
        assert client.delete(f"{base}/paper-ballots/{paper.pk}/").status_code == 404
        assert client.get(f"/api/v1/surveys/{bread.public_token}/ballot/").status_code == 404
    assert Ballot.objects.count() == 1


def test_a_public_survey_is_answered_by_its_token_from_another_quartier(quartier, carol):
    survey = make_consultation(
        quartier=quartier, opened_by=carol, audience=Consultation.Audience.PUBLIC_LINK
    )
    elsewhere = UserFactory.create()
    MembershipFactory.create(quartier=QuartierFactory.create(), user=elsewhere)
    client = api_as(elsewhere)
    survey_url = f"/api/v1/surveys/{survey.public_token}/ballot/"

    response = client.put(
        survey_url, {"marks": [{"option": ids(survey)[0], "value": 1}]}, format="json"
    )

    assert response.status_code == 200 and response.json()["took_part"] is True
    assert client.get(url(survey)).status_code == 404
    assert client.get("/api/v1/surveys/nope/ballot/").status_code == 404


def test_an_open_question_takes_an_answer(quartier, carol, alice):
    poll = make_consultation(quartier=quartier, opened_by=carol, method=Method.OPEN, options=())
    client = api_as(alice)
    assert client.put(url(poll), {"answer": ""}, format="json").status_code == 400
    response = client.put(url(poll), {"answer": "Un banc"}, format="json")
    assert response.json()["answer"] == "Un banc"


def test_a_coordinator_enters_lists_and_removes_paper_ballots(
    bread, carol, alice, django_assert_max_num_queries
):
    client = api_as(carol)
    base = f"/api/v1/consultations/{bread.pk}/paper-ballots/"
    for grades in ((6, 2, 0), (4, 4, 4), (1, 2, 3)):
        response = client.post(base, graded(bread, *grades), format="json")
        assert response.status_code == 201
    entered = response.json()
    assert sorted(m["value"] for m in entered["marks"]) == [1, 2, 3]

    with django_assert_max_num_queries(12):
        listed = client.get(base).json()
    assert len(listed) == 3

    assert client.delete(f"{base}{entered['id']}/").status_code == 204
    assert Ballot.objects.filter(paper=True).count() == 2
    assert client.delete(f"{base}{entered['id']}/").status_code == 404
    # A member may read the consultation but not its paper ballots.
    assert api_as(alice).get(base).status_code == 403
    assert not Participation.objects.exists()
