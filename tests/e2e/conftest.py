"""Browser fixtures: Debian's Chromium driven by Playwright's sync API, on a small phone.

No browser is ever downloaded: Playwright launches /usr/bin/chromium. Each test gets fresh
browser contexts (cookies, storage) that are closed when it ends; the browser itself is shared
by the module's tests because starting Chromium is the slow part; it stops with the module, so
its event loop never reaches the async tests that follow.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    ViewportSize,
    sync_playwright,
)

from tests.e2e.story import Story

# Playwright's sync API runs an asyncio event loop in the test's thread (under greenlets), so
# Django sees a "running event loop" and refuses ORM calls made by the test itself (factories,
# checks on the database) with SynchronousOnlyOperation. Nothing here is actually async: the
# test thread is blocked while Playwright waits, so the ORM use is safe. Only the e2e tests
# set this, only while their module runs, and only because of that loop.

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SMALL_PHONE: ViewportSize = {"width": 360, "height": 740}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


NewContext = Callable[..., BrowserContext]


@pytest.fixture
def new_phone(browser: Browser) -> Iterator[NewContext]:
    """Opens a browser context the size of a small phone: one per neighbour in the story.

    The pages are asked for in English so the assertions can read the words a neighbour reads.
    """
    contexts: list[BrowserContext] = []

    def open_context(*, javascript: bool = True) -> BrowserContext:
        context = browser.new_context(
            viewport=SMALL_PHONE,
            device_scale_factor=1,
            is_mobile=True,
            has_touch=True,
            locale="en-GB",
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        # The outside world (map tiles) is unreachable here; fail those requests at once rather
        # than wait on them. The pages must work without them.
        context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda r: r.abort())
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_phone: NewContext) -> Page:
    return new_phone().new_page()


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = node.get("failureSummary")
            if summary:
                lines.append("      " + summary.replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def audit(axe: Axe) -> Callable[[Page, str], None]:
    """Runs axe-core on the page; fails on any serious or critical violation, listing them."""

    def run(page: Page, name: str) -> None:
        violations = axe.run(page).response["violations"]
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        minor = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
        if minor:  # not failures, but worth reading (pytest -s, or the captured output)
            print(f"axe-core, minor or moderate on {name}:\n{_describe(minor)}")
        assert not blocking, (
            f"axe-core found serious or critical violations on {name} ({page.url}):\n"
            + _describe(blocking)
        )

    return run


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    """Saves the whole page, as a small phone shows it, under test-artifacts/ (gitignored)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page: Page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        # A page photographed before it has loaded comes out cut short.
        page.wait_for_load_state("load")
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(params=[True, False], ids=["with-javascript", "without-javascript"])
def story(request, live_server, audit, screenshot) -> Story:
    """The story of the test's module, told with JavaScript and without it, to prove nothing
    depends on a script; screenshots are named after the module's ``SCREENSHOTS``."""
    return Story(live_server.url, request.param, audit, screenshot, request.module.SCREENSHOTS)
