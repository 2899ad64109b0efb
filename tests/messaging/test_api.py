"""Conversations, messages and notifications through the API.

alice and bob are members of Croix-Rousse, carol coordinates it, dave belongs to no quartier of
theirs; erin, when a test needs her, is a member of another quartier only.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exchanges.swaps import services as swaps
from messaging import services
from messaging.models import (
    MESSAGE_MAX_LENGTH,
    Block,
    Conversation,
    Message,
    Notification,
    Participant,
    Report,
)
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership
from neighbourhood.quartiers.services import membership_leave
from tests.conftest import api_as
from tests.factories import MembershipFactory, UserFactory, swap_fields

pytestmark = pytest.mark.django_db

PAYLOAD_FIELDS = {
    "id",
    "conversation",
    "author",
    "relais",
    "body",
    "created_at",
    "edited",
    "deleted",
    "hidden",
}


@pytest.fixture(autouse=True)
def _english(quartier, alice, bob, carol, dave):
    for user in (alice, bob, carol, dave):
        user.language = "en"
        user.save(update_fields=["language"])


@pytest.fixture
def erin(db):
    user = UserFactory.create(email="erin@example.org", display_name="Erin", language="en")
    MembershipFactory.create(user=user)
    return user


@pytest.fixture
def thread(quartier, alice, bob) -> Conversation:
    """bob answers alice's swap: a thread of the two, in Croix-Rousse."""
    swap = swaps.swap_create(quartier=quartier, author=alice, kind="offer", **swap_fields())
    return swaps.swap_express_interest(
        swap=swap, member=bob, message="Bonjour Alice !"
    ).conversation


@pytest.fixture
def room(quartier) -> Conversation:
    return services.room_for(quartier=quartier)


@pytest.fixture
def direct(alice, bob) -> Conversation:
    return services.direct_open(sender=alice, recipient=bob)


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


def message_url(message) -> str:
    return f"/api/v1/conversations/{message.conversation_id}/messages/{message.pk}/"


def post(conversation, author, body) -> Message:
    return services.message_post(conversation=conversation, author=author, body=body)


# --- The list of conversations ---------------------------------------------------------------


def test_interest_in_a_swap_shows_up_in_both_conversation_lists(thread, alice, bob, carol):
    for someone, unread in ((alice, 1), (bob, 0)):
        response = api_as(someone).get("/api/v1/conversations/")
        assert response.status_code == 200
        [conversation] = response.json()
        assert conversation == {
            "id": thread.pk,
            "kind": "thread",
            "title": "Conversation en espagnol",
            "quartier": "croix-rousse",
            "last_message_at": conversation["last_message_at"],
            "unread": unread,
        }
        assert conversation["last_message_at"] is not None
    assert api_as(carol).get("/api/v1/conversations/").json() == []


def test_the_most_recently_active_conversation_comes_first(alice, bob, carol):
    older = open_conversation(alice, bob, title="Espagnol")
    open_conversation(alice, carol, title="Potager")
    post(older, bob, "Samedi ?")
    titles = [c["title"] for c in api_as(alice).get("/api/v1/conversations/").json()]
    assert titles == ["Espagnol", "Potager"]


def test_the_room_and_direct_messages_are_listed_for_those_who_read_them(
    room, direct, alice, bob, carol, dave
):
    rows = {c["kind"]: c for c in api_as(alice).get("/api/v1/conversations/").json()}
    assert rows["room"]["title"] == "Croix-Rousse"
    assert rows["room"]["quartier"] == "croix-rousse"
    assert rows["direct"]["quartier"] is None
    assert rows["direct"]["id"] == direct.pk
    assert [c["kind"] for c in api_as(carol).get("/api/v1/conversations/").json()] == ["room"]
    assert api_as(dave).get("/api/v1/conversations/").json() == []


def test_unread_counts_the_messages_of_others_after_my_marker(direct, alice, bob):
    post(direct, alice, "Le mien ne compte pas")
    first, second, third = (post(direct, bob, f"Message {n}") for n in range(3))

    def unread() -> int:
        [row] = api_as(alice).get("/api/v1/conversations/").json()
        return row["unread"]

    assert unread() == 3
    services.conversation_mark_read(conversation=direct, user=alice, last_read_id=first.pk)
    assert unread() == 2
    services.message_delete(message=second, actor=bob)  # gone: nothing left to read
    assert unread() == 1
    services.conversation_mark_read(conversation=direct, user=alice, last_read_id=third.pk)
    assert unread() == 0
    # Writing is reading: what came before my own message counts as read.
    post(direct, bob, "Encore")
    post(direct, alice, "Je réponds")
    assert unread() == 0


