"""Kinds of notification come from the apps that send them: a new app (`tests.kinds_app`, a
lending exchange that exists only in the tests) adds one in its `ready()` and it is notified,
listed, mailed and chosen like the others, with no change to `messaging` and no migration."""

import ast
import io
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from messaging import services
from messaging.kinds import notification_kinds
from messaging.models import Notification
from neighbourhood.feed.kinds import feed_kinds
from tests.conftest import api_as
from tests.kinds_app.apps import FEED_LENDING, LOAN_ASKED

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def notify_loan(alice, bob, django_capture_on_commit_callbacks) -> Notification:
    with django_capture_on_commit_callbacks(execute=True):
        return services.notification_create(
            user=alice, kind=LOAN_ASKED, actor=bob, title="Perceuse", url="/quartiers/"
        )


def test_an_app_adds_a_kind_in_its_ready(db):
    assert LOAN_ASKED in notification_kinds
    assert notification_kinds.label(LOAN_ASKED) == "Someone asks to borrow your object"
    # The project's own kinds are there too, each registered by its app.
    assert {"swap_interest", "booking_requested", "cycle_open", "join_requested"} <= set(
        notification_kinds.values()
    )
    assert {"relais_role", "direct_message", "mention", "message_reported"} <= set(
        notification_kinds.values()
    )


def test_a_new_kind_is_notified_listed_and_mailed_by_its_default(
    alice, bob, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    notification = notify_loan(alice, bob, django_capture_on_commit_callbacks)

    [message] = mail.outbox  # the kind says it is mailed by default
    assert message.to == ["alice@example.org"]
    assert message.subject == "Someone asks to borrow your object: Perceuse"
    assert "From Bob." in message.body
    page = client.get("/notifications/")
    assert page.status_code == 200
    assert "Bob asks to borrow “Perceuse”" in page.content.decode()
    [listed] = api_as(alice).get("/api/v1/me/notifications/").json()
    assert listed["id"] == notification.pk and listed["kind"] == LOAN_ASKED


def test_a_resident_chooses_a_new_kind_by_page_and_by_api(alice):
    client = client_for(alice)
    html = client.get("/notifications/settings/").content.decode()
    at = html.index(f'value="{LOAN_ASKED}"')
    box = html[html.rindex("<input", 0, at) : html.index(">", at)]
    assert "checked" in box  # its default: by e-mail
    assert "Someone asks to borrow your object" in html

    assert client.post("/notifications/settings/", {"by_email": []}).status_code == 302
    api = api_as(alice)
    assert LOAN_ASKED not in api.get("/api/v1/me/notification-settings/").json()["by_email"]
    put = api.put("/api/v1/me/notification-settings/", {"by_email": [LOAN_ASKED]}, format="json")
    assert put.status_code == 200 and put.json() == {"by_email": [LOAN_ASKED]}


def test_a_row_of_a_kind_no_app_registers_still_lists(alice, bob):
    gone = Notification.objects.create(
        user=alice, kind="carrier_pigeon", actor=bob, title="Un vieux message", url="/"
    )
    client = client_for(alice)

    page = client.get("/notifications/")

    assert page.status_code == 200
    assert "Notification: Un vieux message" in page.content.decode()
    assert str(gone) == "Notification: Un vieux message"
    listed = api_as(alice).get("/api/v1/me/notifications/")
    assert listed.status_code == 200 and listed.json()[0]["kind"] == "carrier_pigeon"
    assert client.get("/notifications/settings/").status_code == 200
    assert client.get(f"/notifications/{gone.pk}/").status_code == 302


def test_the_openapi_document_lists_every_registered_kind(db):
    document = SchemaGenerator().get_schema(request=None, public=True)
    schemas = document["components"]["schemas"]
    feed = document["paths"]["/api/v1/quartiers/{slug}/feed/"]["get"]
    [feed_kind] = [parameter for parameter in feed["parameters"] if parameter["name"] == "kind"]

    # What a client may send: the kinds registered today, the test app's among them.
    assert schemas["NotificationKindEnum"]["enum"] == notification_kinds.values()
    assert LOAN_ASKED in schemas["NotificationKindEnum"]["enum"]
    assert feed_kind["schema"]["enum"] == [*feed_kinds.values(), ""]
    assert FEED_LENDING in feed_kind["schema"]["enum"]
    # What a row answers: a string, since an older row keeps a kind no app registers any more.
    for answer in ("Notification", "FeedEntry"):
        kind = schemas[answer]["properties"]["kind"]
        assert kind["type"] == "string" and "enum" not in kind


def test_new_kinds_need_no_migration(db):
    assert LOAN_ASKED in notification_kinds and FEED_LENDING in feed_kinds
    out = io.StringIO()
    # --check exits with an error when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_messaging_and_the_feed_import_no_exchange():
    root = Path(__file__).resolve().parents[2]
    imported = set()
    for folder in ("messaging", "neighbourhood/feed"):
        for path in (root / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and node.module:
                    imported.add((path.name, node.module))
                elif isinstance(node, ast.Import):
                    imported.update((path.name, alias.name) for alias in node.names)
    assert [pair for pair in imported if pair[1].split(".")[0] == "exchanges"] == []
    assert len(imported) > 50  # the walk saw the code
