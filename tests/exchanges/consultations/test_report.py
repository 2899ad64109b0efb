"""The CSV and the PDF report for the mairie, in the quartier's language whoever downloads
them: the question, participation, the figures, the answers by group, the debate's summary."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from exchanges.consultations.models import Consultation, Document
from tests.exchanges.consultations.ballots import cast
from tests.exchanges.consultations.fields import make_consultation

pytestmark = pytest.mark.django_db

Method, Phase = Consultation.Method, Consultation.Phase


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def english(quartier):
    quartier.language = "en"
    quartier.save(update_fields=["language"])
    return quartier


def test_the_csv_holds_the_figures(english, carol, alice, bob):
    consultation = make_consultation(
        quartier=english,
        opened_by=carol,
        method=Method.DATE_POLL,
        phase=Phase.RESULTS,
        question="Which Saturday for the street party?",
        options=["Samedi 7 juin", "Samedi 14 juin"],
    )
    cast(consultation, alice, {"Samedi 7 juin": 1, "Samedi 14 juin": 2})
    cast(consultation, bob, {"Samedi 7 juin": 0, "Samedi 14 juin": 2})
    cast(consultation, None, {"Samedi 7 juin": 2, "Samedi 14 juin": 0})
    response = client_for(alice).get(reverse("consultations:results_csv", args=[consultation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    # 14 juin: yes 2 (alice, bob), no 1 (paper) → 2; 7 juin: yes 1 (paper), if needed 1
    # (alice), no 1 → 2 too; equal on yes + if needed, 14 juin has more yes.
    # Online apart: 14 juin yes 2; 7 juin if needed 1, no 1. On paper: 7 juin yes 1.
    assert response.content.decode("utf-8-sig").split("\r\n") == [
        "Question;Which Saturday for the street party?",
        "Result;Samedi 14 juin wins: 2 yes, 0 if needed.",
        "Members;3",
        "Voters;3",
        "Online;2",
        "Through a relais;0",
        "On paper;1",
        "",
        "All ballots: 3 ballots",
        "Date;Rank;Yes;If needed;No",
        "Samedi 14 juin;1;2;0;1",
        "Samedi 7 juin;2;1;1;1",
        "",
        "Online and through a relais: 2 ballots",
        "Date;Rank;Yes;If needed;No",
        "Samedi 14 juin;1;2;0;0",
        "Samedi 7 juin;2;0;1;1",
        "",
        "On paper: 1 ballot",
        "Date;Rank;Yes;If needed;No",
        "Samedi 7 juin;1;1;0;0",
        "Samedi 14 juin;2;0;0;1",
        "",
    ]


def test_the_csv_groups_open_answers_and_keeps_formulas_as_text(english, carol, alice, bob):
    consultation = make_consultation(
        quartier=english, opened_by=carol, method=Method.OPEN, phase=Phase.RESULTS, options=()
    )
    cast(consultation, alice, answer="=HYPERLINK(1)", group="Links")
    cast(consultation, bob, answer="Trees")
    rows = (
        client_for(alice)
        .get(reverse("consultations:results_csv", args=[consultation.pk]))
        .content.decode("utf-8-sig")
        .split("\r\n")
    )
    assert rows[-4:] == ["Group;Answer", "Links;'=HYPERLINK(1)", "Not grouped;Trees", ""]


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf))


def test_the_report_is_a_pdf_for_the_mairie(quartier, carol, alice, bob):
    consultation = make_consultation(
        quartier=quartier,
        opened_by=carol,
        method=Method.MAJORITY_JUDGMENT,
        phase=Phase.RESULTS,
        options=["La Fournée", "Le Fournil"],
        links="https://mairie.example/boulangeries",
        summary="Les voisins préfèrent un pain au levain.",
    )
    Document.objects.create(consultation=consultation, title="Dépliant de La Fournée", file="x.pdf")
    cast(consultation, alice, {"La Fournée": 4, "Le Fournil": 3})
    cast(consultation, bob, {"La Fournée": 5, "Le Fournil": 4})
    response = client_for(alice).get(reverse("consultations:report", args=[consultation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert pages(response.content) == 1
    # In the quartier's language (French), whoever downloads it: the file is named so.
    assert "resultats" in response["Content-Disposition"]


def test_a_long_report_runs_over_pages(quartier, carol, alice):
    consultation = make_consultation(
        quartier=quartier,
        opened_by=carol,
        phase=Phase.RESULTS,
        summary="\n".join(f"Point {n} du débat." for n in range(150)),
    )
    response = client_for(alice).get(reverse("consultations:report", args=[consultation.pk]))
    assert pages(response.content) >= 2
