"""Chat over the WebSocket, on the production set: one quartier's room with many sockets open
through nginx on the app processes, members posting at a steady rate, and how long each message
takes to reach every socket; next to a bare Channels relay (bench/relay.py) served the same way,
by a production set of its own with the same server and as many processes: the floor the
framework sets. Three measures: opening the sockets, the latency at a moderate rate, and the
highest rate held without loss."""

from __future__ import annotations

import asyncio
import os
import resource
import statistics
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.chat_sockets import (
    GRACE_SECONDS,
    MARK,
    OPENING_AT_ONCE,
    CpuMeter,
    Outcome,
    Pool,
    median_ms,
    percentile,
    run_step,
)
from bench.common import Row, scaled
from bench.feed_pages import analyze
from bench.production_client import APP_WORKERS, production_set
from messaging import consumers
from messaging.auth import open_socket
from messaging.models import Conversation, Participant
from messaging.services import RATE_LIMIT_MESSAGES, RATE_LIMIT_SECONDS, room_for
from neighbourhood.accounts.models import PersonalToken, User
from neighbourhood.accounts.services import token_create
from neighbourhood.deploy.procfile import PROCFILE
from neighbourhood.deploy.runner import ProductionSet, ProductionSetError
from neighbourhood.quartiers.models import Membership, Quartier

NAME = "chat"
OPEN_SOCKETS = scaled(500)
OPEN_ROUNDS = 3
LATENCY = [(scaled(200), 4), (scaled(500), 2)]  # sockets × messages a second
LATENCY_SECONDS = 20.0  # sending time for each server, in windows taken in turn
LATENCY_WINDOWS = 4
WARM_UP_SECONDS = 1.0  # of sending at the run's rate, before its windows, for each server
LOSS_SIZES = [scaled(100), scaled(500), scaled(1_000)]
RATES = [2, 5, 10, 20, 50]  # messages a second, climbed until one is not held
STEP_SECONDS = 3.0  # sending time at each rate of the climb
SENDERS = 50  # members taking turns to post, to stay under the per-user rate limit
UNUSABLE = make_password(None)  # the members never log in with a password
SITE_APP = "neighbourhood.asgi:application"
RELAY_APP = "bench.relay:application"
DESCRIPTION = (
    "the site and a bare Channels relay (bench/relay.py: a consumer that joins one group on "
    "connect and group_sends each frame it receives; no authentication, database or service; "
    "like the site's consumer, it leaves out Channels' per-event hop to the shared sync thread "
    "in its dispatch, docs/realtime.md, so that it stays the floor) "
    f"each served by a production set of its own (neighbourhood.deploy: nginx in front of "
    f"{APP_WORKERS} app processes started from the same Procfile line, Redis pub/sub channel "
    "layer, PostgreSQL as the settings configure it), the sockets opened through nginx. Each "
    "socket is an API client of a different member of one quartier (`Authorization: Bearer` "
    "token, the site's origin), all in one asyncio process of the bench (`websockets`). "
    f"**Opening**: {OPEN_SOCKETS:,} sockets opened, {OPENING_AT_ONCE} handshakes at a time, "
    "until the site's `hello` (its groups joined) or the relay's handshake; then closed; "
    f"{OPEN_ROUNDS} rounds, the site and the relay in turn: the median column holds the median "
    "round, the p90 column the slowest round (the p90 by nearest rank of 3 rounds); queries "
    "are those of one handshake (its user and its groups); the ratio is site / relay. "
    "**Latency**: members take turns to send `message.send` on their own socket at a steady "
    f"rate ({SENDERS} senders, so none reaches the limit of {RATE_LIMIT_MESSAGES} messages in "
    f"{RATE_LIMIT_SECONDS} s); the body carries the send time and the latency is from just "
    "before the send to the reception of `message.new` by each socket, the sender's included. "
    f"{LATENCY_SECONDS:g} s of sending for each server, in {LATENCY_WINDOWS} windows the site "
    f"and the relay take in turn, after {WARM_UP_SECONDS:g} s of sending to each that is not "
    "timed (the sockets just opened); the median column holds the **p50**, the p90 column the "
    "**p90**, the case names the **p99** and how many receptions it is taken over; queries are "
    "those of one `message.send` (measured in the bench process); the ratio gives site / relay "
    f"at the p50 and at the p99. **Highest rate without loss**: rates of "
    f"{', '.join(map(str, RATES))} messages/s are climbed, {STEP_SECONDS:g} s each, the site "
    "and the relay in turn, until one is not held (a rate not held is tried once more, for "
    f"either): a rate is held when every socket receives every message within "
    f"{GRACE_SECONDS:g} s, no send is refused and the sender keeps the pace. The row gives the "
    "highest rate held by each (≥ when the top of the ladder was held), the site's p50 / p90 "
    "there, and as ratio site rate / relay rate. The bench client shares the machine's cores "
    "with both sets, Redis and PostgreSQL."
)


