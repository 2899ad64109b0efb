"""The digests of a city's residents after a week of activity: who is due, then every digest
built and handed to the mail backend in chunks of 200 (what a worker's task does), of 20 and one
at a time, side by side on the same data; then the peak memory of one worker process doing a
whole run."""

from __future__ import annotations

import datetime
import gc
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core import mail
from django.core.mail import get_connection
from django.db import DatabaseError, connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench import digest_data
from bench.common import Row, measure, scaled
from messaging.digests.schedule import due_user_ids
from messaging.digests.sending import chunks, digests_send
from messaging.models import Digest

NAME = "digests"
SIZES = (200, 20, 1)
# The chunk sizes are compared on random samples of the residents, to keep the scenario within
# about four minutes; the worker's run covers everyone.
SAMPLES = {200: scaled(1_400), 20: scaled(800), 1: scaled(160)}
TARGET = 150  # digests a second per worker process: the target
MAX_SQL = 200_000  # characters: the selector's query is a few thousand
MAIL_SAMPLE = 500  # mails whose size is measured, spread over the run
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
ROOT = Path(__file__).resolve().parent.parent
DESCRIPTION = (
    f"{digest_data.RESIDENTS:,} residents in {digest_data.QUARTIERS} quartiers (one in ten also "
    "in the next one), placed at random, so that any chunk of ids holds residents of every "
    "quartier; 30% read English, 70% French; timezones Paris, London, Montreal, Réunion; half "
    "daily, half weekly, all due now. A week of activity per quartier: "
    f"{digest_data.SWAPS} swaps (offers and wishes on 16 subjects, so many match), "
    f"{digest_data.RIDES} rides (two in three once in the next ten days, the others weekly) and "
    f"{digest_data.REQUESTS} ride requests on average along them (through the service), an "
    "open order cycle (through the service) with orders from a third of the members, "
    f"{digest_data.DIRECTS} direct conversations and {digest_data.THREADS} threads of 12 in "
    "which each has read up to their own last message (one in four everything), two messages "
    f"reported, {digest_data.JOINS} pending requests to join, one coordinator; a feed entry for "
    "each swap, ride and cycle. One quartier in ten is quiet (its week ended three days ago, "
    "no cycle): its daily readers have nothing new. `due_user_ids(now)` is timed alone (a query "
    f"over {MAX_SQL // 1000} kB is refused, not sent: the row then says so and everyone is "
    "sent to). The worker row is the whole run: a child process (`python -c`, DEBUG off as in "
    "production, the same database) calls `digests_send(user_ids=chunk, now=now)` on every "
    f"chunk of {SIZES[0]} with the locmem e-mail backend, emptied after each chunk as a mail "
    "server would take the mails; its ratio is its peak RSS (VmHWM from /proc/self/status, the "
    "process's own high-water mark of resident memory, not a tracemalloc figure: `ru_maxrss` "
    "would keep the benchmark's own RSS across the fork and exec) against its RSS right after "
    f"`django.setup()`; its rate (wall time) against the target of {TARGET} digests/s, and the "
    "digests per second of its own CPU time (`time.process_time()`: PostgreSQL's work is not "
    "in it; on a loaded machine the wall time also holds the waits for a core), with the load "
    "average of the machine when it started. The other rows "
    "compare chunk sizes side by side in the "
    f"benchmark's process on random samples ({SAMPLES[200]:,} residents in chunks of "
    f"{SIZES[0]}, {SAMPLES[20]:,} in chunks of {SIZES[1]}, {SAMPLES[1]} one at a time, to keep "
    "the scenario within four minutes), the `Digest` rows deleted and the outbox cleared "
    "before each pass; the ratio is the time per digest. Median and p90 are one chunk's time, "
    "queries one chunk's (median; the case gives their range over the chunks: nearly the same "
    "whatever the chunk's size, a section asks nothing when no reader of the chunk needs it, "
    "and the state changes of the mails are one update for the whole chunk each); the mail "
    "size is the whole MIME message (text and HTML parts). Sizes scale with `SIZE` "
    "(`make bench SIZE=…`). On SQLite the worker works on a file copy of the database."
)


@dataclass
class Pass:
    size: int
    residents: int
    timings: list[float] = field(default_factory=list)  # milliseconds, one a chunk
    queries: list[int] = field(default_factory=list)
    sent: int = 0
    empty: int = 0
    mail_bytes: float = 0.0
    cpu_ms: float = 0.0  # the worker's own CPU time over its chunks (the worker row only)
    load: float = 0.0  # the machine's load average (1 min) when the worker started

    @property
    def per_digest_ms(self) -> float:
        return sum(self.timings) / self.residents

    @property
    def rate(self) -> float:
        return 1000 / self.per_digest_ms


