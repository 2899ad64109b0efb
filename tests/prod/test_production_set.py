"""The production set as `make prod-local` starts it (neighbourhood/deploy/Procfile): nginx in
front of two app processes, a Celery worker and beat, on the test database and a Redis database
of its own; everything below goes through nginx, as a browser or an API client would.

One set is started for the module. Its Redis database (PROD_TEST_REDIS_DB, 11 by default, on the
host of REDIS_URL) keeps its worker, cache and channel layer apart from the other tests' own.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin

from bench.production_client import Visitor, free_base_port
from exchanges.consultations import services as consultations
from messaging.services.conversations import room_for
from neighbourhood.accounts.models import User
from neighbourhood.accounts.services import token_create
from neighbourhood.deploy.runner import ProductionSet
from tests.exchanges.consultations.builders import open_consultation
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.prod,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _set_redis_url() -> str:
    parts = urlsplit(settings.REDIS_URL)
    return parts._replace(path=f"/{os.environ.get('PROD_TEST_REDIS_DB', '11')}").geturl()


@pytest.fixture(scope="module")
def production(django_db_setup, django_db_blocker) -> Iterator[ProductionSet]:
    with django_db_blocker.unblock():
        database = str(connection.settings_dict["NAME"])
    database_url = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{database}").geturl()
    redis_url = _set_redis_url()
    redis.Redis.from_url(redis_url).flushdb()
    environment = {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        # The documents the tests add, where the set's processes look for them.
        "DOCUMENTS_ROOT": str(settings.DOCUMENTS_ROOT),
    }
    with ProductionSet(port=free_base_port(), app_workers=2, environment=environment) as running:
        yield running
    redis.Redis.from_url(redis_url).flushdb()


def _log_in(visitor: Visitor, user: User) -> None:
    """Through the set's login form. The set hashes as production does; the tests' own hasher
    (MD5) is unknown to it. Few rounds, which the site raises to its own count at this first
    log-in."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "prodset", iterations=1000)
    user.save(update_fields=["password"])
    visitor.log_in(user, password=PASSWORD)
    assert "sessionid" in visitor.cookies


def _upstreams(production: ProductionSet, path: str, requests: int) -> list[str]:
    """Who answered each of the ``requests`` for ``path``, from nginx's access log: written each
    second, so the lines of a few requests can come in two writes; waits for all of them."""
    deadline = time.monotonic() + 5
    while True:
        found = re.findall(
            rf'"GET {re.escape(path)} HTTP/1.1" \d+ \d+ upstream=(\S+)',
            production.log("nginx-access"),
        )
        if len(found) >= requests or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_a_member_logs_in_and_reads_her_quartiers_members_through_nginx(
    production, quartier, alice, bob, dave
):
    path = f"/quartiers/{quartier.slug}/members/"
    member = Visitor(production.url, language="en")
    _log_in(member, alice)
    for _ in range(4):
        status, _, page = member.request(path)
        assert status == 200
        assert b"Bob" in page
    # nginx spread the requests over both app processes, one session for both.
    ports = {f"127.0.0.1:{urlsplit(url).port}" for url in production.app_urls}
    assert set(_upstreams(production, path, requests=4)) == ports

    outsider = Visitor(production.url, language="en")
    _log_in(outsider, dave)
    status, _, page = outsider.request(path)
    assert status == 404
    assert b"Bob" not in page


def test_the_api_answers_a_token_through_nginx(production, quartier, alice):
    _, raw = token_create(user=alice, name="production set")
    visitor = Visitor(production.url, language="en")
    status, headers, body = visitor.request(
        "/api/v1/me/", headers={"Authorization": f"Bearer {raw}"}
    )
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body)["email"] == alice.email
    status, _, _ = visitor.request("/api/v1/me/", headers={"Authorization": "Bearer not-a-token"})
    assert status == 401


