"""`manage.py send_digests`: the same code as the hourly task, with a dry run and a preview."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from messaging.models import Digest, DigestPreference
from tests.messaging.test_digest_sending import daily, digests, write


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_digests", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_who_would_receive_what_and_sends_nothing(alice, bob, carol):
    daily(alice)
    daily(bob)
    write(carol, alice)
    output = run("--dry-run")
    assert "alice@example.org · daily:" in output and "1 new" in output
    assert "bob@example.org · daily:" in output and "0 new" in output
    assert "2 residents due; nothing sent (dry run)." in output
    assert digests() == [] and not Digest.objects.exists()


def test_the_preview_of_one_resident_shows_their_digest(alice, carol):
    daily(alice)
    write(carol, alice, "Tu viens samedi ?")
    output = run("--user", "alice", "--dry-run")
    assert "Subject: What is new on Voisinage" in output
    assert "1 unread message" in output
    assert "List-Unsubscribe: <http://127.0.0.1:8000/digest/unsubscribe/" in output
    assert digests() == [] and not Digest.objects.exists()


def test_without_dry_run_it_sends_what_is_due_once(alice, carol):
    daily(alice)
    write(carol, alice)
    assert "1 digests sent" in run()
    assert "0 digests sent" in run()
    assert len(digests()) == 1


def test_it_says_when_there_is_nothing_to_preview(alice):
    daily(alice)
    output = run("--user", "alice@example.org", "--dry-run")
    assert "Nothing new: no e-mail would be sent." in output


def test_it_refuses_an_unknown_resident(db):
    with pytest.raises(CommandError, match="No single resident"):
        run("--user", "nobody", "--dry-run")


def test_it_refuses_to_send_a_digest_that_is_not_due(alice):
    with pytest.raises(CommandError, match="not due"):
        run("--user", "alice")  # joined today: her first digest is next week's


def test_a_resident_without_digest_is_told_so(alice):
    DigestPreference.objects.create(user=alice, frequency="none")
    assert "has chosen no digest" in run("--user", "alice", "--dry-run")
