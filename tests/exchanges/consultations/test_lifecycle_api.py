"""Consultations in the API: listed with options and participation in a fixed number of
queries, opened, changed, approved, declined, withdrawn, summed up; bad input a 400 in words."""

import pytest

from exchanges.consultations.models import Consultation, Participation
from tests.conftest import api_as
from tests.exchanges.consultations.builders import dates
from tests.exchanges.consultations.fields import make_consultation

pytestmark = pytest.mark.django_db


def _body(**overrides):
    values = {
        "question": "La AMAP ajoute-t-elle un boulanger ?",
        "method": "majority_judgment",
        "options": ["La Fournée", "Au Bon Pain", "Le Fournil", "Pas de pain"],
        **{name: value.isoformat() for name, value in dates().items()},
    }
    values.update(overrides)
    return values


def test_a_coordinator_opens_one_and_members_list_it(quartier, carol, bob):
    response = api_as(carol).post(
        f"/api/v1/quartiers/{quartier.slug}/consultations/", _body(), format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "approved"
    assert body["phase"] == "scheduled"
    assert [o["label"] for o in body["options"]][-1] == "Pas de pain"
    assert all(isinstance(o["id"], int) for o in body["options"])
    listed = api_as(bob).get(f"/api/v1/quartiers/{quartier.slug}/consultations/").json()
    assert [c["id"] for c in listed] == [body["id"]]


def test_the_list_counts_participations_in_a_fixed_number_of_queries(
    quartier, carol, alice, bob, django_assert_max_num_queries
):
    for n in range(10):
        consultation = make_consultation(quartier=quartier, opened_by=carol, question=f"Q{n}?")
        Participation.objects.create(consultation=consultation, member=alice)
        Participation.objects.create(consultation=consultation, member=bob)
    client = api_as(bob)
    with django_assert_max_num_queries(8):
        listed = client.get(f"/api/v1/quartiers/{quartier.slug}/consultations/").json()
    assert len(listed) == 10
    assert {c["participation_count"] for c in listed} == {2}


def test_bad_input_is_a_400_in_words_and_nothing_stored(quartier, carol):
    response = api_as(carol).post(
        f"/api/v1/quartiers/{quartier.slug}/consultations/",
        _body(options=["Only one"], links="nowhere"),
        format="json",
    )
    assert response.status_code == 400
    text = str(response.json())
    assert "at least two options" in text
    assert "not a web address" in text
    assert not Consultation.objects.exists()


def test_patch_summary_and_withdraw(quartier, carol):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="debate")
    client = api_as(carol)
    url = f"/api/v1/consultations/{consultation.pk}/"
    assert client.patch(url, {"question": "Un boulanger ?"}, format="json").json()["question"] == (
        "Un boulanger ?"
    )
    assert client.patch(url, {"nonsense": 1}, format="json").status_code == 400
    summary = client.put(f"{url}summary/", {"summary": "Bread."}, format="json").json()
    assert summary["summary"] == "Bread."
    assert client.post(f"{url}withdraw/").json()["status"] == "withdrawn"


def test_options_are_refused_once_the_vote_is_open(quartier, carol):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="vote")
    response = api_as(carol).patch(
        f"/api/v1/consultations/{consultation.pk}/", {"options": ["A", "B", "C"]}, format="json"
    )
    assert response.status_code == 400
    assert list(consultation.options.values_list("label", flat=True)) == ["Yes", "No"]


def test_a_member_proposes_a_coordinator_approves_or_declines(quartier, carol, alice):
    quartier.members_open_consultations = True
    quartier.save()
    first = api_as(alice).post(
        f"/api/v1/quartiers/{quartier.slug}/consultations/", _body(), format="json"
    )
    assert first.json()["status"] == "proposed"
    approved = api_as(carol).post(f"/api/v1/consultations/{first.json()['id']}/approve/")
    assert approved.json()["status"] == "approved"
    second = api_as(alice).post(
        f"/api/v1/quartiers/{quartier.slug}/consultations/", _body(), format="json"
    )
    declined = api_as(alice).post(f"/api/v1/consultations/{second.json()['id']}/decline/")
    assert declined.json()["status"] == "withdrawn"


def test_the_api_keeps_a_dates_seconds_as_given(quartier, carol):
    """The API writes and reads dates whole (the page's form works in minutes)."""
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="debate")
    client = api_as(carol)
    url = f"/api/v1/consultations/{consultation.pk}/"
    close = consultation.results_at.replace(second=42, microsecond=0)
    response = client.patch(url, {"results_at": close.isoformat()}, format="json")
    assert response.status_code == 200
    consultation.refresh_from_db()
    assert consultation.results_at == close
