"""The digest is claimed, prepared and sent once per resident and period, whatever runs twice,
dies or is refused; and it says what is new, in the resident's language."""

from __future__ import annotations

import datetime
import smtplib
import zoneinfo
from collections.abc import Sequence

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from messaging import services
from messaging.digests import sending
from messaging.digests.schedule import plan_for
from messaging.models import Digest, DigestPreference, Message
from messaging.tasks import digests_tick
from neighbourhood.accounts.models import User
from neighbourhood.celery import app as celery_app
from neighbourhood.quartiers.models import Quartier
from tests.factories import MembershipFactory, UserFactory

LONG_AGO = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def daily(user: User, *, language: str = "en") -> User:
    """A resident of long standing whose daily digest is due from midnight on."""
    user.date_joined, user.language = LONG_AGO, language
    user.save(update_fields=["date_joined", "language"])
    DigestPreference.objects.create(user=user, frequency="daily", hour=0)
    return user


def digests() -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if "List-Unsubscribe" in m.extra_headers]


def write(author: User, to: User, body: str = "Bonjour !") -> None:
    conversation = services.direct_open(sender=author, recipient=to)
    services.message_post(conversation=conversation, author=author, body=body)


def send(*users: User, now: datetime.datetime | None = None) -> sending.Outcome:
    return sending.digests_send(user_ids=[user.pk for user in users], now=now or timezone.now())


def test_a_due_resident_receives_their_unread_messages_once(alice, bob):
    daily(alice)
    write(bob, alice)
    outcome = send(alice)
    assert outcome.sent == [alice.pk]
    [message] = digests()
    assert message.to == ["alice@example.org"]
    assert message.subject == "What is new on Voisinage"
    assert "Hello Alice," in message.body
    assert "- Bob — 1 unread message" in message.body  # the other person names the conversation
    assert "1 unread message" in message.body
    [(html, mimetype)] = message.alternatives  # type: ignore[attr-defined]
    assert mimetype == "text/html" and '<html lang="en">' in html and "1 unread message" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/digest/unsubscribe/"
    )
    row = Digest.objects.get(user=alice)
    assert (row.status, row.items, row.attempts) == (Digest.Status.SENT, 1, 1)
    assert send(alice).sent == []  # the same period, again
    assert len(digests()) == 1


def test_it_is_written_in_the_residents_language(alice, bob):
    daily(alice, language="fr")
    write(bob, alice)
    send(alice)
    [message] = digests()
    assert "Bonjour Alice," in message.body
    assert "1 message non lu" in message.body
    assert message.subject == "Les nouvelles de Voisinage"


def test_nothing_new_means_no_mail(alice):
    daily(alice)
    outcome = send(alice)
    assert outcome.empty == [alice.pk] and digests() == []
    assert Digest.objects.get(user=alice).status == Digest.Status.EMPTY


def test_the_next_digest_starts_where_the_last_one_ended(alice, bob):
    daily(alice)
    write(bob, alice)
    now = timezone.now()
    send(alice, now=now)
    first = Digest.objects.get(user=alice)
    tomorrow = now + datetime.timedelta(days=1)
    assert send(alice, now=tomorrow).empty == [alice.pk]  # the message was in the first one
    second = Digest.objects.exclude(pk=first.pk).get(user=alice)
    assert second.since == first.until
    assert len(digests()) == 1


def test_two_ticks_and_a_task_run_twice_send_one_digest(alice, bob, carol):
    for user in (alice, bob):
        daily(user)
    write(carol, alice)
    write(carol, bob)
    digests_tick.delay()
    digests_tick.delay()  # a duplicated beat tick
    now = timezone.now()
    sending.digests_send(user_ids=[alice.pk, bob.pk], now=now)  # a redelivered chunk
    assert sorted(m.to[0] for m in digests()) == ["alice@example.org", "bob@example.org"]
    assert Digest.objects.filter(status=Digest.Status.SENT).count() == 2


