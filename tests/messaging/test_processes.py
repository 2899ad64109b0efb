"""The chat with real processes: daphne servers, redis-server, WebSocket and HTTP clients.

Two daphne processes share one chat through Redis; and the site survives Redis stopping and
starting again: it keeps serving pages and the API, keeps storing messages, and its sockets hear
again once Redis is back. The servers read and write the test's own PostgreSQL database (an
in-memory SQLite database cannot be shared with another process).
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, WebSocketException

from messaging import realtime, services
from messaging.models import Conversation, Message
from neighbourhood import cache as cache_module
from neighbourhood.accounts.models import User
from neighbourhood.accounts.services import token_create
from neighbourhood.cache import ResilientRedisCache
from tests.messaging.conftest import DaphneServer, Processes, RedisServer


def with_servers(test: Callable[..., None]) -> Callable[..., None]:
    """Daphne reads and writes the test's rows, so they are committed, in PostgreSQL."""
    for mark in (pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)):
        test = mark(test)
    return test


# The origin check accepts only the site's own address (SITE_URL, by default this one).
ORIGIN = "http://127.0.0.1:8000"
# A request that needs Redis must not wait on it for long while it is down.
QUICK_SECONDS = 3.0
WAIT_SECONDS = 10.0
# A server's sockets check every so often that they still hear the channel layer, and close
# when they do not (WEBSOCKET_HEARTBEAT_SECONDS): the tests that keep their sockets open through
# a short outage space the checks out beyond the test; the reconnection test makes them frequent.
SOCKETS_STAY_OPEN = {"WEBSOCKET_HEARTBEAT_SECONDS": "300"}
FREQUENT_CHECKS = {"WEBSOCKET_HEARTBEAT_SECONDS": "1"}


# --- clients --------------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    data: Any
    seconds: float


def http(
    server: DaphneServer, method: str, path: str, *, token: str = "", body: Any = None
) -> Reply:
    request = urllib.request.Request(  # noqa: S310 (a URL of our own, http://127.0.0.1)
        server.url + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Accept": "application/json", "Accept-Language": "en"},
    )
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    seconds = time.monotonic() - started
    try:
        data: Any = json.loads(raw)
    except ValueError:
        data = raw.decode(errors="replace")
    return Reply(status, data, seconds)


async def ahttp(
    server: DaphneServer, method: str, path: str, *, token: str = "", body: Any = None
) -> Reply:
    return await asyncio.to_thread(http, server, method, path, token=token, body=body)


async def open_socket(server: DaphneServer, token: str) -> ClientConnection:
    socket = await connect(
        server.ws_url,
        origin=ORIGIN,  # type: ignore[arg-type]
        additional_headers={"Authorization": f"Bearer {token}"},
        open_timeout=WAIT_SECONDS,
    )
    hello = json.loads(await asyncio.wait_for(socket.recv(), WAIT_SECONDS))
    if hello["type"] == "error":  # the live service is down: accepted, told, closed (4503)
        await socket.close()
        raise ConnectionRefusedError(hello["detail"])
    assert hello["type"] == "hello"
    return socket


async def refused_socket(server: DaphneServer, token: str) -> tuple[str, int | None]:
    """A socket the server accepts only to say why it cannot serve it, and close: the error's
    code and the close code."""
    socket = await connect(
        server.ws_url,
        origin=ORIGIN,  # type: ignore[arg-type]
        additional_headers={"Authorization": f"Bearer {token}"},
        open_timeout=WAIT_SECONDS,
    )
    event = json.loads(await asyncio.wait_for(socket.recv(), WAIT_SECONDS))
    try:
        await asyncio.wait_for(socket.recv(), WAIT_SECONDS)
    except ConnectionClosed as closed:
        return event["code"], closed.rcvd.code if closed.rcvd else None
    await socket.close()
    return event["code"], None


async def next_event(socket: ClientConnection, kind: str, seconds: float = WAIT_SECONDS) -> dict:
    async with asyncio.timeout(seconds):
        while True:
            event = json.loads(await socket.recv())
            if event["type"] == kind:
                return event


async def hears_nothing(socket: ClientConnection, seconds: float = 1.0) -> bool:
    try:
        await asyncio.wait_for(socket.recv(), seconds)
    except TimeoutError:
        return True
    return False