def skipped(why: str) -> list[Row]:
    print(f"chat: skipped, {why}", file=sys.stderr)
    return [Row(NAME, f"skipped: {why}", 0.0, 0.0, 0, "–")]


def populate(count: int) -> tuple[Conversation, list[User], list[str]]:
    quartier = Quartier.objects.create(
        name="Salon du quartier", slug="bench-chat", latitude=45.76, longitude=4.84
    )
    members = User.objects.bulk_create(
        User(email=f"chat-member-{i}@bench.example", display_name=f"Voisin {i}", password=UNUSABLE)
        for i in range(count)
    )
    Membership.objects.bulk_create(Membership(quartier=quartier, user=user) for user in members)
    tokens = [token_create(user=user, name="bench chat")[1] for user in members]
    room = room_for(quartier=quartier)
    analyze(User, Membership, PersonalToken, Conversation, Participant)
    return room, members, tokens


def queries_per_message(room: Conversation, sender: User) -> int:
    """The queries of one `message.send`, as the consumer handles it."""
    consumers._post(sender, room.pk, f"{MARK}warm-up")  # the sender starts taking part
    with CaptureQueriesContext(connection) as captured:
        consumers._post(sender, room.pk, f"{MARK}measured")
    return len(captured.captured_queries)


def queries_per_handshake(token: str) -> int:
    """The queries of one socket's handshake: who it is, which groups it joins (its one trip
    to the database, `messaging.auth.open_socket`)."""
    scope = {
        "session": _empty_session(),
        "headers": [(b"authorization", f"Bearer {token}".encode())],
    }
    with CaptureQueriesContext(connection) as captured:
        open_socket(scope)
    return len(captured.captured_queries)


def _empty_session() -> object:
    return import_module(settings.SESSION_ENGINE).SessionStore(None)


def relay_procfile(folder: Path) -> Path:
    """The production set's Procfile with the relay as the app: same server, same options."""
    lines = []
    for line in PROCFILE.read_text(encoding="utf-8").splitlines():
        name = line.split(":", 1)[0].strip()
        if name == "app":
            if SITE_APP not in line:
                raise RuntimeError(f"the Procfile's app line does not serve {SITE_APP}: {line}")
            line = line.replace(SITE_APP, RELAY_APP)
        if name in {"nginx", "app"} or line.lstrip().startswith("#") or not line.strip():
            lines.append(line)
    path = folder / "Procfile"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def combined(outcomes: list[Outcome]) -> Outcome:
    """The windows of one server as one outcome."""
    first = outcomes[0]
    return Outcome(
        server=first.server,
        sockets=first.sockets,
        rate=first.rate,
        sent=sum(o.sent for o in outcomes),
        achieved=min(o.achieved for o in outcomes),
        on_time=sum(o.on_time for o in outcomes),
        expected=sum(o.expected for o in outcomes),
        errors=sum(o.errors for o in outcomes),
        latencies=sorted(latency for o in outcomes for latency in o.latencies),
        elapsed=sum(o.elapsed for o in outcomes),
        cpu={
            name: sum(o.cpu[name] * o.elapsed for o in outcomes) / sum(o.elapsed for o in outcomes)
            for name in first.cpu
        },
    )


