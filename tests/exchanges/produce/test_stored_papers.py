"""The payment schedule and the treasurer's month leave the request path as the cycle's reports
do: built by the `reports` queue's task (run at once by the tests' Celery), stored under their
owner's papers state, in the quartier's language, and built again after any write they print."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from exchanges.produce import services
from exchanges.produce.exports import stored
from exchanges.produce.models import Contract, InstalmentState, Subscription
from exchanges.produce.progress import Progress
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from tests.exchanges.produce.conftest import download, streamed
from tests.exchanges.produce.test_exports import pdf_text
from tests.exchanges.produce.test_pages import client_for
from tests.exchanges.produce.test_subscriptions_pages import subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed(contract: Contract, alice: User) -> Subscription:
    """Alice pays her small basket in three cheques."""
    assert subscribe(client_for(alice), contract).status_code == 302
    return Subscription.objects.get()


def schedule_url(contract: Contract) -> str:
    return reverse("produce:schedule_pdf", args=[contract.pk])


def treasury_url(quartier: Quartier, fmt: str, month: str) -> str:
    return reverse("produce:treasury_export", args=[quartier.slug, fmt]) + f"?month={month}"


def first_month(subscription: Subscription) -> str:
    first = subscription.instalments.order_by("position").first()
    assert first is not None
    return first.due_month.strftime("%Y-%m")


def stored_names(documents: Path, folder: str) -> list[str]:
    found = documents / "produce" / "reports" / folder
    return sorted(path.name for path in found.iterdir()) if found.exists() else []


def test_the_schedule_is_prepared_then_served_in_the_quartier_s_language(
    contract, subscribed, carol, _documents_in_tmp
):
    client = client_for(carol, "en")  # the coordinator reads English; the quartier is French

    preparing = client.get(schedule_url(contract))

    assert preparing.status_code == 202
    page = preparing.content.decode()
    assert f"<h1>Payment schedule · {contract.title}</h1>" in page
    assert "The PDF file is being prepared." in page
    back = reverse("produce:contract_subscriptions", args=[contract.pk])
    assert f'<a href="{back}">Back to the subscriptions</a>' in page
    [name] = stored_names(_documents_in_tmp, f"contract-{contract.pk}")
    assert name.startswith("schedule-fr-") and name.endswith(".pdf")

    served = client.get(schedule_url(contract))

    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith('inline; filename="echeancier-')
    text = pdf_text(streamed(served))
    assert "Échéancier" in text and subscribed.member_name in text


def test_a_cheque_number_written_builds_the_schedule_again(
    contract, subscribed, carol, _documents_in_tmp
):
    client = client_for(carol)
    before, _headers = download(client, schedule_url(contract))
    instalment = subscribed.instalments.order_by("position").first()
    assert instalment is not None and "0457812" not in pdf_text(before)

    # Only the number: the state, which the pick-up list prints, stays as it was.
    services.instalment_update(instalment=instalment, actor=carol, cheque_number="0457812")

    after, _headers = download(client, schedule_url(contract))  # 202 first: a new state
    assert "0457812" in pdf_text(after)
    assert len(stored_names(_documents_in_tmp, f"contract-{contract.pk}")) == 1  # the old one gone


def test_a_renamed_subscriber_or_producer_builds_the_papers_again(
    contract, subscribed, alice, carol, quartier
):
    client = client_for(carol)
    month = first_month(subscribed)
    download(client, schedule_url(contract))
    download(client, treasury_url(quartier, "csv", month))

    alice.display_name = "Alice Renommée"
    alice.save()
    schedule, _headers = download(client, schedule_url(contract))
    assert "Alice Renommée" in pdf_text(schedule)

    services.producer_update(
        producer=contract.producer, actor=carol, farm_name="Ferme du Vallon", name="Jean"
    )
    month_file, _headers = download(client, treasury_url(quartier, "csv", month))
    assert "Ferme du Vallon" in month_file.decode("utf-8-sig")


def test_each_month_of_the_treasury_is_a_file_of_its_own(
    contract, subscribed, carol, quartier, _documents_in_tmp
):
    client = client_for(carol)
    months = sorted({row.due_month.strftime("%Y-%m") for row in subscribed.instalments.all()})
    assert len(months) == 3
    for month in months:
        content, headers = download(client, treasury_url(quartier, "csv", month))
        assert headers["Content-Disposition"].startswith('attachment; filename="a-encaisser-en-')
        assert subscribed.member_name in content.decode("utf-8-sig")
    pdf, headers = download(client, treasury_url(quartier, "pdf", months[0]))
    assert pdf.startswith(b"%PDF") and headers["Content-Type"] == "application/pdf"
    names = stored_names(_documents_in_tmp, f"treasury-{quartier.pk}")
    assert [name.split("-fr-")[0] for name in names] == sorted([*months, months[0]])

    # Cashed: every month of the quartier is built again, under its new state.
    instalment = subscribed.instalments.order_by("position").first()
    assert instalment is not None
    services.instalment_update(
        instalment=instalment, actor=carol, state=InstalmentState.RECEIVED, cheque_number="0457"
    )
    assert client.get(treasury_url(quartier, "csv", months[1])).status_code == 202
    assert len(stored_names(_documents_in_tmp, f"treasury-{quartier.pk}")) == 1


def test_the_page_being_prepared_says_how_far_the_schedule_is(contract, subscribed, carol):
    file = stored.StoredFile.current("contract", contract.pk, "schedule", "pdf", "fr")
    assert cache.add(file.lock_key, True, 60)  # a worker busy with it
    progress = Progress(file.progress_key)
    progress.start(120)
    progress.step(45)
    progress.save()

    page = client_for(carol).get(schedule_url(contract)).content.decode()

    assert "45 rows of 120 ready" in page
    assert not file.is_built()


def test_outsiders_queue_nothing(contract, subscribed, dave, bob, quartier, _documents_in_tmp):
    month = first_month(subscribed)
    for outsider in (dave, bob):
        client: Client = client_for(outsider)
        assert client.get(schedule_url(contract)).status_code == 404
        assert client.get(treasury_url(quartier, "pdf", month)).status_code in (403, 404)
    assert stored_names(_documents_in_tmp, f"contract-{contract.pk}") == []
    assert stored_names(_documents_in_tmp, f"treasury-{quartier.pk}") == []


def test_an_unknown_format_is_not_found(carol, quartier):
    answer = client_for(carol).get(reverse("produce:treasury_export", args=[quartier.slug, "xls"]))
    assert answer.status_code == 404
