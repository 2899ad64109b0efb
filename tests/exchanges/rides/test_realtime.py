"""Rides over the one socket: the feed hears new rides, and the ride's thread is heard by the
driver and the confirmed passengers only, from the moment they are confirmed to the moment
they cancel."""

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from exchanges.rides import services
from messaging import services as messaging
from tests.factories import ride_fields
from tests.messaging.test_consumers import connect, drain, events_until, hello

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_new_ride_reaches_the_members_sockets_not_the_outsiders(quartier, alice, bob, dave):
    bob_socket, dave_socket = await connect(bob), await connect(dave)
    await hello(bob_socket)
    await hello(dave_socket)
    await database_sync_to_async(services.ride_create)(
        quartier=quartier, driver=alice, **ride_fields()
    )
    event = await bob_socket.receive_json_from(timeout=3)
    assert (event["type"], event["kind"]) == ("feed.entry", "ride_offer")
    assert await dave_socket.receive_nothing(timeout=0.5)
    await bob_socket.disconnect()
    await dave_socket.disconnect()


async def test_a_confirmed_passenger_hears_the_rides_thread_until_they_cancel(quartier, alice, bob):
    ride = await database_sync_to_async(services.ride_create)(
        quartier=quartier, driver=alice, **ride_fields()
    )
    day = timezone.localdate(ride.departs_at)
    bob_socket = await connect(bob)
    await hello(bob_socket)
    [asked] = await database_sync_to_async(services.booking_request)(
        ride=ride, passenger=bob, dates=[day]
    )
    await database_sync_to_async(services.booking_accept)(booking=asked, actor=alice)
    events = await events_until(bob_socket, "conversation.joined")
    assert events[-1]["conversation"] == ride.conversation_id
    await database_sync_to_async(messaging.message_post)(
        conversation=ride.conversation, author=alice, body="Rendez-vous devant la mairie"
    )
    heard = await events_until(bob_socket, "message.new")
    assert heard[-1]["message"]["body"] == "Rendez-vous devant la mairie"

    await database_sync_to_async(services.booking_cancel)(booking=asked, actor=bob)
    left = await events_until(bob_socket, "conversation.left")
    assert left[-1]["conversation"] == ride.conversation_id
    await drain(bob_socket)
    await database_sync_to_async(messaging.message_post)(
        conversation=ride.conversation, author=alice, body="Bob n'est plus là"
    )
    assert all(e["type"] != "message.new" for e in await drain(bob_socket))
    await bob_socket.disconnect()