class Drive:
    """The three measures, on both pools in turn."""

    def __init__(
        self,
        pools: list[Pool],
        meter: CpuMeter,
        room: Conversation,
        members: list[User],
        tokens: list[str],
    ) -> None:
        self.pools = pools
        self.meter = meter
        self.room = room
        self.sender_ids = [member.pk for member in members[:SENDERS]]
        self.tokens = tokens
        self.ident = 0
        self.opening: dict[str, list[float]] = {pool.server: [] for pool in pools}
        self.latency: dict[tuple[int, int], dict[str, Outcome]] = {}
        self.ladders: dict[int, dict[str, list[Outcome]]] = {}

    async def step(self, pool: Pool, rate: int, seconds: float) -> Outcome:
        self.ident += 1
        return await run_step(
            pool,
            rate=rate,
            seconds=seconds,
            speakers=SENDERS,
            sender_ids=self.sender_ids,
            conversation=self.room.pk,
            meter=self.meter,
            ident=self.ident,
        )

    async def idle(self, limit: float = 30.0) -> None:
        """Until the sets' app processes use less than 5 % of a core (sockets closing)."""
        started = time.monotonic()
        before = self.meter.read()
        while time.monotonic() - started < limit:
            await asyncio.sleep(0.5)
            after = self.meter.read()
            busy = [n for n in after if " app" in n and after[n] - before[n] > 0.025]
            if not busy:
                return
            before = after

    async def open_rounds(self) -> None:
        for round_number in range(OPEN_ROUNDS):
            order = self.pools if round_number % 2 == 0 else self.pools[::-1]
            for pool in order:
                seconds = await pool.grow(self.tokens[:OPEN_SOCKETS])
                self.opening[pool.server].append(seconds)
                print(
                    f"chat: {pool.server}: {OPEN_SOCKETS} sockets open in {seconds:.2f} s",
                    file=sys.stderr,
                )
                await pool.close()
                await self.idle()

    async def latency_run(self, size: int, rate: int) -> None:
        seconds = LATENCY_SECONDS / LATENCY_WINDOWS
        for pool in self.pools:  # a warm-up for both, not timed
            await self.step(pool, rate, WARM_UP_SECONDS)
        windows: dict[str, list[Outcome]] = {pool.server: [] for pool in self.pools}
        for window in range(LATENCY_WINDOWS):
            order = self.pools if window % 2 == 0 else self.pools[::-1]
            for pool in order:
                windows[pool.server].append(await self.step(pool, rate, seconds))
        self.latency[(size, rate)] = {server: combined(w) for server, w in windows.items()}

    async def ladder(self, size: int) -> None:
        climbing = {pool.server for pool in self.pools}
        steps: dict[str, list[Outcome]] = {pool.server: [] for pool in self.pools}
        for index, rate in enumerate(RATES):
            order = self.pools if index % 2 == 0 else self.pools[::-1]
            for pool in order:
                if pool.server not in climbing:
                    continue
                outcome = await self.step(pool, rate, STEP_SECONDS)
                if not outcome.held:
                    outcome = await self.step(pool, rate, STEP_SECONDS)
                steps[pool.server].append(outcome)
                if not outcome.held:
                    climbing.discard(pool.server)
        self.ladders[size] = steps

    async def run(self) -> None:
        try:
            await self.open_rounds()
            latency_sizes = {size: rate for size, rate in LATENCY}
            for size in sorted({*latency_sizes, *LOSS_SIZES}):
                for pool in self.pools:
                    await pool.grow(self.tokens[:size])
                await self.idle()
                if size in latency_sizes:
                    await self.latency_run(size, latency_sizes[size])
                if size in LOSS_SIZES:
                    await self.ladder(size)
        finally:
            for pool in self.pools:
                print(
                    f"chat: {pool.server}: {pool.closed} sockets closed by the server, "
                    f"{pool.stray} receptions arrived after their step was counted",
                    file=sys.stderr,
                )
                await pool.close()
            await self.idle()


def highest(outcomes: list[Outcome]) -> tuple[str, Outcome | None]:
    held = [outcome for outcome in outcomes if outcome.held]
    if not held:
        return f"< {outcomes[0].rate}", None
    top = held[-1]
    return (f"≥ {top.rate}" if top.rate == RATES[-1] else str(top.rate)), top


def rows_of(drive: Drive, send_queries: int, handshake_queries: int) -> list[Row]:
    rows = []
    site_open, relay_open = drive.opening["site"], drive.opening["relay"]
    site_ms, relay_ms = statistics.median(site_open) * 1e3, statistics.median(relay_open) * 1e3
    case = f"open {OPEN_SOCKETS:,} sockets, site (median of {OPEN_ROUNDS} rounds)"
    rows.append(
        Row(
            NAME,
            case,
            site_ms,
            max(site_open) * 1e3,
            handshake_queries,
            f"{site_ms / relay_ms:.1f}×",
        )
    )
    case = f"open {OPEN_SOCKETS:,} sockets, relay floor (median of {OPEN_ROUNDS} rounds)"
    rows.append(Row(NAME, case, relay_ms, max(relay_open) * 1e3, 0, "1.0×"))
    for (size, rate), by_server in drive.latency.items():
        site, relay = by_server["site"], by_server["relay"]
        for label, outcome in (("site", site), ("relay floor", relay)):
            lost = outcome.expected - outcome.on_time
            case = (
                f"{label}, {size:,} sockets × {rate}/s, {LATENCY_SECONDS:g} s: "
                f"p99 {percentile(outcome.latencies, 0.99):.1f} ms over "
                f"{len(outcome.latencies):,} receptions, {lost} late or lost"
            )
            if label == "site":
                ratio = (
                    f"p50 {median_ms(site.latencies) / median_ms(relay.latencies):.2f}×, p99 "
                    f"{percentile(site.latencies, 0.99) / percentile(relay.latencies, 0.99):.2f}×"
                )
            else:
                ratio = "1.0×"
            rows.append(
                Row(
                    NAME,
                    case,
                    median_ms(outcome.latencies),
                    percentile(outcome.latencies, 0.9),
                    send_queries if label == "site" else 0,
                    ratio,
                )
            )
    for size, ladder in drive.ladders.items():
        site_rate, site_top = highest(ladder["site"])
        relay_rate, relay_top = highest(ladder["relay"])
        case = (
            f"{size:,} sockets, highest rate without loss: site {site_rate}/s, "
            f"relay floor {relay_rate}/s"
        )
        shown = site_top or ladder["site"][0]
        ratio = f"{site_top.rate / relay_top.rate:.2f}×" if site_top and relay_top else "–"
        rows.append(
            Row(NAME, case, median_ms(shown.latencies), percentile(shown.latencies, 0.9), 0, ratio)
        )
    return rows