def send_pass(user_ids: list[int], size: int, now: datetime.datetime) -> Pass:
    """Every digest of ``user_ids`` sent again, ``size`` residents a call."""
    Digest.objects.all().delete()  # or nobody would be due: each pass sends everything
    mail.outbox = []
    backend = get_connection(LOCMEM)
    result = Pass(size, len(user_ids))
    for chunk in chunks(user_ids, size):
        reset_queries()  # a full query log counts no query
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            outcome = digests_send(user_ids=chunk, now=now, connection=backend)
            result.timings.append((time.perf_counter() - started) * 1000)
        if (
            outcome.failed
            or outcome.skipped
            or len(outcome.sent) + len(outcome.empty) != len(chunk)
        ):
            raise AssertionError(f"chunk of {size}: not every resident was handled: {outcome}")
        result.queries.append(len(captured.captured_queries))
        result.sent += len(outcome.sent)
        result.empty += len(outcome.empty)
    sent = mail.outbox
    if len(sent) != result.sent:
        raise AssertionError(f"{result.sent} digests sent, {len(sent)} in the outbox")
    sample = sent[:: max(1, len(sent) // MAIL_SAMPLE)]
    if sample:
        result.mail_bytes = statistics.mean(len(m.message().as_bytes()) for m in sample)
    mail.outbox = []
    return result


# The worker: Django alone, then a run over everyone, as the tasks `digests_queue_due` queues
# would make it in one process. It prints what it measured as JSON on its last line.
WORKER = """
import datetime, json, os, statistics, sys, time
import django
django.setup()
from django.conf import settings
settings.DEBUG = False  # a production worker keeps no log of its queries
def kib(key):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(key))
before = kib("VmRSS:")
from django.core import mail
from django.core.mail import get_connection
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from messaging.digests.sending import chunks, digests_send
now, size = datetime.datetime.fromisoformat(sys.argv[1]), int(sys.argv[2])
with open(sys.argv[3]) as listing:
    residents = json.load(listing)
backend = get_connection("django.core.mail.backends.locmem.EmailBackend")
found = {"size": size, "residents": len(residents), "timings": [], "queries": [],
         "sent": 0, "empty": 0, "cpu_ms": 0.0, "load": os.getloadavg()[0]}
sizes = []
for chunk in chunks(residents, size):
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        started, cpu = time.perf_counter(), time.process_time()
        outcome = digests_send(user_ids=chunk, now=now, connection=backend)
        found["timings"].append((time.perf_counter() - started) * 1000)
        found["cpu_ms"] += (time.process_time() - cpu) * 1000
    assert not (outcome.failed or outcome.skipped), outcome
    found["queries"].append(len(captured.captured_queries))
    found["sent"] += len(outcome.sent)
    found["empty"] += len(outcome.empty)
    sizes += [len(message.message().as_bytes()) for message in mail.outbox[:10]]
    mail.outbox.clear()  # the mail server has them: the worker keeps nothing
found["mail_bytes"] = statistics.mean(sizes) if sizes else 0
peak = kib("VmHWM:")
print(json.dumps({"before": before, "peak": peak, "found": found}))
"""


def shared_database(folder: Path) -> str:
    """A DATABASE_URL another process can open: the test database itself on PostgreSQL; on
    SQLite, whose test database lives in this process's memory, a copy of it in ``folder``."""
    if connection.vendor == "postgresql":
        url = urlsplit(os.environ["DATABASE_URL"])
        return url._replace(path="/" + str(connection.settings_dict["NAME"])).geturl()
    path = folder / "digests.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    return f"sqlite:///{path}"


@dataclass(frozen=True)
class Worker:
    run: Pass
    before_kib: int  # RSS right after django.setup()
    peak_kib: int  # high-water mark of the RSS at the end


def worker_run(residents: list[int], now: datetime.datetime, size: int) -> Worker:
    Digest.objects.all().delete()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "residents.json").write_text(json.dumps(residents))
        env = {**os.environ, "DATABASE_URL": shared_database(folder)}
        env.setdefault("DJANGO_SETTINGS_MODULE", "neighbourhood.settings")
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                WORKER,
                now.isoformat(),
                str(size),
                str(folder / "residents.json"),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    if done.returncode != 0:
        raise AssertionError(f"the worker failed:\n{done.stderr[-3000:]}")
    told = json.loads(done.stdout.strip().splitlines()[-1])
    return Worker(Pass(**told["found"]), told["before"], told["peak"])


def percentile(timings: list[float], share: float) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def case_of(result: Pass, who: str) -> str:
    counts = sorted(set(result.queries))
    queries = str(counts[0]) if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
    return (
        f"`digests_send`, chunks of {result.size} over {who}: {result.sent:,} sent, "
        f"{result.empty:,} with nothing new; {result.rate:,.0f} digests/s; {queries} queries "
        f"a chunk, whatever its mails; mean mail {result.mail_bytes / 1024:.1f} KiB"
    )


def timing_of(result: Pass) -> tuple[float, float, int]:
    median_ms, p90_ms = statistics.median(result.timings), percentile(result.timings, 0.9)
    return median_ms, p90_ms, round(statistics.median(result.queries))


def pass_row(result: Pass, base: Pass, everyone: int) -> Row:
    per = f"{result.per_digest_ms:.1f} ms a digest"
    if result is not base:
        per += f": chunks of {base.size} {result.per_digest_ms / base.per_digest_ms:.1f}× faster"
    who = f"{result.residents:,} residents"
    if result.residents < everyone:
        who += " (a random sample)"
    return Row(NAME, case_of(result, who), *timing_of(result), per)


def worker_row(worker: Worker) -> Row:
    before, peak = worker.before_kib / 1024, worker.peak_kib / 1024
    case = case_of(worker.run, f"all {worker.run.residents:,} residents in a worker process")
    run = worker.run
    verdict = "meets" if run.rate >= TARGET else "misses"
    cpu_rate = run.residents / (run.cpu_ms / 1000) if run.cpu_ms else 0.0
    ratio = (
        f"{run.rate / TARGET:.2f}× the target ({verdict} ≥ {TARGET}/s); {cpu_rate:,.0f} digests "
        f"per second of the worker's own CPU time ({run.cpu_ms / sum(run.timings):.0%} of its "
        f"wall time; load average {run.load:.1f} at its start); peak RSS (VmHWM) "
        f"{peak:.0f} MiB: +{peak - before:.0f} over {before:.0f} after setup"
    )
    return Row(NAME, case, *timing_of(worker.run), ratio)


def run() -> list[Row]:
    now = timezone.now()
    started = time.perf_counter()
    scene = digest_data.populate(now)
    print(f"{NAME}: {scene.counts} written in {time.perf_counter() - started:.0f} s")
    # The set-up's rows live for the whole run, which no worker would hold: frozen, they are
    # left out of the collections that building the digests sets off.
    gc.collect()
    gc.freeze()
    try:
        return measured(scene.residents, now)
    finally:
        gc.unfreeze()
        Digest.objects.all().delete()


class HugeQuery(Exception):
    pass


def refuse_huge(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    # A query of megabytes takes the server minutes and gigabytes to plan, and cannot be
    # cancelled meanwhile: better not sent.
    if len(sql) > MAX_SQL:
        raise HugeQuery(f"its query is {len(sql) / 1e6:.1f} MB (over {MAX_SQL // 1000} kB)")
    return execute(sql, params, many, context)


def due_row(now: datetime.datetime, residents: list[int]) -> tuple[Row, list[int]]:
    """The row of `due_user_ids`, and whom to send to: everyone is due by construction, which
    `digests_send` checks again for each resident."""
    started = time.perf_counter()
    try:
        with connection.execute_wrapper(refuse_huge):
            due = due_user_ids(now)
    except (DatabaseError, HugeQuery) as error:
        case = f"`due_user_ids(now)`: not measured on {connection.vendor}: {str(error)[:100]}"
        print(f"{NAME}: {case}")
        return Row(NAME, case, 0, 0, 0, "—"), residents
    first = time.perf_counter() - started
    if due != residents:
        raise AssertionError(f"{len(due)} residents due, not the {len(residents)} expected")
    timing = measure(lambda: due_user_ids(now), repeat=5 if first < 1 else 1)
    case = f"`due_user_ids(now)`: {len(due):,} residents due, {len(digest_data.ZONES)} timezones"
    return Row(NAME, case, *timing, f"{timing[0] * 1000 / len(due):.1f} µs a resident"), due


def measured(residents: list[int], now: datetime.datetime) -> list[Row]:
    row, due = due_row(now, residents)
    started = time.perf_counter()
    worker = worker_run(due, now, SIZES[0])
    print(
        f"{NAME}: {len(due):,} digests in a worker process in {time.perf_counter() - started:.0f} s"
    )
    send_pass(due[:20], 20, now)  # warms the templates, translations and connection
    passes = []
    for size in SIZES:
        # A random sample: a stride over the ids would follow any pattern in how they were made.
        ids = sorted(random.Random(size).sample(due, min(SAMPLES[size], len(due))))
        started = time.perf_counter()
        passes.append(send_pass(ids, size, now))
        took = time.perf_counter() - started
        print(f"{NAME}: {len(ids):,} digests in chunks of {size} in {took:.0f} s")
    rows = [row, worker_row(worker)]
    return rows + [pass_row(result, passes[0], len(due)) for result in passes]
