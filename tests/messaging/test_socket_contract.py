"""The socket keeps its contract (docs/realtime.md): a bad frame gets an error event in the
user's language and the socket stays open; a handshake without a channel layer is refused
cleanly; every message.send is acknowledged with the stored id, once per client id."""

import json
import uuid

import pytest
from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from redis.exceptions import ConnectionError as RedisConnectionError

from messaging import services
from messaging.models import MESSAGE_MAX_LENGTH, Message
from tests.messaging.conftest import free_port
from tests.messaging.test_consumers import connect, drain, events_until, hello

pytestmark = pytest.mark.django_db(transaction=True)

ROCKET = '{"type": "launch.rocket"}'
DEEP = "[" * 20_000 + "]" * 20_000  # far past the recursion limit of the JSON decoder
DEEP_OBJECT = '{"type": "ping", "x": ' + '{"a": ' * 50 + "1" + "}" * 50 + "}"
CLIENT_ID = "6f1c2c3e-8a7b-4c4e-9d55-1a2b3c4d5e6f"


def db(function):
    return database_sync_to_async(function)


async def opened(user):
    socket = await connect(user)
    await hello(socket)
    return socket


async def speaks(user, language: str) -> None:
    user.language = language
    await db(user.save)(update_fields=["language"])


async def still_open(socket) -> None:
    await socket.send_json_to({"type": "ping"})
    assert await socket.receive_json_from(timeout=3) == {"type": "pong"}


def send(room_id: object, **fields) -> str:
    return json.dumps({"type": "message.send", "conversation": room_id, **fields})


# --- bad frames ---------------------------------------------------------------------------------

BAD_FRAMES = {
    "not JSON": ("Bonjour", "not_json"),
    "JSON cut short": ('{"type": "message.send", "body": "Bonj', "not_json"),
    "nested too deep": (DEEP, "too_deep"),
    "an object nested too deep": (DEEP_OBJECT, "too_deep"),
    "too large": (json.dumps({"type": "ping", "x": "a" * 70_000}), "too_large"),
    "a list": ('["message.send", 1, "Bonjour"]', "not_an_object"),
    "a string": ('"message.send"', "not_an_object"),
    "an unknown type": (ROCKET, "unknown_type"),
    "no type": ('{"conversation": 1}', "unknown_type"),
    "a type that is not text": ('{"type": ["message.send"]}', "unknown_type"),
    "a conversation that is text": (send("x", body="Bonjour"), "invalid"),
    "a conversation given as a number in text": (send("1", body="Bonjour"), "invalid"),
    "a conversation that is true": (send(True, body="Bonjour"), "invalid"),
    "a conversation past any id": (send(10**30, body="Bonjour"), "invalid"),
    "a body that is a list": (send(1, body=["x"]), "invalid"),
    "a body that is an object": (send(1, body={}), "invalid"),
    "a body that is a number": (send(1, body=12), "invalid"),
    "a client id that is not a UUID": (send(1, body="Bonjour", client_id="abc"), "invalid"),
    "a client id that is a number": (send(1, body="Bonjour", client_id=12), "invalid"),
    "a read marker in text": (
        '{"type": "read", "conversation": 1, "last_read_id": "3"}',
        "invalid",
    ),
    "typing nowhere": ('{"type": "typing", "conversation": null}', "invalid"),
    "ids that are not a list": ('{"type": "notifications.read", "ids": "all"}', "invalid"),
}


@pytest.mark.parametrize("frame, code", BAD_FRAMES.values(), ids=BAD_FRAMES.keys())
async def test_a_bad_frame_gets_an_error_event_and_the_socket_stays_open(
    quartier, alice, frame, code
):
    room = await db(services.room_for)(quartier=quartier)
    socket = await opened(alice)
    await socket.send_to(text_data=frame.replace('"conversation": 1', f'"conversation": {room.pk}'))
    error = await socket.receive_json_from(timeout=5)
    assert error["type"] == "error"
    assert error["code"] == code
    assert error["detail"]
    await still_open(socket)
    assert await db(Message.objects.count)() == 0
    await socket.disconnect()


async def test_a_binary_frame_is_not_json(alice):
    socket = await opened(alice)
    await socket.send_to(bytes_data=b"\x00\x01")
    assert (await socket.receive_json_from(timeout=3))["code"] == "not_json"
    await still_open(socket)
    await socket.disconnect()


