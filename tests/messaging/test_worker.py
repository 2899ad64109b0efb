"""E-mails through a real Celery worker process on the Redis broker, as in production."""

import time

import pytest
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from messaging.services import email_queue
from neighbourhood.celery import app as celery_app
from tests.workers import Worker

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(tmp_path):
    """A worker in its own process, writing the mails it sends into tmp_path/mail."""
    mail_dir = tmp_path / "mail"
    worker = Worker(
        "celery",
        {
            "REDIS_URL": settings.REDIS_URL,
            "EMAIL_URL": f"file://{mail_dir}",
            "VOISINAGE_VAR_DIR": str(tmp_path / "var"),
        },
    )
    yield mail_dir
    worker.stop()


@pytest.fixture
def real_broker():
    """This test wants the real broker, not the in-process shortcut the other tests use."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


def test_a_queued_email_is_delivered_by_the_worker_after_the_commit(worker, real_broker):
    message = EmailMultiAlternatives(
        subject="Bienvenue à la Croix-Rousse",
        body="Bonjour Alice,",
        from_email="Voisinage <noreply@voisinage.local>",
        to=["alice@example.org"],
    )
    message.attach_alternative("<p>Bonjour Alice,</p>", "text/html")
    email_queue(message=message)  # outside a transaction: queued at once

    subject = "Subject: =?utf-8?q?Bienvenue_=C3=A0_la_Croix-Rousse?="
    deadline = time.monotonic() + 60
    ours: list[str] = []
    while time.monotonic() < deadline and not ours:
        files = sorted(worker.glob("*.log")) if worker.exists() else []
        ours = [text for text in (path.read_text() for path in files) if subject in text]
        time.sleep(0.2)
    assert ours, "the worker did not deliver the mail within 60 seconds"
    sent = ours[0]
    assert "To: alice@example.org" in sent
    assert "<p>Bonjour Alice,</p>" in sent
