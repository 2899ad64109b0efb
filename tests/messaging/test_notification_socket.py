"""The bell over the socket: marking notifications read from one tab updates every tab of the
same person, new notifications carry the unread count, and presence follows open sockets.

These run on the configured channel layer and cache: Redis when REDIS_URL is set (as in CI),
in memory otherwise."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from django.core.cache import cache
from django.test import Client

from exchanges.swaps import kinds as swap_kinds
from messaging import kinds as messaging_kinds
from messaging import presence, services
from messaging.models import Notification
from tests.conftest import api_as
from tests.messaging.test_consumers import connect, events_until, hello

pytestmark = pytest.mark.django_db(transaction=True)


def db(function):
    return database_sync_to_async(function)


def notify(user, title: str = "Perceuse") -> list[Notification]:
    return services.notifications_create(
        users=[user], kind=swap_kinds.SWAP_INTEREST, actor=None, title=title, url="/"
    )


def unread(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


async def opened(user):
    socket = await connect(user)
    await hello(socket)
    return socket


async def test_marking_one_read_in_a_tab_updates_the_others(alice):
    first, _second, _third = [(await db(notify)(alice, title))[0] for title in "abc"]
    tab, other_tab = await opened(alice), await opened(alice)
    await tab.send_json_to({"type": "notifications.read", "ids": [first.pk]})
    for socket in (other_tab, tab):
        event = (await events_until(socket, "notifications.count"))[-1]
        assert event == {"type": "notifications.count", "unread": 2}
    assert await db(unread)(alice) == 2
    await tab.send_json_to({"type": "notifications.read"})  # no ids: all of them
    assert (await events_until(other_tab, "notifications.count"))[-1]["unread"] == 0
    assert await db(unread)(alice) == 0
    await tab.disconnect()
    await other_tab.disconnect()


async def test_a_new_notification_carries_the_unread_count(alice):
    await db(notify)(alice)
    socket = await opened(alice)
    [notification] = await db(notify)(alice)
    event = await socket.receive_json_from(timeout=3)
    assert event == {"type": "notification.new", "id": notification.pk, "unread": 2}
    await socket.disconnect()


async def test_the_page_and_the_api_tell_the_open_tabs_too(alice):
    notifications = [(await db(notify)(alice, title))[0] for title in "ab"]
    socket = await opened(alice)

    def open_one_then_read_all() -> None:
        client = Client()
        client.force_login(alice)
        client.get(f"/notifications/{notifications[0].pk}/")
        response = api_as(alice).post("/api/v1/me/notifications/read/", {}, format="json")
        assert response.json() == {"marked": 1}

    await db(open_one_then_read_all)()
    counts = [(await events_until(socket, "notifications.count"))[-1]["unread"] for _ in "ab"]
    assert counts == [1, 0]
    await socket.disconnect()


async def test_another_persons_socket_hears_none_of_it(alice, dave):
    alice_socket, dave_socket = await opened(alice), await opened(dave)
    [notification] = await db(notify)(alice)
    await alice_socket.send_json_to({"type": "notifications.read", "ids": [notification.pk]})
    await events_until(alice_socket, "notifications.count")
    assert await dave_socket.receive_nothing(timeout=0.5)
    # Nor can dave mark alice's notifications read.
    await db(notify)(alice)
    await dave_socket.send_json_to({"type": "notifications.read"})
    assert await dave_socket.receive_nothing(timeout=0.5)
    assert await db(unread)(alice) == 1
    await alice_socket.disconnect()
    await dave_socket.disconnect()


@pytest.mark.parametrize("ids", ["all", [1, "2"], [True], [0], [-3], {"id": 1}, [1.5]])
async def test_malformed_ids_get_an_error_and_change_nothing(alice, ids):
    await db(notify)(alice)
    socket = await opened(alice)
    await socket.send_json_to({"type": "notifications.read", "ids": ids})
    error = await socket.receive_json_from(timeout=3)
    assert (error["type"], error["code"], error["ref"]) == ("error", "invalid", None)
    assert list(error["fields"]) == ["ids"]
    assert await socket.receive_nothing(timeout=0.3)
    assert await db(unread)(alice) == 1
    await socket.disconnect()


async def test_an_open_socket_makes_its_user_present(alice, bob):
    assert not await db(presence.is_present)(alice.pk)
    socket = await opened(alice)
    assert await db(presence.is_present)(alice.pk)
    assert await db(presence.present_ids)([alice.pk, bob.pk]) == {alice.pk}
    await socket.disconnect()


async def test_each_heartbeat_renews_presence(alice, settings):
    settings.WEBSOCKET_HEARTBEAT_SECONDS = 0.2
    socket = await opened(alice)
    await db(cache.delete)(presence.presence_key(alice.pk))
    await asyncio.sleep(0.6)  # at least one heartbeat has come back
    assert await db(presence.is_present)(alice.pk)
    await socket.disconnect()


async def test_a_direct_message_notifies_only_the_one_with_no_tab_open(quartier, alice, bob):
    direct = await db(services.direct_open)(sender=alice, recipient=bob)
    alice_socket = await opened(alice)
    await alice_socket.send_json_to(
        {"type": "message.send", "conversation": direct.pk, "body": "Tu es là ?"}
    )
    await events_until(alice_socket, "message.new")
    bob_socket = await opened(bob)
    await bob_socket.send_json_to(
        {"type": "message.send", "conversation": direct.pk, "body": "Oui !"}
    )
    await events_until(bob_socket, "message.new")
    kinds = await db(lambda: list(Notification.objects.values_list("user__display_name", "kind")))()
    assert kinds == [("Bob", messaging_kinds.DIRECT_MESSAGE)]
    await alice_socket.disconnect()
    await bob_socket.disconnect()