@pytest.mark.parametrize(
    "language, not_json, not_a_string, unknown",
    [
        (
            "fr",
            "La discussion en direct ne lit que du texte JSON.",
            "Message mal formé. body: Chaîne de caractère invalide.",
            "Type de message inconnu.",
        ),
        (
            "en",
            "The socket reads JSON text only.",
            "Malformed message. body: Not a valid string.",
            "Unknown message type.",
        ),
    ],
)
async def test_errors_speak_the_users_language(
    quartier, alice, language, not_json, not_a_string, unknown
):
    await speaks(alice, language)
    room = await db(services.room_for)(quartier=quartier)
    socket = await opened(alice)
    await socket.send_to(text_data="{oops")
    assert (await socket.receive_json_from())["detail"] == not_json
    await socket.send_to(text_data=send(room.pk, body=["x"], client_id=CLIENT_ID))
    assert await socket.receive_json_from() == {
        "type": "error",
        "code": "invalid",
        "detail": not_a_string,
        "ref": CLIENT_ID,
        "fields": {"body": [not_a_string.split(": ", 1)[1]]},
    }
    await socket.send_to(text_data=ROCKET)
    assert (await socket.receive_json_from())["detail"] == unknown
    await still_open(socket)
    assert await db(Message.objects.count)() == 0
    await socket.disconnect()


# --- the handshake while the channel layer is down --------------------------------------------


@pytest.mark.redis
async def test_a_handshake_while_redis_is_down_is_refused_cleanly(settings, alice):
    # A Redis nobody listens on: the channel layer cannot open the socket's channel.
    address = f"redis://127.0.0.1:{free_port()}/0"
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": address, "socket_connect_timeout": 2}]},
        }
    }
    layer = get_channel_layer()
    assert type(layer).__name__ == "RedisPubSubChannelLayer"
    try:
        socket = await connect(alice)
        connected, _ = await socket.connect(timeout=5)
        assert connected
        assert await socket.receive_json_from(timeout=5) == {
            "type": "error",
            "code": "unavailable",
            "detail": "La discussion en direct ne répond pas : réessayez dans un instant.",
            "ref": None,
        }
        assert await socket.receive_output(timeout=3) == {"type": "websocket.close", "code": 4503}
        # A signed-out visitor is told that first.
        anonymous = await connect()
        connected, code = await anonymous.connect(timeout=5)
        assert (connected, code) == (False, 4401)
    finally:
        await layer.flush()


class LayerThatCannotSubscribe(InMemoryChannelLayer):
    """Redis gone between opening the socket's channel and joining its groups: the outside
    world failing, played in process."""

    async def group_add(self, group: str, channel: str) -> None:
        raise RedisConnectionError("Connection refused")


async def test_a_handshake_that_cannot_join_its_groups_is_refused_cleanly(settings, quartier, bob):
    await speaks(bob, "en")
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": f"{__name__}.LayerThatCannotSubscribe"},
    }
    socket = await connect(bob)
    connected, _ = await socket.connect(timeout=5)
    assert connected
    error = await socket.receive_json_from(timeout=3)
    assert (error["code"], error["detail"]) == (
        "unavailable",
        "The live service is not answering: try again in a moment.",
    )
    assert await socket.receive_output(timeout=3) == {"type": "websocket.close", "code": 4503}


# --- every send acknowledged, once per client id ----------------------------------------------


async def test_a_send_is_acknowledged_with_the_stored_id(quartier, alice, bob):
    room = await db(services.room_for)(quartier=quartier)
    a, b = await opened(alice), await opened(bob)
    await a.send_to(text_data=send(room.pk, body="Bonjour !", client_id=CLIENT_ID))
    events = await events_until(a, "message.ack")
    stored = await db(Message.objects.get)()
    assert events[-1] == {"type": "message.ack", "client_id": CLIENT_ID, "id": stored.pk}
    assert stored.client_id == uuid.UUID(CLIENT_ID)
    assert (await events_until(b, "message.new"))[-1]["id"] == stored.pk
    await a.disconnect()
    await b.disconnect()


