"""Chat over the WebSocket: one quartier's room with many sockets open on one daphne process, a
member posting at a steady rate, and how long each message takes to reach every socket; next to
a bare Channels relay on the same channel layer (bench/relay.py), the floor the framework sets."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import redis
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from bench.common import Row
from messaging import consumers
from messaging.models import Conversation
from messaging.services import RATE_LIMIT_MESSAGES, RATE_LIMIT_SECONDS, room_for
from neighbourhood.accounts.models import User
from neighbourhood.accounts.services import token_create
from neighbourhood.quartiers.models import Membership, Quartier

NAME = "chat"
SIZES = [100, 500, 1_000]  # sockets open at once; each size adds to the sockets already open
RATES = [2, 5, 10, 20, 50]  # messages a second, climbed until one is not held
MODERATE = RATES[0]  # the rate of the latency rows
STEP_SECONDS = 3.0  # sending time at each rate
GRACE_SECONDS = 2.0  # a message reaching a socket later than this counts as lost
SENDERS = 50  # members taking turns to post, to stay under the per-user rate limit
ORIGIN = "http://127.0.0.1:8000"  # the site accepts sockets only from its own pages
MARK = "chat-bench|"
UNUSABLE = make_password(None)  # the members never log in with a password
ROOT = Path(__file__).resolve().parent.parent
DESCRIPTION = (
    f"one quartier's room with {', '.join(f'{n:,}' for n in SIZES)} sockets open on ONE daphne "
    "process (Redis pub/sub channel layer, PostgreSQL), each an API client of a different member "
    "(`Authorization: Bearer` token, the site's origin), all in one asyncio process of the bench "
    "(`websockets`). Members take turns to send `message.send` on their own socket at a steady "
    f"rate ({SENDERS} senders, so none reaches the limit of {RATE_LIMIT_MESSAGES} messages in "
    f"{RATE_LIMIT_SECONDS} s); the body carries the send time and the latency is from just "
    "before the send to the reception of `message.new` by each socket, the sender's included. "
    "In the 'site' and 'relay floor' rows, the median column holds the **p50** and the p90 column "
    f"the **p99** over all receptions at {MODERATE} messages/s ({STEP_SECONDS:g} s of sending); "
    "queries are those of one `message.send` (measured in the bench process); the ratio is "
    "site / floor at the p50. 'relay floor' is bench/relay.py served by a second daphne process "
    "on the same channel layer: a bare AsyncJsonWebsocketConsumer that joins one group on "
    "connect and group_sends each message it receives (no authentication, database or "
    f"service). Rates of {', '.join(map(str, RATES))} messages/s are climbed, "
    f"{STEP_SECONDS:g} s each, the site and the floor in turn, until one is not held: a rate is "
    f"held when every socket receives every message within {GRACE_SECONDS:g} s, no send is "
    "refused and the sender keeps the pace (a message late or missing is lost: no event is "
    "dropped, a server that cannot keep up queues them and they arrive late). The 'highest rate "
    "without loss' rows give the highest rate held by each (≥ when the top of the ladder was "
    "held), the site's p50 / p99 at its highest (at the lowest rate when none is held) and, as "
    "ratio, site rate / floor rate. daphne runs with the environment's settings (DEBUG and "
    "CONN_MAX_AGE as set there). The bench client shares the machine's cores with both servers, "
    "Redis and PostgreSQL."
)


@dataclass
class Step:
    ident: int
    sockets: int
    sent: int = 0
    received: int = 0
    on_time: int = 0
    errors: int = 0
    latencies: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    server: str
    sockets: int
    rate: int
    sent: int
    achieved: float  # messages a second the sender actually kept
    on_time: int
    expected: int
    errors: int
    p50_ms: float
    p99_ms: float
    received: int  # all receptions counted, late ones included
    elapsed: float  # seconds from the first send to the last reception counted
    cpu: dict[str, float]  # share of one core during the step

    @property
    def cpu_per_delivery_us(self) -> float:
        """CPU of the server's daphne process for each message it delivered to a socket."""
        return self.cpu[f"daphne {self.server}"] * self.elapsed / max(self.received, 1) * 1e6

    @property
    def held(self) -> bool:
        return (
            self.on_time == self.expected and self.errors == 0 and self.achieved >= 0.95 * self.rate
        )


