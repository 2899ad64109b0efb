"""The socket accepts the page's own origin on whatever host and port the site is served from
(``manage.py serve --port 8001``), and still refuses every other origin."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from neighbourhood.asgi import application

sockets = pytest.mark.django_db(transaction=True)


def session_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def handshake(user, *, host: str, origin: str, scheme: str = "ws") -> bool:
    cookie = await database_sync_to_async(session_cookie)(user)
    headers = [(b"host", host.encode()), (b"origin", origin.encode()), (b"cookie", cookie)]
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    communicator.scope["scheme"] = scheme
    connected, _ = await communicator.connect()
    if connected:
        assert (await communicator.receive_json_from())["type"] == "hello"
        await communicator.disconnect()
    return connected


@sockets
@pytest.mark.parametrize(
    ("host", "origin"),
    [
        ("127.0.0.1:8001", "http://127.0.0.1:8001"),
        ("localhost:9000", "http://localhost:9000"),
        ("127.0.0.1", "http://127.0.0.1"),
    ],
)
async def test_it_accepts_the_pages_own_origin_on_another_port(alice, host, origin):
    assert await handshake(alice, host=host, origin=origin)


@sockets
async def test_it_accepts_another_host_name_the_site_serves(alice, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".voisinage.lan"]
    assert await handshake(
        alice, host="epn.voisinage.lan:8080", origin="http://epn.voisinage.lan:8080"
    )


@sockets
async def test_it_accepts_a_secure_page_on_a_secure_socket(alice):
    assert await handshake(alice, host="localhost", origin="https://localhost", scheme="wss")


@sockets
async def test_it_still_accepts_the_site_url_through_a_proxy_that_rewrites_the_host(alice):
    assert await handshake(alice, host="127.0.0.1:8003", origin="http://127.0.0.1:8000")


@sockets
@pytest.mark.parametrize(
    ("host", "origin"),
    [
        ("127.0.0.1:8001", "http://127.0.0.1:8002"),  # another port of the same host
        ("127.0.0.1:8001", "https://evil.example"),
        ("127.0.0.1:8001", "http://127.0.0.1.evil.example:8001"),
        ("127.0.0.1:8001", "https://127.0.0.1:8001"),  # a secure page on a plain socket
        ("127.0.0.1:8001", "null"),
        ("127.0.0.1:8001", ""),
        ("127.0.0.1:8001", "http://127.0.0.1:port"),
        ("evil.example:8001", "http://evil.example:8001"),  # a host the site does not serve
    ],
)
async def test_it_refuses_a_foreign_origin(alice, host, origin):
    assert not await handshake(alice, host=host, origin=origin)


def test_serve_on_another_port_points_the_links_at_it(monkeypatch):
    from neighbourhood.management.commands.serve import served_environment

    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    assert served_environment("127.0.0.1", 8001)["SITE_URL"] == "http://127.0.0.1:8001"
    assert "ALLOWED_HOSTS" not in served_environment("127.0.0.1", 8001)
    everywhere = served_environment("0.0.0.0", 8080)  # noqa: S104
    assert everywhere["SITE_URL"] == "http://127.0.0.1:8080"
    on_the_lan = served_environment("192.168.1.20", 8000)
    assert on_the_lan["ALLOWED_HOSTS"].split(",")[-1] == "192.168.1.20"
    monkeypatch.setenv("SITE_URL", "https://voisinage.example.org")
    assert served_environment("127.0.0.1", 8001)["SITE_URL"] == "https://voisinage.example.org"
