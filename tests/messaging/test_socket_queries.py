"""What a socket costs the database: its handshake (who it is, which groups it joins) and each
message it sends, in a fixed number of queries whatever the user belongs to."""

import sys
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client

from messaging import consumers, presence, realtime, selectors, services, threads
from messaging.auth import find_socket_user, open_socket
from messaging.models import Conversation
from messaging.selectors import socket_groups
from neighbourhood.accounts.services import token_create, token_revoke
from neighbourhood.quartiers.models import Membership
from tests.factories import MembershipFactory, QuartierFactory

pytestmark = pytest.mark.django_db


def handshake(*, cookie: str = "", token: str = "") -> dict:
    """A handshake's scope as the session middleware leaves it."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    headers = [(b"authorization", f"Bearer {token}".encode())] if token else []
    return {"session": store(cookie or None), "headers": headers}


def test_a_personal_token_finds_its_user_in_one_query(alice, django_assert_num_queries):
    _token, raw = token_create(user=alice, name="phone")
    with django_assert_num_queries(1):
        assert find_socket_user(handshake(token=raw)) == alice


def test_a_session_finds_its_user_in_two_queries(alice, django_assert_num_queries):
    client = Client()
    client.force_login(alice)
    with django_assert_num_queries(2):
        assert find_socket_user(handshake(cookie=client.cookies["sessionid"].value)) == alice


def test_a_wrong_token_or_none_is_anonymous(alice):
    token_create(user=alice, name="phone")
    assert isinstance(find_socket_user(handshake(token="vsn_not-a-token")), AnonymousUser)
    assert isinstance(find_socket_user(handshake()), AnonymousUser)


def test_a_revoked_token_or_an_inactive_owner_is_anonymous(alice, bob):
    token, raw = token_create(user=alice, name="phone")
    token_revoke(token=token)
    assert isinstance(find_socket_user(handshake(token=raw)), AnonymousUser)
    _token, raw = token_create(user=bob, name="phone")
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    assert isinstance(find_socket_user(handshake(token=raw)), AnonymousUser)


def test_a_session_with_a_changed_password_is_anonymous(alice):
    client = Client()
    client.force_login(alice)
    alice.set_password("un autre mot de passe")
    alice.save()
    user = find_socket_user(handshake(cookie=client.cookies["sessionid"].value))
    assert isinstance(user, AnonymousUser)


@pytest.fixture
def alices_conversations(quartier, alice, bob, carol):
    """alice in two quartiers and one she left, with a thread, a direct conversation, a thread
    of the quartier she left and a thread she is not in."""
    other = QuartierFactory.create(name="Brotteaux", slug="brotteaux")
    MembershipFactory.create(quartier=other, user=alice)
    left = QuartierFactory.create(name="Vaise", slug="vaise")
    MembershipFactory.create(quartier=left, user=alice, status=Membership.Status.LEFT)
    services.room_for(quartier=quartier)  # a room rides on its quartier's group
    return {
        "other": other,
        "thread": services.conversation_open(
            title="Perceuse", subject=None, participants=[bob], started_by=alice, quartier=quartier
        ),
        "direct": services.direct_open(sender=alice, recipient=carol),
        "stale": services.conversation_open(
            title="Ancien", subject=None, participants=[], started_by=alice, quartier=left
        ),
        "without_alice": services.conversation_open(
            title="Sans Alice",
            subject=None,
            participants=[carol],
            started_by=bob,
            quartier=quartier,
        ),
    }


def test_the_groups_of_a_socket_come_from_one_query(
    quartier, alice, alices_conversations, django_assert_num_queries
):
    found = alices_conversations
    with django_assert_num_queries(1):
        groups = socket_groups(user_id=alice.pk)
    assert sorted(groups) == sorted(
        [
            realtime.user_group(alice.pk),
            realtime.quartier_group(quartier.pk),
            realtime.quartier_group(found["other"].pk),
            realtime.conversation_group(found["thread"].pk),
            realtime.conversation_group(found["direct"].pk),
        ]
    )
    assert realtime.conversation_group(found["stale"].pk) not in groups
    assert realtime.conversation_group(found["without_alice"].pk) not in groups


def test_the_groups_compiled_once_are_those_the_queryset_finds(
    alice, bob, carol, dave, alices_conversations
):
    for user in (alice, bob, carol, dave):
        rows = selectors._socket_group_rows(user.pk)  # built and compiled by Django now
        expected = [realtime.user_group(user.pk)] + [
            realtime.quartier_group(pk) if kind == "quartier" else realtime.conversation_group(pk)
            for kind, pk in rows
        ]
        assert sorted(socket_groups(user_id=user.pk)) == sorted(expected)


def test_an_outsider_has_only_their_own_group(dave, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert socket_groups(user_id=dave.pk) == [realtime.user_group(dave.pk)]


def test_a_message_sent_on_the_socket_costs_a_fixed_number_of_queries(
    quartier, alice, django_assert_num_queries
):
    room = services.room_for(quartier=quartier)
    consumers._post(alice, room.pk, "Premier message")  # alice starts taking part in the room
    # The conversation with the reading right (an active member of its quartier), the message,
    # the read marker moved, and the savepoint around the writes.
    with django_assert_num_queries(5):
        consumers._post(alice, room.pk, "Bonjour")
    assert room.participants.get(user=alice).last_read_id == room.messages.latest("id").pk


def test_an_outsider_sending_to_a_conversation_learns_nothing_of_it(quartier, alice, dave):
    room = services.room_for(quartier=quartier)
    # An empty body is refused as a conversation the outsider may not write to, like a
    # conversation that does not exist, not for being empty.
    with pytest.raises(PermissionDenied):
        consumers._post(dave, room.pk, "   ")
    assert not room.messages.exists()


def test_a_handshake_finds_its_user_and_groups_in_two_queries_and_marks_presence(
    quartier, alice, django_assert_num_queries
):
    _token, raw = token_create(user=alice, name="phone")
    cache.delete(presence.presence_key(alice.pk))
    # The token with its user, then every group in one query: one trip to a worker thread.
    with django_assert_num_queries(2):
        user, groups = open_socket(handshake(token=raw))
    assert user == alice
    assert sorted(groups) == sorted(
        [realtime.user_group(alice.pk), realtime.quartier_group(quartier.pk)]
    )
    assert presence.is_present(alice.pk)


def test_an_anonymous_handshake_joins_nothing(alice, django_assert_num_queries):
    token_create(user=alice, name="phone")
    # The token looked up, and nothing else: no groups for nobody.
    with django_assert_num_queries(1):
        user, groups = open_socket(handshake(token="vsn_not-a-token"))
    assert isinstance(user, AnonymousUser)
    assert groups == []


def test_the_reading_right_fetched_with_a_conversation_is_only_its_readers(quartier, alice, dave):
    room = services.room_for(quartier=quartier)
    fetched_for_alice = selectors.get_conversation(conversation_id=room.pk, user=alice)
    assert selectors.can_read(user=alice, conversation=fetched_for_alice)
    # Fetched for alice, asked for dave: dave's own right is asked, and he has none.
    assert not selectors.can_read(user=dave, conversation=fetched_for_alice)
    fetched_for_dave = selectors.get_conversation(conversation_id=room.pk, user=dave)
    assert not selectors.can_read(user=dave, conversation=fetched_for_dave)


def test_the_conversation_fetched_for_a_message_is_its_whole_row(quartier, alice, bob):
    thread = services.conversation_open(
        title="Perceuse", subject=quartier, participants=[bob], started_by=alice, quartier=quartier
    )
    fetched = selectors.get_conversation(conversation_id=thread.pk, user=alice)
    stored = Conversation.objects.get(pk=thread.pk)
    for field in Conversation._meta.concrete_fields:
        assert getattr(fetched, field.attname) == getattr(stored, field.attname), field.name
    assert fetched.subject == quartier
    with pytest.raises(Http404):
        selectors.get_conversation(conversation_id=thread.pk + 1000, user=alice)


def test_worker_threads_hand_the_interpreter_back_to_the_event_loop_quickly():
    # Set when Django started (MessagingConfig.ready), for every process of the site.
    assert sys.getswitchinterval() == threads.SWITCH_INTERVAL_SECONDS < 0.005
