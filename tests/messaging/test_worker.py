"""E-mails through a real Celery worker process on the Redis broker, as in production."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from messaging.services import email_queue
from neighbourhood.celery import app as celery_app

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(tmp_path):
    """A worker in its own process, writing the mails it sends into tmp_path/mail."""
    mail_dir = tmp_path / "mail"
    env = os.environ | {
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": f"file://{mail_dir}",
        "VOISINAGE_VAR_DIR": str(tmp_path / "var"),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "neighbourhood",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-mingle",
            "--without-gossip",
            "--queues=celery",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,  # read once the worker stops, and shown if the test fails
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield mail_dir
    process.send_signal(signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    print(output)  # shown by pytest when the test fails


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

    deadline = time.monotonic() + 60
    files: list[Path] = []
    while time.monotonic() < deadline and not files:
        files = list(worker.glob("*.log")) if worker.exists() else []
        time.sleep(0.2)
    assert files, "the worker delivered nothing within 60 seconds"
    sent = files[0].read_text()
    assert "Subject: =?utf-8?q?Bienvenue_=C3=A0_la_Croix-Rousse?=" in sent
    assert "To: alice@example.org" in sent
    assert "<p>Bonjour Alice,</p>" in sent
