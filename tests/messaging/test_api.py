"""Stored conversations and notifications through the API."""

import pytest

from exchanges.swaps import services as swaps
from messaging import services
from messaging.models import MESSAGE_MAX_LENGTH, Conversation, Message, Notification
from tests.conftest import api_as
from tests.factories import MembershipFactory, swap_fields

pytestmark = pytest.mark.django_db


def open_conversation(*people, first_message="Bonjour !", title="Espagnol") -> Conversation:
    return services.conversation_open(
        title=title,
        subject=None,
        participants=list(people),
        started_by=people[0],
        first_message=first_message,
    )


def messages_url(conversation) -> str:
    return f"/api/v1/conversations/{conversation.pk}/messages/"


def test_interest_in_a_swap_shows_up_in_both_conversation_lists(quartier, alice, bob, carol):
    swap = swaps.swap_create(quartier=quartier, author=alice, kind="offer", **swap_fields())
    swaps.swap_express_interest(swap=swap, member=bob, message="Ça m'intéresse !")

    for someone in (alice, bob):
        response = api_as(someone).get("/api/v1/conversations/")
        assert response.status_code == 200
        [conversation] = response.json()
        assert conversation["title"] == "Conversation en espagnol"
        assert conversation["message_count"] == 1
        assert conversation["last_message_at"] is not None
    assert api_as(carol).get("/api/v1/conversations/").json() == []


def test_the_most_recently_active_conversation_comes_first(alice, bob, carol):
    older = open_conversation(alice, bob, title="Espagnol")
    open_conversation(alice, carol, title="Potager")
    services.message_post(conversation=older, author=bob, body="Samedi ?")
    titles = [c["title"] for c in api_as(alice).get("/api/v1/conversations/").json()]
    assert titles == ["Espagnol", "Potager"]


def test_the_conversation_list_does_not_grow_in_queries(
    quartier, alice, django_assert_max_num_queries
):
    for _ in range(20):
        open_conversation(alice, MembershipFactory.create(quartier=quartier).user)
    client = api_as(alice)
    with django_assert_max_num_queries(1):
        response = client.get("/api/v1/conversations/")
    assert len(response.json()) == 20


def test_a_participant_reads_the_messages_oldest_first(alice, bob, django_assert_max_num_queries):
    conversation = open_conversation(alice, bob, first_message="Bonjour Bob")
    services.message_post(conversation=conversation, author=bob, body="Bonjour Alice")
    for n in range(10):
        services.message_post(
            conversation=conversation, author=alice if n % 2 else bob, body=f"{n}"
        )
    client = api_as(bob)

    with django_assert_max_num_queries(2):
        response = client.get(messages_url(conversation))

    assert response.status_code == 200
    body = response.json()
    assert len(body) == 12
    assert [(m["author"]["display_name"], m["body"]) for m in body[:2]] == [
        ("Alice", "Bonjour Bob"),
        ("Bob", "Bonjour Alice"),
    ]
    assert set(body[0]) == {"id", "author", "body", "created_at"}
    assert "email" not in body[0]["author"]


def test_a_participant_writes_a_message(alice, bob):
    conversation = open_conversation(alice, bob)
    response = api_as(bob).post(
        messages_url(conversation), {"body": "  Samedi à 10 h ?  "}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["body"] == "Samedi à 10 h ?"
    assert response.json()["author"] == {"id": bob.pk, "display_name": "Bob"}
    assert Message.objects.filter(author=bob).get().body == "Samedi à 10 h ?"


@pytest.mark.parametrize("body", ["", "   ", "x" * (MESSAGE_MAX_LENGTH + 1)])
def test_it_refuses_an_empty_or_too_long_message(alice, bob, body):
    conversation = open_conversation(alice, bob)
    response = api_as(bob).post(messages_url(conversation), {"body": body}, format="json")
    assert response.status_code == 400
    assert "body" in response.json()["errors"]
    assert Message.objects.count() == 1


def test_a_member_outside_the_conversation_gets_404(alice, bob, carol):
    conversation = open_conversation(alice, bob)
    assert api_as(carol).get(messages_url(conversation)).status_code == 404
    response = api_as(carol).post(messages_url(conversation), {"body": "Moi aussi"}, format="json")
    assert response.status_code == 404
    assert Message.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_dave_gets_404_on_every_conversation_endpoint(quartier, alice, bob, dave, method):
    swap = swaps.swap_create(quartier=quartier, author=alice, kind="offer", **swap_fields())
    exchange = swaps.swap_express_interest(swap=swap, member=bob, message="Bonjour")
    url = messages_url(exchange.conversation)
    response = getattr(api_as(dave), method)(url, {"body": "Je m'invite"}, format="json")
    assert response.status_code == 404
    assert "Bonjour" not in response.content.decode()
    assert list(Message.objects.values_list("body", flat=True)) == ["Bonjour"]
    assert api_as(dave).get("/api/v1/conversations/").json() == []


def test_an_unknown_conversation_is_404(alice):
    assert api_as(alice).get("/api/v1/conversations/999999/messages/").status_code == 404


def test_an_anonymous_visitor_reads_no_conversation(api, alice, bob):
    conversation = open_conversation(alice, bob)
    assert api.get(messages_url(conversation)).status_code in {401, 403}
    assert api.get("/api/v1/conversations/").status_code in {401, 403}


# --- Notifications ----------------------------------------------------------------------------


def notify(user, actor, title="Espagnol") -> Notification:
    return services.notification_create(
        user=user, kind="swap_interest", actor=actor, title=title, url="/swaps/1/"
    )


def test_a_resident_reads_their_own_notifications(alice, bob, carol, django_assert_max_num_queries):
    for n in range(10):
        notify(alice, bob if n % 2 else carol, title=f"Atelier {n}")
    notify(bob, alice, title="Pas pour Alice")
    client = api_as(alice)

    with django_assert_max_num_queries(1):
        response = client.get("/api/v1/me/notifications/")

    assert response.status_code == 200
    body = response.json()
    assert len(body) == 10
    assert body[0]["title"] == "Atelier 9"
    assert body[0]["actor"] == {"id": bob.pk, "display_name": "Bob"}
    assert (body[0]["kind"], body[0]["url"], body[0]["read_at"]) == (
        "swap_interest",
        "/swaps/1/",
        None,
    )
    assert "Pas pour Alice" not in [n["title"] for n in body]


def test_marking_some_notifications_read(alice, bob):
    first, second = notify(alice, bob), notify(alice, bob)
    bobs = notify(bob, alice)

    response = api_as(alice).post(
        "/api/v1/me/notifications/read/", {"ids": [first.pk, bobs.pk]}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"marked": 1}
    read = set(Notification.objects.filter(read_at__isnull=False).values_list("pk", flat=True))
    assert read == {first.pk}
    assert second.pk not in read


def test_marking_every_notification_read(alice, bob):
    notify(alice, bob)
    notify(alice, bob)
    bobs = notify(bob, alice)
    response = api_as(alice).post("/api/v1/me/notifications/read/", {}, format="json")
    assert response.json() == {"marked": 2}
    assert Notification.objects.filter(read_at__isnull=True).get() == bobs


def test_it_refuses_ids_that_are_not_numbers(alice, bob):
    notify(alice, bob)
    response = api_as(alice).post("/api/v1/me/notifications/read/", {"ids": ["all"]}, format="json")
    assert response.status_code == 400
    assert "ids" in response.json()["errors"]
    assert not Notification.objects.filter(read_at__isnull=False).exists()
