"""Coups de main over the one socket: the feed hears a new request, not the outsider; a chosen
helper joins the request's thread and hears it, until they withdraw."""

import pytest
from channels.db import database_sync_to_async

from exchanges.aid.services import help as services
from messaging import services as messaging
from tests.exchanges.aid.help.fields import publish
from tests.messaging.test_consumers import connect, drain, events_until, hello

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_new_request_reaches_the_members_sockets_not_the_outsiders(
    quartier, alice, bob, dave
):
    bob_socket, dave_socket = await connect(bob), await connect(dave)
    await hello(bob_socket)
    await hello(dave_socket)

    await database_sync_to_async(publish)(quartier, alice)

    event = await bob_socket.receive_json_from(timeout=3)
    assert (event["type"], event["kind"]) == ("feed.entry", "aid_request")
    assert await dave_socket.receive_nothing(timeout=0.5)
    await bob_socket.disconnect()
    await dave_socket.disconnect()


async def test_a_chosen_helper_hears_the_thread_until_they_withdraw(quartier, alice, bob):
    coup = await database_sync_to_async(publish)(quartier, alice)
    bob_socket = await connect(bob)
    await hello(bob_socket)
    offer = await database_sync_to_async(services.help_offer)(coup=coup, helper=bob)
    await database_sync_to_async(services.help_choose)(offer=offer, actor=alice)
    joined = await events_until(bob_socket, "conversation.joined")
    assert joined[-1]["conversation"] == coup.conversation_id
    await database_sync_to_async(messaging.message_post)(
        conversation=coup.conversation, author=alice, body="Rendez-vous à 10 h"
    )
    heard = await events_until(bob_socket, "message.new")
    assert heard[-1]["message"]["body"] == "Rendez-vous à 10 h"

    await database_sync_to_async(services.help_withdraw)(offer=offer, actor=bob)
    left = await events_until(bob_socket, "conversation.left")
    assert left[-1]["conversation"] == coup.conversation_id
    await drain(bob_socket)
    await database_sync_to_async(messaging.message_post)(
        conversation=coup.conversation, author=alice, body="Bob n'est plus là"
    )
    assert all(e["type"] != "message.new" for e in await drain(bob_socket))
    await bob_socket.disconnect()
