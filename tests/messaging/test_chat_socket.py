"""Chat over the one socket: who hears what, in rooms, threads and direct conversations."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from exchanges.swaps import services as swaps
from messaging import services
from messaging.models import Message
from neighbourhood.accounts.services import token_create
from neighbourhood.asgi import application
from neighbourhood.quartiers.models import Membership
from neighbourhood.quartiers.services import membership_leave
from tests.factories import swap_fields
from tests.messaging.test_consumers import connect, drain, events_until, hello

pytestmark = pytest.mark.django_db(transaction=True)


def db(function):
    return database_sync_to_async(function)


async def sockets(*users):
    opened = []
    for user in users:
        socket = await connect(user)
        await hello(socket)
        opened.append(socket)
    return opened


async def close(*opened):
    for socket in opened:
        await socket.disconnect()


async def test_a_room_message_sent_over_the_socket_reaches_members_not_outsiders(
    quartier, alice, bob, dave
):
    room = await db(services.room_for)(quartier=quartier)
    a, b, d = await sockets(alice, bob, dave)
    await a.send_json_to({"type": "message.send", "conversation": room.pk, "body": "Bonjour !"})
    for socket in (a, b):
        event = (await events_until(socket, "message.new"))[-1]
        assert event["message"]["body"] == "Bonjour !"
        assert event["message"]["author"]["display_name"] == "Alice"
    assert await d.receive_nothing(timeout=0.5)
    assert await db(Message.objects.filter(conversation=room).count)() == 1
    await close(a, b, d)


async def test_a_thread_is_heard_by_its_participants_only(quartier, alice, bob, carol):
    swap = await db(swaps.swap_create)(
        quartier=quartier, author=alice, kind="offer", **swap_fields()
    )
    a, b, c = await sockets(alice, bob, carol)
    exchange = await db(swaps.swap_express_interest)(swap=swap, member=bob)
    await events_until(a, "conversation.joined")
    await events_until(b, "conversation.joined")
    await db(services.message_post)(conversation=exchange.conversation, author=bob, body="Samedi ?")
    assert (await events_until(a, "message.new"))[-1]["message"]["body"] == "Samedi ?"
    assert (await events_until(b, "message.new"))[-1]["message"]["body"] == "Samedi ?"
    assert "message.new" not in [e["type"] for e in await drain(c)]
    await close(a, b, c)


async def test_a_direct_conversation_is_heard_by_the_two_only(quartier, alice, bob, carol):
    a, b, c = await sockets(alice, bob, carol)
    direct = await db(services.direct_open)(sender=alice, recipient=bob)
    await events_until(a, "conversation.joined")
    await events_until(b, "conversation.joined")
    await db(services.message_post)(conversation=direct, author=alice, body="Coucou")
    assert (await events_until(b, "message.new"))[-1]["message"]["body"] == "Coucou"
    assert await c.receive_nothing(timeout=0.5)
    await close(a, b, c)


async def test_typing_is_shown_to_the_others_not_echoed_nor_leaked(quartier, alice, bob, dave):
    room = await db(services.room_for)(quartier=quartier)
    a, b, d = await sockets(alice, bob, dave)
    await b.send_json_to({"type": "typing", "conversation": room.pk})
    event = await a.receive_json_from(timeout=3)
    assert event == {
        "type": "typing",
        "conversation": room.pk,
        "user": {"id": bob.pk, "display_name": "Bob"},
    }
    assert await b.receive_nothing(timeout=0.5)
    assert await d.receive_nothing(timeout=0.5)
    await close(a, b, d)


async def test_an_outsider_can_neither_type_nor_write_in_a_room(quartier, alice, dave):
    room = await db(services.room_for)(quartier=quartier)
    a, d = await sockets(alice, dave)
    await d.send_json_to({"type": "typing", "conversation": room.pk})
    assert (await d.receive_json_from())["type"] == "error"
    await d.send_json_to({"type": "message.send", "conversation": room.pk, "body": "Spam"})
    # In dave's language (French, the default), and the same as for a conversation that does
    # not exist.
    refused = await d.receive_json_from()
    assert refused["code"] == "not_found"
    assert refused["detail"] == "Cette conversation n’existe pas."
    assert await a.receive_nothing(timeout=0.5)
    assert await db(Message.objects.count)() == 0
    await close(a, d)


async def test_reading_in_one_tab_is_told_to_the_others(quartier, alice, bob):
    room = await db(services.room_for)(quartier=quartier)
    message = await db(services.message_post)(conversation=room, author=bob, body="Lu ?")
    first, second = await sockets(alice, alice)
    await first.send_json_to({"type": "read", "conversation": room.pk, "last_read_id": message.pk})
    for tab in (first, second):
        event = (await events_until(tab, "read"))[-1]
        assert event == {"type": "read", "conversation": room.pk, "last_read_id": message.pk}
    await close(first, second)


async def test_edits_and_hidden_messages_are_announced(quartier, alice, bob, carol):
    room = await db(services.room_for)(quartier=quartier)
    message = await db(services.message_post)(conversation=room, author=alice, body="Erreur")
    (b,) = await sockets(bob)
    await db(services.message_edit)(message=message, actor=alice, body="Corrigé")
    edited = (await events_until(b, "message.edited"))[-1]
    assert edited["message"]["body"] == "Corrigé" and edited["message"]["edited"]
    await db(services.message_hide)(message=message, actor=carol)
    hidden = (await events_until(b, "message.hidden"))[-1]
    assert hidden["message"]["body"] == "" and hidden["message"]["hidden"]
    await close(b)


async def test_a_member_who_leaves_stops_hearing_the_room_and_its_threads(quartier, alice, bob):
    room = await db(services.room_for)(quartier=quartier)
    swap = await db(swaps.swap_create)(
        quartier=quartier, author=alice, kind="offer", **swap_fields()
    )
    exchange = await db(swaps.swap_express_interest)(swap=swap, member=bob)
    (b,) = await sockets(bob)
    membership = await db(Membership.objects.get)(user=bob)
    await db(membership_leave)(membership=membership)
    await events_until(b, "membership.ended")
    await db(services.message_post)(conversation=room, author=alice, body="Réunion jeudi")
    await db(services.message_post)(
        conversation=exchange.conversation, author=alice, body="Et toi ?"
    )
    assert "message.new" not in [e["type"] for e in await drain(b)]
    await close(b)


async def test_api_clients_authenticate_with_a_bearer_token(quartier, alice):
    _token, raw = await db(token_create)(user=alice, name="script")
    headers = [(b"origin", b"http://127.0.0.1:8000"), (b"authorization", f"Bearer {raw}".encode())]
    socket = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await socket.connect()
    assert connected
    assert (await socket.receive_json_from())["user"] == alice.pk
    await socket.disconnect()
    forged = WebsocketCommunicator(
        application,
        "/ws/",
        headers=[(b"origin", b"http://127.0.0.1:8000"), (b"authorization", b"Bearer vsn_forged")],
    )
    connected, code = await forged.connect()
    assert not connected and code == 4401


async def test_sending_too_fast_is_refused_with_a_clear_error(quartier, alice):
    alice.language = "en"  # the refusal comes in the user's own language
    await db(alice.save)()
    room = await db(services.room_for)(quartier=quartier)
    (a,) = await sockets(alice)
    for n in range(20):
        await db(services.message_post)(conversation=room, author=alice, body=f"Message {n}")
    await drain(a)
    await a.send_json_to({"type": "message.send", "conversation": room.pk, "body": "Encore"})
    error = await a.receive_json_from(timeout=3)
    assert error["type"] == "error" and "very fast" in error["detail"]
    assert await db(Message.objects.count)() == 20
    await close(a)


async def test_a_malformed_message_gets_an_error_not_a_crash(alice):
    (a,) = await sockets(alice)
    await a.send_json_to({"type": "message.send"})
    error = await a.receive_json_from()
    assert error["code"] == "invalid"
    assert error["fields"] == {
        "conversation": ["Ce champ est obligatoire."],
        "body": ["Ce champ est obligatoire."],
    }
    await a.send_json_to({"type": "ping"})
    assert (await a.receive_json_from())["type"] == "pong"
    await close(a)
