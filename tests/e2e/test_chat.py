"""The quartier's room, live: two neighbours chat on their phones without ever reloading.

Alice and Bob, members of Croix-Rousse, sign in and open the quartier's room. Bob's page sits
idle. While Alice types, Bob reads "Alice is writing…"; she sends, and her message appears in
Bob's list by itself: his page never navigates, and hers neither (the form went over the
socket). Bob answers the same way and Alice reads it. Dave, who belongs to no quartier of theirs,
is signed in on the home page with his socket open: he receives none of it, and the room's
addresses answer him 404. Last, Bob on a phone without JavaScript posts with the plain form and
finds his message after the redirect (and Alice, live, sees it come in too).

pytest-django's live_server speaks WSGI only, so the site runs in a real daphne process here,
on the test database: the data is made by the factories in the test's process (committed, as
the test is transactional); everything the story does goes through the browsers, so every
broadcast starts and ends inside that one daphne. Without REDIS_URL its in-memory channel layer
is enough for that reason. Port 8000, SITE_URL's (any port would do for the socket, which accepts
the page's own origin, but the links in mails point at SITE_URL).

Two shorter stories follow: Alice's socket drops just as she sends (the server stored the
message, its acknowledgement is lost), and Alice writes while no socket can open, then reloads;
each time the page keeps the message, sends it again under the same client id, and it is
stored and shown once. Last, at a shared computer, what Alice left waiting is never sent by Bob,
who signs in in the same tab after her.

Pages are photographed at 360 px under test-artifacts/chat-*.png; the room is audited with
axe-core (no serious or critical violation).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import global_settings, settings
from playwright.sync_api import Page, expect

from messaging.models import Conversation, Message
from neighbourhood.quartiers.models import Membership, Quartier
from tests.e2e.story import main_menu, sees_signed_in
from tests.factories import PASSWORD, MembershipFactory, QuartierFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
HOST, PORT = "127.0.0.1", 8000
SITE = f"http://{HOST}:{PORT}"
STARTUP_SECONDS = 30

QUARTIER_NAME = "Croix-Rousse"
QUARTIER_SLUG = "croix-rousse"
ROOM_PATH = f"/quartiers/{QUARTIER_SLUG}/room/"
ROOM_PAGE = re.compile(rf"^{re.escape(SITE)}/conversations/(\d+)/(#latest)?$")

# Markup and a link in what a neighbour writes: shown as text, the link made clickable.
ALICE_MESSAGE = (
    "Qui aurait une échelle à prêter samedi ? <b>Merci</b> & à bientôt : "
    "https://example.org/echelle"
)
BOB_ANSWER = "Moi ! Je te l'apporte vers 10 h."
BOB_WITHOUT_JAVASCRIPT = "Et une perceuse, si besoin : je la laisse chez la gardienne."


def exactly(text: str) -> re.Pattern[str]:
    """A label that starts with these words (the form adds " (required)" after some)."""
    return re.compile(rf"^{re.escape(text)}(?!\w)")


# --- the site, in its own daphne -------------------------------------------------------------


def _test_database_url() -> str:
    """The test database (pytest-django's NAME, e.g. test_test) as a DATABASE_URL."""
    db = settings.DATABASES["default"]
    user = quote(str(db.get("USER") or ""), safe="")
    password = quote(str(db.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = quote(str(db.get("HOST") or ""), safe="")  # a socket directory, percent-encoded
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(str(db['NAME']), safe='')}"


def _port_is_taken() -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        return probe.connect_ex((HOST, PORT)) == 0


def _healthy() -> tuple[bool, str]:
    try:
        with urllib.request.urlopen(f"{SITE}/healthz", timeout=3) as response:  # noqa: S310
            return response.status == 200, response.read().decode()
    except urllib.error.HTTPError as error:  # 503: a part does not answer (yet)
        return False, f"{error.code}: {error.read().decode()}"
    except OSError as error:  # not listening yet
        return False, repr(error)


@pytest.fixture
def daphne(transactional_db, tmp_path: Path) -> Iterator[str]:
    """The site served by daphne on port 8000, reading the test database; stopped after."""
    if _port_is_taken():
        pytest.fail(
            f"Port {PORT} on {HOST} is already in use (see `ss -ltnp 'sport = :{PORT}'`). "
            f"The chat story needs it: the socket accepts only the origin {SITE}.",
            pytrace=False,
        )
    env = os.environ | {
        "DATABASE_URL": _test_database_url(),
        "DEBUG": "true",
        # Its own files (the static root, the file broker) and no mail leaving the machine.
        "VOISINAGE_VAR_DIR": str(tmp_path / "var"),
        "EMAIL_URL": f"file://{tmp_path / 'mail'}",
        "PYTHONUNBUFFERED": "1",
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    else:  # the in-memory layer: every socket and every write goes through this one daphne
        env.pop("REDIS_URL", None)
    # The Playwright fixture allows the test's own ORM calls under its event loop; the site
    # itself must run as in production, where a sync call from async code is an error.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log_path = tmp_path / "daphne.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                HOST,
                "-p",
                str(PORT),
                "neighbourhood.asgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        healthy, last = False, "not asked yet"
        while not healthy:
            if process.poll() is not None:
                pytest.fail(
                    f"daphne stopped at start (exit code {process.returncode}):\n"
                    + log_path.read_text(),
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"daphne did not answer /healthz with 200 within {STARTUP_SECONDS} s "
                    f"(last answer: {last}):\n" + log_path.read_text(),
                    pytrace=False,
                )
            healthy, last = _healthy()
            if not healthy:
                time.sleep(0.2)
        yield SITE
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        print(log_path.read_text())  # shown by pytest when the test fails


# --- the neighbours --------------------------------------------------------------------------


@pytest.fixture
def croix_rousse(transactional_db, settings) -> Quartier:
    """alice and bob are members, carol coordinates, dave belongs to no quartier of theirs.

    All read the site in English (their profile's language wins over the browser's): the
    assertions read the words they read."""
    # Under pytest the settings hash passwords with MD5 (fast), a hasher daphne, which is not
    # under pytest, does not know: the passwords are hashed as the site hashes them.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    quartier = QuartierFactory.create(name=QUARTIER_NAME, slug=QUARTIER_SLUG)
    for name, role in (
        ("Alice", Membership.Role.MEMBER),
        ("Bob", Membership.Role.MEMBER),
        ("Carol", Membership.Role.COORDINATOR),
    ):
        user = UserFactory.create(
            email=f"{name.lower()}@example.org", display_name=name, language="en"
        )
        MembershipFactory.create(quartier=quartier, user=user, role=role)
    elsewhere = QuartierFactory.create(name="Les Brotteaux", slug="les-brotteaux")
    dave = UserFactory.create(email="dave@example.org", display_name="Dave", language="en")
    MembershipFactory.create(quartier=elsewhere, user=dave)
    return quartier


# --- in the browser --------------------------------------------------------------------------

# The socket is open (and has joined its groups: the server accepts only after) once a ping
# goes out; the pong proves it is the server answering.
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


def socket_is_open(page: Page) -> None:
    # The URL and the heading can be there before the deferred scripts have run.
    page.wait_for_function("() => Boolean(window.voisinage)")
    assert page.evaluate(SOCKET_READY) is True


def logs_in(page: Page, email: str) -> None:
    page.goto(f"{SITE}/accounts/login/")
    page.get_by_label(exactly("Email")).fill(email)
    page.get_by_label(exactly("Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{SITE}/")
    sees_signed_in(page)


def opens_the_room(page: Page) -> int:
    """From the home page, through the quartier's page, to its room."""
    page.get_by_role("region", name="My quartiers").get_by_role("link", name=QUARTIER_NAME).click()
    expect(page).to_have_url(f"{SITE}/quartiers/{QUARTIER_SLUG}/")
    page.get_by_role("link", name="The quartier's room").click()
    expect(page).to_have_url(ROOM_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text(QUARTIER_NAME)
    found = ROOM_PAGE.search(page.url)
    assert found
    return int(found.group(1))


def thread(page: Page):
    return page.get_by_role("region", name="Messages").get_by_role("listitem")


def no_sideways_scrolling(page: Page, name: str) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name}: the page is {overflow} px wider than the phone"


def test_neighbours_chat_live_in_the_quartier_room(
    new_phone,
    croix_rousse: Quartier,
    daphne: str,
    audit: Callable[[Page, str], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    # Dave is on the home page of the site, his socket open, listening for what he must not get.
    dave = new_phone().new_page()
    logs_in(dave, "dave@example.org")
    socket_is_open(dave)
    dave.evaluate(
        """() => {
          window.received = [];
          ["message.new", "typing"].forEach((type) => {
            window.voisinage.on(type, (event) => window.received.push(event));
          });
        }"""
    )

    alice = new_phone().new_page()
    logs_in(alice, "alice@example.org")
    room_id = opens_the_room(alice)
    expect(thread(alice)).to_have_text(["No message yet. Write the first one below."])
    screenshot(alice, "chat-01-room-empty")

    bob = new_phone().new_page()
    logs_in(bob, "bob@example.org")
    assert opens_the_room(bob) == room_id
    for page in (alice, bob):
        socket_is_open(page)
        page.evaluate(MARK_THE_PAGE)

    # Alice writes; Bob, idle, reads that she is writing.
    field = alice.get_by_label(exactly("Your message"))
    field.press_sequentially(ALICE_MESSAGE[:24], delay=15)
    typing = bob.locator("#typing")
    expect(typing).to_have_text("Alice is writing…")
    screenshot(bob, "chat-02-bob-sees-alice-writing")
    field.fill(ALICE_MESSAGE)
    alice.get_by_role("button", name="Send").click()

    # Her message comes into Bob's list by itself; neither page navigated.
    arrived = thread(bob).last
    expect(arrived).to_contain_text("Alice")
    expect(arrived).to_contain_text(ALICE_MESSAGE)  # the markup as text, not as bold
    expect(arrived.locator("b")).to_have_count(0)
    expect(arrived.get_by_role("link", name="https://example.org/echelle")).to_have_attribute(
        "href", "https://example.org/echelle"
    )
    expect(thread(bob)).to_have_count(1)  # the "No message yet" line is gone
    # Her message is here: she is no longer writing (at once, not when the note times out).
    expect(typing).to_have_text("", timeout=1000)
    assert bob.evaluate(IS_THE_SAME_PAGE), "Bob's page reloaded to show the message"
    screenshot(bob, "chat-03-bob-receives")

    expect(thread(alice).last).to_contain_text(ALICE_MESSAGE)
    expect(field).to_have_value("")
    expect(field).to_be_focused()
    assert alice.evaluate(IS_THE_SAME_PAGE), "Alice's message was posted the old way"

    # Bob answers the same way; Alice, who reads the room, sees it come.
    answer = bob.get_by_label(exactly("Your message"))
    answer.press_sequentially(BOB_ANSWER[:6], delay=15)
    expect(alice.locator("#typing")).to_have_text("Bob is writing…")
    answer.fill(BOB_ANSWER)
    bob.get_by_role("button", name="Send").click()
    expect(thread(alice).last).to_contain_text("Bob")
    expect(thread(alice).last).to_contain_text(BOB_ANSWER)
    expect(thread(alice)).to_have_count(2)
    expect(thread(bob)).to_have_count(2)
    assert alice.evaluate(IS_THE_SAME_PAGE) and bob.evaluate(IS_THE_SAME_PAGE)
    screenshot(alice, "chat-04-alice-receives")
    audit(alice, "the quartier's room")
    no_sideways_scrolling(alice, "the quartier's room")

    # Dave heard nothing: a round trip on his socket, and a moment more, to be fair.
    socket_is_open(dave)
    dave.wait_for_timeout(500)
    assert dave.evaluate("() => window.received") == []
    for path in (ROOM_PATH, f"/conversations/{room_id}/"):
        response = dave.context.new_page().goto(SITE + path)
        assert response is not None and response.status == 404, path

    # Bob, on a phone without JavaScript: the plain form, and his message after the redirect.
    plain = new_phone(javascript=False).new_page()
    logs_in(plain, "bob@example.org")
    plain.goto(SITE + ROOM_PATH)
    expect(plain).to_have_url(ROOM_PAGE)
    expect(thread(plain)).to_have_count(2)
    plain.get_by_label(exactly("Your message")).fill(BOB_WITHOUT_JAVASCRIPT)
    plain.get_by_role("button", name="Send").click()
    expect(plain).to_have_url(f"{SITE}/conversations/{room_id}/#latest")
    expect(thread(plain).last).to_contain_text(BOB_WITHOUT_JAVASCRIPT)
    expect(plain.get_by_label(exactly("Your message"))).to_have_value("")
    screenshot(plain, "chat-05-room-without-javascript")
    # The plain form broadcasts too: Alice, still on her page, sees it come.
    expect(thread(alice).last).to_contain_text(BOB_WITHOUT_JAVASCRIPT)
    assert alice.evaluate(IS_THE_SAME_PAGE)

    assert dave.evaluate("() => window.received") == []
    room = Conversation.objects.get(pk=room_id)
    assert (room.kind, room.quartier_id) == (Conversation.Kind.ROOM, croix_rousse.pk)
    assert list(
        Message.objects.filter(conversation=room).order_by("pk").values_list("body", flat=True)
    ) == [ALICE_MESSAGE, BOB_ANSWER, BOB_WITHOUT_JAVASCRIPT]


# --- a message sent as the connection drops ---------------------------------------------------

# Installed before the page's scripts: counts the message.send frames the page sends, and when
# asked, closes the socket right after one (the frame reaches the server, which stores it, but
# its acknowledgement never comes back: the case where a resend could store it twice). Records
# the notes the page shows on messages not acknowledged yet.
WATCH_THE_SOCKET = """(() => {
  const Native = window.WebSocket;
  window.sends = [];
  window.dropAfterNextSend = false;
  window.notes = [];
  class Watched extends Native {
    send(data) {
      super.send(data);
      let frame = null;
      try { frame = JSON.parse(data); } catch (error) { return; }
      if (frame.type !== "message.send") { return; }
      window.sends.push(frame);
      if (window.dropAfterNextSend) { window.dropAfterNextSend = false; this.close(); }
    }
  }
  window.WebSocket = Watched;
  new MutationObserver(() => {
    document.querySelectorAll(".pending-note").forEach((note) => {
      const text = note.textContent;
      if (text && window.notes[window.notes.length - 1] !== text) { window.notes.push(text); }
    });
  }).observe(document, { subtree: true, childList: true, characterData: true });
})();"""

DROPPED_MESSAGE = "Le vide-grenier est dimanche, place Colbert : qui tient le stand avec moi ?"


def test_a_message_sent_as_the_connection_drops_is_sent_again_and_shown_once(
    new_phone, croix_rousse: Quartier, daphne: str
) -> None:
    bob = new_phone().new_page()
    logs_in(bob, "bob@example.org")
    room_id = opens_the_room(bob)

    context = new_phone()
    context.add_init_script(WATCH_THE_SOCKET)
    alice = context.new_page()
    logs_in(alice, "alice@example.org")
    assert opens_the_room(alice) == room_id
    for page in (alice, bob):
        socket_is_open(page)
        page.evaluate(MARK_THE_PAGE)

    field = alice.get_by_label(exactly("Your message"))
    field.fill(DROPPED_MESSAGE)
    alice.evaluate("() => { window.dropAfterNextSend = true; }")
    alice.get_by_role("button", name="Send").click()

    # The socket comes back by itself, the page sends the message again under the same client
    # id, the server acknowledges the one it had stored, and only then is the box cleared.
    expect(field).to_have_value("", timeout=15_000)
    expect(thread(alice)).to_have_count(1)
    expect(thread(alice).last).to_contain_text(DROPPED_MESSAGE)
    expect(thread(alice).last).to_contain_text("Alice")
    expect(thread(bob)).to_have_count(1)
    expect(thread(bob).last).to_contain_text(DROPPED_MESSAGE)

    sends = alice.evaluate("() => window.sends")
    assert len(sends) == 2, sends
    assert sends[0]["client_id"] == sends[1]["client_id"]
    assert sends[0]["body"] == DROPPED_MESSAGE
    notes = alice.evaluate("() => window.notes")
    assert notes[:2] == [
        "Sending…",
        "Not sent yet: it will go as soon as the connection is back.",
    ], notes
    assert alice.evaluate(IS_THE_SAME_PAGE) and bob.evaluate(IS_THE_SAME_PAGE)
    assert list(Message.objects.filter(conversation_id=room_id).values_list("body", flat=True)) == [
        DROPPED_MESSAGE
    ]


# Installed before the page's scripts: while the tab's session says so, every socket the page
# opens goes to an address that refuses it, as when the live service is unreachable.
NO_SOCKET_WHILE_ASKED = """(() => {
  const Native = window.WebSocket;
  window.sends = [];
  class Blockable extends Native {
    constructor(url, protocols) {
      const blocked = window.sessionStorage.getItem("blockSockets") === "yes";
      super(blocked ? url.replace("/ws/", "/no-socket-here/") : url, protocols);
      (window.opened = window.opened || []).push(this);
    }
    send(data) {
      super.send(data);
      try {
        const frame = JSON.parse(data);
        if (frame.type === "message.send") { window.sends.push(frame); }
      } catch (error) { /* not ours */ }
    }
  }
  window.WebSocket = Blockable;
})();"""

UNSENT_MESSAGE = "Je passe prendre les clés ce soir vers 19 h, si ça vous va."


def test_a_message_not_sent_yet_survives_a_reload_and_goes_once_the_socket_is_back(
    new_phone, croix_rousse: Quartier, daphne: str, screenshot: Callable[[Page, str], Path]
) -> None:
    context = new_phone()
    context.add_init_script(NO_SOCKET_WHILE_ASKED)
    alice = context.new_page()
    logs_in(alice, "alice@example.org")
    room_id = opens_the_room(alice)
    socket_is_open(alice)

    # The live service goes away: the socket closes and cannot come back.
    alice.evaluate(
        """() => {
          window.sessionStorage.setItem("blockSockets", "yes");
          window.opened.forEach((socket) => socket.close());
        }"""
    )
    alice.get_by_label(exactly("Your message")).fill(UNSENT_MESSAGE)
    alice.get_by_role("button", name="Send").click()
    unsent = thread(alice).last
    expect(unsent).to_contain_text(UNSENT_MESSAGE)
    expect(unsent).to_contain_text("Not sent yet: it will go as soon as the connection is back.")
    screenshot(alice, "chat-06-not-sent-yet")

    # The reader reloads the page (as the "not answering" banner offers): the message is still
    # there, still waiting, and nothing was stored.
    alice.reload()
    expect(thread(alice).last).to_contain_text(UNSENT_MESSAGE)
    expect(thread(alice).last).to_contain_text("Not sent yet")
    assert not Message.objects.filter(conversation_id=room_id).exists()

    # The live service is back: the socket opens and the message goes, once.
    alice.evaluate("""() => window.sessionStorage.removeItem("blockSockets")""")
    expect(thread(alice).last).not_to_contain_text("Not sent yet", timeout=15_000)
    expect(thread(alice)).to_have_count(1)
    expect(thread(alice).last).to_contain_text("Alice", timeout=5_000)
    assert len(alice.evaluate("() => window.sends")) == 1
    assert list(Message.objects.filter(conversation_id=room_id).values_list("body", flat=True)) == [
        UNSENT_MESSAGE
    ]


LEFT_BY_ALICE = "Mon code de la porte est 4521B, passe quand tu veux."
KEPT_FOR_LATER = """() => Object.keys(window.sessionStorage)
  .filter((key) => key.startsWith("voisinage.unsent."))"""


def test_what_alice_left_waiting_is_never_sent_by_the_next_person_at_the_same_computer(
    new_phone, croix_rousse: Quartier, daphne: str
) -> None:
    """A public digital workshop: Alice writes while the live service is away, signs out and
    leaves; Bob signs in in the same tab and opens the same room. Her message is hers: his
    socket, once back, sends nothing, and nothing of hers is stored under his name."""
    context = new_phone()
    context.add_init_script(NO_SOCKET_WHILE_ASKED)
    page = context.new_page()
    logs_in(page, "alice@example.org")
    room_id = opens_the_room(page)
    socket_is_open(page)
    page.evaluate(
        """() => {
          window.sessionStorage.setItem("blockSockets", "yes");
          window.opened.forEach((socket) => socket.close());
        }"""
    )
    page.get_by_label(exactly("Your message")).fill(LEFT_BY_ALICE)
    page.get_by_role("button", name="Send").click()
    expect(thread(page).last).to_contain_text("Not sent yet")
    assert page.evaluate(KEPT_FOR_LATER)

    main_menu(page).get_by_role("link", name="Sign Out").click()
    page.get_by_role("button", name="Sign Out").click()
    expect(page).to_have_url(f"{SITE}/")
    # Still blocked (signing out empties the storage, the flag with it): Bob's page opens as
    # Alice's did, with the live service away.
    page.evaluate("""() => window.sessionStorage.setItem("blockSockets", "yes")""")

    logs_in(page, "bob@example.org")
    assert opens_the_room(page) == room_id
    expect(page.get_by_text(LEFT_BY_ALICE)).to_have_count(0)
    assert page.evaluate(KEPT_FOR_LATER) == []

    # The live service is back: Bob's socket opens, and sends nothing.
    page.evaluate("""() => window.sessionStorage.removeItem("blockSockets")""")
    socket_is_open(page)
    expect(page.get_by_text(LEFT_BY_ALICE)).to_have_count(0)
    assert page.evaluate("() => window.sends") == []
    assert not Message.objects.filter(body=LEFT_BY_ALICE).exists()
    assert not Message.objects.filter(conversation_id=room_id).exists()