class RefusesTwice(EmailBackend):
    """A mail server that refuses the first two digests it is handed."""

    refused = 0

    def send_messages(self, messages: Sequence[mail.EmailMessage]) -> int:
        if RefusesTwice.refused < 2:
            RefusesTwice.refused += 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_a_refusal_by_the_mail_server_is_tried_again_and_sent_once(alice, bob, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.RefusesTwice"
    RefusesTwice.refused = 0
    daily(alice)
    write(bob, alice)
    # Run in this process, the task's retries follow at once instead of after the backoff.
    celery_app.conf.task_eager_propagates = False
    try:
        digests_tick.delay()
    finally:
        celery_app.conf.task_eager_propagates = True
    assert len(digests()) == 1
    row = Digest.objects.get(user=alice)
    assert (row.status, row.attempts) == (Digest.Status.SENT, 3)
    assert "refused" in caplog.text


def test_a_claim_left_by_a_dead_worker_is_taken_over_after_the_lease(alice, bob, settings):
    settings.DIGEST_CLAIM_LEASE_SECONDS = 600
    daily(alice)
    write(bob, alice)
    now = timezone.now()
    plan = plan_for(alice, now)
    assert plan is not None
    row = Digest.objects.create(user=alice, period=plan.period, claim="dead", since=LONG_AGO)
    assert send(alice, now=now).skipped == [alice.pk]  # the claim may still be alive
    Digest.objects.filter(pk=row.pk).update(claimed_at=now - datetime.timedelta(minutes=11))
    assert send(alice, now=now).sent == [alice.pk]
    assert len(digests()) == 1


def test_a_slow_worker_whose_claim_was_taken_over_sends_nothing(alice, bob):
    daily(alice)
    write(bob, alice)
    now = timezone.now()
    users, plans = sending._due([alice.pk], now)
    token, mine = sending._claim(users, plans, {alice.pk: LONG_AGO})
    Digest.objects.filter(pk=mine[alice.pk].pk).update(claim="the-other-worker")
    outcome = sending.Outcome()
    contents = sending.preview_of(users=users, plans=plans)[0].contents
    sending._deliver([contents], token, now, mail.get_connection(), outcome)
    assert outcome.skipped == [alice.pk] and digests() == []
    assert Digest.objects.get(user=alice).status == Digest.Status.CLAIMED  # the other's, intact


class RefusesOne(EmailBackend):
    """A mail server that refuses one address; counts the connections opened and closed."""

    refused = ""
    opened = closed = 0

    def open(self) -> bool:
        RefusesOne.opened += 1
        return True

    def close(self) -> None:
        RefusesOne.closed += 1

    def send_messages(self, messages: Sequence[mail.EmailMessage]) -> int:
        if any(RefusesOne.refused in message.to for message in messages):
            raise smtplib.SMTPRecipientsRefused({RefusesOne.refused: (550, b"No such user")})
        return super().send_messages(messages)


def test_one_refused_mail_leaves_the_others_of_the_chunk_sent(quartier):
    first, refused, last = chunk_of(quartier, 3)
    RefusesOne.refused, RefusesOne.opened, RefusesOne.closed = str(refused.email), 0, 0
    outcome = sending.digests_send(
        user_ids=[first.pk, refused.pk, last.pk], now=timezone.now(), connection=RefusesOne()
    )
    assert (outcome.sent, outcome.failed) == ([first.pk, last.pk], [refused.pk])
    assert [m.to[0] for m in digests()] == [first.email, last.email]
    rows = {row.user_id: row for row in Digest.objects.all()}
    assert (rows[first.pk].status, rows[first.pk].attempts, rows[first.pk].items) == (
        Digest.Status.SENT,
        1,
        1,
    )
    assert (rows[refused.pk].status, rows[refused.pk].claim, rows[refused.pk].attempts) == (
        Digest.Status.CLAIMED,
        "",
        1,
    )
    # One connection for the chunk, dropped after the refusal (the next mail opens its own, as
    # the SMTP backend does when it has none) and at the end.
    assert (RefusesOne.opened, RefusesOne.closed) == (1, 2)


class Unreachable(EmailBackend):
    """A mail server that cannot be reached at all."""

    def open(self) -> bool:
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, messages: Sequence[mail.EmailMessage]) -> int:
        raise ConnectionRefusedError(111, "Connection refused")


def test_an_unreachable_mail_server_releases_every_claim_for_the_next_try(alice, bob, carol):
    for user in (alice, bob):
        daily(user)
        write(carol, user)
    now = timezone.now()
    outcome = sending.digests_send(user_ids=[alice.pk, bob.pk], now=now, connection=Unreachable())
    assert sorted(outcome.failed) == sorted([alice.pk, bob.pk]) and outcome.sent == []
    assert set(Digest.objects.values_list("status", "claim", "attempts")) == {
        (Digest.Status.CLAIMED, "", 1)
    }
    again = sending.digests_send(user_ids=[alice.pk, bob.pk], now=now)
    assert sorted(again.sent) == sorted([alice.pk, bob.pk])
    assert set(Digest.objects.values_list("status", "attempts")) == {(Digest.Status.SENT, 2)}


def test_a_digest_being_handed_to_the_mail_server_is_never_sent_again(alice, bob, settings):
    settings.DIGEST_CLAIM_LEASE_SECONDS = 600
    daily(alice)
    write(bob, alice)
    now = timezone.now()
    plan = plan_for(alice, now)
    assert plan is not None
    Digest.objects.create(
        user=alice,
        period=plan.period,
        claim="dead",
        status=Digest.Status.SENDING,
        claimed_at=now - datetime.timedelta(hours=1),
        since=LONG_AGO,
    )
    assert send(alice, now=now).sent == []
    assert [row.user for row in sending.uncertain(now=now)] == [alice]


