"""The pages of a consultation's life, without a script: the list grouped by phase, the
detail, the form with its error summary, approving, the summary, the documents."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from exchanges.consultations.models import Consultation, Document
from tests.exchanges.consultations.builders import open_consultation
from tests.exchanges.consultations.fields import make_consultation

pytestmark = pytest.mark.django_db
# Session, user, quartier and membership, coordinator or not, the consultations with their
# participations counted, their options: however many consultations (the bell's count is kept
# in the cache since the first page).
LIST_QUERIES = 6
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _client(user):
    # Words asserted in English (the French test below says the same in French).
    if user.language != "en":
        user.language = "en"
        user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def _form(**overrides):
    values = {
        "question": "Quel samedi pour la fête de la rue ?",
        "background": "",
        "links": "",
        "method": "date_poll",
        "options": "2027-06-12\n2027-06-19 18:00",
        "audience": "members",
        "secrecy": "secret",
        "information_at": "2027-05-01T09:00",
        "debate_at": "2027-05-03T09:00",
        "vote_at": "2027-05-10T09:00",
        "results_at": "2027-05-20T20:00",
    }
    values.update(overrides)
    return values


def test_the_list_puts_the_open_vote_first_and_hides_proposals_from_members(
    quartier, carol, alice, bob
):
    make_consultation(quartier=quartier, opened_by=carol, phase="debate", question="In debate?")
    make_consultation(quartier=quartier, opened_by=carol, phase="vote", question="Vote now?")
    make_consultation(quartier=quartier, opened_by=carol, phase="results", question="Closed?")
    make_consultation(
        quartier=quartier,
        opened_by=alice,
        phase="scheduled",
        question="Alice asks?",
        status=Consultation.Status.PROPOSED,
    )
    url = reverse("consultations:list", args=[quartier.slug])
    page = _client(bob).get(url).content.decode()
    assert page.index("Vote now?") < page.index("In debate?") < page.index("Closed?")
    assert "Alice asks?" not in page
    assert "Alice asks?" in _client(carol).get(url).content.decode()
    assert "Alice asks?" in _client(alice).get(url).content.decode()


def test_the_list_takes_the_same_queries_for_2_and_for_14(
    quartier, carol, bob, django_assert_num_queries
):
    url = reverse("consultations:list", args=[quartier.slug])
    client = _client(bob)
    for n in range(2):
        make_consultation(quartier=quartier, opened_by=carol, phase="vote", question=f"Q{n}?")
    client.get(url)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(url)
    for n in range(12):
        make_consultation(quartier=quartier, opened_by=carol, phase="debate", question=f"R{n}?")
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(url).status_code == 200


def test_the_detail_shows_the_timeline_and_the_spot_for_the_vote(quartier, carol, bob):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="vote")
    page = _client(bob).get(consultation.get_absolute_url()).content.decode()
    assert 'aria-current="step"' in page
    assert "/consultations/survey/" not in page


def test_coordinators_see_a_public_surveys_link(quartier, carol, bob):
    consultation = make_consultation(
        quartier=quartier, opened_by=carol, audience=Consultation.Audience.PUBLIC_LINK
    )
    link = f"/consultations/survey/{consultation.public_token}/"
    assert link in _client(carol).get(consultation.get_absolute_url()).content.decode()
    assert link not in _client(bob).get(consultation.get_absolute_url()).content.decode()


def test_a_member_joins_the_debate(quartier, carol, bob):
    consultation = open_consultation(quartier, carol)
    response = _client(bob).post(reverse("consultations:debate_join", args=[consultation.pk]))
    assert response.status_code == 302
    conversation = consultation.conversation
    assert conversation is not None
    assert response.url == conversation.get_absolute_url()


def test_a_coordinator_opens_a_date_poll_through_the_form(quartier, carol):
    url = reverse("consultations:create", args=[quartier.slug])
    assert _client(carol).get(url).status_code == 200
    response = _client(carol).post(url, _form())
    consultation = Consultation.objects.get()
    assert response.url == consultation.get_absolute_url()
    assert consultation.options.count() == 2
    # Read as the quartier's wall-clock time.
    local = consultation.vote_at.astimezone(quartier.zone)
    assert (local.hour, local.minute) == (9, 0)
    # The dates were labelled in the quartier's language; an English reader reads them once,
    # in English.
    page = _client(carol).get(consultation.get_absolute_url()).content.decode()
    assert "<li>Saturday 12 June 2027</li>" in page
    assert "<li>Saturday 19 June 2027, 18:00</li>" in page
    assert "<li>samedi" not in page


def test_the_form_refuses_bad_input_with_a_summary_at_the_top(quartier, carol):
    url = reverse("consultations:create", args=[quartier.slug])
    response = _client(carol).post(url, _form(options="2027-06-12", results_at="2027-05-10T09:30"))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="form-errors"' in page
    assert "Give at least two options" in page
    assert "The vote lasts at least one hour." in page
    assert not Consultation.objects.exists()


def test_a_member_may_not_open_unless_allowed_then_proposes(quartier, carol, bob):
    url = reverse("consultations:create", args=[quartier.slug])
    assert _client(bob).get(url).status_code == 403
    quartier.members_open_consultations = True
    quartier.save()
    _client(bob).post(url, _form())
    assert Consultation.objects.get().status == Consultation.Status.PROPOSED


def test_a_coordinator_edits_and_approves(quartier, carol, alice):
    quartier.members_open_consultations = True
    quartier.save()
    consultation = open_consultation(quartier, alice)
    edit = reverse("consultations:edit", args=[consultation.pk])
    assert _client(carol).get(edit).status_code == 200
    approve = reverse("consultations:approve", args=[consultation.pk])
    assert _client(carol).get(approve).status_code == 200
    _client(carol).post(approve)
    assert Consultation.objects.get().status == Consultation.Status.APPROVED


def test_a_coordinator_writes_the_summary(quartier, carol):
    consultation = open_consultation(quartier, carol)
    url = reverse("consultations:summary", args=[consultation.pk])
    assert _client(carol).get(url).status_code == 200
    _client(carol).post(url, {"summary": "Bread on Saturdays."})
    assert Consultation.objects.get().summary == "Bread on Saturdays."


def test_a_pdf_is_added_and_served_to_members_as_an_attachment(
    quartier, carol, bob, settings, tmp_path
):
    consultation = open_consultation(quartier, carol)
    url = reverse("consultations:documents", args=[consultation.pk])
    upload = SimpleUploadedFile("leaflet.pdf", PDF, content_type="application/pdf")
    _client(carol).post(url, {"title": "The leaflet", "file": upload})
    document = Document.objects.get()
    response = _client(bob).get(reverse("consultations:document", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    _client(carol).post(reverse("consultations:document_remove", args=[document.pk]))
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"<html>not a pdf</html>", "not a PDF"),
        (b"%PDF-1.4\n1 0 obj << >> endobj\n", "cut short"),
        (b"MZ\x90\x00%PDF-%%EOF", "not a PDF"),
    ],
)
def test_anything_but_a_pdf_is_refused_in_words(quartier, carol, content, words):
    consultation = open_consultation(quartier, carol)
    url = reverse("consultations:documents", args=[consultation.pk])
    upload = SimpleUploadedFile("leaflet.pdf", content, content_type="application/pdf")
    response = _client(carol).post(url, {"title": "The leaflet", "file": upload})
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Document.objects.exists()


def test_a_document_over_10_mb_is_refused(quartier, carol):
    consultation = open_consultation(quartier, carol)
    big = b"%PDF-" + b"0" * (10 * 1024 * 1024) + b"%%EOF"
    upload = SimpleUploadedFile("big.pdf", big, content_type="application/pdf")
    response = _client(carol).post(
        reverse("consultations:documents", args=[consultation.pk]),
        {"title": "Big", "file": upload},
    )
    assert response.status_code == 400
    assert "10 MB" in response.content.decode()
    assert not Document.objects.exists()


def test_the_coordinator_lets_members_propose_consultations(quartier, carol):
    url = reverse("quartiers:edit", args=[quartier.slug])
    assert "members_open_consultations" in _client(carol).get(url).content.decode()
    data = {
        "name": quartier.name,
        "description": quartier.description,
        "radius_km": "1.5",
        "policy": quartier.policy,
        "timezone": quartier.timezone,
        "members_open_consultations": "on",
    }
    assert _client(carol).post(url, data).status_code == 302
    quartier.refresh_from_db()
    assert quartier.members_open_consultations


def test_the_quartier_page_links_its_consultations(quartier, bob):
    page = _client(bob).get(quartier.get_absolute_url()).content.decode()
    assert reverse("consultations:list", args=[quartier.slug]) in page


def test_the_pages_speak_french_to_a_french_reader(quartier, carol, bob):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="vote")
    client = _client(bob)
    bob.language = "fr"
    bob.save(update_fields=["language"])
    listing = client.get(
        reverse("consultations:list", args=[quartier.slug]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Vote ouvert" in listing
    detail = client.get(consultation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Le débat" in detail.content.decode()
