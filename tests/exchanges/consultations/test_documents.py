"""A consultation's documents are private: kept outside the photos' storage and any served
folder, read only through the download view, which checks membership each time."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exchanges.consultations import services
from exchanges.consultations.models import Document
from neighbourhood.quartiers.models import Membership
from tests.exchanges.consultations.builders import open_consultation

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def document(quartier, carol) -> Document:
    consultation = open_consultation(quartier, carol)
    return services.document_add(
        consultation=consultation,
        actor=carol,
        title="Le plan de la mairie",
        upload=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
    )


def _download(user, document: Document):
    return _client(user).get(reverse("consultations:document", args=[document.pk]))


def test_a_member_downloads_the_pdf_as_an_attachment_never_sniffed(alice, document):
    response = _download(alice, document)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="le-plan-de-la-mairie.pdf"'
    assert b"".join(response.streaming_content) == PDF


def test_dave_the_outsider_gets_a_404(dave, document):
    assert _download(dave, document).status_code == 404


@pytest.mark.parametrize("status", [Membership.Status.LEFT, Membership.Status.REMOVED])
def test_a_former_member_gets_a_404(quartier, alice, document, status):
    assert _download(alice, document).status_code == 200
    Membership.objects.filter(quartier=quartier, user=alice).update(
        status=status, ended_at=timezone.now()
    )
    assert _download(alice, document).status_code == 404


def test_once_removed_the_document_and_its_file_are_gone(
    carol, alice, document, documents_root: Path, django_capture_on_commit_callbacks
):
    name, url = document.file.name, reverse("consultations:document", args=[document.pk])
    assert (documents_root / name).is_file()
    with django_capture_on_commit_callbacks(execute=True):
        services.document_remove(document=document, actor=carol)
    assert _client(alice).get(url).status_code == 404
    assert not (documents_root / name).exists()


def test_the_file_lies_outside_the_photos_and_has_no_address(document, documents_root: Path):
    path = Path(document.file.path)
    assert path.is_relative_to(documents_root)
    assert not path.resolve().is_relative_to(Path(django_settings.PHOTOS_ROOT).resolve())
    assert not path.resolve().is_relative_to(Path(django_settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError, match="no address"):
        document.file.url  # noqa: B018


def test_the_settings_keep_documents_private_by_default():
    """The deployment's own setting (the tests point it at a fresh folder): a folder of its
    own, outside the photos', with no address."""
    from neighbourhood import settings as project

    documents = project.STORAGES["documents"]
    assert documents["BACKEND"] == "exchanges.consultations.storage.PrivateFileSystemStorage"
    location = Path(documents["OPTIONS"]["location"]).resolve()
    assert location == Path(project.DOCUMENTS_ROOT).resolve()
    assert not location.is_relative_to(Path(project.PHOTOS_ROOT).resolve())
    assert "base_url" not in documents["OPTIONS"]