class Pool:
    """The sockets open on one server, each with a task reading everything it receives."""

    def __init__(self, server: str, url: str, greeted: bool) -> None:
        self.server = server
        self.url = url
        self.greeted = greeted  # the site says hello once the socket has joined its groups
        self.tokens: list[str] = []
        self.sockets: list[ClientConnection] = []
        self.readers: list[asyncio.Task[None]] = []
        self.dead: set[int] = set()  # sockets the server closed, reopened before the next step
        self.step: Step | None = None
        self.stray = 0  # receptions of an earlier step, arriving after it was counted
        self.closed = 0
        self.last_reception = 0

    async def open(self, token: str) -> ClientConnection:
        ws = await connect(
            self.url,
            origin=Origin(ORIGIN),
            additional_headers={"Authorization": f"Bearer {token}"},
            compression=None,
            proxy=None,
            ping_interval=None,
            open_timeout=60,
        )
        if self.greeted:
            hello = await asyncio.wait_for(ws.recv(), 60)
            assert '"hello"' in str(hello), hello
        return ws

    async def grow(self, tokens: list[str]) -> None:
        gate = asyncio.Semaphore(25)

        async def open_one(token: str) -> ClientConnection:
            async with gate:
                return await self.open(token)

        new = tokens[len(self.sockets) :]
        opened = await asyncio.gather(*(open_one(token) for token in new))
        for token, ws in zip(new, opened, strict=True):
            self.tokens.append(token)
            self.sockets.append(ws)
            self.readers.append(asyncio.create_task(self.read(len(self.sockets) - 1)))

    async def heal(self) -> int:
        """Reopens the sockets the server closed, as their clients would: how many."""
        dead, self.dead = sorted(self.dead), set()
        for index in dead:
            self.sockets[index] = await self.open(self.tokens[index])
            self.readers[index] = asyncio.create_task(self.read(index))
        return len(dead)

    async def read(self, index: int) -> None:
        ws = self.sockets[index]
        with contextlib.suppress(ConnectionClosed):
            async for raw in ws:
                now = time.monotonic_ns()
                self.last_reception = now
                text = raw if isinstance(raw, str) else raw.decode()
                step = self.step
                start = text.find(MARK)
                if start < 0:
                    if step is not None and '"error"' in text:
                        step.errors += 1
                    continue
                ident, _seq, sent = text[start + len(MARK) :].split("|", 3)[:3]
                if step is None or int(ident) != step.ident:
                    self.stray += 1
                    continue
                latency = now - int(sent)
                step.received += 1
                step.latencies.append(latency)
                if latency <= GRACE_SECONDS * 1e9:
                    step.on_time += 1
        # Only the server closes a socket while the bench runs (cancelled readers end above).
        self.closed += 1
        self.dead.add(index)

    async def close(self) -> None:
        for reader in self.readers:
            reader.cancel()
        await asyncio.gather(*self.readers, return_exceptions=True)
        await asyncio.wait_for(
            asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True), 30
        )


class CpuMeter:
    """CPU seconds used so far by each part: both daphne processes, the bench, Redis and
    PostgreSQL (its live processes, and those ended, which the postmaster reaped)."""

    def __init__(self, daphnes: dict[str, int]) -> None:
        self.daphnes = daphnes
        self.tick = os.sysconf("SC_CLK_TCK")
        self.redis = redis.Redis.from_url(settings.REDIS_URL)

    def _stat(self, pid: int) -> tuple[str, int, float, float]:
        """Name, parent, own and reaped children's CPU seconds."""
        try:
            text = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return "", 0, 0.0, 0.0
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        own = (int(fields[11]) + int(fields[12])) / self.tick  # utime, stime
        reaped = (int(fields[13]) + int(fields[14])) / self.tick  # cutime, cstime
        return name, int(fields[1]), own, reaped

    def read(self) -> dict[str, float]:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        info = self.redis.info("cpu")
        postgres = 0.0
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                name, parent, own, reaped = self._stat(int(entry))
                if name == "postgres":
                    postmaster = self._stat(parent)[0] != "postgres"
                    postgres += own + (reaped if postmaster else 0.0)
        return {
            **{name: self._stat(pid)[2] for name, pid in self.daphnes.items()},
            "bench": usage.ru_utime + usage.ru_stime,
            "redis": float(info["used_cpu_user"]) + float(info["used_cpu_sys"]),
            "postgres": postgres,
        }


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
    return room_for(quartier=quartier), members, tokens