def cpu_note(drive: Drive) -> str:
    size = max(drive.ladders)
    parts = []
    for server in ("site", "relay"):
        last = drive.ladders[size][server][-1]
        shares = ", ".join(f"{name} {share:.0%}" for name, share in last.cpu.items())
        parts.append(
            f"{server} at {last.rate}/s ({'held' if last.held else 'not held'}): "
            f"{last.server_cpu_per_delivery_us():.0f} µs of its app processes' CPU per "
            f"message delivered to a socket; {shares}"
        )
    return f" CPU as a share of one core, at the last rate tried with {size:,} sockets: " + (
        "; ".join(parts) + "."
    )


def log_problems(production: ProductionSet, server: str) -> None:
    """What the set's app processes complained of, if anything: how often, and the first."""
    for name in production.pids():
        if not name.startswith("app"):
            continue
        lines = production.log(name).splitlines()
        bad = [
            i
            for i, line in enumerate(lines)
            if " ERROR " in line or " WARNING " in line or line.startswith("Traceback")
        ]
        if bad:
            print(
                f"chat: {server} {name} logged {len(bad)} warnings or errors; the first:",
                file=sys.stderr,
            )
            for line in lines[bad[0] : bad[0] + 20]:
                print(f"    {line}", file=sys.stderr)


def run() -> list[Row]:
    global DESCRIPTION
    if not os.environ.get("REDIS_URL"):
        return skipped("REDIS_URL is not set (the sockets need Redis as channel layer)")
    if not os.environ.get("DATABASE_URL") or connection.vendor != "postgresql":
        return skipped("DATABASE_URL does not name a PostgreSQL database the set can reach")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4 * max(LOSS_SIZES) + 512  # two ends of each socket, on two sets, and the rest
    if soft != resource.RLIM_INFINITY and soft < wanted:
        ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))
    load = os.getloadavg()[0]
    room, members, tokens = populate(max(OPEN_SOCKETS, *LOSS_SIZES, *(s for s, _r in LATENCY)))
    send_queries = queries_per_message(room, members[0])
    handshake_queries = queries_per_handshake(tokens[0])
    # The sets read the throwaway test database, where the members, tokens and room are.
    with tempfile.TemporaryDirectory(prefix="bench-chat-") as folder:
        try:
            site = production_set(celery=False)
            site.start()
        except ProductionSetError as error:
            return skipped(f"the production set did not start: {error}")
        try:
            relay = production_set(celery=False, procfile=relay_procfile(Path(folder)))
            relay.start()
            try:
                processes = {f"site {n}": pid for n, pid in site.pids().items()}
                processes |= {f"relay {n}": pid for n, pid in relay.pids().items()}
                pools = [
                    Pool("site", f"ws://127.0.0.1:{site.port}/ws/", site.url, greeted=True),
                    Pool("relay", f"ws://127.0.0.1:{relay.port}/ws/", relay.url, greeted=False),
                ]
                drive = Drive(pools, CpuMeter(processes), room, members, tokens)
                asyncio.run(drive.run())
            finally:
                log_problems(site, "site")
                log_problems(relay, "relay")
                relay.stop()
        finally:
            site.stop()
    DESCRIPTION += cpu_note(drive) + (
        f" Load average of the machine when the scenario started: {load:.1f}."
    )
    return rows_of(drive, send_queries, handshake_queries)
