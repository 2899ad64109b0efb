"""What the access rules say, where the other tests did not yet look: the results of a proposal
and of a withdrawn consultation (hidden from other members, none to show to who may see it),
a former member refused everywhere like an outsider, and the calendar's queries pinned."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exchanges.consultations import calendar, services
from exchanges.consultations.models import Consultation
from neighbourhood.quartiers.models import Membership
from tests.conftest import api_as
from tests.exchanges.consultations.ballots import cast
from tests.exchanges.consultations.fields import make_consultation

pytestmark = pytest.mark.django_db
Phase, Status = Consultation.Phase, Consultation.Status
PDF = b"%PDF-1.4\n%%EOF\n"
PAGES = ["consultations:results", "consultations:results_csv", "consultations:report"]


def _client(user) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def _statuses(user, consultation) -> list[int]:
    client = _client(user)
    pages = [client.get(reverse(name, args=[consultation.pk])).status_code for name in PAGES]
    api = api_as(user).get(f"/api/v1/consultations/{consultation.pk}/results/").status_code
    return [*pages, api]


@pytest.mark.parametrize("status", [Status.PROPOSED, Status.WITHDRAWN])
def test_a_proposal_or_a_withdrawn_consultation_has_no_results(quartier, carol, alice, bob, status):
    # Opened by Alice, in its results phase by the dates: still nothing to show.
    consultation = make_consultation(
        quartier=quartier, opened_by=alice, phase=Phase.RESULTS, status=status
    )
    cast(consultation, bob, {"Yes": 1})
    # Bob, another member, does not see it at all; the coordinator and the opener see it, but
    # it has no results (a 403 that says so).
    assert _statuses(bob, consultation) == [404, 404, 404, 404]
    assert _statuses(carol, consultation) == [403, 403, 403, 403]
    assert _statuses(alice, consultation) == [403, 403, 403, 403]
    response = api_as(carol).get(f"/api/v1/consultations/{consultation.pk}/results/")
    assert "has no results" in str(response.json())


def test_a_former_member_gets_a_404_on_results_exports_and_documents(quartier, carol, alice):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase=Phase.RESULTS)
    cast(consultation, alice, {"Yes": 1})
    document = services.document_add(
        consultation=consultation,
        actor=carol,
        title="Leaflet",
        upload=SimpleUploadedFile("l.pdf", PDF, content_type="application/pdf"),
    )
    document_url = reverse("consultations:document", args=[document.pk])
    assert _statuses(alice, consultation) == [200, 200, 200, 200]
    assert _client(alice).get(document_url).status_code == 200
    Membership.objects.filter(quartier=quartier, user=alice).update(
        status=Membership.Status.LEFT, ended_at=timezone.now()
    )
    assert _statuses(alice, consultation) == [404, 404, 404, 404]
    assert _client(alice).get(document_url).status_code == 404


def test_the_calendar_reads_consultations_in_one_query_however_many(
    quartier, carol, alice, django_assert_num_queries
):
    for n in range(12):
        make_consultation(quartier=quartier, opened_by=carol, phase=Phase.DEBATE, question=f"Q{n}?")
    section = calendar.ConsultationsSection()
    today = timezone.now().date()
    last = today + datetime.timedelta(days=30)
    with django_assert_num_queries(1):
        items = section.page_items(member=alice, quartier=quartier, first=today, last=last)
    assert len(items) == 24
    with django_assert_num_queries(1):
        mine = section.private_items(member=alice, first=today, last=last)
    assert len(mine) == 24