@dataclass
class ChatClient:
    """A conversation open in a tab, as static/js/socket.js and the chat script keep it.

    The socket reconnects with a growing delay (a tenth of the browser's, for the test's sake);
    once (re)connected, the client fetches what it missed with ?after=<last id seen> and shows
    each message once, in order, whether it came live or from that catch-up.
    """

    server: DaphneServer
    token: str
    conversation: int
    shown: list[int] = field(default_factory=list)
    delivered_live: list[int] = field(default_factory=list)
    connections: int = 0
    connected: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def last_seen(self) -> int:
        return self.shown[-1] if self.shown else 0

    def show(self, message: dict) -> None:
        if message["id"] > self.last_seen:
            self.shown.append(message["id"])

    async def catch_up(self) -> None:
        path = f"/api/v1/conversations/{self.conversation}/messages/"
        while True:
            query = f"?after={self.last_seen}" if self.shown else ""
            reply = await ahttp(self.server, "GET", path + query, token=self.token)
            assert reply.status == 200, reply.data
            for message in reply.data["results"]:
                self.show(message)
            if not reply.data["has_newer"]:
                return

    async def run(self) -> None:
        delay = 0.1
        while True:
            try:
                async with asyncio.timeout(WAIT_SECONDS):
                    socket = await open_socket(self.server, self.token)
            except (OSError, TimeoutError, WebSocketException):
                await asyncio.sleep(delay)
                delay = min(delay * 2, 3.0)
                continue
            delay = 0.1
            self.connections += 1
            try:
                await self.catch_up()
                self.connected.set()
                async for raw in socket:
                    event = json.loads(raw)
                    if (
                        event["type"] == "message.new"
                        and event["conversation"] == self.conversation
                    ):
                        self.delivered_live.append(event["id"])
                        self.show(event["message"])
            except (OSError, WebSocketException):
                pass
            finally:
                self.connected.clear()
                await socket.close()


async def until(condition: Any, seconds: float = WAIT_SECONDS) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.05)
    return bool(condition())


# --- fixtures -------------------------------------------------------------------------------------


def token_for(user: User) -> str:
    _token, raw = token_create(user=user, name="test_processes")
    return raw


@pytest.fixture
def room(quartier) -> Conversation:
    return services.room_for(quartier=quartier)


def messages_path(room: Conversation) -> str:
    return f"/api/v1/conversations/{room.pk}/messages/"


def room_subscribers(redis_server: RedisServer, room: Conversation) -> int:
    """How many daphne connections to this Redis listen to the room (through its quartier)."""
    # The layer's prefix names the Redis database of the server's REDIS_URL (settings).
    database = urlsplit(redis_server.url).path.strip("/") or "0"
    group = f"asgi{database}__group__{realtime.conversation_group_of(room)}"
    client = redis.Redis.from_url(redis_server.url, socket_timeout=2)
    try:
        return int(dict(client.pubsub_numsub(group)).get(group.encode(), 0))
    except redis.exceptions.ConnectionError:
        return 0
    finally:
        client.close()


def stored_ids(room: Conversation) -> list[int]:
    return list(
        Message.objects.filter(conversation=room).order_by("pk").values_list("pk", flat=True)
    )


# --- two servers, one chat ----------------------------------------------------------------------


@with_servers
def test_a_message_sent_to_one_server_reaches_a_member_on_the_other_not_an_outsider(
    processes: Processes, room, alice, bob, dave
):
    first = processes.daphne(redis_url=settings.REDIS_URL)
    second = processes.daphne(redis_url=settings.REDIS_URL)
    first.wait_until_healthy()
    second.wait_until_healthy()
    tokens = {user.pk: token_for(user) for user in (alice, bob, dave)}
    body = f"Bonjour de l'autre serveur ! {uuid.uuid4().hex[:8]}"

    async def story() -> tuple[dict, dict, bool]:
        bob_socket = await open_socket(first, tokens[bob.pk])
        dave_socket = await open_socket(first, tokens[dave.pk])
        alice_socket = await open_socket(second, tokens[alice.pk])
        try:
            await alice_socket.send(
                json.dumps({"type": "message.send", "conversation": room.pk, "body": body})
            )
            heard_by_bob = await next_event(bob_socket, "message.new")
            heard_by_alice = await next_event(alice_socket, "message.new")
            dave_heard_nothing = await hears_nothing(dave_socket)
            return heard_by_bob, heard_by_alice, dave_heard_nothing
        finally:
            for socket in (bob_socket, dave_socket, alice_socket):
                await socket.close()

    heard_by_bob, heard_by_alice, dave_heard_nothing = asyncio.run(story())

    stored = Message.objects.get(conversation=room)
    assert stored.body == body
    assert stored.author == alice
    for event in (heard_by_bob, heard_by_alice):
        assert event["conversation"] == room.pk
        assert event["id"] == stored.pk
        assert event["message"]["body"] == body
        assert event["message"]["author"]["display_name"] == "Alice"
    assert dave_heard_nothing


# --- Redis stops and starts again ----------------------------------------------------------------


