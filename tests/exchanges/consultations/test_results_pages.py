"""The results' pages: the sentence first, participation, the tables a screen reader reads;
hidden until the close (unless live) with a message that says when; the answers grouped by a
coordinator; dave the outsider gets a 404 on each."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exchanges.consultations.models import Consultation, OpenAnswer
from exchanges.consultations.options import date_label
from tests.exchanges.consultations.ballots import cast
from tests.exchanges.consultations.fields import make_consultation
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

Method, Phase = Consultation.Method, Consultation.Phase
BAKERIES = ("La Fournée", "Le Fournil", "No bread")


def client_for(user):
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def judged(quartier, carol, alice, bob):
    consultation = make_consultation(
        quartier=quartier,
        opened_by=carol,
        method=Method.MAJORITY_JUDGMENT,
        phase=Phase.RESULTS,
        options=BAKERIES,
    )
    cast(consultation, alice, {"La Fournée": 4, "Le Fournil": 3, "No bread": 1})
    cast(consultation, bob, {"La Fournée": 5, "Le Fournil": 4, "No bread": 0})
    return consultation


@pytest.fixture
def asked(quartier, carol, alice, bob):
    consultation = make_consultation(
        quartier=quartier, opened_by=carol, method=Method.OPEN, phase=Phase.RESULTS, options=()
    )
    cast(consultation, alice, answer="More benches")
    cast(consultation, bob, answer="Lights by the school")
    return consultation


def test_the_results_read_in_plain_words_then_in_tables(judged, alice):
    page = client_for(alice).get(reverse("consultations:results", args=[judged.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    sentence = "La Fournée wins with the median grade Good (2 voters of 3 members)."
    assert sentence in html
    assert html.index(sentence) < html.index('<h2 id="participation"')
    assert "<caption>All ballots: 2 ballots</caption>" in html
    assert '<th scope="col">Excellent</th>' in html
    assert '<th scope="row">La Fournée</th>' in html
    # La Fournée: 4 and 5, its lower median 4 (Good), half the voters each: 50 %.
    assert '<td class="results-median"><strong>50 %</strong>' in html
    assert 'class="merit-profiles" aria-hidden="true"' in html


def test_the_page_takes_the_same_queries_for_2_ballots_and_for_40(judged, alice):
    client = client_for(alice)
    url = reverse("consultations:results", args=[judged.pk])
    client.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    few = queries()
    for index in range(38):
        cast(judged, None if index % 2 else UserFactory.create(), {"La Fournée": index % 7})
    assert queries() == few <= 14


def test_results_are_hidden_during_the_vote_with_a_message(quartier, carol, alice):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase=Phase.VOTE)
    client = client_for(alice)
    page = client.get(reverse("consultations:results", args=[consultation.pk]))
    assert page.status_code == 403
    assert "The results are shown once the vote closes, on" in page.content.decode()
    for name in ("consultations:results_csv", "consultations:report"):
        assert client.get(reverse(name, args=[consultation.pk])).status_code == 403


def test_live_results_are_shown_during_the_vote(quartier, carol, alice, bob):
    consultation = make_consultation(
        quartier=quartier, opened_by=carol, phase=Phase.VOTE, results_live=True
    )
    cast(consultation, bob, {"Yes": 1})
    page = client_for(alice).get(reverse("consultations:results", args=[consultation.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Yes wins with 1 vote (1 voter of 3 members)." in html
    assert "these results may change until it closes" in html


def test_an_open_ballot_shows_names_a_secret_one_does_not(quartier, carol, alice, bob):
    shown = make_consultation(
        quartier=quartier, opened_by=carol, phase=Phase.RESULTS, secrecy="open"
    )
    secret = make_consultation(
        quartier=quartier, opened_by=carol, phase=Phase.RESULTS, question="Another"
    )
    for consultation in (shown, secret):
        cast(consultation, bob, {"No": 1})
    client = client_for(alice)
    html = client.get(reverse("consultations:results", args=[shown.pk])).content.decode()
    assert '<th scope="row">Bob</th>' in html
    html = client.get(reverse("consultations:results", args=[secret.pk])).content.decode()
    assert "Bob" not in html


def test_a_coordinator_groups_the_answers(asked, carol):
    client = client_for(carol)
    url = reverse("consultations:answers", args=[asked.pk])
    page = client.get(url)
    assert page.status_code == 200
    answers = {a.text: a for a in OpenAnswer.objects.all()}
    benches = answers["More benches"]
    response = client.post(
        url,
        {f"group-{benches.pk}": "  Benches ", f"group-{answers['Lights by the school'].pk}": ""},
    )
    assert response.status_code == 302
    benches.refresh_from_db()
    assert benches.group == "Benches"
    html = client.get(reverse("consultations:results", args=[asked.pk])).content.decode()
    assert html.index("Benches") < html.index("Not grouped")


def test_a_group_name_too_long_is_refused_with_nothing_stored(asked, carol):
    client = client_for(carol)
    answer = OpenAnswer.objects.get(text="More benches")
    response = client.post(
        reverse("consultations:answers", args=[asked.pk]), {f"group-{answer.pk}": "x" * 81}
    )
    assert response.status_code == 400
    assert "Please correct what is marked below." in response.content.decode()
    answer.refresh_from_db()
    assert answer.group == ""


def test_a_member_may_not_group_the_answers(asked, alice):
    assert (
        client_for(alice).get(reverse("consultations:answers", args=[asked.pk])).status_code == 403
    )


PAGES = [
    ("get", "consultations:results"),
    ("get", "consultations:results_csv"),
    ("get", "consultations:report"),
    ("get", "consultations:answers"),
    ("post", "consultations:answers"),
]


@pytest.mark.parametrize(("method", "name"), PAGES)
def test_dave_gets_404_on_every_page(asked, dave, method, name):
    MembershipFactory.create(user=dave)  # a member elsewhere
    response = getattr(client_for(dave), method)(reverse(name, args=[asked.pk]))
    assert response.status_code == 404


def test_a_french_reader_reads_the_results_in_french(judged, alice):
    client = Client()
    client.force_login(alice)  # French, the site's language
    html = client.get(reverse("consultations:results", args=[judged.pk])).content.decode()
    assert "La Fournée l’emporte avec la mention médiane Bien (2 votants sur 3 membres)." in html
    assert "50\u00a0%" in html


def test_a_date_labelled_by_the_site_is_read_in_the_readers_words(quartier, carol, alice, bob):
    """A date typed without a label was labelled in the quartier's language ("samedi 12 juin"):
    an English reader reads it in English; the CSV, made in the quartier's language, keeps it."""
    day = datetime.date(2027, 6, 12)
    poll = make_consultation(
        quartier=quartier,
        opened_by=carol,
        method=Method.DATE_POLL,
        phase=Phase.RESULTS,
        options=[(date_label(day, None, quartier.language), day), ("Fête des voisins", day)],
    )
    cast(poll, alice, {"samedi 12 juin": 2, "Fête des voisins": 0})
    reader = client_for(bob)

    page = reader.get(reverse("consultations:results", args=[poll.pk])).content.decode()
    assert "Saturday 12 June wins: 1 yes, 0 if needed." in page
    assert "Fête des voisins" in page and "samedi 12 juin" not in page
    sheet = reader.get(reverse("consultations:results_csv", args=[poll.pk])).content.decode()
    assert "samedi 12 juin" in sheet


