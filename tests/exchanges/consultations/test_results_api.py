"""The results in the API: the figures and the sentence, a 403 in words while hidden, 404 for
dave; coordinators group an open question's answers, refused whole in words."""

from __future__ import annotations

import pytest

from exchanges.consultations.models import Consultation, OpenAnswer
from tests.conftest import api_as
from tests.exchanges.consultations.ballots import cast
from tests.exchanges.consultations.fields import make_consultation
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

Method, Phase = Consultation.Method, Consultation.Phase


def url(consultation, what="results/"):
    return f"/api/v1/consultations/{consultation.pk}/{what}"


def test_the_results_hold_the_figures_and_the_sentence(quartier, carol, alice, bob):
    consultation = make_consultation(
        quartier=quartier,
        opened_by=carol,
        method=Method.MAJORITY_JUDGMENT,
        phase=Phase.RESULTS,
        options=["La Fournée", "Le Fournil"],
    )
    cast(consultation, alice, {"La Fournée": 4, "Le Fournil": 3})
    cast(consultation, bob, {"La Fournée": 5})
    response = api_as(alice).get(url(consultation))
    assert response.status_code == 200
    data = response.json()
    fournee, fournil = consultation.options.order_by("position")
    assert data["sentence"] == "La Fournée wins with the median grade Good (2 voters of 3 members)."
    assert data["participation"] == {
        "members": 3,
        "voters": 2,
        "member_voters": 2,
        "outside": 0,
        "online": 2,
        "relais": 0,
        "paper": 0,
        "paper_entered_by": [],
    }
    assert data["together"]["winners"] == [fournee.pk]
    first, second = data["together"]["options"]
    assert (first["option"], first["median"], first["median_name"]) == (fournee.pk, 4, "Good")
    assert first["distribution"] == [0, 0, 0, 0, 1, 1, 0]
    # Le Fournil: 3 and (ungraded) 0 → 0 3, lower median 0.
    assert (second["option"], second["median"], second["distribution"]) == (
        fournil.pk,
        0,
        [1, 0, 0, 1, 0, 0, 0],
    )
    assert data["paper"] is None
    assert data["open_votes"] == []


def test_hidden_results_are_a_403_in_words(quartier, carol, alice):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase=Phase.VOTE)
    response = api_as(alice).get(url(consultation))
    assert response.status_code == 403
    assert response.json()["detail"].startswith("The results are shown once the vote closes, on")


def test_dave_gets_404(quartier, carol, dave):
    MembershipFactory.create(user=dave)
    consultation = make_consultation(
        quartier=quartier, opened_by=carol, method=Method.OPEN, phase=Phase.RESULTS, options=()
    )
    client = api_as(dave)
    assert client.get(url(consultation)).status_code == 404
    assert (
        client.put(url(consultation, "answers/groups/"), {"groups": []}, format="json").status_code
        == 404
    )


@pytest.fixture
def asked(quartier, carol, alice, bob):
    consultation = make_consultation(
        quartier=quartier, opened_by=carol, method=Method.OPEN, phase=Phase.RESULTS, options=()
    )
    cast(consultation, alice, answer="More benches")
    cast(consultation, bob, answer="Trees")
    return consultation


def test_a_coordinator_groups_answers(asked, carol):
    benches = OpenAnswer.objects.get(text="More benches")
    response = api_as(carol).put(
        url(asked, "answers/groups/"),
        {"groups": [{"answer": str(benches.pk), "group": "Benches"}]},
        format="json",
    )
    assert response.status_code == 200
    assert [(a["text"], a["group"]) for a in response.json()] == [
        ("Trees", ""),
        ("More benches", "Benches"),
    ]
    results = api_as(carol).get(url(asked)).json()
    assert results["groups"] == [
        {"label": "Benches", "answers": ["More benches"]},
        {"label": "", "answers": ["Trees"]},
    ]


def test_an_answer_of_another_consultation_is_refused_with_nothing_stored(
    asked, quartier, carol, alice
):
    other = make_consultation(
        quartier=quartier, opened_by=carol, method=Method.OPEN, phase=Phase.RESULTS, options=()
    )
    stranger = cast(other, alice, answer="Elsewhere").answer
    benches = OpenAnswer.objects.get(text="More benches")
    response = api_as(carol).put(
        url(asked, "answers/groups/"),
        {
            "groups": [
                {"answer": str(benches.pk), "group": "Benches"},
                {"answer": str(stranger.pk), "group": "Benches"},
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "groups": ["One of these answers is not this consultation’s."]
    }
    assert set(OpenAnswer.objects.values_list("group", flat=True)) == {""}


def test_a_member_may_not_group_answers(asked, alice):
    response = api_as(alice).put(url(asked, "answers/groups/"), {"groups": []}, format="json")
    assert response.status_code == 403


def test_more_than_a_thousand_answers_at_once_are_refused_in_words(asked, carol):
    benches = OpenAnswer.objects.get(text="More benches")
    given = [{"answer": str(benches.pk), "group": "Benches"}] + [
        {"answer": f"00000000-0000-4000-8000-{n:012d}", "group": "X"} for n in range(1000)
    ]
    response = api_as(carol).put(url(asked, "answers/groups/"), {"groups": given}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"groups": ["At most 1000 answers can be grouped at once."]}
    assert set(OpenAnswer.objects.values_list("group", flat=True)) == {""}


def test_an_answer_given_twice_is_refused_in_words_with_nothing_stored(asked, carol):
    benches = OpenAnswer.objects.get(text="More benches")
    response = api_as(carol, "fr").put(
        url(asked, "answers/groups/"),
        {
            "groups": [
                {"answer": str(benches.pk), "group": "Benches"},
                {"answer": str(benches.pk), "group": "Trees"},
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "groups": ["Une réponse est donnée deux fois : donnez chaque réponse une seule fois."]
    }
    assert set(OpenAnswer.objects.values_list("group", flat=True)) == {""}
