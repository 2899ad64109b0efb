"""The chat bench's client: sockets opened on one server (the site's production set, or the
relay's), each read by a task of its own, a member posting at a steady rate, and every
reception's latency; and the CPU each process of both sets used meanwhile."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import resource
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis
from django.conf import settings
from django.core.cache import cache
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

GRACE_SECONDS = 2.0  # a message reaching a socket later than this counts as lost
MARK = "chat-bench|"
OPENING_AT_ONCE = 25  # handshakes in flight at once, as many tabs opening together


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
    latencies: list[int]  # nanoseconds, sorted, late ones included
    elapsed: float  # seconds from the first send to the last reception counted
    cpu: dict[str, float]  # share of one core of each process during the step

    @property
    def held(self) -> bool:
        return (
            self.on_time == self.expected and self.errors == 0 and self.achieved >= 0.95 * self.rate
        )

    def server_cpu_per_delivery_us(self) -> float:
        """CPU of the server's app processes for each message delivered to a socket."""
        used = sum(
            share for name, share in self.cpu.items() if name.startswith(f"{self.server} app")
        )
        return used * self.elapsed / max(len(self.latencies), 1) * 1e6


def percentile(ordered: list[int], share: float) -> float:
    """Milliseconds at ``share`` of the sorted nanoseconds (nearest rank)."""
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] / 1e6


def median_ms(ordered: list[int]) -> float:
    return statistics.median(ordered) / 1e6 if ordered else 0.0


class Pool:
    """The sockets open on one server, each with a task reading everything it receives."""

    def __init__(self, server: str, url: str, origin: str, greeted: bool) -> None:
        self.server = server
        self.url = url
        self.origin = origin
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
            origin=Origin(self.origin),
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

    async def grow(self, tokens: list[str]) -> float:
        """Opens sockets for the tokens not open yet; the seconds it took."""
        gate = asyncio.Semaphore(OPENING_AT_ONCE)

        async def open_one(token: str) -> ClientConnection:
            async with gate:
                return await self.open(token)

        new = tokens[len(self.sockets) :]
        started = time.perf_counter()
        opened = await asyncio.gather(*(open_one(token) for token in new))
        seconds = time.perf_counter() - started
        for token, ws in zip(new, opened, strict=True):
            self.tokens.append(token)
            self.sockets.append(ws)
            self.readers.append(asyncio.create_task(self.read(len(self.sockets) - 1)))
        return seconds

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
            asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True), 60
        )
        self.tokens, self.sockets, self.readers, self.dead = [], [], [], set()

    async def quiet(self, seconds: float = 1.0, limit: float = 60.0) -> None:
        """Waits until nothing has arrived for ``seconds``: a backlog drained."""
        quiet_since = time.monotonic()
        last = self.last_reception
        deadline = time.monotonic() + limit
        while time.monotonic() - quiet_since < seconds and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
            if self.last_reception != last:
                last, quiet_since = self.last_reception, time.monotonic()


class CpuMeter:
    """CPU seconds used so far by each process of both sets, the bench, Redis and PostgreSQL
    (its live processes, and those ended, which the postmaster reaped)."""

    def __init__(self, processes: dict[str, int]) -> None:
        self.processes = processes
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
            **{name: self._stat(pid)[2] for name, pid in self.processes.items()},
            "bench": usage.ru_utime + usage.ru_stime,
            "redis": float(info["used_cpu_user"]) + float(info["used_cpu_sys"]),
            "postgres": postgres,
        }


async def run_step(
    pool: Pool,
    *,
    rate: int,
    seconds: float,
    speakers: int,
    sender_ids: list[int],
    conversation: int,
    meter: CpuMeter,
    ident: int,
) -> Outcome:
    """``rate`` messages a second for ``seconds``, members taking turns on their own sockets;
    then the wait for every reception (GRACE_SECONDS at most)."""
    reopened = await pool.heal()
    if reopened:
        print(f"chat: {pool.server}: reopened {reopened} sockets it had closed", file=sys.stderr)
    count = len(pool.sockets)
    voices = pool.sockets[:speakers]
    # A fresh window of the rate limit for every sender: each sends a few messages a step.
    await asyncio.to_thread(cache.delete_many, [f"message-rate:{pk}" for pk in sender_ids])
    step = Step(ident=ident, sockets=count)
    pool.step = step
    total = round(rate * seconds)
    before = meter.read()
    started = time.monotonic_ns() + 50_000_000
    for seq in range(total):
        delay = (started + seq * 1e9 / rate - time.monotonic_ns()) / 1e9
        if delay > 0:
            await asyncio.sleep(delay)
        body = f"{MARK}{ident}|{seq}|{time.monotonic_ns()}|"
        frame = {"type": "message.send", "conversation": conversation, "body": body}
        await voices[seq % len(voices)].send(json.dumps(frame))
        step.sent += 1
    finished = time.monotonic_ns()
    expected = step.sent * count
    deadline = finished + GRACE_SECONDS * 1e9 + 200_000_000
    while step.received < expected and time.monotonic_ns() < deadline:
        await asyncio.sleep(0.02)
    after = meter.read()
    elapsed = (time.monotonic_ns() - started) / 1e9
    outcome = Outcome(
        server=pool.server,
        sockets=count,
        rate=rate,
        sent=step.sent,
        achieved=(step.sent - 1) / max((finished - started) / 1e9, 1e-9),
        on_time=step.on_time,
        expected=expected,
        errors=step.errors,
        latencies=sorted(step.latencies),
        elapsed=elapsed,
        cpu={name: (after[name] - before[name]) / elapsed for name in after},
    )
    pool.step = None
    if not outcome.held:  # let the backlog drain before anything else is measured
        await pool.quiet()
    print(
        f"chat: {pool.server:5} {count:5} sockets {rate:4}/s {seconds:g} s: sent {step.sent} "
        f"({outcome.achieved:.1f}/s), on time {step.on_time}/{expected}, errors {step.errors}, "
        f"p50 {median_ms(outcome.latencies):.1f} ms p99 {percentile(outcome.latencies, 0.99):.1f}"
        f" ms, {'held' if outcome.held else 'NOT held'}",
        file=sys.stderr,
    )
    return outcome