async def test_a_send_repeated_with_its_client_id_is_stored_once_and_acknowledged_twice(
    quartier, alice, bob
):
    room = await db(services.room_for)(quartier=quartier)
    a, b = await opened(alice), await opened(bob)
    for _ in range(2):
        await a.send_to(text_data=send(room.pk, body="Une fois", client_id=CLIENT_ID))
    acks = [e for e in await drain(a) if e["type"] == "message.ack"]
    stored = await db(Message.objects.get)()
    assert acks == [{"type": "message.ack", "client_id": CLIENT_ID, "id": stored.pk}] * 2
    # Bob hears it once.
    assert [e["id"] for e in await drain(b) if e["type"] == "message.new"] == [stored.pk]
    await a.disconnect()
    await b.disconnect()


async def test_a_send_without_client_id_is_acknowledged_too(quartier, alice):
    room = await db(services.room_for)(quartier=quartier)
    a = await opened(alice)
    await a.send_to(text_data=send(room.pk, body="Sans identifiant"))
    ack = (await events_until(a, "message.ack"))[-1]
    stored = await db(Message.objects.get)()
    assert ack == {"type": "message.ack", "client_id": None, "id": stored.pk}
    await a.disconnect()


async def test_two_people_may_use_the_same_client_id(quartier, alice, bob):
    room = await db(services.room_for)(quartier=quartier)
    a, b = await opened(alice), await opened(bob)
    await a.send_to(text_data=send(room.pk, body="De moi", client_id=CLIENT_ID))
    await b.send_to(text_data=send(room.pk, body="De moi aussi", client_id=CLIENT_ID))
    first = (await events_until(a, "message.ack"))[-1]
    second = (await events_until(b, "message.ack"))[-1]
    assert first["id"] != second["id"]
    assert await db(Message.objects.count)() == 2
    await a.disconnect()
    await b.disconnect()


async def test_a_refused_send_answers_an_error_with_its_ref(quartier, alice):
    room = await db(services.room_for)(quartier=quartier)
    a = await opened(alice)
    too_long = "x" * (MESSAGE_MAX_LENGTH + 1)
    await a.send_to(text_data=send(room.pk, body=too_long, client_id=CLIENT_ID))
    assert await a.receive_json_from(timeout=3) == {
        "type": "error",
        "code": "refused",
        "detail": f"Un message contient au plus {MESSAGE_MAX_LENGTH} caractères.",
        "ref": CLIENT_ID,
    }
    await still_open(a)
    assert await db(Message.objects.count)() == 0
    await a.disconnect()


async def test_a_send_too_fast_answers_an_error_with_its_ref_and_a_repeat_is_still_acknowledged(
    quartier, alice
):
    room = await db(services.room_for)(quartier=quartier)
    a = await opened(alice)
    await a.send_to(text_data=send(room.pk, body="Premier", client_id=CLIENT_ID))
    first = (await events_until(a, "message.ack"))[-1]
    for n in range(services.RATE_LIMIT_MESSAGES - 1):  # the limit reached
        await db(services.message_post)(conversation=room, author=alice, body=f"Message {n}")
    await drain(a)
    other = str(uuid.uuid4())
    await a.send_to(text_data=send(room.pk, body="Encore", client_id=other))
    error = await a.receive_json_from(timeout=3)
    assert (error["code"], error["ref"]) == ("refused", other)
    # The first message, sent again after a lost ack, is not a new one: it is acknowledged.
    await a.send_to(text_data=send(room.pk, body="Premier", client_id=CLIENT_ID))
    assert await a.receive_json_from(timeout=3) == first
    await a.disconnect()


async def test_an_outsider_gets_not_found_with_its_ref(quartier, alice, dave):
    room = await db(services.room_for)(quartier=quartier)
    d = await opened(dave)
    await d.send_to(text_data=send(room.pk, body="Spam", client_id=CLIENT_ID))
    error = await d.receive_json_from(timeout=3)
    assert (error["code"], error["ref"]) == ("not_found", CLIENT_ID)
    assert await db(Message.objects.count)() == 0
    await d.disconnect()


async def test_a_client_id_used_in_another_conversation_is_refused(quartier, alice, bob):
    room = await db(services.room_for)(quartier=quartier)
    direct = await db(services.direct_open)(sender=alice, recipient=bob)
    a = await opened(alice)
    await a.send_to(text_data=send(room.pk, body="Ici", client_id=CLIENT_ID))
    await events_until(a, "message.ack")
    await a.send_to(text_data=send(direct.pk, body="Là", client_id=CLIENT_ID))
    error = (await events_until(a, "error"))[-1]
    assert (error["code"], error["ref"]) == ("refused", CLIENT_ID)
    assert await db(Message.objects.count)() == 1
    await a.disconnect()