def test_the_answers_are_grouped_a_page_of_200_at_a_time(quartier, carol):
    from exchanges.consultations.models import Ballot
    from exchanges.consultations.secrecy import paper_ballot_key

    many = make_consultation(
        quartier=quartier, opened_by=carol, method=Method.OPEN, phase=Phase.RESULTS, options=()
    )
    ballots = Ballot.objects.bulk_create(
        Ballot(consultation=many, key=paper_ballot_key(), paper=True) for _ in range(450)
    )
    OpenAnswer.objects.bulk_create(
        OpenAnswer(ballot=ballot, text=f"Answer {n:03d}") for n, ballot in enumerate(ballots)
    )
    client = client_for(carol)
    url = reverse("consultations:answers", args=[many.pk])
    first = client.get(url).content.decode()
    assert first.count("<fieldset") == 200
    assert "Page 1 of 3: answers 1 to 200 of 450." in first
    assert 'href="?page=2"' in first
    last = client.get(f"{url}?page=3").content.decode()
    assert last.count("<fieldset") == 50
    assert "Answer 449" in last
    second = OpenAnswer.objects.get(text="Answer 250")
    response = client.post(f"{url}?page=2", {f"group-{second.pk}": "Benches"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?page=2"
    assert dict(OpenAnswer.objects.exclude(group="").values_list("text", "group")) == {
        "Answer 250": "Benches"
    }
