"""HTTP under load on the production set: a logged-in member reads the feed through the API and as
a page, 16 connections at once (wrk), against a trivial logged-in view on the same set, the runs
taken in turn."""

from __future__ import annotations

import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.common import Row, scaled
from bench.feed_pages import analyze, fill_feed
from bench.production_client import APP_WORKERS, Visitor, member, production_set
from exchanges.swaps.models import Swap
from neighbourhood.accounts.models import User
from neighbourhood.deploy.runner import ProductionSetError
from neighbourhood.feed.models import FeedEntry
from neighbourhood.quartiers.models import Membership, Quartier

NAME = "http load"
ENTRIES = scaled(5_000)
AUTHORS = 100
# Members reading at once, each logged in through the form; every request carries the next one's
# session cookie, so that none reaches the API's per-user limit (600 a minute) while measured.
READERS = 40
CONNECTIONS = 16
THREADS = 2
SECONDS = 5  # one run of wrk
ROUNDS = 4  # runs of each view, taken in turn
SLUG = "bench-http-load"
WRK = "/usr/bin/wrk"
UNUSABLE = make_password(None)
VIEWS = {
    # allauth's session endpoint: the session read, its user loaded, a few fields as JSON.
    "trivial logged-in view (allauth session)": "/_allauth/browser/v1/auth/session",
    "feed API, page 1": f"/api/v1/quartiers/{SLUG}/feed/",
    "feed page": f"/quartiers/{SLUG}/feed/",
}
DESCRIPTION = (
    f"the production set (neighbourhood.deploy: nginx in front of {APP_WORKERS} app processes, "
    f"PostgreSQL as the settings configure it; no Celery, which these requests do not use), a "
    f"quartier with {ENTRIES:,} visible swap entries. A member logs in through the set's login "
    f"form ({READERS} members, so that none reaches the API's per-user limit of 600 requests a "
    f"minute); wrk (`{WRK}`, {THREADS} threads, {CONNECTIONS} connections, keep-alive, a Lua "
    "script giving each request the next member's session cookie) sends GETs to one URL for "
    f"{SECONDS} s; the three URLs are taken in turn, {ROUNDS} "
    "runs each (A, B, C, A, B, C…). Each row gives the median over the runs of wrk's requests "
    "a second (in the case), of its p50 (median column), its p90 (p90 column) and its p99 (in "
    "the case); non-2xx answers are counted (none expected). Queries are those of one request "
    "(Django's test client in the bench process). The ratio is the view's requests a second / "
    "the trivial logged-in view's: allauth's headless session endpoint "
    "(`/_allauth/browser/v1/auth/session`), which reads the session and its user only."
)
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def skipped(why: str) -> list[Row]:
    print(f"http load: skipped, {why}", file=sys.stderr)
    return [Row(NAME, f"skipped: {why}", 0.0, 0.0, 0, "–")]


def populate() -> list[User]:
    rng = random.Random(ENTRIES)
    quartier = Quartier.objects.create(
        name="Charge du quartier", slug=SLUG, latitude=45.75, longitude=4.85
    )
    authors = User.objects.bulk_create(
        User(email=f"http-author-{i}@bench.example", display_name=f"Auteur {i}", password=UNUSABLE)
        for i in range(AUTHORS)
    )
    readers = [
        member(f"http-reader-{i}@bench.example", display_name=f"Lecteur {i}")
        for i in range(READERS)
    ]
    Membership.objects.bulk_create(
        Membership(quartier=quartier, user=user) for user in [*authors, *readers]
    )
    fill_feed(quartier, authors, ENTRIES, days=90, rng=rng)
    analyze(FeedEntry, Swap, User, Membership)
    return readers


def queries_of(reader: User, path: str) -> int:
    client = Client()
    client.force_login(reader)
    client.get(path)  # warm up
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code} in process")
    return len(captured.captured_queries)


def milliseconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if match is None:
        raise ValueError(f"wrk printed a latency as {text!r}")
    return float(match[1]) * UNITS[match[2]]


