"""Every resident receives exactly one digest through real Celery workers on the Redis broker,
even when the worker is killed halfway through the sending and the next tick is duplicated.

The workers read and write the test's own PostgreSQL database and write the mails they send into
files (Django's file backend), which the test reads back.
"""

from __future__ import annotations

import ast
import datetime
import email
import email.policy
import json
import math
import re
import signal
import time
import uuid
import zoneinfo
from collections import Counter
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext

from messaging.models import Conversation, Digest, DigestPreference, Message, Participant
from messaging.tasks import digests_tick
from neighbourhood.accounts.models import User
from neighbourhood.celery import app as celery_app
from neighbourhood.quartiers.models import Membership, Quartier
from tests.messaging.conftest import CeleryWorker, Processes

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RESIDENTS = 300
CHUNK = 50  # several chunks: some sent, one under way, some waiting in the queue
# About half, within a chunk: the dead worker leaves claims behind for the next one to take over.
HALFWAY = RESIDENTS // 2 + CHUNK // 5
LEASE_SECONDS = 3
TIMEOUT_SECONDS = 60.0  # for each worker's part: about 10 on an idle machine
LONG_AGO = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
# Django's file backend ends each message with a line of 79 dashes.
SEPARATOR = re.compile(rb"^-{79}\n", re.MULTILINE)
SUCCEEDED = re.compile(
    r"Task messaging\.tasks\.(digests_tick|digests_send_chunk)\[([0-9a-f-]+)\] succeeded in "
    r"[0-9.e-]+s: (.*)$",
    re.MULTILINE,
)
Status = Digest.Status


@pytest.fixture
def real_broker() -> Iterator[None]:
    """This test wants the real broker, not the in-process shortcut the other tests use."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


@pytest.fixture
def queue() -> Iterator[str]:
    """A queue of this test run's own, taken away with what the killed worker left once the
    workers have stopped (the test asks for it before ``processes``).

    Its task stays unacknowledged in Redis for the visibility timeout (an hour); then any worker
    on the broker would put it back into this queue, which nobody reads any more."""
    name = f"digests-test-{uuid.uuid4().hex[:12]}"
    yield name
    client = redis.Redis.from_url(settings.REDIS_URL)
    for tag, raw in client.hscan_iter("unacked"):
        _message, exchange, routing_key = json.loads(raw)
        if name in (exchange, routing_key):
            client.zrem("unacked_index", tag)
            client.hdel("unacked", tag)
    client.delete(name, f"_kombu.binding.{name}", f"_kombu.binding_permanent.{name}")
    client.close()


def a_zone_far_from_midnight() -> str:
    """Hour 0 makes the digest due all day; in a zone whose day does not end during the test,
    every tick of the test falls in the same period (one of these three always qualifies)."""
    now = timezone.now()
    zones = ("Europe/Paris", "America/New_York", "Asia/Tokyo")
    return next(z for z in zones if 1 <= now.astimezone(zoneinfo.ZoneInfo(z)).hour <= 22)


def residents(quartier: Quartier, count: int) -> list[User]:
    """Members of long standing, due for a daily digest since midnight, French and English, each
    with an unread direct message from a neighbour: in bulk, a handful of queries."""
    password, zone = make_password(None), a_zone_far_from_midnight()
    users = User.objects.bulk_create(
        User(
            email=f"resident{n}@example.org",
            display_name=f"Resident {n}",
            password=password,
            language="fr" if n % 3 else "en",
            timezone=zone,
            date_joined=LONG_AGO,
        )
        for n in range(count)
    )
    Membership.objects.bulk_create(Membership(quartier=quartier, user=user) for user in users)
    DigestPreference.objects.bulk_create(
        DigestPreference(user=user, frequency=DigestPreference.Frequency.DAILY, hour=0)
        for user in users
    )
    pairs = list(zip(users[0::2], users[1::2], strict=True))
    conversations = Conversation.objects.bulk_create(
        Conversation(
            kind=Conversation.Kind.DIRECT,
            direct_key=f"{min(a.pk, b.pk)}:{max(a.pk, b.pk)}",
            title=f"{a.display_name} · {b.display_name}",
        )
        for a, b in pairs
    )
    together = list(zip(conversations, pairs, strict=True))
    Participant.objects.bulk_create(
        Participant(conversation=c, user=user) for c, pair in together for user in pair
    )
    Message.objects.bulk_create(
        Message(conversation=c, author=author, body=f"Bonjour, ici {author.display_name} !")
        for c, pair in together
        for author in pair
    )
    return users


def sent() -> int:
    return Digest.objects.filter(status=Status.SENT).count()


def wait_until(condition: Callable[[], bool], *, worker: CeleryWorker) -> None:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while not condition():
        assert worker.process.poll() is None, "the worker stopped on its own"
        assert time.monotonic() < deadline, "the workers did not finish in time"
        time.sleep(0.02)


def stopped(pid: int) -> bool:
    """The kernel has stopped the process: it sends nothing more (state T in /proc)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2] in "tT"


