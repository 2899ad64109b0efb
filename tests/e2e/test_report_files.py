"""A report file not built yet, in a real browser: the page saying it is being prepared works
without JavaScript (its refresh and its "Try again" link) and with it (asked again in the
background, its live status updated), passes axe, and comes to the file once it is built."""

from __future__ import annotations

import datetime
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connections
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from exchanges.produce import services
from exchanges.produce.exports import stored
from exchanges.produce.models import OrderCycle, Unit
from neighbourhood.quartiers.models import Membership
from tests.factories import PASSWORD, MembershipFactory, QuartierFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COORDINATOR = "carol@example.org"


def _scene() -> int:
    try:
        quartier = QuartierFactory.create(name="Croix-Rousse", slug="croix-rousse")
        carol = UserFactory.create(email=COORDINATOR, display_name="Carol", language="en")
        MembershipFactory.create(quartier=quartier, user=carol, role=Membership.Role.COORDINATOR)
        alice = UserFactory.create(email="alice@example.org", display_name="Alice")
        MembershipFactory.create(quartier=quartier, user=alice)
        farm = services.producer_create(
            quartier=quartier, actor=carol, farm_name="Ferme des Monts d'Or", name="Jeanne"
        )
        eggs = services.product_create(
            producer=farm, actor=carol, name="Œufs", unit=Unit.BOX, price_cents=350
        )
        now = timezone.now()
        cycle = services.cycle_create(
            quartier=quartier,
            actor=carol,
            offers=[services.Offer(eggs)],
            title="Panier de la semaine",
            distribution_date=timezone.localdate() + datetime.timedelta(days=3),
            distribution_start=datetime.time(18),
            distribution_end=datetime.time(19, 30),
            place="Maison des associations",
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=1),
        )
        services.order_place(cycle=cycle, member=alice, quantities={cycle.offers.get().pk: 2})
        return cycle.pk
    finally:
        connections.close_all()  # this thread's own


@pytest.fixture
def cycle(settings, tmp_path: Path) -> OrderCycle:
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "exchanges.consultations.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents"},
        },
    }
    # In a thread of its own: the services' live events may not run inside Playwright's loop.
    with ThreadPoolExecutor(max_workers=1) as worker:
        return OrderCycle.objects.get(pk=worker.submit(_scene).result())


def signed_in(context: BrowserContext, site: str) -> Page:
    page = context.new_page()
    page.goto(site + "/accounts/login/")
    page.locator("input[name=login]").fill(COORDINATOR)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(site + "/")
    return page


def held(cycle: OrderCycle) -> str:
    """Its build taken, as by a worker busy with it: the page stays "being prepared"."""
    lock = stored.StoredFile.current("cycle", cycle.pk, "pickup", "csv", "en").lock_key
    assert cache.add(lock, True, 600)
    return lock


def test_without_javascript_the_page_refreshes_to_the_file(cycle, live_server, new_phone):
    page = signed_in(new_phone(javascript=False), live_server.url)
    lock = held(cycle)
    address = f"{live_server.url}/produce/cycles/{cycle.pk}/reports/pickup.csv"

    response = page.goto(address)

    assert response is not None and response.status == 202
    assert response.headers["retry-after"] == "2"
    expect(page.get_by_role("status")).to_contain_text("The CSV file is being prepared.")
    expect(page.get_by_role("link", name="Try again")).to_have_attribute(
        "href", f"/produce/cycles/{cycle.pk}/reports/pickup.csv"
    )
    cache.delete(lock)  # the worker is free: the next refresh queues the build
    with page.expect_download(timeout=30_000) as downloaded:
        pass  # the page refreshes by itself, every 2 seconds, until the file comes
    content = Path(downloaded.value.path()).read_bytes().decode("utf-8-sig")
    assert "Alice;2 × Œufs" in content


def test_with_javascript_it_asks_in_the_background_then_goes_to_the_file(
    cycle, live_server, new_phone, audit
):
    page = signed_in(new_phone(javascript=True), live_server.url)
    lock = held(cycle)
    page.goto(f"{live_server.url}/produce/cycles/{cycle.pk}/reports/pickup.csv")
    expect(page.get_by_role("status")).to_contain_text("The CSV file is being prepared.")
    audit(page, "a report file being prepared")
    cache.delete(lock)
    with page.expect_download(timeout=30_000) as downloaded:
        pass  # its script asks every 2 seconds, then goes to the file
    content = Path(downloaded.value.path()).read_bytes().decode("utf-8-sig")
    assert "Alice;2 × Œufs" in content
