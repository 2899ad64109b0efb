"""The rows a message sent writes, in SQL of our own (`messaging.services.message_rows`): the
same rows Django would have written, and the read marker only ever moved forward."""

import uuid

import pytest

from messaging import consumers, services
from messaging.models import Message, Participant
from messaging.services.message_rows import marker_advance_to_new
from neighbourhood.relais import acting

pytestmark = pytest.mark.django_db


def test_a_message_reads_back_as_it_was_stored(quartier, alice, carol):
    room = services.room_for(quartier=quartier)
    client_id = uuid.uuid4()
    with acting.acting_for(acting.Acting(relais=carol, neighbour=alice, quartier=quartier)):
        stored = services.message_post(
            conversation=room, author=alice, body="  Bonjour à tous  ", client_id=client_id
        )
    assert not stored._state.adding
    read = Message.objects.get(pk=stored.pk)
    for field in Message._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(stored, field.attname), field.name
    assert (read.body, read.author, read.relais, read.client_id) == (
        "Bonjour à tous",
        alice,
        carol,
        client_id,
    )
    assert read.created_at.tzinfo is not None


def test_a_read_marker_moves_only_forward_and_only_for_a_participant(quartier, alice, bob):
    room = services.room_for(quartier=quartier)
    first = consumers._post(alice, room.pk, "Premier")
    second = consumers._post(alice, room.pk, "Second")
    marker = Participant.objects.get(conversation=room, user=alice)
    assert marker.last_read_id == second
    # Never back: an older message leaves the marker where it is.
    assert not marker_advance_to_new(conversation_id=room.pk, user_id=alice.pk, message_id=first)
    marker.refresh_from_db()
    assert marker.last_read_id == second
    # Bob does not take part yet: nothing is moved, the caller makes his participation.
    assert not marker_advance_to_new(conversation_id=room.pk, user_id=bob.pk, message_id=second)
    assert not Participant.objects.filter(conversation=room, user=bob).exists()