def lua_script(cookies: list[str], folder: Path) -> Path:
    """wrk's script: each request with the next member's cookies."""
    listed = ",\n".join(json.dumps(cookie) for cookie in cookies)
    path = folder / "members.lua"
    path.write_text(
        f"local cookies = {{\n{listed}\n}}\n"
        "local turn = 0\n"
        "request = function()\n"
        "  turn = turn % #cookies + 1\n"
        "  return wrk.format(nil, nil, {\n"
        '    ["Host"] = wrk.host .. ":" .. wrk.port,\n'
        '    ["Cookie"] = cookies[turn],\n'
        '    ["Accept-Language"] = "fr",\n'
        "  })\n"
        "end\n",
        encoding="utf-8",
    )
    return path


def wrk(url: str, script: Path) -> dict[str, float]:
    """One run: requests a second, p50, p90 and p99 in milliseconds, non-2xx answers."""
    command = [WRK, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency"]
    command += ["-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])}  # type: ignore[index]
    for share in ("50", "90", "99"):
        # A line of the latency distribution ("     50%   64.70ms"), not a share in the thread
        # stats ("+/- Stdev" ends in one, as 90.50%).
        line = re.search(rf"^\s+{share}%\s+(\S+)$", output, re.MULTILINE)
        found[f"p{share}"] = milliseconds(line[1])  # type: ignore[index]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    found["bad"] = float(bad[1]) if bad else 0.0
    return found


def run() -> list[Row]:
    if shutil.which(WRK) is None:
        return skipped(f"{WRK} is not installed (Debian: apt-get install wrk)")
    if connection.vendor != "postgresql":
        return skipped("DATABASE_URL does not name a PostgreSQL database the set can reach")
    readers = populate()
    queries = {label: queries_of(readers[0], path) for label, path in VIEWS.items()}
    try:
        production = production_set(celery=False)
        production.start()
    except (ProductionSetError, KeyError) as error:
        return skipped(f"the production set did not start: {error}")
    runs: dict[str, list[dict[str, float]]] = {label: [] for label in VIEWS}
    folder = Path(tempfile.mkdtemp(prefix="bench-http-load-"))
    try:
        visitors = [Visitor(production.url) for _reader in readers]
        with ThreadPoolExecutor(4) as logging_in:
            list(logging_in.map(Visitor.log_in, visitors, readers))
        for path in VIEWS.values():
            status, _headers, _body = visitors[0].request(path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status} on the production set")
        script = lua_script([visitor.cookie_header for visitor in visitors], folder)
        for path in VIEWS.values():  # warm-up: imports, templates, the pool's connections
            wrk(production.url + path, script)
        for _round in range(ROUNDS):
            for label, path in VIEWS.items():
                outcome = wrk(production.url + path, script)
                runs[label].append(outcome)
                print(
                    f"http load: {label}: {outcome['rps']:.0f}/s, p50 {outcome['p50']:.1f} ms, "
                    f"p99 {outcome['p99']:.1f} ms, non-2xx {outcome['bad']:.0f}",
                    file=sys.stderr,
                )
    finally:
        production.stop()
        shutil.rmtree(folder, ignore_errors=True)
    floor = statistics.median(o["rps"] for o in runs[next(iter(VIEWS))])
    rows = []
    for label, outcomes in runs.items():
        rps = statistics.median(o["rps"] for o in outcomes)
        p99 = statistics.median(o["p99"] for o in outcomes)
        bad = sum(o["bad"] for o in outcomes)
        case = f"{label}, {CONNECTIONS} connections: {rps:,.0f} requests/s, p99 {p99:.1f} ms" + (
            f", {bad:.0f} non-2xx" if bad else ""
        )
        p50 = statistics.median(o["p50"] for o in outcomes)
        p90 = statistics.median(o["p90"] for o in outcomes)
        rows.append(Row(NAME, case, p50, p90, queries[label], f"{rps / floor:.2f}×"))
    return rows
