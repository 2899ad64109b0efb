"""One message per client id: the API, the page's form and the service store a message sent
again (after a lost answer) once, and give back the one stored the first time."""

import threading
import uuid

import pytest
from django.db import connection, transaction
from django.test import Client

from messaging import services
from messaging.models import Message
from tests.conftest import api_as

CLIENT_ID = "0b7e7f9e-3c1d-4f6a-9a51-5d2c7e8f9a10"


def messages_url(conversation) -> str:
    return f"/api/v1/conversations/{conversation.pk}/messages/"


def test_the_api_stores_a_post_repeated_with_its_client_id_once(quartier, alice, bob):
    room = services.room_for(quartier=quartier)
    client = api_as(alice)
    first = client.post(messages_url(room), {"body": "Bonjour", "client_id": CLIENT_ID})
    again = client.post(messages_url(room), {"body": "Bonjour", "client_id": CLIENT_ID})
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    stored = Message.objects.get()
    assert first.json()["id"] == stored.pk
    assert stored.client_id == uuid.UUID(CLIENT_ID)
    # Another author may happen on the same id: it is theirs.
    other = api_as(bob).post(messages_url(room), {"body": "Salut", "client_id": CLIENT_ID})
    assert other.status_code == 201 and other.json()["id"] != stored.pk
    assert Message.objects.count() == 2


def test_the_api_stores_posts_without_client_id_each_time(quartier, alice):
    room = services.room_for(quartier=quartier)
    client = api_as(alice)
    for _ in range(2):
        assert client.post(messages_url(room), {"body": "Bonjour"}).status_code == 201
    assert Message.objects.count() == 2


def test_the_api_refuses_a_client_id_that_is_not_a_uuid(quartier, alice):
    room = services.room_for(quartier=quartier)
    response = api_as(alice).post(messages_url(room), {"body": "Bonjour", "client_id": "abc"})
    assert response.status_code == 400
    assert "client_id" in str(response.json())
    assert Message.objects.count() == 0


def test_the_api_hides_the_conversation_from_dave_client_id_or_not(quartier, alice, dave):
    room = services.room_for(quartier=quartier)
    services.message_post(
        conversation=room, author=alice, body="Bonjour", client_id=uuid.UUID(CLIENT_ID)
    )
    response = api_as(dave).post(messages_url(room), {"body": "Bonjour", "client_id": CLIENT_ID})
    assert response.status_code == 404
    assert Message.objects.count() == 1


def test_the_form_posted_again_with_its_client_id_stores_once(quartier, alice):
    room = services.room_for(quartier=quartier)
    client = Client()
    client.force_login(alice)
    for _ in range(2):
        response = client.post(
            f"/conversations/{room.pk}/", {"body": "Par le formulaire", "client_id": CLIENT_ID}
        )
        assert response.status_code == 302
    assert list(Message.objects.values_list("body", flat=True)) == ["Par le formulaire"]


def test_the_form_without_client_id_posts_as_before(quartier, alice):
    room = services.room_for(quartier=quartier)
    client = Client()
    client.force_login(alice)
    for _ in range(2):
        assert client.post(f"/conversations/{room.pk}/", {"body": "Deux fois"}).status_code == 302
    assert Message.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sends_of_one_client_id_at_once_store_one_message(quartier, alice):
    """The second send cannot see the first, not committed yet: the unique constraint makes it
    wait, then refuses its row, and the service answers with the first one's."""
    room = services.room_for(quartier=quartier)
    client_id = uuid.UUID(CLIENT_ID)
    written, release = threading.Event(), threading.Event()
    first: list[Message] = []

    def first_send() -> None:
        try:
            with transaction.atomic():
                first.append(
                    services.message_post(
                        conversation=room, author=alice, body="En même temps", client_id=client_id
                    )
                )
                written.set()
                release.wait(10)
        finally:
            connection.close()  # this thread's own

    thread = threading.Thread(target=first_send)
    thread.start()
    assert written.wait(10)
    # Let the first commit while the second waits on the constraint.
    threading.Timer(0.5, release.set).start()
    second = services.message_post(
        conversation=room, author=alice, body="En même temps", client_id=client_id
    )
    thread.join(10)
    assert second.pk == first[0].pk
    assert Message.objects.count() == 1
