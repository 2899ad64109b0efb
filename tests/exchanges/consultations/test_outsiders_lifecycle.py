"""Dave, a member of another quartier, gets a 404 on every page, endpoint and document of a
consultation; a member gets a 403 on what coordinators do; a proposal is hidden from the
other members."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from exchanges.consultations import services
from exchanges.consultations.models import Consultation
from tests.conftest import api_as
from tests.exchanges.consultations.builders import open_consultation
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def story(quartier, carol, alice, dave):
    MembershipFactory.create(user=dave)  # a member elsewhere
    consultation = open_consultation(quartier, carol)
    document = services.document_add(
        consultation=consultation,
        actor=carol,
        title="Leaflet",
        upload=SimpleUploadedFile("l.pdf", PDF, content_type="application/pdf"),
    )
    return consultation, document


PAGES = [
    ("get", "consultations:list", "slug"),
    ("get", "consultations:create", "slug"),
    ("post", "consultations:create", "slug"),
    ("get", "consultations:detail", "consultation"),
    ("post", "consultations:debate_join", "consultation"),
    ("get", "consultations:edit", "consultation"),
    ("post", "consultations:edit", "consultation"),
    ("get", "consultations:approve", "consultation"),
    ("post", "consultations:approve", "consultation"),
    ("get", "consultations:decline", "consultation"),
    ("post", "consultations:decline", "consultation"),
    ("get", "consultations:withdraw", "consultation"),
    ("post", "consultations:withdraw", "consultation"),
    ("get", "consultations:summary", "consultation"),
    ("post", "consultations:summary", "consultation"),
    ("get", "consultations:documents", "consultation"),
    ("post", "consultations:documents", "consultation"),
    ("get", "consultations:document", "document"),
    ("get", "consultations:document_remove", "document"),
    ("post", "consultations:document_remove", "document"),
    ("get", "photos:manage", "photos"),
]


def _args(arg, quartier, consultation, document):
    return {
        "slug": [quartier.slug],
        "consultation": [consultation.pk],
        "document": [document.pk],
        "photos": ["consultation", consultation.pk],
    }[arg]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("method", "name", "arg"), PAGES)
def test_dave_gets_404_on_every_page(story, quartier, dave, method, name, arg):
    consultation, document = story
    url = reverse(name, args=_args(arg, quartier, consultation, document))
    response = getattr(_client(dave), method)(url, {"question": "x", "summary": "x"})
    assert response.status_code == 404
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.APPROVED
    assert consultation.summary == ""


COORDINATORS_ONLY = [
    ("get", "consultations:edit", "consultation"),
    ("post", "consultations:edit", "consultation"),
    ("get", "consultations:approve", "consultation"),
    ("get", "consultations:withdraw", "consultation"),
    ("post", "consultations:withdraw", "consultation"),
    ("get", "consultations:summary", "consultation"),
    ("post", "consultations:summary", "consultation"),
    ("get", "consultations:documents", "consultation"),
    ("get", "consultations:document_remove", "document"),
    ("post", "consultations:document_remove", "document"),
    ("get", "consultations:decline", "consultation"),
    ("get", "photos:manage", "photos"),
]


@pytest.mark.parametrize(("method", "name", "arg"), COORDINATORS_ONLY)
def test_a_member_gets_403_on_what_coordinators_do(story, quartier, alice, method, name, arg):
    consultation, document = story
    url = reverse(name, args=_args(arg, quartier, consultation, document))
    assert getattr(_client(alice), method)(url).status_code == 403


def test_a_proposal_is_hidden_from_the_other_members(quartier, carol, alice, bob):
    quartier.members_open_consultations = True
    quartier.save()
    proposal = open_consultation(quartier, alice)
    assert _client(bob).get(proposal.get_absolute_url()).status_code == 404
    assert _client(alice).get(proposal.get_absolute_url()).status_code == 200
    assert _client(carol).get(proposal.get_absolute_url()).status_code == 200
    assert api_as(bob).get(f"/api/v1/consultations/{proposal.pk}/").status_code == 404
    listed = api_as(bob).get(f"/api/v1/quartiers/{quartier.slug}/consultations/").json()
    assert proposal.pk not in [c["id"] for c in listed]
    mine = api_as(alice).get(f"/api/v1/quartiers/{quartier.slug}/consultations/").json()
    assert proposal.pk in [c["id"] for c in mine]


API = [
    ("get", "/api/v1/quartiers/{slug}/consultations/"),
    ("post", "/api/v1/quartiers/{slug}/consultations/"),
    ("get", "/api/v1/consultations/{consultation}/"),
    ("patch", "/api/v1/consultations/{consultation}/"),
    ("post", "/api/v1/consultations/{consultation}/approve/"),
    ("post", "/api/v1/consultations/{consultation}/decline/"),
    ("post", "/api/v1/consultations/{consultation}/withdraw/"),
    ("put", "/api/v1/consultations/{consultation}/summary/"),
]


@pytest.mark.parametrize(("method", "path"), API)
def test_dave_gets_404_on_every_endpoint(story, quartier, dave, method, path):
    consultation, _document = story
    url = path.format(slug=quartier.slug, consultation=consultation.pk)
    response = getattr(api_as(dave), method)(url, {"summary": "x"}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("patch", "/api/v1/consultations/{consultation}/"),
        ("post", "/api/v1/consultations/{consultation}/approve/"),
        ("post", "/api/v1/consultations/{consultation}/withdraw/"),
        ("put", "/api/v1/consultations/{consultation}/summary/"),
        ("post", "/api/v1/quartiers/{slug}/consultations/"),
    ],
)
def test_a_member_gets_403_on_coordinator_endpoints(story, quartier, alice, method, path):
    consultation, _document = story
    url = path.format(slug=quartier.slug, consultation=consultation.pk)
    response = getattr(api_as(alice), method)(url, {"summary": "x"}, format="json")
    assert response.status_code == 403