@pytest.mark.parametrize("count", [2, 10])
def test_the_conversation_list_does_not_grow_in_queries(
    quartier, alice, count, django_assert_max_num_queries
):
    services.room_for(quartier=quartier)
    for _ in range(count - 1):
        other = MembershipFactory.create(quartier=quartier).user
        conversation = open_conversation(alice, other)
        post(conversation, other, "Bonjour Alice")
    client = api_as(alice)

    # the quartiers I belong to, the conversations, my read markers, the unread counts
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/conversations/")

    assert len(response.json()) == count
    assert sorted(c["unread"] for c in response.json()) == [0] + [1] * (count - 1)


# --- The room of a quartier -------------------------------------------------------------------


def test_a_member_opens_the_room_of_the_quartier_created_on_first_use(quartier, alice, bob):
    response = api_as(alice).get("/api/v1/quartiers/croix-rousse/room/")

    assert response.status_code == 200
    room = Conversation.objects.get(kind="room")
    assert response.json() == {
        "id": room.pk,
        "kind": "room",
        "title": "Croix-Rousse",
        "quartier": "croix-rousse",
        "last_message_at": None,
        "unread": 0,
    }
    assert api_as(bob).get("/api/v1/quartiers/croix-rousse/room/").json()["id"] == room.pk
    assert Conversation.objects.filter(kind="room").count() == 1


def test_outsiders_get_404_on_the_room_and_open_nothing(quartier, dave, erin):
    for someone in (dave, erin):
        assert api_as(someone).get("/api/v1/quartiers/croix-rousse/room/").status_code == 404
    assert not Conversation.objects.exists()


def test_a_member_of_another_quartier_reads_and_writes_nothing_in_the_room(room, alice, erin):
    post(room, alice, "Bonjour le quartier")
    client = api_as(erin)
    response = client.get(messages_url(room))
    assert response.status_code == 404
    assert "Bonjour le quartier" not in response.content.decode()
    assert client.post(messages_url(room), {"body": "Et moi ?"}, format="json").status_code == 404
    assert Message.objects.count() == 1


def test_a_former_member_gets_404_on_the_room(quartier, room, alice):
    post(room, alice, "Au revoir")
    membership_leave(membership=Membership.objects.get(user=alice, quartier=quartier))
    client = api_as(alice)

    assert client.get("/api/v1/quartiers/croix-rousse/room/").status_code == 404
    assert client.get(messages_url(room)).status_code == 404
    assert client.post(messages_url(room), {"body": "Encore moi"}, format="json").status_code == 404
    assert client.get("/api/v1/conversations/").json() == []
    assert Message.objects.count() == 1


# --- Direct messages --------------------------------------------------------------------------


