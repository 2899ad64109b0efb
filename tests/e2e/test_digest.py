"""Notifications and the digest on a small phone, in French, as the residents read the site.

Alice, a member of Croix-Rousse for weeks, opens her notifications, follows the link to what
comes by e-mail, then to the digest, and chooses a digest every day at 07:00; she is told it is
saved. An hour that is not offered (typed into the list behind her back) is refused, said where
her eyes are, and changes nothing.

Bob writes to her in a direct conversation while she is away. Her daily digest is then produced by
the project's own sending code (``digests_send``, as the hourly task calls it, at 07:00 in Paris
today) into Django's mailbox in memory. Its HTML part is opened on the phone: in French, no wider
than the screen, axe-clean, with a link to the conversation on the site. The link of its
``List-Unsubscribe`` header opens a page that asks first (nothing changes on a GET, as link
checkers and previews follow links), then stops the digest on the button, without being signed
in: the day and hour are kept for later. This story runs with JavaScript and without it.

The bell, live (JavaScript only): Alice has two tabs open on the site, one unread notification in
each menu; Bob says he is interested in her swap from his own phone, and both counts go up without
a reload; she marks all read in one tab and the other tab's count goes away by itself. What a
screen reader hears is checked: the menu link's accessible name carries the count. The live server
of pytest-django speaks no WebSocket, so this part runs in a daphne process of its own, on a free
port named as the site's address (the socket accepts only that origin), reading the test's
database: PostgreSQL, as an in-memory SQLite database cannot be shared with another process. Its
channel layer is Redis when REDIS_URL is set, in memory otherwise: every write of that part goes
through the browsers, so every broadcast starts and ends inside that one daphne.

Pages are photographed at 360 px under test-artifacts/digest-*.png and, with JavaScript on,
audited with axe-core (no serious or critical violation) and checked for sideways scrolling.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import zoneinfo
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest
from django.conf import global_settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connections
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from exchanges.swaps.models import Swap
from exchanges.swaps.services import swap_create
from messaging.digests.sending import digests_send
from messaging.kinds import notification_kinds
from messaging.models import Conversation, DigestPreference, Notification
from messaging.services import direct_open, message_post
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from tests.e2e.conftest import SMALL_PHONE, NewContext
from tests.e2e.story import Story, assert_tappable, exactly, main_menu, sees_signed_in
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    QuartierFactory,
    UserFactory,
    swap_fields,
)
from tests.messaging.conftest import DaphneServer, database_url_of_the_test, free_port

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = "digest"

ROOT = Path(__file__).resolve().parents[2]
ASGI_APPLICATION = "neighbourhood.asgi:application"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
QUARTIER_NAME = "Croix-Rousse"
ALICE_EMAIL = "alice@example.org"
BOB_EMAIL = "bob@example.org"
BOB_MESSAGE = "Bonjour Alice, je te rapporte ton escabeau samedi matin ?"
DIRECT_TITLE = "Bob"  # the digest names a direct conversation after the other person
SWAP_TITLE = "Initiation au tricot"
CORRECT_BELOW = "Merci de corriger ce qui est signalé ci-dessous."
CONVERSATION_PAGE = re.compile(r"/conversations/(\d+)/")

T = TypeVar("T")


def off_screen(write: Callable[[], T]) -> T:
    """Runs a write of the project's services in a thread of its own, as a request is served: in
    the test's thread, Playwright's event loop would keep its broadcast from being sent."""

    def run() -> T:
        try:
            return write()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.fixture
def french_phone(browser: Browser) -> Iterator[NewContext]:
    """Opens a small phone set to French, as the residents' are: the pages seen before signing
    in (the login, the unsubscribe link) follow the browser; after, the profile's language wins.
    Otherwise the phone of conftest.py's ``new_phone``, which asks for English."""
    contexts: list[BrowserContext] = []

    def open_context(*, javascript: bool = True) -> BrowserContext:
        context = browser.new_context(
            viewport=SMALL_PHONE,
            device_scale_factor=1,
            is_mobile=True,
            has_touch=True,
            locale="fr-FR",
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        # The outside world is unreachable here: fail its requests at once.
        context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda r: r.abort())
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


