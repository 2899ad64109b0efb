"""Mails are plain text: a subject or a text part never shows HTML entities, whatever a quartier
or a title holds ("Pentes & Croix-Rousse", not "Pentes &amp; Croix-Rousse")."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import timezone

from exchanges.swaps import services as swaps
from messaging import services
from messaging.digests import sending
from messaging.models import DigestPreference
from tests.factories import swap_fields

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def test_the_digest_subject_names_the_quartier_as_written(quartier, alice, bob):
    quartier.name = "Pentes & Croix-Rousse"
    quartier.save(update_fields=["name"])
    alice.date_joined, alice.language = LONG_AGO, "en"
    alice.save(update_fields=["date_joined", "language"])
    DigestPreference.objects.create(user=alice, frequency="daily", hour=0)
    swaps.swap_create(
        quartier=quartier, author=bob, kind="offer", **swap_fields(title="Vélos <& remorques>")
    )

    assert sending.digests_send(user_ids=[alice.pk], now=timezone.now()).sent == [alice.pk]

    [digest] = [m for m in mail.outbox if "List-Unsubscribe" in m.extra_headers]
    assert digest.subject == "What is new in Pentes & Croix-Rousse"
    assert "Vélos <& remorques>" in digest.body
    assert "&amp;" not in digest.body and "&lt;" not in digest.body
    [(html, _mimetype)] = digest.alternatives  # type: ignore[attr-defined]
    assert "Pentes &amp; Croix-Rousse" in html  # the HTML part is escaped, as HTML must be


def test_a_notification_mail_keeps_its_title_as_written(
    alice, bob, django_capture_on_commit_callbacks
):
    alice.language = "en"
    alice.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_create(
            user=alice,
            kind="booking_requested",  # mailed by default
            actor=bob,
            title="Lyon & Villeurbanne <8h>",
            url="/rides/",
            details=["Lundi & mardi"],
        )
    [message] = mail.outbox
    assert message.subject == "Seats requested on your ride: Lyon & Villeurbanne <8h>"
    assert "Lyon & Villeurbanne <8h>" in message.body and "Lundi & mardi" in message.body
    assert "&amp;" not in message.body


def test_a_template_without_autoescape_off_is_still_plain_text(db):
    # digest_subject.txt says nothing of escaping: plain text is the renderer's business.
    contents = SimpleNamespace(quartier_names="Pentes & Croix-Rousse")
    text = services.render_subject("emails/digest_subject.txt", {"contents": contents})
    assert text == "What is new in Pentes & Croix-Rousse"