def test_static_files_come_from_nginx_not_the_app(production):
    status, _, page = Visitor(production.url, language="en").request("/accounts/login/")
    assert status == 200
    stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', page)
    assert stylesheet is not None, "the page links no stylesheet"
    path = stylesheet[1].decode()
    status, headers, body = Visitor(production.url, language="en").request(path)
    assert status == 200
    assert headers["Content-Type"] == "text/css"
    assert "immutable" in headers["Cache-Control"]
    assert body
    assert _upstreams(production, path, requests=1) == ["-"]  # no app process was asked


def test_a_private_document_is_read_only_through_the_apps_check(
    production, quartier, carol, alice, dave
):
    document = consultations.document_add(
        consultation=open_consultation(quartier, carol),
        actor=carol,
        title="Le plan de la mairie",
        upload=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
    )
    path = f"/consultations/documents/{document.pk}/"
    member = Visitor(production.url, language="en")
    _log_in(member, alice)
    status, headers, body = member.request(path)
    assert (status, body) == (200, PDF)
    assert headers["Content-Disposition"].startswith("attachment")

    outsider = Visitor(production.url, language="en")
    _log_in(outsider, dave)
    assert outsider.request(path)[0] == 404
    anonymous = Visitor(production.url, language="en")
    assert anonymous.request(path)[0] in {302, 404}  # log in first
    # The file itself has no address nginx would serve, under any of the served prefixes.
    stored = Path(document.file.name)
    for prefix in ("/static/", "/media/", "/media/photos/", "/documents/"):
        assert member.request(f"{prefix}{stored}")[0] == 404
        assert member.request(f"{prefix}{stored.name}")[0] == 404


async def _socket(url: str, token: str) -> ClientConnection:
    origin = url.replace("ws://", "http://").removesuffix("/ws/")
    ws = await connect(
        url,
        origin=Origin(origin),
        additional_headers={"Authorization": f"Bearer {token}"},
        proxy=None,
        open_timeout=30,
    )
    hello = json.loads(await asyncio.wait_for(ws.recv(), 30))
    assert hello["type"] == "hello"
    return ws


async def _next(ws: ClientConnection, kind: str) -> dict[str, object]:
    while True:
        event = json.loads(await asyncio.wait_for(ws.recv(), 20))
        if event["type"] == kind:
            return event


def test_two_app_processes_share_one_chat(production, quartier, alice, bob):
    room = room_for(quartier=quartier)
    _, alice_token = token_create(user=alice, name="phone")
    _, bob_token = token_create(user=bob, name="phone")
    first, second = (url.replace("http://", "ws://") + "/ws/" for url in production.app_urls)
    proxied = production.url.replace("http://", "ws://") + "/ws/"

    async def chat() -> tuple[dict[str, object], dict[str, object]]:
        alice_ws = await _socket(first, alice_token)  # app process 1
        bob_ws = await _socket(second, bob_token)  # app process 2
        bob_tab = await _socket(proxied, bob_token)  # through nginx, either process
        try:
            await alice_ws.send(
                json.dumps({"type": "message.send", "conversation": room.pk, "body": "Bonjour !"})
            )
            return await _next(bob_ws, "message.new"), await _next(bob_tab, "message.new")
        finally:
            for ws in (alice_ws, bob_ws, bob_tab):
                await ws.close()

    on_second, through_nginx = asyncio.run(chat())
    for event in (on_second, through_nginx):
        assert event["conversation"] == room.pk
        assert event["message"]["body"] == "Bonjour !"  # type: ignore[index]
    assert production.pids()["app-1"] != production.pids()["app-2"]
    assert "WSCONNECT /ws/" in production.log("app-1")
    assert "WSCONNECT /ws/" in production.log("app-2")


def test_the_set_runs_one_worker_and_exactly_one_beat(production):
    pids = production.pids()
    assert {"nginx", "app-1", "app-2", "worker", "beat"} <= set(pids)
    assert [name for name in pids if "beat" in name] == ["beat"]
    assert " ready." in production.log("worker")
    assert "queues" in production.log("worker")
    assert re.search(r"\.> celery\s", production.log("worker"))
    assert re.search(r"\.> reports\s", production.log("worker"))
