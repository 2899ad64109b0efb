"""Documents in an S3-compatible store, for real (moto's server): the objects are private and
typed as PDF, and the site still serves them through its download view only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from exchanges.consultations import services
from neighbourhood.settings import documents_s3_storage
from tests.exchanges.consultations.builders import open_consultation
from tests.neighbourhood.photos.conftest import s3_endpoint  # noqa: F401 (a fixture)
from tests.s3 import fresh_bucket, store

pytestmark = [pytest.mark.s3, pytest.mark.django_db]
BUCKET = "voisinage-documents-test"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
EVERYONE = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture
def bucket(settings, s3_endpoint, monkeypatch):  # noqa: F811
    with fresh_bucket(s3_endpoint, BUCKET, monkeypatch) as client:
        settings.STORAGES = {
            **settings.STORAGES,
            "documents": documents_s3_storage(store(s3_endpoint, BUCKET)),
        }
        yield client


def test_a_document_object_is_private_and_read_only_through_the_site(
    bucket, quartier, carol, alice, dave
):
    consultation = open_consultation(quartier, carol)
    document = services.document_add(
        consultation=consultation,
        actor=carol,
        title="Leaflet",
        upload=SimpleUploadedFile("l.pdf", PDF, content_type="application/pdf"),
    )
    stored = bucket.get_object(Bucket=BUCKET, Key=document.file.name)
    assert stored["ContentType"] == "application/pdf"
    assert stored["Body"].read() == PDF
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=document.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"].get("URI") != EVERYONE for grant in grants)
    url = reverse("consultations:document", args=[document.pk])
    member = Client()
    member.force_login(alice)
    response = member.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    outsider = Client()
    outsider.force_login(dave)
    assert outsider.get(url).status_code == 404