def queries_per_message(room: Conversation, sender: User) -> int:
    """The queries of one `message.send`, as the consumer handles it."""
    with CaptureQueriesContext(connection) as captured:
        consumers._post(sender, room.pk, f"{MARK}warm-up")
    return len(captured.captured_queries)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def daphne(app: str, port: int, env: dict[str, str], log: IO[bytes]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
    command += ["--websocket_timeout", "-1", app]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_until_up(
    process: subprocess.Popen[bytes], port: int, health: bool, log: IO[bytes]
) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if health:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    if r.status == 200:
                        return
            else:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    log.flush()
    tail = Path(log.name).read_text(errors="replace")[-3000:]
    raise RuntimeError(f"daphne on port {port} did not come up:\n{tail}")


def percentile(ordered: list[int], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] / 1e6


async def run_step(
    pool: Pool, rate: int, senders: list[User], room: Conversation, meter: CpuMeter, ident: int
) -> Outcome:
    reopened = await pool.heal()
    if reopened:
        print(f"chat: {pool.server}: reopened {reopened} sockets it had closed", file=sys.stderr)
    count = len(pool.sockets)
    speakers = pool.sockets[: len(senders)]
    # A fresh window of the rate limit for every sender: each sends a few messages a step.
    await asyncio.to_thread(cache.delete_many, [f"message-rate:{user.pk}" for user in senders])
    step = Step(ident=ident, sockets=count)
    pool.step = step
    total = round(rate * STEP_SECONDS)
    before = meter.read()
    started = time.monotonic_ns() + 50_000_000
    for seq in range(total):
        delay = (started + seq * 1e9 / rate - time.monotonic_ns()) / 1e9
        if delay > 0:
            await asyncio.sleep(delay)
        body = f"{MARK}{ident}|{seq}|{time.monotonic_ns()}|"
        await speakers[seq % len(speakers)].send(
            json.dumps({"type": "message.send", "conversation": room.pk, "body": body})
        )
        step.sent += 1
    finished = time.monotonic_ns()
    expected = step.sent * count
    deadline = finished + GRACE_SECONDS * 1e9 + 200_000_000
    while step.received < expected and time.monotonic_ns() < deadline:
        await asyncio.sleep(0.02)
    after = meter.read()
    elapsed = (time.monotonic_ns() - started) / 1e9
    ordered = sorted(step.latencies) or [0]
    outcome = Outcome(
        server=pool.server,
        sockets=count,
        rate=rate,
        sent=step.sent,
        achieved=(step.sent - 1) / max((finished - started) / 1e9, 1e-9),
        on_time=step.on_time,
        expected=expected,
        errors=step.errors,
        p50_ms=statistics.median(ordered) / 1e6,
        p99_ms=percentile(ordered, 0.99),
        received=step.received,
        elapsed=elapsed,
        cpu={name: (after[name] - before[name]) / elapsed for name in after},
    )
    pool.step = None
    if not outcome.held:  # let the backlog drain before anything else is measured
        quiet_since = time.monotonic()
        last = pool.last_reception
        limit = time.monotonic() + 60
        while time.monotonic() - quiet_since < 1.0 and time.monotonic() < limit:
            await asyncio.sleep(0.1)
            if pool.last_reception != last:
                last, quiet_since = pool.last_reception, time.monotonic()
    cpu = " ".join(f"{name} {share:.0%}" for name, share in outcome.cpu.items())
    print(
        f"chat: {pool.server:5} {count:5} sockets {rate:4}/s: sent {step.sent} "
        f"({outcome.achieved:.1f}/s), on time {step.on_time}/{expected}, errors {step.errors}, "
        f"p50 {outcome.p50_ms:.1f} ms p99 {outcome.p99_ms:.1f} ms, "
        f"{'held' if outcome.held else 'NOT held'}; cpu {cpu}",
        file=sys.stderr,
    )
    return outcome


async def drive(
    ports: dict[str, int],
    pids: dict[str, int],
    room: Conversation,
    members: list[User],
    tokens: list[str],
) -> tuple[dict[int, dict[str, list[Outcome]]], dict[str, int]]:
    pools = [
        Pool("site", f"ws://127.0.0.1:{ports['site']}/ws/", greeted=True),
        Pool("relay", f"ws://127.0.0.1:{ports['relay']}/ws/", greeted=False),
    ]
    meter = CpuMeter(pids)
    senders = members[:SENDERS]
    results: dict[int, dict[str, list[Outcome]]] = {}
    ident = 0
    try:
        for size in SIZES:
            started = time.monotonic()
            await asyncio.gather(*(pool.grow(tokens[:size]) for pool in pools))
            print(
                f"chat: {size} sockets open on each server "
                f"({time.monotonic() - started:.1f} s to open the new ones)",
                file=sys.stderr,
            )
            await asyncio.sleep(0.5)
            results[size] = {pool.server: [] for pool in pools}
            climbing = {pool.server for pool in pools}
            for rate in RATES:
                for pool in pools:
                    if pool.server not in climbing:
                        continue
                    ident += 1
                    outcome = await run_step(pool, rate, senders, room, meter, ident)
                    results[size][pool.server].append(outcome)
                    if not outcome.held:
                        climbing.discard(pool.server)
    finally:
        for pool in pools:
            print(
                f"chat: {pool.server}: {pool.closed} sockets closed by the server, "
                f"{pool.stray} receptions arrived after their step was counted",
                file=sys.stderr,
            )
            await pool.close()
    return results, {pool.server: pool.closed for pool in pools}


def highest(outcomes: list[Outcome]) -> tuple[str, Outcome | None]:
    held = [outcome for outcome in outcomes if outcome.held]
    if not held:
        return f"< {outcomes[0].rate}", None
    top = held[-1]
    return (f"≥ {top.rate}" if top.rate == RATES[-1] else str(top.rate)), top


def rows_of(results: dict[int, dict[str, list[Outcome]]], queries: int) -> list[Row]:
    rows = []
    for size, by_server in results.items():
        site, floor = by_server["site"][0], by_server["relay"][0]
        case = f"site, {size:,} sockets, {MODERATE}/s"
        ratio = f"{site.p50_ms / floor.p50_ms:.1f}×"
        rows.append(Row(NAME, case, site.p50_ms, site.p99_ms, queries, ratio))
        case = f"relay floor, {size:,} sockets, {MODERATE}/s"
        rows.append(Row(NAME, case, floor.p50_ms, floor.p99_ms, 0, "1.0×"))
        site_rate, site_top = highest(by_server["site"])
        floor_rate, floor_top = highest(by_server["relay"])
        case = (
            f"{size:,} sockets, highest rate without loss: site {site_rate}/s, floor {floor_rate}/s"
        )
        shown = site_top or by_server["site"][0]
        ratio = f"{site_top.rate / floor_top.rate:.2f}×" if site_top and floor_top else "–"
        rows.append(Row(NAME, case, shown.p50_ms, shown.p99_ms, 0, ratio))
    return rows


def cpu_note(results: dict[int, dict[str, list[Outcome]]]) -> str:
    size = SIZES[-1]
    site, floor = results[size]["site"][0], results[size]["relay"][0]
    note = (
        f" At {size:,} sockets and {MODERATE}/s, daphne spent {site.cpu_per_delivery_us:.0f} µs "
        f"of CPU per message delivered to a socket on the site, {floor.cpu_per_delivery_us:.0f} "
        "µs on the floor. CPU, as a share of one core, during the last rate tried at "
        f"{size:,} sockets: "
    )
    parts = []
    for server, label in (("site", "site"), ("relay", "floor")):
        last = results[size][server][-1]
        shares = ", ".join(f"{name} {share:.0%}" for name, share in last.cpu.items())
        parts.append(f"{label} at {last.rate}/s ({'held' if last.held else 'not held'}): {shares}")
    return note + "; ".join(parts) + "."


def settle(pids: dict[str, int], limit: float = 30.0) -> None:
    """Waits for the servers to finish with the sockets just closed (each consumer leaves its
    groups), so that stopping them interrupts nothing: until neither uses 5% of a core."""
    tick = os.sysconf("SC_CLK_TCK")

    def used() -> dict[str, float]:
        seconds = {}
        for name, pid in pids.items():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            seconds[name] = (int(fields[11]) + int(fields[12])) / tick
        return seconds

    started = time.monotonic()
    before = used()
    while time.monotonic() - started < limit:
        time.sleep(0.5)
        after = used()
        if all(after[name] - before[name] < 0.025 for name in pids):
            break
        before = after
    print(
        f"chat: the servers were idle {time.monotonic() - started:.1f} s after the sockets closed",
        file=sys.stderr,
    )


def log_problems(server: str, log: IO[bytes], running: int) -> None:
    """What a daphne process complained of, if anything: how often while serving (its log up to
    `running` bytes) and once told to stop, and the first complaint."""
    log.flush()
    text = Path(log.name).read_bytes()
    before = text[:running].decode(errors="replace").splitlines()
    after = text[running:].decode(errors="replace").splitlines()
    lines = before + after

    def bad(line: str) -> bool:
        return " ERROR " in line or " WARNING " in line or line.startswith("Traceback")

    serving, stopping = sum(map(bad, before)), sum(map(bad, after))
    if not serving + stopping:
        return
    print(
        f"chat: daphne {server} logged {serving} warnings or errors while serving, "
        f"{stopping} while stopping; the first:",
        file=sys.stderr,
    )
    start = next(index for index, line in enumerate(lines) if bad(line))
    for line in lines[start : start + 20]:
        print(f"    {line}", file=sys.stderr)


def run() -> list[Row]:
    global DESCRIPTION
    if not os.environ.get("REDIS_URL"):
        return skipped("REDIS_URL is not set (the sockets need Redis as channel layer)")
    if not os.environ.get("DATABASE_URL") or connection.vendor != "postgresql":
        return skipped("DATABASE_URL does not name a PostgreSQL database daphne can reach")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4 * SIZES[-1] + 256  # two ends of each socket, on two servers, and the rest
    if soft != resource.RLIM_INFINITY and soft < wanted:
        ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))
    load = os.getloadavg()[0]
    room, members, tokens = populate(SIZES[-1])
    queries = queries_per_message(room, members[-1])
    # daphne reads the throwaway test database, where the members, tokens and room are.
    test_url = urlsplit(os.environ["DATABASE_URL"])._replace(
        path="/" + str(connection.settings_dict["NAME"])
    )
    env = dict(os.environ, DATABASE_URL=test_url.geturl(), PYTHONUNBUFFERED="1")
    apps = {"site": "neighbourhood.asgi:application", "relay": "bench.relay:application"}
    ports = {server: free_port() for server in apps}
    processes: dict[str, subprocess.Popen[bytes]] = {}
    with (
        tempfile.NamedTemporaryFile(prefix="bench-chat-site-", suffix=".log") as site_log,
        tempfile.NamedTemporaryFile(prefix="bench-chat-relay-", suffix=".log") as relay_log,
    ):
        logs = {"site": site_log, "relay": relay_log}
        running = {server: 0 for server in apps}
        try:
            for server, app in apps.items():
                processes[server] = daphne(app, ports[server], env, logs[server])
            for server, process in processes.items():
                wait_until_up(process, ports[server], server == "site", logs[server])
            pids = {f"daphne {name}": process.pid for name, process in processes.items()}
            results, closed = asyncio.run(drive(ports, pids, room, members, tokens))
            settle(pids)
        except BaseException:
            for log in logs.values():
                log.flush()
                print(Path(log.name).read_text(errors="replace")[-3000:], file=sys.stderr)
            raise
        finally:
            for server, process in processes.items():
                logs[server].flush()
                running[server] = Path(logs[server].name).stat().st_size
                process.terminate()
            for process in processes.values():
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            for server in processes:
                log_problems(server, logs[server], running[server])
    DESCRIPTION += cpu_note(results) + (
        f" Load average of the machine when the scenario started: {load:.1f}."
    )
    if closed["site"]:
        DESCRIPTION += (
            f" The site closed {closed['site']} sockets while the bench ran, when it was behind "
            "(a rate it could not hold, or hundreds of sockets opening at once): its heartbeat "
            "through the channel layer timed out (the warning in its log); the bench reopened "
            "them, as a client would, before the next step."
        )
    if closed["relay"]:
        DESCRIPTION += f" The floor closed {closed['relay']} sockets; they were reopened."
    return rows_of(results, queries)