def statements_running() -> int:
    """Statements another connection to the test database (the worker's) is running now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid() "
            "AND state = 'active'"
        )
        (count,) = cursor.fetchone() or (0,)
    return int(count)


def kill_outside_the_mail_server(worker: CeleryWorker) -> int:
    """Freezes the worker; kills it if no digest is in the hands of the mail server, else lets
    it go on a few milliseconds and looks again. A statement it sent just before freezing gets
    a moment to land first, so that what this function reads is what the worker left. Returns
    how many looks it took."""
    process = worker.process
    for attempt in range(1, 1001):
        process.send_signal(signal.SIGSTOP)
        try:
            while not stopped(process.pid):
                assert process.poll() is None, "the worker stopped on its own"
                time.sleep(0.001)
            time.sleep(0.02)
            sending = Digest.objects.filter(status=Status.SENDING).exists()
            if not sending and not statements_running():
                process.kill()
                process.wait(timeout=10)
                return attempt
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGCONT)  # also when this look failed: it can stop
        time.sleep(0.005)
    pytest.fail("the worker was always talking to the mail server")


def wait_past_the_lease() -> None:
    newest = Digest.objects.filter(status=Status.CLAIMED).aggregate(newest=Max("claimed_at"))
    if newest["newest"] is not None:
        expires = newest["newest"] + datetime.timedelta(seconds=LEASE_SECONDS + 0.5)
        time.sleep(max(0.0, (expires - timezone.now()).total_seconds()))


def results(worker: CeleryWorker) -> tuple[dict[str, int], list[dict[str, int]]]:
    """What the worker's ticks queued (by task id) and what each of its chunks sent."""
    ticks, chunks = {}, []
    for task, task_id, value in SUCCEEDED.findall(worker.output()):
        if task == "digests_tick":
            ticks[task_id] = int(value)
        else:
            chunks.append(ast.literal_eval(value))
    return ticks, chunks


def all_done(worker: CeleryWorker, tick_ids: list[str], waiting: int) -> bool:
    """The ``waiting`` chunks the dead worker never took, the ticks and all their chunks ran."""
    ticks, chunks = results(worker)
    queued = sum(math.ceil(ticks[task_id] / CHUNK) for task_id in tick_ids if task_id in ticks)
    return set(tick_ids) <= set(ticks) and len(chunks) == waiting + queued


def waiting_in(queue: str) -> int:
    """Messages in the queue that no worker took yet (kombu keeps them in a list of that name)."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        return int(client.llen(queue))
    finally:
        client.close()


def subject_in(language: str) -> str:
    with translation.override(language):
        return gettext("What is new on Voisinage")  # direct messages belong to no quartier


def mails(folder: Path) -> list[EmailMessage]:
    raw = b"".join(path.read_bytes() for path in sorted(folder.glob("*.log")))
    return [
        email.message_from_bytes(part, policy=email.policy.default)
        for part in SEPARATOR.split(raw)
        if part.strip()
    ]


def test_a_worker_killed_halfway_and_a_duplicated_tick_leave_each_resident_one_digest(
    queue: str, processes: Processes, quartier: Quartier, real_broker: None
) -> None:
    """The worker is killed only when no digest is in the hands of the mail server (SIGSTOP,
    look; a row `sending`: SIGCONT and look again a few milliseconds later). Dying while a row
    is `sending` is the one window the protocol cannot decide, the server may or may not have
    taken the mail, and sending.py settles it by never sending that row again: the resident may
    miss that day, never receive two. Anywhere else a death must neither lose nor duplicate a
    digest: the claims left behind are taken over once their lease has run out, and the chunks
    the dead worker never reached are queued again by the next tick."""
    people = residents(quartier, RESIDENTS)
    env = {"DIGEST_CHUNK_SIZE": str(CHUNK), "DIGEST_CLAIM_LEASE_SECONDS": str(LEASE_SECONDS)}

    def start() -> CeleryWorker:
        return processes.celery_worker(redis_url=settings.REDIS_URL, queue=queue, extra_env=env)

    first = start()
    digests_tick.apply_async(queue=queue)
    wait_until(lambda: sent() >= HALFWAY, worker=first)
    looks = kill_outside_the_mail_server(first)
    before = Counter(Digest.objects.values_list("status", flat=True))
    waiting = waiting_in(queue)
    print(
        f"Killed after {before[Status.SENT]} digests, leaving {before[Status.CLAIMED]} claimed "
        f"and {waiting} chunks in the queue ({looks} looks to find it outside the mail server)"
    )
    assert before[Status.SENDING] == 0
    assert before[Status.SENT] < RESIDENTS, "the kill came after the last digest"

    wait_past_the_lease()
    # A new hourly tick, duplicated. Both wait in the queue behind the chunks the dead worker
    # never took, before the new worker starts: the second tick runs before the first one's
    # chunks, finds the same residents due and queues each of their chunks a second time.
    tick_ids = [digests_tick.apply_async(queue=queue).id for _ in range(2)]
    second = start()
    wait_until(lambda: all_done(second, tick_ids, waiting), worker=second)

    ticks, chunks = results(second)
    assert ticks[tick_ids[0]] == ticks[tick_ids[1]]
    assert sum(chunk["sent"] for chunk in chunks) == RESIDENTS - before[Status.SENT]
    assert sum(chunk["empty"] for chunk in chunks) == 0
    rows = Counter(Digest.objects.values_list("user_id", "status"))
    assert rows == Counter({(user.pk, Status.SENT): 1 for user in people})
    received = mails(processes.mail_dir)
    assert Counter(str(message["To"]) for message in received) == Counter(
        {user.email: 1 for user in people}
    )
    subjects = {str(message["To"]): str(message["Subject"]) for message in received}
    assert subjects == {user.email: subject_in(user.language) for user in people}
