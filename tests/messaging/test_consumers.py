"""The one socket at /ws/: who may connect, and which groups they hear.

These run on the configured channel layer: Redis pub/sub when REDIS_URL is set (as in CI),
the in-memory layer otherwise.
"""

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.test import Client

from messaging import consumers, realtime
from messaging import services as messaging_services
from neighbourhood.asgi import application
from neighbourhood.quartiers import services
from neighbourhood.quartiers.models import JoinRequest, Membership

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://127.0.0.1:8000")


def session_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def connect(user=None, origin=ORIGIN) -> WebsocketCommunicator:
    headers = [origin, (b"host", b"127.0.0.1:8000")]
    if user is not None:
        headers.append((b"cookie", await database_sync_to_async(session_cookie)(user)))
    return WebsocketCommunicator(application, "/ws/", headers=headers)


async def hello(communicator: WebsocketCommunicator) -> None:
    connected, _ = await communicator.connect()
    assert connected
    assert (await communicator.receive_json_from())["type"] == "hello"


async def drain(socket: WebsocketCommunicator) -> list[dict]:
    events = []
    while not await socket.receive_nothing(timeout=0.5):
        events.append(await socket.receive_json_from())
    return events


async def events_until(socket: WebsocketCommunicator, kind: str) -> list[dict]:
    events: list[dict] = []
    while not events or events[-1]["type"] != kind:
        events.append(await socket.receive_json_from(timeout=3))
    return events


async def publish(group: str, event: dict) -> None:
    await database_sync_to_async(realtime.publish)(group, event)


async def test_it_refuses_an_anonymous_socket():
    communicator = await connect()
    connected, code = await communicator.connect()
    assert not connected
    assert code == 4401


@pytest.mark.parametrize(
    "origin", [b"https://evil.example", b"http://127.0.0.1:6666", b"https://127.0.0.1:8000"]
)
async def test_it_refuses_a_foreign_origin(alice, origin):
    communicator = await connect(alice, origin=(b"origin", origin))
    connected, _ = await communicator.connect()
    assert not connected


async def test_logging_out_closes_the_open_sockets(quartier, alice):
    socket = await connect(alice)
    await hello(socket)

    def log_out() -> None:
        client = Client()
        client.force_login(alice)
        client.post("/accounts/logout/")

    await database_sync_to_async(log_out)()
    output = await socket.receive_output(timeout=3)
    assert output == {"type": "websocket.close", "code": 4401}


async def test_members_hear_their_quartier_and_the_outsider_does_not(quartier, alice, dave):
    alice_socket, dave_socket = await connect(alice), await connect(dave)
    await hello(alice_socket)
    await hello(dave_socket)
    await publish(realtime.quartier_group(quartier.pk), {"type": "quartier.event", "id": 7})
    assert await alice_socket.receive_json_from(timeout=3) == {"type": "quartier.event", "id": 7}
    assert await dave_socket.receive_nothing(timeout=0.5)
    await alice_socket.disconnect()
    await dave_socket.disconnect()


async def test_a_member_who_leaves_stops_hearing_the_quartier_at_once(quartier, carol, alice):
    socket = await connect(alice)
    await hello(socket)
    membership = await database_sync_to_async(Membership.objects.get)(user=alice)
    await database_sync_to_async(services.membership_leave)(membership=membership)
    event = await socket.receive_json_from(timeout=3)
    assert event == {"type": "membership.ended", "quartier": quartier.pk}
    await asyncio.sleep(0.1)
    await publish(realtime.quartier_group(quartier.pk), {"type": "quartier.event", "id": 8})
    assert await socket.receive_nothing(timeout=0.5)
    await socket.disconnect()


async def test_a_removed_member_stops_hearing_the_quartier(quartier, carol, alice):
    socket = await connect(alice)
    await hello(socket)
    membership = await database_sync_to_async(Membership.objects.get)(user=alice)
    await database_sync_to_async(services.membership_remove)(membership=membership, actor=carol)
    assert (await socket.receive_json_from(timeout=3))["type"] == "membership.ended"
    await publish(realtime.quartier_group(quartier.pk), {"type": "quartier.event", "id": 9})
    assert await socket.receive_nothing(timeout=0.5)
    await socket.disconnect()


