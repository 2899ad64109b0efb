"""The cycle's report files leave the request path: built by the Celery task (run at once by the
tests' Celery, or by a real worker on the `reports` queue), stored in the documents storage under
the cycle's report state, served from there until a write the reports read changes it."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client

from exchanges.produce import exports, reports, services
from exchanges.produce.exports import stored
from exchanges.produce.models import OrderCycle, Payment
from exchanges.produce.progress import Progress
from neighbourhood.accounts.models import User
from neighbourhood.celery import app as celery_app
from tests.exchanges.produce.conftest import download, offer_id, streamed
from tests.workers import Worker

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def client_for(user: User, language: str = "en") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ordered(cycle, alice, eggs, cheese) -> OrderCycle:
    """Alice ordered two boxes of eggs and a cheese, still to weigh."""
    services.order_place(
        cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 2, offer_id(cycle, cheese): 1}
    )
    return cycle


def url(cycle: OrderCycle, report: str, fmt: str) -> str:
    return f"/produce/cycles/{cycle.pk}/reports/{report}.{fmt}"


def stored_names(documents: Path, cycle: OrderCycle) -> list[str]:
    folder = documents / "produce" / "reports" / f"cycle-{cycle.pk}"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_a_file_not_built_yet_is_being_prepared_then_streamed_from_storage(
    ordered, carol, _documents_in_tmp
):
    client = client_for(carol)

    preparing = client.get(url(ordered, "pickup", "pdf"))

    assert preparing.status_code == 202
    assert preparing["Retry-After"] == "2"
    page = preparing.content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert 'role="status"' in page and 'aria-live="polite"' in page
    assert f'href="{url(ordered, "pickup", "pdf")}">Try again</a>' in page
    assert "The PDF file is being prepared." in page
    names = stored_names(_documents_in_tmp, ordered)
    assert len(names) == 1 and names[0].startswith("pickup-en-") and names[0].endswith(".pdf")

    served = client.get(url(ordered, "pickup", "pdf"))

    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"] == (
        f'inline; filename="pick-up-list-{ordered.distribution_date.isoformat()}.pdf"'
    )
    content = streamed(served)
    assert (
        content
        == (_documents_in_tmp / "produce/reports" / f"cycle-{ordered.pk}" / names[0]).read_bytes()
    )
    assert "Alice" in pdf_text(content)


def test_a_stored_file_is_served_in_a_few_queries_whatever_the_orders(
    ordered, carol, django_assert_num_queries
):
    client = client_for(carol)
    download(client, url(ordered, "packing", "csv"))
    # The session, the user, the user's quartiers, the cycle, the coordinator's membership,
    # the report state: the file itself is read from storage.
    with django_assert_num_queries(6):
        response = client.get(url(ordered, "packing", "csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; ")


def test_the_page_being_prepared_speaks_the_readers_language(ordered, carol):
    page = client_for(carol, "fr").get(url(ordered, "totals", "csv"))

    assert page.status_code == 202
    text = page.content.decode()
    assert "Le fichier CSV est en préparation." in text
    assert ">Réessayer</a>" in text
    served = client_for(carol, "fr").get(url(ordered, "totals", "csv"))
    assert "Producteur;Produit" in streamed(served).decode("utf-8-sig")


def test_the_page_shows_how_far_the_build_is(ordered, carol):
    """A build under way (its lock taken) keeps rows done / rows in the cache: the page reads it
    and queues nothing more."""
    with_carol = client_for(carol)
    file = stored.StoredFile.current("cycle", ordered.pk, "pickup", "pdf", "en")
    assert cache.add(file.lock_key, True, 60)
    progress = Progress(file.progress_key)
    progress.start(2000)
    progress.step(412)
    progress.save()  # `step` saves at most every PROGRESS_EVERY seconds

    page = with_carol.get(url(ordered, "pickup", "pdf")).content.decode()

    assert "412 rows of 2000 ready" in page
    assert '<progress id="report-progress" max="2000" value="412">' in page
    assert not file.is_built()


def test_a_build_counts_its_rows_in_the_cache(ordered):
    progress = Progress("produce-report-progress:test")
    exports.report_pdf("pickup", reports.load(ordered), progress)
    assert cache.get("produce-report-progress:test") == (1, 1)  # Alice's row


@pytest.mark.parametrize(
    "change",
    ["weight", "payment", "volunteer", "order", "renamed", "product"],
)
def test_a_change_the_reports_read_builds_a_new_file_and_removes_the_old(
    ordered, carol, alice, bob, cheese, eggs, change, _documents_in_tmp
):
    client = client_for(carol)
    before, _headers = download(client, url(ordered, "pickup", "pdf"))
    old = stored_names(_documents_in_tmp, ordered)
    order = ordered.orders.get(member=alice)
    expected = {
        "weight": "1 × Tomme de chèvre, 1.250 kg",
        "payment": "Cash, 10.00 €, received",
        "volunteer": "Responsable de distribution: Bob",
        "order": "Bob",
        "renamed": "Alice Martin",
        "product": "Tomme fermière",
    }[change]
    if change == "weight":
        services.line_set_weight(
            line=order.lines.get(offer__product=cheese), actor=carol, weight_grams=1250
        )
    elif change == "payment":
        services.payment_record(
            order=order,
            producer=eggs.producer,
            actor=carol,
            method=Payment.Method.CASH,
            status=Payment.Status.RECEIVED,
            amount_cents=1000,
        )
    elif change == "volunteer":
        services.volunteer_sign_up(role=ordered.roles.get(), member=bob)
    elif change == "order":
        services.order_place(cycle=ordered, member=bob, quantities={offer_id(ordered, eggs): 1})
    elif change == "renamed":
        alice.display_name = "Alice Martin"
        alice.save()
    else:
        services.product_update(product=cheese, actor=carol, name="Tomme fermière")

    after, _headers = download(client, url(ordered, "pickup", "pdf"))

    assert expected not in pdf_text(before)
    assert expected in pdf_text(after)
    new = stored_names(_documents_in_tmp, ordered)
    assert len(new) == 1 and new != old  # the older state's file is gone


def test_picking_up_an_order_changes_no_file(ordered, carol, alice):
    """What the files do not print (who has picked up) keeps the file stored."""
    client = client_for(carol)
    download(client, url(ordered, "totals", "pdf"))
    services.order_mark_picked_up(order=ordered.orders.get(member=alice), actor=carol)
    assert client.get(url(ordered, "totals", "pdf")).status_code == 200


def test_each_language_has_its_own_file(ordered, carol, _documents_in_tmp):
    download(client_for(carol, "fr"), url(ordered, "totals", "csv"))
    download(client_for(carol, "en"), url(ordered, "totals", "csv"))
    names = stored_names(_documents_in_tmp, ordered)
    assert [name.split("-")[1] for name in names] == ["en", "fr"]


def test_an_outsider_and_a_member_get_nothing_and_queue_nothing(
    ordered, alice, dave, _documents_in_tmp
):
    assert client_for(dave).get(url(ordered, "pickup", "pdf")).status_code == 404
    assert client_for(alice).get(url(ordered, "pickup", "pdf")).status_code == 403
    assert stored_names(_documents_in_tmp, ordered) == []


def test_an_unknown_report_is_not_found_and_queues_nothing(ordered, carol, _documents_in_tmp):
    assert client_for(carol).get(url(ordered, "owed", "pdf")).status_code == 404
    assert client_for(carol).get(url(ordered, "totals", "xlsx")).status_code == 404
    assert stored_names(_documents_in_tmp, ordered) == []


# --- through a real worker on the reports queue ----------------------------------------------


@pytest.fixture
def reports_worker(tmp_path, settings):
    """A worker in its own process consuming the `reports` queue only, reading the test's
    database and writing into the test's documents folder."""
    documents = tmp_path / "worker-documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "exchanges.consultations.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": documents},
        },
    }
    database = connection.settings_dict
    worker = Worker(
        "reports",
        {
            "REDIS_URL": settings.REDIS_URL,
            "DATABASE_URL": (
                f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
                f"/{database['NAME']}"
            ),
            "DOCUMENTS_ROOT": str(documents),
            "VOISINAGE_VAR_DIR": str(tmp_path / "var"),
        },
    )
    celery_app.conf.task_always_eager = False
    yield worker.stop
    celery_app.conf.task_always_eager = True
    worker.stop()


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_on_the_reports_queue_builds_the_file_once(reports_worker, ordered, carol):
    client = client_for(carol)
    address = url(ordered, "pickup", "pdf")

    first, second = client.get(address), client.get(address)  # the build queued once

    assert first.status_code == 202 and second.status_code == 202
    deadline = time.monotonic() + 60
    response = client.get(address)
    while response.status_code == 202 and time.monotonic() < deadline:
        time.sleep(0.3)
        response = client.get(address)
    assert response.status_code == 200, "no file within 60 seconds"
    assert streamed(response).startswith(b"%PDF")
    log = reports_worker()
    assert log.count("exchanges.produce.tasks.build_report_file[") == 2  # received, succeeded
    assert "succeeded" in log


def pdf_text(content: bytes) -> str:
    from tests.exchanges.produce.test_exports import pdf_text as text_of

    return text_of(content)


def test_the_csv_starts_with_its_byte_order_mark(ordered, carol):
    content, headers = download(client_for(carol), url(ordered, "totals", "csv"))
    assert content.startswith(codecs.BOM_UTF8)
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    assert settings.CELERY_TASK_ROUTES["exchanges.produce.tasks.build_report_file"] == {
        "queue": "reports"
    }