@with_servers
def test_while_redis_is_down_the_site_serves_and_stores_and_its_sockets_hear_again_after(
    processes: Processes, room, alice, bob
):
    redis_server = processes.redis()
    server = processes.daphne(redis_url=redis_server.url, extra_env=SOCKETS_STAY_OPEN)
    server.wait_until_healthy()
    alice_token, bob_token = token_for(alice), token_for(bob)

    async def story() -> dict[str, Any]:
        seen: dict[str, Any] = {}
        alice_socket = await open_socket(server, alice_token)
        bob_socket = await open_socket(server, bob_token)
        try:
            posted = await ahttp(
                server, "POST", messages_path(room), token=alice_token, body={"body": "Avant"}
            )
            assert posted.status == 201, posted.data
            seen["before"] = [
                (await next_event(socket, "message.new"))["message"]["body"]
                for socket in (alice_socket, bob_socket)
            ]

            redis_server.stop()
            seen["home"] = await ahttp(server, "GET", "/")
            seen["me"] = await ahttp(server, "GET", "/api/v1/me/", token=alice_token)
            seen["posted"] = await ahttp(
                server, "POST", messages_path(room), token=bob_token, body={"body": "Pendant"}
            )
            aussi = str(uuid.uuid4())
            await alice_socket.send(
                json.dumps(
                    {
                        "type": "message.send",
                        "conversation": room.pk,
                        "body": "Aussi",
                        "client_id": aussi,
                    }
                )
            )
            # Stored and acknowledged, though its broadcast is lost.
            seen["ack"] = await next_event(alice_socket, "message.ack")
            seen["ack_client_id"] = aussi

            async def history() -> Reply:
                return await ahttp(server, "GET", messages_path(room), token=alice_token)

            deadline = time.monotonic() + WAIT_SECONDS
            seen["history"] = await history()
            while len(seen["history"].data["results"]) < 3 and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
                seen["history"] = await history()
            seen["health"] = await ahttp(server, "GET", "/healthz")
            started = time.monotonic()
            seen["new_socket"] = await refused_socket(server, bob_token)
            seen["new_socket_seconds"] = time.monotonic() - started
            seen["silent_meanwhile"] = await hears_nothing(bob_socket, 0.5)

            redis_server.start()
            # The server's pub/sub connection comes back on its own and listens to the room again.
            seen["listening_again"] = await until(lambda: room_subscribers(redis_server, room) > 0)
            posted = await ahttp(
                server, "POST", messages_path(room), token=alice_token, body={"body": "Après"}
            )
            assert posted.status == 201, posted.data
            seen["after"] = [
                (await next_event(socket, "message.new"))["message"]["body"]
                for socket in (alice_socket, bob_socket)
            ]
            seen["health_after"] = await ahttp(server, "GET", "/healthz")
        finally:
            for socket in (alice_socket, bob_socket):
                await socket.close()
        return seen

    seen = asyncio.run(story())

    assert seen["before"] == ["Avant", "Avant"]
    # Pages, the API and the message rate limit run without their cache, quickly.
    for reply in (seen["home"], seen["me"], seen["posted"], seen["history"]):
        assert reply.seconds < QUICK_SECONDS, reply
    assert seen["home"].status == 200
    assert seen["me"].status == 200
    assert seen["me"].data["display_name"] == "Alice"
    assert seen["posted"].status == 201, seen["posted"].data
    assert seen["posted"].data["body"] == "Pendant"
    # Both messages written while Redis was down are stored: the one over the API and the one
    # over the socket; only their broadcast was lost.
    assert seen["history"].status == 200
    assert [m["body"] for m in seen["history"].data["results"]] == ["Avant", "Pendant", "Aussi"]
    assert seen["silent_meanwhile"]
    # The health check names what is missing; a new socket is refused at once, not left hanging.
    assert seen["health"].status == 503
    assert set(seen["health"].data["failing"]) == {"channel_layer", "broker"}
    assert seen["new_socket"] == ("unavailable", 4503)
    assert seen["new_socket_seconds"] < QUICK_SECONDS
    assert seen["ack"]["client_id"] == seen["ack_client_id"]
    assert seen["ack"]["id"] == seen["history"].data["results"][-1]["id"]
    # Once Redis is back, the sockets that stayed open hear the next message.
    assert seen["listening_again"]
    assert seen["after"] == ["Après", "Après"]
    assert seen["health_after"].status == 200
    assert list(Message.objects.filter(conversation=room).values_list("body", flat=True)) == [
        "Avant",
        "Pendant",
        "Aussi",
        "Après",
    ]


