"""The process's hub (`messaging.hub`): each group joined once on the channel layer, each event
handed to every socket of the group that the process holds, in the order it came. On the
configured channel layer: Redis pub/sub when REDIS_URL is set, the in-memory layer otherwise."""

import asyncio

import pytest
from channels.layers import get_channel_layer

from messaging import realtime
from messaging.hub import hub_for
from tests.messaging.test_consumers import connect, drain, events_until, hello, publish

pytestmark = pytest.mark.django_db(transaction=True)


def hub():
    return hub_for(get_channel_layer())


async def test_sockets_opened_at_the_same_moment_all_hear_their_quartier(quartier, alice, bob):
    sockets = [await connect(user) for user in (alice, bob, alice, bob)]
    await asyncio.gather(*(hello(socket) for socket in sockets))
    group = realtime.quartier_group(quartier.pk)
    assert len(hub().members[group]) == 4
    await publish(group, {"type": "quartier.event", "n": 1})
    for socket in sockets:
        assert (await events_until(socket, "quartier.event"))[-1] == {
            "type": "quartier.event",
            "n": 1,
        }
        await socket.disconnect()


async def test_a_group_is_joined_once_and_left_with_its_last_socket(quartier, alice, bob):
    first, second = await connect(alice), await connect(bob)
    await hello(first)
    await hello(second)
    group = realtime.quartier_group(quartier.pk)
    layer = get_channel_layer()
    assert len(hub().members[group]) == 2
    await first.disconnect()
    assert len(hub().members[group]) == 1
    await second.disconnect()
    assert group not in hub().members
    # Nobody left to hear it: the event goes nowhere, and a new socket starts afresh.
    await publish(group, {"type": "quartier.event", "n": 2})
    third = await connect(alice)
    await hello(third)
    await publish(group, {"type": "quartier.event", "n": 3})
    heard = [e for e in await drain(third) if e["type"] == "quartier.event"]
    assert heard == [{"type": "quartier.event", "n": 3}]
    await third.disconnect()
    assert layer is get_channel_layer()


async def test_events_keep_their_order_behind_one_that_joins_a_group(quartier, alice):
    """A conversation joined, then at once an event of the quartier: the socket hears the join
    first, though it needs a trip to the channel layer and the quartier's event does not; then
    it hears the conversation."""
    socket = await connect(alice)
    await hello(socket)
    await publish(
        realtime.user_group(alice.pk), {"type": "conversation.joined", "conversation": 42}
    )
    await publish(realtime.quartier_group(quartier.pk), {"type": "quartier.event", "n": 1})
    assert [e["type"] for e in await drain(socket)] == ["conversation.joined", "quartier.event"]
    await publish(realtime.conversation_group(42), {"type": "message.new", "id": 1})
    assert (await events_until(socket, "message.new"))[-1] == {"type": "message.new", "id": 1}
    await socket.disconnect()


async def test_a_closed_socket_is_forgotten_by_every_group(quartier, alice):
    socket = await connect(alice)
    await hello(socket)
    assert any(hub().members.values())
    await socket.disconnect()
    assert not any(listeners for listeners in hub().members.values())