def test_user_content_is_escaped_in_the_html_part(alice, bob):
    daily(alice)
    bob.display_name = "<b>Bob</b>"
    bob.save(update_fields=["display_name"])
    write(bob, alice)
    send(alice)
    [message] = digests()
    html = message.alternatives[0][0]  # type: ignore[attr-defined]
    assert "&lt;b&gt;Bob&lt;/b&gt;" in html and "<b>Bob</b>" not in html
    assert "<b>Bob</b>" in message.body  # the text part is plain text


def chunk_of(quartier: Quartier, size: int) -> list[User]:
    writer = UserFactory.create()
    MembershipFactory.create(quartier=quartier, user=writer)
    users = []
    for _n in range(size):
        user = daily(UserFactory.create())
        MembershipFactory.create(quartier=quartier, user=user)
        write(writer, user)
        users.append(user)
    return users


def test_a_chunk_costs_the_same_queries_for_3_residents_or_for_12(quartier):
    costs = []
    for size in (3, 12):
        users = chunk_of(quartier, size)
        ContentType.objects.clear_cache()  # a worker's first chunk: both sizes pay for it
        with CaptureQueriesContext(connection) as queries:
            outcome = send(*users)
        assert len(outcome.sent) == size
        costs.append(len(queries))
    # Loading the news of the whole chunk: the residents, their last digests, the claim (3),
    # their quartiers, every registered section (each pins its own count in its app's
    # test_digest.py; the gatherings' one is a single query when none is coming, and so is
    # "your voice" when no consultation is in debate or vote, and the contracts open for signing
    # when none is), the content types on a worker's first chunk, the quartiers' names; the
    # contract baskets of the week (4); the empty digests (1). Then the mails, whatever their
    # number: claimed → sending and which rows made it (2), sending → sent (1).
    assert costs == [38, 38]


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_one_chunk_send_each_digest_once(alice, bob, carol):
    """Both claim at once: the unique (user, period) row lets one through per resident."""
    import threading

    from django.db import close_old_connections

    for user in (alice, bob):
        daily(user)
    write(carol, alice)
    write(carol, bob)
    now = timezone.now()
    barrier = threading.Barrier(2)
    outcomes: list[sending.Outcome] = []

    def worker() -> None:
        try:
            barrier.wait()
            outcomes.append(sending.digests_send(user_ids=[alice.pk, bob.pk], now=now))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker) for _n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(m.to[0] for m in digests()) == ["alice@example.org", "bob@example.org"]
    assert sum(len(outcome.sent) for outcome in outcomes) == 2


def test_the_tick_queues_the_due_residents_in_chunks(quartier, settings):
    settings.DIGEST_CHUNK_SIZE = 2
    users = chunk_of(quartier, 5)
    assert sending.chunks([u.pk for u in users], 2) == [
        [users[0].pk, users[1].pk],
        [users[2].pk, users[3].pk],
        [users[4].pk],
    ]
    assert digests_tick.delay().get() == 5  # their neighbour who wrote joined today: not yet
    assert sorted(m.to[0] for m in digests()) == sorted(str(u.email) for u in users)


def test_one_item_is_written_in_each_readers_language_and_timezone(quartier, alice, bob, carol):
    """The same thread's line is rendered once per language and timezone, and kept: each reader
    of the chunk reads it in their own (and so does the next chunk)."""
    chloe = daily(UserFactory.create(email="chloe@example.org"), language="fr")
    MembershipFactory.create(quartier=quartier, user=chloe)
    daily(alice, language="en")
    daily(bob, language="en")
    User.objects.filter(pk__in=[alice.pk, chloe.pk]).update(timezone="Europe/Paris")
    User.objects.filter(pk=bob.pk).update(timezone="America/Montreal")
    services.conversation_open(
        title="Jardin partagé",
        subject=None,
        participants=[alice, bob, chloe],
        started_by=carol,
        first_message="Qui arrose cette semaine ?",
        quartier=quartier,
    )
    written = Message.objects.get().created_at

    def shown(language: str, zone: str) -> str:
        with translation.override(language):
            return date_format(written.astimezone(zoneinfo.ZoneInfo(zone)), "l j F, H:i")

    paris, montreal, french = (
        shown("en", "Europe/Paris"),
        shown("en", "America/Montreal"),
        shown("fr", "Europe/Paris"),
    )
    assert len({paris, montreal, french}) == 3
    for _run in range(2):  # the second time, from the lines kept
        Digest.objects.all().delete()
        mail.outbox = []
        send(alice, bob, chloe)
        mails = {m.to[0]: m for m in digests()}
        assert f"- Jardin partagé — 1 unread message ({paris})" in mails["alice@example.org"].body
        assert f"- Jardin partagé — 1 unread message ({montreal})" in mails["bob@example.org"].body
        assert f"- Jardin partagé — 1 message non lu ({french})" in mails["chloe@example.org"].body
        html = mails["bob@example.org"].alternatives[0][0]  # type: ignore[attr-defined]
        assert f'<br>1 unread message<br><span style="color:#555;">{montreal}</span>' in html