def test_a_member_opens_direct_messages_with_a_neighbour_once(alice, bob):
    response = api_as(alice).post("/api/v1/direct/", {"user_id": bob.pk}, format="json")

    assert response.status_code == 201, response.json()
    conversation = Conversation.objects.get(kind="direct")
    assert response.json()["id"] == conversation.pk
    assert (response.json()["kind"], response.json()["quartier"]) == ("direct", None)
    assert set(conversation.participants.values_list("user_id", flat=True)) == {alice.pk, bob.pk}
    # The same two people, whoever starts: the same conversation.
    again = api_as(bob).post("/api/v1/direct/", {"user_id": alice.pk}, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == conversation.pk
    assert Conversation.objects.count() == 1


def test_direct_messages_need_a_shared_quartier_and_reveal_no_ids(alice, dave):
    client = api_as(alice)
    stranger = client.post("/api/v1/direct/", {"user_id": dave.pk}, format="json")
    unknown = client.post("/api/v1/direct/", {"user_id": 999999}, format="json")

    for response in (stranger, unknown):
        assert response.status_code == 400
        assert response.json()["errors"] == {
            "user_id": ["You can write only to members of your quartiers."]
        }
    assert not Conversation.objects.exists()


@pytest.mark.parametrize("user_id", ["", "bob", None])
def test_direct_messages_need_a_user_id(alice, user_id):
    response = api_as(alice).post("/api/v1/direct/", {"user_id": user_id}, format="json")
    assert response.status_code == 400
    assert "user_id" in response.json()["errors"]
    assert not Conversation.objects.exists()


def test_nobody_opens_direct_messages_with_themselves(alice):
    response = api_as(alice).post("/api/v1/direct/", {"user_id": alice.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["user_id"] == ["Choose someone other than yourself."]
    assert not Conversation.objects.exists()


def test_a_third_member_gets_404_on_someone_elses_direct_messages(direct, alice, carol):
    message = post(direct, alice, "Entre nous")
    client = api_as(carol)
    urls_and_methods = [
        ("get", messages_url(direct), {}),
        ("post", messages_url(direct), {"body": "Coucou"}),
        ("patch", message_url(message), {"body": "Changé"}),
        ("delete", message_url(message), {}),
        ("post", message_url(message) + "hide/", {}),
        ("post", f"/api/v1/conversations/{direct.pk}/read/", {"last_read_id": message.pk}),
        ("post", f"/api/v1/conversations/{direct.pk}/mute/", {"muted": True}),
    ]
    for method, url, data in urls_and_methods:
        response = getattr(client, method)(url, data, format="json")
        assert response.status_code == 404, (method, url)
        assert "Entre nous" not in response.content.decode()
    message.refresh_from_db()
    assert (message.body, message.hidden_at, message.deleted_at) == ("Entre nous", None, None)
    assert not Participant.objects.filter(user=carol).exists()


def test_direct_messages_close_when_the_two_no_longer_share_a_quartier(quartier, direct, bob):
    membership_leave(membership=Membership.objects.get(user=bob, quartier=quartier))
    assert api_as(bob).get(messages_url(direct)).status_code == 404


# --- Reading the history ----------------------------------------------------------------------


def test_a_reader_gets_the_latest_messages_oldest_first(alice, bob, django_assert_max_num_queries):
    conversation = open_conversation(alice, bob, first_message="Bonjour Bob")
    post(conversation, bob, "Bonjour Alice")
    for n in range(10):
        post(conversation, alice if n % 2 else bob, f"{n}")
    client = api_as(bob)

    # the conversation, may bob read it (his participation, his quartiers), the messages
    with django_assert_max_num_queries(4):
        response = client.get(messages_url(conversation))

    assert response.status_code == 200
    body = response.json()
    assert (body["has_older"], body["has_newer"]) == (False, False)
    assert len(body["results"]) == 12
    assert [(m["author"]["display_name"], m["body"]) for m in body["results"][:2]] == [
        ("Alice", "Bonjour Bob"),
        ("Bob", "Bonjour Alice"),
    ]
    assert set(body["results"][0]) == PAYLOAD_FIELDS
    assert "email" not in body["results"][0]["author"]


def test_history_pages_back_and_forth_without_gaps(room, alice, bob):
    # Written straight to the table: 120 posts would trip the rate limit.
    start = timezone.now() - timedelta(hours=1)
    Message.objects.bulk_create(
        Message(conversation=room, author=alice if n % 2 else bob, body=f"n{n}", created_at=start)
        for n in range(120)
    )
    every_id = list(Message.objects.order_by("pk").values_list("pk", flat=True))
    client = api_as(alice)

    seen: list[int] = []
    url = messages_url(room) + "?limit=50"
    while True:
        page = client.get(url).json()
        seen = [m["id"] for m in page["results"]] + seen
        if not page["has_older"]:
            break
        url = messages_url(room) + f"?limit=50&before={page['results'][0]['id']}"
    assert seen == every_id

    # Catching up after a reconnection: forward from an id, page after page.
    caught: list[int] = []
    after = every_id[9]
    while True:
        page = client.get(messages_url(room) + f"?limit=50&after={after}").json()
        caught += [m["id"] for m in page["results"]]
        if not page["has_newer"]:
            break
        after = page["results"][-1]["id"]
    assert caught == every_id[10:]


def test_an_older_page_says_there_are_newer_messages(room, alice):
    for n in range(5):
        post(room, alice, f"n{n}")
    newest = Message.objects.latest("pk")
    page = api_as(alice).get(messages_url(room) + f"?before={newest.pk}&limit=2").json()
    assert [m["body"] for m in page["results"]] == ["n2", "n3"]
    assert (page["has_older"], page["has_newer"]) == (True, True)


@pytest.mark.parametrize(
    "query", ["?before=1&after=2", "?limit=0", "?limit=101", "?before=abc", "?after=-3"]
)
def test_it_refuses_a_history_it_cannot_page(room, alice, query):
    response = api_as(alice).get(messages_url(room) + query)
    assert response.status_code == 400
    assert response.json()["errors"]


# --- Writing ----------------------------------------------------------------------------------


def test_a_participant_writes_a_message(thread, bob):
    response = api_as(bob).post(
        messages_url(thread), {"body": "  Samedi à 10 h ?  "}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == PAYLOAD_FIELDS
    assert body["body"] == "Samedi à 10 h ?"
    assert body["author"] == {"id": bob.pk, "display_name": "Bob"}
    assert (body["edited"], body["deleted"], body["hidden"]) == (False, False, False)
    assert Message.objects.filter(author=bob).latest("pk").body == "Samedi à 10 h ?"


def test_a_member_writes_in_the_room_without_having_opened_it(room, carol):
    response = api_as(carol).post(messages_url(room), {"body": "Réunion jeudi"}, format="json")
    assert response.status_code == 201
    assert Message.objects.get().author == carol
    # Her own message counts as read.
    assert Participant.objects.get(user=carol).last_read_id == response.json()["id"]


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "Write a message first."),
        ("   ", "Write a message first."),
        ("x" * (MESSAGE_MAX_LENGTH + 1), "A message holds at most 4000 characters."),
    ],
)
def test_it_refuses_an_empty_or_too_long_message(thread, bob, body, error):
    response = api_as(bob).post(messages_url(thread), {"body": body}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"body": [error]}
    assert Message.objects.count() == 1


def test_the_21st_message_in_10_seconds_is_refused(room, alice):
    client = api_as(alice)
    for n in range(20):
        assert client.post(messages_url(room), {"body": f"{n}"}, format="json").status_code == 201

    response = client.post(messages_url(room), {"body": "Encore un"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["body"] == [
        "You are sending messages very fast: wait a few seconds, then try again."
    ]
    assert Message.objects.count() == 20


# --- Edit, delete, hide -----------------------------------------------------------------------


def test_the_author_changes_a_message(room, alice):
    message = post(room, alice, "Rendez-vous à 10 h")
    response = api_as(alice).patch(message_url(message), {"body": "À 11 h"}, format="json")

    assert response.status_code == 200
    assert (response.json()["body"], response.json()["edited"]) == ("À 11 h", True)
    message.refresh_from_db()
    assert message.body == "À 11 h"
    assert message.edited_at is not None


def test_nobody_else_changes_a_message(room, alice, carol):
    message = post(room, alice, "Rendez-vous à 10 h")
    for body in ("À midi", ""):
        response = api_as(carol).patch(message_url(message), {"body": body}, format="json")
        assert response.status_code == 403
    message.refresh_from_db()
    assert (message.body, message.edited_at) == ("Rendez-vous à 10 h", None)


@pytest.mark.parametrize("body", ["", "x" * (MESSAGE_MAX_LENGTH + 1)])
def test_a_change_to_an_empty_or_too_long_message_is_refused(room, alice, body):
    message = post(room, alice, "Rendez-vous à 10 h")
    response = api_as(alice).patch(message_url(message), {"body": body}, format="json")
    assert response.status_code == 400
    assert "body" in response.json()["errors"]
    message.refresh_from_db()
    assert (message.body, message.edited_at) == ("Rendez-vous à 10 h", None)


def test_a_deleted_message_can_no_longer_be_changed(room, alice):
    message = services.message_delete(message=post(room, alice, "Oups"), actor=alice)
    response = api_as(alice).patch(message_url(message), {"body": "Revenu"}, format="json")
    assert response.status_code == 400
    message.refresh_from_db()
    assert message.body == ""


def test_the_author_deletes_a_message_and_its_place_stays(room, alice, bob):
    message = post(room, alice, "Oups, pas ici")
    assert api_as(bob).delete(message_url(message)).status_code == 403
    message.refresh_from_db()
    assert message.deleted_at is None

    response = api_as(alice).delete(message_url(message))

    assert response.status_code == 200
    assert (response.json()["deleted"], response.json()["body"]) == (True, "")
    message.refresh_from_db()
    assert (message.body, message.deleted_at is not None) == ("", True)
    [shown] = api_as(bob).get(messages_url(room)).json()["results"]
    assert (shown["id"], shown["deleted"], shown["body"]) == (message.pk, True, "")


def test_a_coordinator_hides_a_message_and_a_member_may_not(room, alice, bob, carol):
    message = post(room, alice, "Quelque chose de blessant")
    assert api_as(bob).post(message_url(message) + "hide/").status_code == 403
    assert api_as(alice).post(message_url(message) + "hide/").status_code == 403
    message.refresh_from_db()
    assert message.hidden_at is None

    response = api_as(carol).post(message_url(message) + "hide/")

    assert response.status_code == 200
    assert (response.json()["hidden"], response.json()["body"]) == (True, "")
    message.refresh_from_db()
    assert (message.hidden_by, message.hidden_at is not None) == (carol, True)
    [shown] = api_as(bob).get(messages_url(room)).json()["results"]
    assert (shown["hidden"], shown["body"]) == (True, "")
    assert "blessant" not in api_as(alice).get(messages_url(room)).content.decode()


def test_nobody_hides_a_direct_message(direct, alice, bob):
    message = post(direct, bob, "Bonjour")
    assert api_as(alice).post(message_url(message) + "hide/").status_code == 403
    message.refresh_from_db()
    assert message.hidden_at is None


def test_a_message_of_another_conversation_is_404_here(room, direct, alice):
    elsewhere = post(direct, alice, "Ailleurs")
    url = f"/api/v1/conversations/{room.pk}/messages/{elsewhere.pk}/"
    assert api_as(alice).patch(url, {"body": "Ici"}, format="json").status_code == 404
    assert api_as(alice).delete(url).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.body == "Ailleurs"


# --- Read markers and mute --------------------------------------------------------------------


def test_marking_a_conversation_read_moves_my_marker_forward_only(direct, alice, bob):
    first, second = post(direct, bob, "Un"), post(direct, bob, "Deux")
    url = f"/api/v1/conversations/{direct.pk}/read/"
    client = api_as(alice)

    assert client.post(url, {"last_read_id": second.pk}, format="json").json() == {
        "last_read_id": second.pk
    }
    assert client.post(url, {"last_read_id": first.pk}, format="json").json() == {
        "last_read_id": second.pk
    }
    assert Participant.objects.get(conversation=direct, user=alice).last_read_id == second.pk
    [row] = client.get("/api/v1/conversations/").json()
    assert row["unread"] == 0


@pytest.mark.parametrize("data", [{}, {"last_read_id": "x"}, {"last_read_id": -1}])
def test_it_refuses_a_read_marker_that_is_not_an_id(direct, alice, bob, data):
    post(direct, bob, "Un")
    response = api_as(alice).post(f"/api/v1/conversations/{direct.pk}/read/", data, format="json")
    assert response.status_code == 400
    assert "last_read_id" in response.json()["errors"]
    assert Participant.objects.get(conversation=direct, user=alice).last_read_id == 0


def test_muting_and_unmuting_a_conversation(room, alice):
    url = f"/api/v1/conversations/{room.pk}/mute/"
    client = api_as(alice)
    assert client.post(url, {"muted": True}, format="json").json() == {"muted": True}
    assert Participant.objects.get(conversation=room, user=alice).muted is True
    assert client.post(url, {"muted": False}, format="json").json() == {"muted": False}
    assert Participant.objects.get(conversation=room, user=alice).muted is False

    response = client.post(url, {"muted": "perhaps"}, format="json")
    assert response.status_code == 400
    assert "muted" in response.json()["errors"]


# --- Who may not read -------------------------------------------------------------------------


def every_endpoint_of(conversation, message) -> list[tuple[str, str, dict]]:
    return [
        ("get", messages_url(conversation), {}),
        ("post", messages_url(conversation), {"body": "Je m'invite"}),
        ("patch", message_url(message), {"body": "Changé"}),
        ("delete", message_url(message), {}),
        ("post", message_url(message) + "hide/", {}),
        ("post", message_url(message) + "report/", {"reason": "Spam"}),
        ("post", f"/api/v1/conversations/{conversation.pk}/read/", {"last_read_id": message.pk}),
        ("post", f"/api/v1/conversations/{conversation.pk}/mute/", {"muted": True}),
    ]


@pytest.mark.parametrize("kind", ["thread", "room", "direct"])
def test_dave_gets_404_on_every_conversation_endpoint(request, alice, dave, kind):
    conversation = request.getfixturevalue(kind)
    message = post(conversation, alice, "Bonjour")
    before = list(Message.objects.values_list("pk", "body", "hidden_at", "deleted_at"))
    client = api_as(dave)
    for method, url, data in every_endpoint_of(conversation, message):
        response = getattr(client, method)(url, data, format="json")
        assert response.status_code == 404, (method, url)
        assert "Bonjour" not in response.content.decode()
    assert client.get("/api/v1/quartiers/croix-rousse/room/").status_code == 404
    assert client.post("/api/v1/direct/", {"user_id": alice.pk}, format="json").status_code == 400
    assert list(Message.objects.values_list("pk", "body", "hidden_at", "deleted_at")) == before
    assert not Participant.objects.filter(user=dave).exists()
    assert client.get("/api/v1/conversations/").json() == []


def test_an_unknown_conversation_or_message_is_404(room, alice):
    client = api_as(alice)
    assert client.get("/api/v1/conversations/999999/messages/").status_code == 404
    assert client.delete(f"/api/v1/conversations/{room.pk}/messages/999999/").status_code == 404


def test_an_anonymous_visitor_reads_no_conversation(api, room, thread):
    assert api.get(messages_url(thread)).status_code in {401, 403}
    assert api.get("/api/v1/conversations/").status_code in {401, 403}
    assert api.get("/api/v1/quartiers/croix-rousse/room/").status_code in {401, 403}
    assert api.post("/api/v1/direct/", {"user_id": 1}, format="json").status_code in {401, 403}


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


def test_reports_and_blocks_through_the_api(quartier, alice, bob, carol, dave):
    from messaging.models import Block, Report

    room = services.room_for(quartier=quartier)
    message = services.message_post(conversation=room, author=bob, body="Publicité")
    report_url = f"/api/v1/conversations/{room.pk}/messages/{message.pk}/report/"
    assert api_as(dave).post(report_url, {}, format="json").status_code == 404
    assert api_as(alice).post(report_url, {"reason": "Spam"}, format="json").status_code == 201
    assert api_as(alice).post(report_url, {}, format="json").status_code == 400
    reports_url = f"/api/v1/quartiers/{quartier.slug}/reports/"
    assert api_as(alice).get(reports_url).status_code == 403
    assert api_as(dave).get(reports_url).status_code == 404
    [report] = api_as(carol).get(reports_url).json()
    assert report["reason"] == "Spam" and report["message"]["body"] == "Publicité"
    assert report["message"]["author"] == {"id": bob.pk, "display_name": bob.public_name}
    hidden = api_as(carol).post(f"{reports_url}{report['id']}/hide/")
    assert hidden.status_code == 200 and hidden.json()["hidden"]
    assert Report.objects.count() == 1

    assert (
        api_as(alice).post("/api/v1/blocks/", {"user_id": bob.pk}, format="json").status_code == 201
    )
    refused = api_as(bob).post("/api/v1/direct/", {"user_id": alice.pk}, format="json")
    assert refused.status_code == 400 and "user_id" in refused.json()["errors"]
    assert (
        api_as(alice).post("/api/v1/blocks/", {"user_id": alice.pk}, format="json").status_code
        == 400
    )
    assert api_as(alice).delete(f"/api/v1/blocks/{bob.pk}/").status_code == 204
    assert not Block.objects.exists()
    assert (
        api_as(bob).post("/api/v1/direct/", {"user_id": alice.pk}, format="json").status_code == 201
    )


def test_unread_counts_per_conversation_and_in_all(quartier, alice, bob, carol):
    room = services.room_for(quartier=quartier)
    direct = services.direct_open(sender=bob, recipient=alice)
    services.message_post(conversation=room, author=bob, body="Un")
    services.message_post(conversation=room, author=carol, body="Deux")
    services.message_post(conversation=direct, author=bob, body="Trois")
    body = api_as(alice).get("/api/v1/me/unread/").json()
    assert body["messages"] == 3
    assert body["conversations"] == {str(room.pk): 2, str(direct.pk): 1}
    services.conversation_mark_read(conversation=room, user=alice, last_read_id=10**9)
    assert api_as(alice).get("/api/v1/me/unread/").json()["messages"] == 1


def test_the_reports_list_names_the_reported_messages_author(quartier, room, alice, bob, carol):
    message = post(room, bob, "Publicité")
    services.message_report(message=message, reporter=alice, reason="Spam")
    [report] = api_as(carol).get(f"/api/v1/quartiers/{quartier.slug}/reports/").json()
    assert report["message"]["author"] == {"id": bob.pk, "display_name": "Bob"}
    assert report["reporter"] == {"id": alice.pk, "display_name": "Alice"}
    assert set(report["message"]) == PAYLOAD_FIELDS


def test_dave_gets_404_and_a_member_403_on_a_reports_hide(quartier, room, alice, bob, dave):
    message = post(room, bob, "Publicité")
    report = services.message_report(message=message, reporter=alice, reason="Spam")
    url = f"/api/v1/quartiers/{quartier.slug}/reports/{report.pk}/hide/"
    assert api_as(dave).post(url).status_code == 404
    assert api_as(alice).post(url).status_code == 403
    assert not Report.objects.filter(message__hidden_at__isnull=False).exists()


def test_blocking_a_stranger_reads_the_same_as_blocking_an_unknown_id(alice, dave, erin):
    nobody = User.objects.aggregate(top=Max("pk"))["top"] + 1000
    client = api_as(alice)
    stranger = client.post("/api/v1/blocks/", {"user_id": dave.pk}, format="json")
    unknown = client.post("/api/v1/blocks/", {"user_id": nobody}, format="json")
    elsewhere = client.post("/api/v1/blocks/", {"user_id": erin.pk}, format="json")
    assert stranger.status_code == unknown.status_code == elsewhere.status_code == 400
    assert stranger.json() == unknown.json() == elsewhere.json()
    assert "user_id" in stranger.json()["errors"]
    assert not Block.objects.exists()


def test_blocking_a_stranger_and_an_unknown_id_ask_the_database_the_same(alice, dave):
    # The same queries, so the time an answer takes says nothing either.
    nobody = User.objects.aggregate(top=Max("pk"))["top"] + 1000
    client = api_as(alice)
    client.get("/api/v1/me/")  # the token's first use is recorded once, before we count
    asked = []
    for user_id in (dave.pk, nobody):
        with CaptureQueriesContext(connection) as queries:
            client.post("/api/v1/blocks/", {"user_id": user_id}, format="json")
        asked.append([re.sub(r"\d+", "N", query["sql"]) for query in queries])
    assert asked[0] == asked[1]


def test_writing_to_a_stranger_and_to_an_unknown_id_read_and_ask_the_same(alice, dave):
    nobody = User.objects.aggregate(top=Max("pk"))["top"] + 1000
    client = api_as(alice)
    client.get("/api/v1/me/")  # the token's first use is recorded once, before we count
    answers, asked = [], []
    for user_id in (dave.pk, nobody):
        with CaptureQueriesContext(connection) as queries:
            answers.append(client.post("/api/v1/direct/", {"user_id": user_id}, format="json"))
        asked.append([re.sub(r"\d+", "N", query["sql"]) for query in queries])
    assert [answer.status_code for answer in answers] == [400, 400]
    assert answers[0].json() == answers[1].json()
    assert asked[0] == asked[1]
    assert not Conversation.objects.filter(kind="direct").exists()


def test_one_may_block_someone_met_in_a_conversation_after_they_left(direct, alice, bob):
    membership_leave(membership=Membership.objects.get(user=bob))
    response = api_as(alice).post("/api/v1/blocks/", {"user_id": bob.pk}, format="json")
    assert response.status_code == 201
    assert Block.objects.filter(blocker=alice, blocked=bob).exists()


def test_lifting_a_block_that_is_not_there_changes_nothing(alice, bob, dave):
    services.user_block(blocker=alice, blocked_id=bob.pk)
    assert api_as(alice).delete(f"/api/v1/blocks/{dave.pk}/").status_code == 204
    assert api_as(alice).delete("/api/v1/blocks/999999/").status_code == 204
    assert api_as(bob).delete(f"/api/v1/blocks/{alice.pk}/").status_code == 204
    assert Block.objects.filter(blocker=alice, blocked=bob).exists()
