"""Once the vote has started or someone took part, a consultation's rules no longer change
(a secret ballot switched to open would publish everyone's choices), nor its dates but a
later close; refused in words with nothing stored, by the service, the edit page and the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exchanges.consultations import services
from exchanges.consultations.models import Consultation, Participation
from exchanges.consultations.services import ballots
from tests.conftest import api_as
from tests.exchanges.consultations.ballots import cast
from tests.exchanges.consultations.fields import make_consultation

pytestmark = pytest.mark.django_db

Secrecy = Consultation.Secrecy
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def client_of(user) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def stored(consultation: Consultation) -> Consultation:
    return Consultation.objects.get(pk=consultation.pk)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("secrecy", Secrecy.OPEN),
        ("audience", Consultation.Audience.PUBLIC_LINK),
        ("results_live", True),
        ("method", Consultation.Method.APPROVAL),
    ],
)
def test_the_rules_are_refused_once_someone_voted(quartier, carol, alice, name, value):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="vote")
    cast(consultation, alice, {"Yes": 1})
    with pytest.raises(ValidationError) as refused:
        services.consultation_update(consultation=consultation, actor=carol, **{name: value})
    assert "no longer changes" in refused.value.message_dict[name][0]
    again = stored(consultation)
    assert (again.secrecy, again.audience, again.results_live, again.method) == (
        Secrecy.SECRET,
        Consultation.Audience.MEMBERS,
        False,
        Consultation.Method.SINGLE,
    )


def test_a_participation_alone_fixes_the_rules_before_the_vote(quartier, carol, alice):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="debate")
    Participation.objects.create(consultation=consultation, member=alice)
    with pytest.raises(ValidationError) as refused:
        services.consultation_update(consultation=consultation, actor=carol, secrecy=Secrecy.OPEN)
    assert "secrecy" in refused.value.message_dict
    assert stored(consultation).secrecy == Secrecy.SECRET


def test_the_vote_phase_fixes_the_rules_even_with_no_ballot(quartier, carol):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="vote")
    with pytest.raises(ValidationError):
        services.consultation_update(consultation=consultation, actor=carol, secrecy=Secrecy.OPEN)
    assert stored(consultation).secrecy == Secrecy.SECRET


def test_the_vote_date_come_fixes_the_rules_before_the_clock_moves(quartier, carol):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="debate")
    Consultation.objects.filter(pk=consultation.pk).update(vote_at=timezone.now() - HOUR)
    with pytest.raises(ValidationError):
        services.consultation_update(
            consultation=stored(consultation), actor=carol, results_live=True
        )


def test_before_the_vote_with_no_one_in_the_rules_change(quartier, carol):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="debate")
    services.consultation_update(
        consultation=consultation, actor=carol, secrecy=Secrecy.OPEN, results_live=True
    )
    again = stored(consultation)
    assert again.secrecy == Secrecy.OPEN and again.results_live


def test_the_same_rules_sent_again_pass_with_other_words(quartier, carol, alice):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="vote")
    cast(consultation, alice, {"Yes": 1})
    services.consultation_update(
        consultation=consultation,
        actor=carol,
        question="Which Sunday?",
        secrecy=Secrecy.SECRET,
        audience=Consultation.Audience.MEMBERS,
        results_live=False,
        method=Consultation.Method.SINGLE,
        options=["Yes", "No"],
    )
    assert stored(consultation).question == "Which Sunday?"


@pytest.mark.parametrize("name", ["information_at", "debate_at", "vote_at"])
def test_the_dates_before_the_close_are_fixed_from_the_vote_on(quartier, carol, name):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="vote")
    before = getattr(consultation, name)
    with pytest.raises(ValidationError) as refused:
        services.consultation_update(
            consultation=consultation, actor=carol, **{name: before - HOUR}
        )
    assert "no longer changes" in refused.value.message_dict[name][0]
    assert getattr(stored(consultation), name) == before


def test_the_close_moves_later_never_earlier(quartier, carol):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="vote")
    close = consultation.results_at
    with pytest.raises(ValidationError) as refused:
        services.consultation_update(
            consultation=consultation, actor=carol, results_at=close - HOUR
        )
    assert "never earlier" in refused.value.message_dict["results_at"][0]
    assert stored(consultation).results_at == close
    services.consultation_update(consultation=consultation, actor=carol, results_at=close + DAY)
    assert stored(consultation).results_at == close + DAY


def test_the_close_is_never_moved_into_the_past(quartier, carol):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="vote")
    # Its close has passed; the clock has not moved it yet.
    close = timezone.now() - 2 * HOUR
    Consultation.objects.filter(pk=consultation.pk).update(results_at=close)
    with pytest.raises(ValidationError) as refused:
        services.consultation_update(
            consultation=stored(consultation), actor=carol, results_at=close + HOUR
        )
    assert "past" in refused.value.message_dict["results_at"][0]
    assert stored(consultation).results_at == close


def test_before_the_vote_the_dates_change(quartier, carol):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="debate")
    later = consultation.vote_at + DAY
    services.consultation_update(consultation=consultation, actor=carol, vote_at=later)
    assert stored(consultation).vote_at == later


def test_the_vote_is_not_open_before_its_date_even_in_the_vote_phase(quartier, carol, alice):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="vote")
    Consultation.objects.filter(pk=consultation.pk).update(vote_at=timezone.now() + HOUR)
    early = stored(consultation)
    assert not early.vote_is_open
    with pytest.raises(ValidationError, match="not open yet"):
        ballots.ballot_cast(consultation=early, member=alice, marks={})
    assert not Participation.objects.exists()


def test_the_edit_page_shows_the_rules_fixed_and_keeps_them(quartier, carol, alice):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="vote")
    cast(consultation, alice, {"Yes": 1})
    client = client_of(carol)
    url = reverse("consultations:edit", args=[consultation.pk])
    page = client.get(url).content.decode()
    assert 'id="rules-fixed"' in page
    assert "so that every ballot is read under the rules it was cast under" in page
    for name in ("secrecy", "audience", "method"):
        radios = [line for line in page.splitlines() if f'name="{name}"' in line]
        assert radios and all("disabled" in line for line in radios), name
    assert "disabled" in next(line for line in page.splitlines() if 'name="vote_at"' in line)
    assert "disabled" not in next(line for line in page.splitlines() if 'name="results_at"' in line)
    zone = quartier.zone
    local = {
        name: getattr(consultation, name).astimezone(zone).strftime("%Y-%m-%dT%H:%M")
        for name in ("information_at", "debate_at", "vote_at", "results_at")
    }
    # A crafted post asking for an open ballot: the disabled fields keep their values.
    response = client.post(
        url,
        {
            "question": "Which Sunday?",
            "background": "",
            "links": "",
            "method": "approval",
            "options": "A\nB\nC",
            "audience": "public_link",
            "secrecy": "open",
            "results_live": "on",
            **local,
        },
    )
    assert response.status_code == 302
    again = stored(consultation)
    assert again.question == "Which Sunday?"
    assert (again.secrecy, again.audience, again.results_live, again.method) == (
        Secrecy.SECRET,
        "members",
        False,
        "single",
    )
    assert list(again.options.values_list("label", flat=True)) == ["Yes", "No"]


def test_before_the_vote_the_edit_page_offers_the_rules(quartier, carol):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="debate")
    page = client_of(carol).get(reverse("consultations:edit", args=[consultation.pk]))
    text = page.content.decode()
    assert 'id="rules-fixed"' not in text
    secrecy = [line for line in text.splitlines() if 'name="secrecy"' in line]
    assert secrecy and not any("disabled" in line for line in secrecy)
    assert "guess that neighbour’s choice" in text


def test_the_api_refuses_an_open_ballot_once_someone_voted(quartier, carol, alice):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="vote")
    cast(consultation, alice, {"Yes": 1})
    client = api_as(carol)
    url = f"/api/v1/consultations/{consultation.pk}/"
    response = client.patch(url, {"secrecy": "open"}, format="json")
    assert response.status_code == 400
    assert "secrecy" in response.json()["errors"]
    response = client.patch(
        url, {"vote_at": (consultation.vote_at - HOUR).isoformat()}, format="json"
    )
    assert response.status_code == 400 and "vote_at" in response.json()["errors"]
    assert stored(consultation).secrecy == Secrecy.SECRET