@with_servers
def test_a_broadcast_still_goes_out_when_redis_has_dropped_the_server_connection(
    processes: Processes, room, alice, bob
):
    """Redis closes connections (a restart, an idle timeout, CLIENT KILL): the first command on
    one fails, and without a second try the first message after it would be heard by nobody."""
    redis_server = processes.redis()
    server = processes.daphne(redis_url=redis_server.url, extra_env=SOCKETS_STAY_OPEN)
    server.wait_until_healthy()
    alice_token, bob_token = token_for(alice), token_for(bob)

    async def story() -> list[str]:
        bob_socket = await open_socket(server, bob_token)

        async def post_and_listen(body: str) -> str:
            posted = await ahttp(
                server, "POST", messages_path(room), token=alice_token, body={"body": body}
            )
            assert posted.status == 201, posted.data
            return str((await next_event(bob_socket, "message.new"))["message"]["body"])

        try:
            heard = [await post_and_listen("Premier")]
            # Redis drops every connection but the subscriptions: the server's publishing
            # connection is among them.
            client = redis.Redis.from_url(redis_server.url)
            try:
                assert client.client_kill_filter(_type="normal", skipme=True) >= 1
            finally:
                client.close()
            heard.append(await post_and_listen("Second"))
        finally:
            await bob_socket.close()
        return heard

    assert asyncio.run(story()) == ["Premier", "Second"]


@with_servers
def test_every_client_sees_every_message_once_across_a_redis_restart(
    processes: Processes, room, alice, bob
):
    redis_server = processes.redis()
    server = processes.daphne(redis_url=redis_server.url, extra_env=FREQUENT_CHECKS)
    server.wait_until_healthy()
    alice_token, bob_token = token_for(alice), token_for(bob)

    async def story() -> list[ChatClient]:
        clients = [ChatClient(server, token, room.pk) for token in (alice_token, bob_token)]
        tasks = [asyncio.create_task(client.run()) for client in clients]
        try:
            for client in clients:
                await asyncio.wait_for(client.connected.wait(), WAIT_SECONDS)

            async def post(token: str, body: str) -> int:
                reply = await ahttp(
                    server, "POST", messages_path(room), token=token, body={"body": body}
                )
                assert reply.status == 201, reply.data
                return int(reply.data["id"])

            first = await post(alice_token, "Avant")
            assert await until(lambda: all(first in c.shown for c in clients))

            redis_server.stop()
            await post(bob_token, "Pendant")
            await post(alice_token, "Toujours pendant")
            await asyncio.sleep(1.0)  # the outage lasts a moment
            redis_server.start()

            # The tabs come back and catch up; then a new message arrives live, once.
            assert await until(lambda: all(c.connections >= 2 for c in clients), 6)
            last = await post(bob_token, "Après")
            await until(lambda: all(last in c.shown for c in clients))
            return clients
        finally:
            for task in tasks:
                task.cancel()
            ended = await asyncio.gather(*tasks, return_exceptions=True)
            # A client that failed (its catch-up refused, say) says why, not just "not seen".
            crashed = [error for error in ended if isinstance(error, Exception)]
            if crashed:
                raise crashed[0]

    clients = asyncio.run(story())

    stored = stored_ids(room)
    assert len(stored) == 4
    for client in clients:
        assert client.shown == stored
        assert len(client.delivered_live) == len(set(client.delivered_live))


# --- the cache without its Redis -----------------------------------------------------------------


def test_the_cache_acts_as_empty_while_its_redis_is_down_and_works_again_after(
    redis_server: RedisServer, monkeypatch, caplog
):
    monkeypatch.setattr(cache_module, "PAUSE_SECONDS", 0.3)
    cache = ResilientRedisCache(
        redis_server.url, {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}}
    )
    cache.set("rate", 1)
    assert cache.incr("rate") == 2

    redis_server.stop()
    started = time.monotonic()
    assert cache.get("rate", "missing") == "missing"
    assert cache.add("other", 1) is False
    cache.set("rate", 5)  # dropped, and no error
    with pytest.raises(ValueError):  # as for a key that is not there
        cache.incr("rate")
    assert cache.get_many(["rate"]) == {}
    assert cache.has_key("rate") is False
    assert cache.delete("rate") is False
    assert cache.set_many({"rate": 1}) == ["rate"]
    assert time.monotonic() - started < 1
    # One warning for the outage, not one per call.
    warnings = [r for r in caplog.records if r.name == "neighbourhood.cache"]
    assert len(warnings) == 1
    assert "unreachable" in warnings[0].getMessage()

    redis_server.start()
    time.sleep(0.35)  # the pause after a failure is over
    cache.set("rate", 7)
    assert cache.get("rate") == 7
