"""Isolation on the production set: other members' pages and an API call, alone and while a
coordinator downloads every report file of a 2,000-line cycle in a loop, in windows taken in
turn. The downloads are the site's own links, followed as a browser would: a file being prepared
answers a page that says so (202, `Retry-After`), asked again until the file comes."""

from __future__ import annotations

import re
import statistics
import sys
import time

from django.db import connection

from bench import produce_reports
from bench.common import Row, scaled
from bench.downloader import Downloader, download
from bench.production_client import APP_WORKERS, PASSWORD, Visitor, member, production_set, verified
from neighbourhood.accounts.models import User
from neighbourhood.deploy.runner import ProductionSetError
from neighbourhood.quartiers.models import Membership

NAME = "isolation"
LINES = scaled(2_000)
WINDOWS = 4  # of each kind: alone, loaded, alone, loaded…
WINDOW_SECONDS = 8.0
# Members taking turns to read, so that none reaches the API's per-member limit (600 a minute).
NEIGHBOURS = 4
DESCRIPTION = (
    f"the production set (neighbourhood.deploy: nginx in front of {APP_WORKERS} app processes, "
    "the Celery worker on the reports queue and beat, PostgreSQL as the settings configure "
    f"it), an AMAP cycle of {LINES:,} order lines (bench/produce_reports.populate). "
    f"{NEIGHBOURS} members take turns (a round each, so that none reaches the API's limit) to "
    "read, one request after another, the quartier's page, its feed page, the accessibility "
    "page and the feed API (page 1): their p50 over all those requests is taken alone, and "
    "while the quartier's coordinator downloads every PDF and CSV the cycle's reports page "
    "links to, one after another in a loop, from a client process of its own (as another "
    "machine would, so that its client work never holds the process timing the members). "
    "A download follows "
    "what the site answers: a file being prepared (202 and its page) is asked again after "
    "`Retry-After` until it comes. Before measuring, each file is asked for until it comes "
    f"once (the time it took is below); then {WINDOWS} windows of "
    f"{WINDOW_SECONDS:g} s of each kind, alone and loaded in turn. The median column holds "
    "the members' p50, the p90 column their p90; the case says how many requests and, loaded, "
    "how many files were downloaded; the ratio is loaded / alone at the p50."
)


def skipped(why: str) -> list[Row]:
    print(f"isolation: skipped, {why}", file=sys.stderr)
    return [Row(NAME, f"skipped: {why}", 0.0, 0.0, 0, "–")]


def populate() -> tuple[produce_reports.Scene, list[User]]:
    scene = produce_reports.populate(lines=(LINES,), name="isolation")
    coordinator = scene.coordinator
    coordinator.set_password(PASSWORD)
    coordinator.save(update_fields=["password"])
    verified(coordinator)
    neighbours = [
        member(f"isolation-neighbour-{i}@bench.example", display_name=f"Voisine {i}")
        for i in range(NEIGHBOURS)
    ]
    Membership.objects.bulk_create(
        Membership(quartier=scene.quartier, user=neighbour) for neighbour in neighbours
    )
    return scene, neighbours


def report_links(visitor: Visitor, cycle_id: int) -> list[str]:
    status, _headers, page = visitor.request(f"/produce/cycles/{cycle_id}/reports/")
    if status != 200:
        raise RuntimeError(f"the reports page answered {status}")
    pattern = rf'href="(/produce/cycles/{cycle_id}/reports/[^"]+\.(?:pdf|csv))"'
    links = sorted(set(re.findall(pattern, page.decode())))
    if not links:
        raise RuntimeError("the reports page links to no PDF or CSV")
    return links


def window(visitors: list[Visitor], paths: list[str]) -> list[float]:
    """The paths read in turn for a window, each round by the next member."""
    timings = []
    deadline = time.monotonic() + WINDOW_SECONDS
    rounds = 0
    while time.monotonic() < deadline:
        visitor = visitors[rounds % len(visitors)]
        rounds += 1
        for path in paths:
            elapsed, status, _body = visitor.timed(path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            timings.append(elapsed)
    return timings


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]


def run() -> list[Row]:
    if connection.vendor != "postgresql":
        return skipped("DATABASE_URL does not name a PostgreSQL database the set can reach")
    scene, neighbours = populate()
    cycle = scene.cycles[LINES]
    slug = scene.quartier.slug
    paths = [
        f"/quartiers/{slug}/",
        f"/quartiers/{slug}/feed/",
        "/accessibility/",
        f"/api/v1/quartiers/{slug}/feed/",
    ]
    try:
        production = production_set(celery=True)
        production.start()
    except (ProductionSetError, KeyError) as error:
        return skipped(f"the production set did not start: {error}")
    timings: dict[str, list[float]] = {"alone": [], "loaded": []}
    try:
        coordinator = Visitor(production.url)
        coordinator.log_in(scene.coordinator)
        neighbour_visitors = []
        for neighbour in neighbours:
            neighbour_visitors.append(Visitor(production.url))
            neighbour_visitors[-1].log_in(neighbour)
        links = report_links(coordinator, cycle.pk)
        started = time.perf_counter()
        sizes = [download(coordinator, link) for link in links]
        first = time.perf_counter() - started
        print(
            f"isolation: {len(links)} files, {sum(sizes) / 1e6:.1f} MB, first served in "
            f"{first:.1f} s",
            file=sys.stderr,
        )
        window(neighbour_visitors, paths)  # warm-up
        downloader = Downloader(coordinator, links)
        downloader.start()
        for index in range(2 * WINDOWS):
            kind = "alone" if index % 2 == 0 else "loaded"
            before = downloader.files
            if kind == "loaded":
                downloader.running.set()
                time.sleep(0.2)  # the first download under way
            measured = window(neighbour_visitors, paths)
            downloader.running.clear()
            timings[kind].extend(measured)
            if downloader.failure is not None:
                raise RuntimeError(f"a download failed: {downloader.failure}")
            if kind == "loaded" and downloader.files == before:
                raise RuntimeError("the coordinator downloaded nothing during a loaded window")
            print(
                f"isolation: {kind:6} p50 {statistics.median(measured):.1f} ms over "
                f"{len(measured)} requests",
                file=sys.stderr,
            )
        downloader.done.set()
        downloader.join(timeout=120)
        files = downloader.files
        if downloader.failure is not None:
            raise RuntimeError(f"a download failed: {downloader.failure}")
    finally:
        production.stop()
    alone, loaded = timings["alone"], timings["loaded"]
    alone_p50, loaded_p50 = statistics.median(alone), statistics.median(loaded)
    global DESCRIPTION
    DESCRIPTION += (
        f" The {len(links)} files ({sum(sizes) / 1e6:.1f} MB) came the first time in "
        f"{first:.1f} s, each asked for until it came."
    )
    return [
        Row(NAME, f"other member alone, {len(alone)} requests", alone_p50, p90(alone), 0, "1.0×"),
        Row(
            NAME,
            f"other member while report files download, {len(loaded)} requests, {files} files "
            f"downloaded ({LINES:,} lines)",
            loaded_p50,
            p90(loaded),
            0,
            f"{loaded_p50 / alone_p50:.2f}×",
        ),
    ]