def signs_in(page: Page, site: str, email: str) -> None:
    page.goto(site + "/accounts/login/")
    page.get_by_label(exactly("Courriel")).fill(email)
    page.get_by_label(exactly("Mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(site + "/")
    sees_signed_in(page, "Se déconnecter", "Menu principal")


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def bell(page: Page) -> Locator:
    """The menu's link to the notifications: its accessible name is what a screen reader says."""
    return main_menu(page, "Menu principal").get_by_role("link", name=re.compile(r"^Notifications"))


def preference_of(user: User) -> tuple[str, int, int]:
    found = DigestPreference.objects.get(user=user)
    return (found.frequency, found.weekday, found.hour)


@pytest.fixture
def croix_rousse(transactional_db) -> Quartier:
    """Alice has lived there for weeks: a newcomer would wait for the next period's digest."""
    quartier = QuartierFactory.create(name=QUARTIER_NAME, slug="croix-rousse")
    joined = timezone.now() - datetime.timedelta(weeks=6)
    for email, name in ((ALICE_EMAIL, "Alice"), (BOB_EMAIL, "Bob")):
        user = UserFactory.create(
            email=email,
            display_name=name,
            language="fr",
            timezone="Europe/Paris",
            date_joined=joined,
        )
        MembershipFactory.create(quartier=quartier, user=user)
    return quartier


# --- the digest, from the choice to the unsubscribe link -----------------------------------------


def test_a_resident_chooses_reads_and_stops_her_digest(
    story: Story, french_phone: NewContext, croix_rousse: Quartier, settings
) -> None:
    # The mail's links lead to the site under test, wherever the live server listens.
    settings.SITE_URL = story.url
    alice = User.objects.get(email=ALICE_EMAIL)
    page = french_phone(javascript=story.javascript).new_page()
    signs_in(page, story.url, ALICE_EMAIL)
    chooses_a_daily_digest_at_seven(story, page, alice)
    is_refused_an_hour_that_is_not_offered(story, page, alice)

    conversation_id = off_screen(bob_writes_to_alice)
    message = digest_of_this_morning(alice)
    reads_the_digest_on_her_phone(story, page.context.new_page(), message, conversation_id)

    link = unsubscribe_link_of(message)
    # The mail program opens the link in a browser that may not be signed in: the token is enough.
    from_the_mail = french_phone(javascript=story.javascript).new_page()
    stops_the_digest_from_the_link(story, from_the_mail, link, alice)


def chooses_a_daily_digest_at_seven(story: Story, page: Page, alice: User) -> None:
    bell(page).click()
    expect(heading(page)).to_have_text("Notifications")
    story.look_at(page, "01-notifications")
    page.get_by_role("link", name="Choisir ce qui arrive aussi par e-mail").click()
    expect(heading(page)).to_have_text("Ce qui arrive par e-mail")
    # A label on two lines must not squash its box: every box is as wide as the others.
    widths = page.get_by_role("checkbox").evaluate_all(
        "boxes => boxes.map(box => [box.labels[0].innerText, box.getBoundingClientRect().width])"
    )
    assert len(widths) == len(notification_kinds)
    squashed = [label for label, width in widths if width < max(width for _, width in widths)]
    assert not squashed, widths
    story.look_at(page, "02-what-comes-by-email")
    page.get_by_role("link", name=re.compile(r"^Le résumé\s*: les nouveautés par e-mail")).click()

    expect(page).to_have_url(story.url + "/digest/")
    expect(heading(page)).to_have_text("Le résumé par e-mail")
    expect(page.get_by_text("fuseau horaire (Europe/Paris)")).to_be_visible()
    how_often = page.get_by_role("group", name=exactly("À quelle fréquence"))
    # Nothing chosen yet: the default, every week on Monday at 08:00.
    expect(how_often.get_by_role("radio", name="Chaque semaine")).to_be_checked()
    expect(page.get_by_label(exactly("Jour (pour un résumé hebdomadaire)"))).to_have_value("0")
    hour = page.get_by_label(exactly("Heure"))
    expect(hour).to_have_value("8")
    for choice in ("Pas de résumé", "Chaque jour", "Chaque semaine"):
        assert_tappable(how_often.locator("label", has_text=choice))
    assert_tappable(page.get_by_role("button", name="Enregistrer mon choix"))
    story.look_at(page, "03-digest-settings")

    how_often.get_by_role("radio", name="Chaque jour").check()
    hour.select_option(label="07:00")
    page.get_by_role("button", name="Enregistrer mon choix").click()

    expect(page).to_have_url(story.url + "/digest/")
    story.is_told(page.get_by_role("main"), "Votre choix est enregistré.")
    expect(page.get_by_role("radio", name="Chaque jour")).to_be_checked()
    expect(page.get_by_label(exactly("Heure"))).to_have_value("7")
    story.look_at(page, "04-digest-saved")
    assert preference_of(alice) == (DigestPreference.Frequency.DAILY, 0, 7)


def is_refused_an_hour_that_is_not_offered(story: Story, page: Page, alice: User) -> None:
    # The list offers 00:00 to 23:00 only; a forged form (or an old page) can still post 24.
    page.get_by_label(exactly("Heure")).evaluate(
        "select => { select.options[select.selectedIndex].value = '24'; }"
    )
    page.get_by_role("button", name="Enregistrer mon choix").click()

    story.sees_the_errors(page, CORRECT_BELOW)
    expect(page.get_by_role("alert").get_by_role("link", name="Heure")).to_be_visible()
    expect(page.get_by_label(exactly("Heure"))).to_have_attribute("aria-invalid", "true")
    story.look_at(page, "05-digest-hour-refused")
    assert preference_of(alice) == (DigestPreference.Frequency.DAILY, 0, 7)


def bob_writes_to_alice() -> int:
    bob, alice = User.objects.get(email=BOB_EMAIL), User.objects.get(email=ALICE_EMAIL)
    conversation = direct_open(sender=bob, recipient=alice)
    message_post(conversation=conversation, author=bob, body=BOB_MESSAGE)
    return conversation.pk


def seven_this_morning() -> datetime.datetime:
    today = timezone.now().astimezone(PARIS).date()
    return datetime.datetime.combine(today, datetime.time(7), tzinfo=PARIS)


def digest_of_this_morning(alice: User) -> EmailMultiAlternatives:
    """Her digest of today, as the hourly tick at 07:00 in Paris sends it (if 07:00 is still to
    come, the tick is told it is 07:00: the digest covers up to the real now either way)."""
    mail.outbox.clear()
    outcome = digests_send(user_ids=[alice.pk], now=seven_this_morning())
    assert outcome.sent == [alice.pk], outcome
    [message] = mail.outbox
    assert isinstance(message, EmailMultiAlternatives)
    assert message.to == [ALICE_EMAIL]
    assert message.subject == "Les nouvelles de Voisinage"
    return message


def reads_the_digest_on_her_phone(
    story: Story, page: Page, message: EmailMultiAlternatives, conversation_id: int
) -> None:
    conversation_url = f"{story.url}/conversations/{conversation_id}/"
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html" and isinstance(html, str)
    page.set_content(html)

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_text("Bonjour Alice,")).to_be_visible()
    # Her first digest covers the day before her hour, told in French on her clock.
    yesterday = seven_this_morning() - datetime.timedelta(days=1)
    with translation.override("fr"):
        since = date_format(yesterday, "l j F, H:i")
    expect(page.get_by_text(f"Voici les nouveautés depuis {since}.")).to_be_visible()
    expect(page.get_by_role("heading", name="Vos messages", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Messages non lus", level=3)).to_be_visible()
    link = page.get_by_role("link", name=DIRECT_TITLE, exact=True)
    expect(link).to_have_attribute("href", conversation_url)
    expect(page.get_by_role("listitem")).to_contain_text("1 message non lu")
    expect(page.get_by_role("link", name="Arrêter le résumé")).to_have_attribute(
        "href", unsubscribe_link_of(message)
    )
    expect(
        page.get_by_role("link", name=re.compile(r"^Recevoir le résumé un autre jour"))
    ).to_have_attribute("href", story.url + "/digest/")
    # A mail program runs no script: the width is checked in both tellings of the story.
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the digest is {overflow} px wider than the phone"
    story.look_at(page, "06-digest-mail")

    text = message.body
    assert isinstance(text, str)
    assert "Bonjour Alice," in text and "Messages non lus" in text and "1 message non lu" in text
    assert conversation_url in text
    assert BOB_MESSAGE not in text  # the digest says there is a message, not what it says
    page.close()


def unsubscribe_link_of(message: EmailMultiAlternatives) -> str:
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    found = re.fullmatch(r"<(\S+)>", message.extra_headers["List-Unsubscribe"])
    assert found, message.extra_headers["List-Unsubscribe"]
    return found.group(1)


def stops_the_digest_from_the_link(story: Story, page: Page, link: str, alice: User) -> None:
    assert link.startswith(story.url + "/digest/unsubscribe/")
    response = page.goto(link)
    assert response is not None and response.status == 200

    expect(heading(page)).to_have_text("Arrêter le résumé")
    expect(page.get_by_role("main")).to_contain_text(
        f"Le résumé ne sera plus envoyé à {ALICE_EMAIL}."
    )
    stop = page.get_by_role("button", name="Arrêter le résumé")
    assert_tappable(stop)
    story.look_at(page, "07-unsubscribe-asks")
    # Opening the link changed nothing: link checkers and previews open links too.
    assert preference_of(alice) == (DigestPreference.Frequency.DAILY, 0, 7)

    stop.click()
    expect(heading(page)).to_have_text("Le résumé est arrêté")
    expect(page.get_by_role("main")).to_contain_text(
        f"Plus aucun résumé ne sera envoyé à {ALICE_EMAIL}."
    )
    expect(
        page.get_by_role("link", name=re.compile(r"^Vous avez changé d.avis"))
    ).to_have_attribute("href", "/digest/")
    story.look_at(page, "08-unsubscribed")
    # No more digests; the day and hour wait for the day she comes back.
    assert preference_of(alice) == (DigestPreference.Frequency.NONE, 0, 7)


# --- the bell, live in two tabs ------------------------------------------------------------------


@pytest.fixture
def site_in_daphne(transactional_db, settings, tmp_path: Path) -> Iterator[str]:
    """The site served by daphne on a free port, which is its SITE_URL (the socket accepts that
    origin only), on the test's database; stopped before the database is emptied."""
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    env = os.environ | {
        "DATABASE_URL": database_url_of_the_test(),
        "DEBUG": "true",
        "SITE_URL": site,
        "VOISINAGE_VAR_DIR": str(tmp_path / "var"),
        "EMAIL_URL": f"file://{tmp_path / 'mail'}",
        "PYTHONUNBUFFERED": "1",
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    else:
        env.pop("REDIS_URL", None)
    # Only the test's own ORM calls need this, under Playwright's loop; never the site.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log = tmp_path / "daphne.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), ASGI_APPLICATION],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        DaphneServer(port=port, log=log, process=process).wait_until_healthy()
        yield site
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        print(log.read_text(errors="replace"))  # shown by pytest when the test fails


@pytest.fixture
def alices_swap(croix_rousse: Quartier, settings) -> Swap:
    """Alice teaches knitting, and has one unread notification: Bob wrote while she was away."""
    # Under pytest the passwords are hashed with MD5, which daphne (not under pytest) refuses.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    for user in User.objects.all():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    alice = User.objects.get(email=ALICE_EMAIL)
    swap = off_screen(
        lambda: swap_create(
            quartier=croix_rousse, author=alice, kind="offer", **swap_fields(title=SWAP_TITLE)
        )
    )
    off_screen(bob_writes_to_alice)
    assert Notification.objects.filter(user=alice, read_at__isnull=True).count() == 1
    return swap


# The socket is open, and has joined its groups (the server accepts only after), once a ping
# comes back as a pong.
SOCKET_READY = """() => new Promise((resolve, reject) => {
  let waiting = true;
  const giveUp = setTimeout(() => {
    waiting = false;
    reject(new Error("no pong in 10 s"));
  }, 10000);
  window.voisinage.on("pong", () => { waiting = false; clearTimeout(giveUp); resolve(true); });
  (function knock() {
    if (waiting && !window.voisinage.send({ type: "ping" })) { setTimeout(knock, 100); }
  })();
})"""
# Set once: a page that navigates (a reload, a form posted the old way) loses it.
MARK_THE_PAGE = "() => { window.stillTheSamePage = true; }"
IS_THE_SAME_PAGE = "() => window.stillTheSamePage === true"


@pytest.mark.postgres
def test_the_bell_counts_live_in_every_tab(
    french_phone: NewContext,
    alices_swap: Swap,
    site_in_daphne: str,
    audit: Callable[[Page, str], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    site = site_in_daphne
    alice = french_phone()
    first = alice.new_page()
    signs_in(first, site, ALICE_EMAIL)
    second = alice.new_page()
    second.goto(site + "/conversations/")
    for tab in (first, second):
        # The page as served says the count in words, in the menu link itself.
        expect(bell(tab)).to_have_accessible_name("Notifications (1 non lue)")
        assert tab.evaluate(SOCKET_READY) is True
        tab.evaluate(MARK_THE_PAGE)
    screenshot(second, "digest-09-bell-one-unread")

    bob = french_phone().new_page()
    signs_in(bob, site, BOB_EMAIL)
    bob.goto(f"{site}/swaps/{alices_swap.pk}/")
    bob.get_by_role("button", name="Ça m’intéresse").click()
    expect(bob).to_have_url(CONVERSATION_PAGE)
    expect(bob.get_by_role("status")).to_contain_text("Alice est prévenu(e).")

    for tab in (first, second):
        # Up by one without a reload, and said to a screen reader as well as shown.
        expect(bell(tab)).to_have_accessible_name("Notifications (2 non lues)")
        expect(tab.locator(".menu-button .unread-count")).to_be_visible()
        assert tab.evaluate(IS_THE_SAME_PAGE), "the tab reloaded to show the count"
    screenshot(second, "digest-10-bell-two-unread")
    audit(second, "10-bell-two-unread")

    bell(first).click()
    expect(heading(first)).to_have_text("Notifications")
    expect(first.get_by_role("main").get_by_role("listitem")).to_have_count(2)
    first.get_by_role("button", name="Tout marquer comme lu").click()
    expect(first.get_by_role("status")).to_contain_text(
        "Toutes vos notifications sont marquées comme lues."
    )
    expect(bell(first)).to_have_accessible_name("Notifications")

    # The other tab hears it: the count goes, for the eyes and for a screen reader.
    expect(second.locator(".menu-button .unread-count")).to_be_hidden()
    expect(bell(second)).to_have_accessible_name("Notifications")
    assert second.evaluate(IS_THE_SAME_PAGE), "the other tab reloaded to update the count"
    screenshot(second, "digest-11-bell-all-read")
    assert not Notification.objects.filter(user__email=ALICE_EMAIL, read_at__isnull=True).exists()
    assert Conversation.objects.filter(kind=Conversation.Kind.THREAD).count() == 1