async def test_an_approved_newcomer_starts_hearing_the_quartier(quartier, carol, dave):
    socket = await connect(dave)
    await hello(socket)
    join_request = await database_sync_to_async(JoinRequest.objects.create)(
        quartier=quartier, user=dave
    )
    await database_sync_to_async(services.join_request_decide)(
        join_request=join_request, actor=carol, approve=True
    )
    assert await socket.receive_json_from(timeout=3) == {
        "type": "membership.started",
        "quartier": quartier.pk,
    }
    # Then the notification that the request was accepted.
    assert (await socket.receive_json_from(timeout=3))["type"] == "notification.new"
    await publish(realtime.quartier_group(quartier.pk), {"type": "quartier.event", "id": 10})
    assert (await socket.receive_json_from(timeout=3))["id"] == 10
    await socket.disconnect()


async def test_it_answers_an_unknown_message_with_an_error(alice):
    socket = await connect(alice)
    await hello(socket)
    await socket.send_json_to({"type": "launch.rocket"})
    assert (await socket.receive_json_from())["type"] == "error"
    await socket.send_json_to({"type": "ping"})
    assert (await socket.receive_json_from())["type"] == "pong"
    await socket.disconnect()


@pytest.mark.redis
def test_the_configured_layer_is_redis_pubsub_when_redis_is_set():
    from channels.layers import get_channel_layer

    assert type(get_channel_layer()).__name__ == "RedisPubSubChannelLayer"


async def test_a_new_swap_reaches_the_members_sockets_not_the_outsiders(quartier, alice, bob, dave):
    from exchanges.swaps import services as swaps
    from tests.factories import swap_fields

    alice_socket, dave_socket = await connect(alice), await connect(dave)
    await hello(alice_socket)
    await hello(dave_socket)
    swap = await database_sync_to_async(swaps.swap_create)(
        quartier=quartier, author=bob, kind="offer", **swap_fields()
    )
    event = await alice_socket.receive_json_from(timeout=3)
    assert event["type"] == "feed.entry" and event["kind"] == "swap_offer"
    assert await dave_socket.receive_nothing(timeout=0.5)

    await database_sync_to_async(swaps.swap_set_status)(swap=swap, actor=bob, status="paused")
    assert (await alice_socket.receive_json_from(timeout=3))["type"] == "feed.withdrawn"
    await alice_socket.disconnect()
    await dave_socket.disconnect()


async def test_a_notification_reaches_only_its_user(quartier, alice, bob):
    from exchanges.swaps import services as swaps
    from tests.factories import swap_fields

    alice_socket, bob_socket = await connect(alice), await connect(bob)
    await hello(alice_socket)
    await hello(bob_socket)
    swap = await database_sync_to_async(swaps.swap_create)(
        quartier=quartier, author=alice, kind="offer", **swap_fields()
    )
    assert (await alice_socket.receive_json_from(timeout=3))["type"] == "feed.entry"
    assert (await bob_socket.receive_json_from(timeout=3))["type"] == "feed.entry"
    await database_sync_to_async(swaps.swap_express_interest)(swap=swap, member=bob)
    # Both join the new conversation's group; only alice, the author, is notified.
    assert await events_until(alice_socket, "notification.new")
    assert [e["type"] for e in await drain(bob_socket)] == ["conversation.joined"]
    await alice_socket.disconnect()
    await bob_socket.disconnect()


async def test_what_a_socket_call_publishes_is_held_until_the_socket_sends_it(quartier, alice):
    room = await database_sync_to_async(messaging_services.room_for)(quartier=quartier)
    layer = get_channel_layer()
    listener = await layer.new_channel()
    await layer.group_add(realtime.quartier_group(quartier.pk), listener)
    heard = asyncio.ensure_future(layer.receive(listener))
    post = realtime.held_publications(consumers._post)
    message_id, held = await database_sync_to_async(post)(alice, room.pk, "Bonjour")
    # Committed, and its broadcast handed back rather than sent from the worker thread.
    assert [(group, sealed["type"]) for group, sealed in held] == [
        (realtime.quartier_group(quartier.pk), "message.new")
    ]
    done, _pending = await asyncio.wait({heard}, timeout=0.5)
    assert not done
    await realtime.send_publications(held)
    event = await asyncio.wait_for(heard, timeout=10)
    assert realtime.opened(event)["id"] == message_id
    await layer.group_discard(realtime.quartier_group(quartier.pk), listener)
