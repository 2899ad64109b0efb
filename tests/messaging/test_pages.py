"""Conversations and notifications, used as a resident would: plain forms, no JavaScript.

alice and bob are members of Croix-Rousse, carol coordinates it, dave belongs to no quartier of
theirs; erin, when a test needs her, is a member of another quartier only.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils import timezone

from exchanges.swaps import services as swaps
from messaging import services
from messaging.context_processors import unread_notifications
from messaging.models import Conversation, Message, Notification, Participant
from messaging.unread_badge import unread_badge_count, unread_badge_key
from neighbourhood.quartiers.models import Membership
from neighbourhood.quartiers.services import membership_leave
from tests.confirmations import asks_first_then_does
from tests.factories import MembershipFactory, UserFactory, swap_fields

pytestmark = pytest.mark.django_db


def client_for(user, language: str = "en") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def erin(db):
    user = UserFactory.create(email="erin@example.org", display_name="Erin")
    MembershipFactory.create(user=user)
    return user


@pytest.fixture
def swap(quartier, alice):
    return swaps.swap_create(quartier=quartier, author=alice, kind="offer", **swap_fields())


@pytest.fixture
def exchange(swap, bob):
    """bob answers alice's offer: a conversation between the two, and a notification for alice."""
    return swaps.swap_express_interest(swap=swap, member=bob, message="Bonjour Alice !")


@pytest.fixture
def conversation(exchange) -> Conversation:
    return exchange.conversation


@pytest.fixture
def room(quartier) -> Conversation:
    return services.room_for(quartier=quartier)


@pytest.fixture
def direct(alice, bob) -> Conversation:
    return services.direct_open(sender=alice, recipient=bob)


def url_of(conversation) -> str:
    return f"/conversations/{conversation.pk}/"


def message_url(message, action: str) -> str:
    return f"/conversations/{message.conversation_id}/messages/{message.pk}/{action}/"


def post(conversation, author, body) -> Message:
    return services.message_post(conversation=conversation, author=author, body=body)


def many_messages(conversation, authors, count: int) -> list[Message]:
    # Written straight to the table: posting them would trip the rate limit.
    start = timezone.now() - timedelta(hours=1)
    Message.objects.bulk_create(
        Message(
            conversation=conversation,
            author=authors[n % len(authors)],
            body=f"Message {n}",
            created_at=start + timedelta(seconds=n),
        )
        for n in range(count)
    )
    return list(Message.objects.filter(conversation=conversation).order_by("pk"))


# --- The list of conversations ---------------------------------------------------------------


def test_my_conversations_are_listed_with_who_and_when(conversation, alice, dave):
    page = client_for(alice).get("/conversations/").content.decode()
    assert f'<a href="{url_of(conversation)}">Conversation en espagnol</a>' in page
    assert '<span class="badge">Thread</span>' in page
    assert "<p>With: Bob</p>" in page
    assert "<strong>1 unread message</strong>" in page
    assert "last message" in page

    page = client_for(dave).get("/conversations/").content.decode()
    assert "Conversation en espagnol" not in page
    assert "You have no conversation yet." in page


def test_the_list_says_in_words_how_many_messages_are_unread(room, direct, alice, bob, carol):
    for n in range(3):
        post(room, carol, f"Réunion {n}")
    post(direct, bob, "Coucou")
    page = client_for(alice).get("/conversations/").content.decode()

    assert '<span class="badge">Quartier room</span>' in page
    assert '<span class="badge">Direct messages</span>' in page
    assert "<strong>3 unread messages</strong>" in page
    assert "<strong>1 unread message</strong>" in page
    # A room does not list the whole quartier as "With:".
    assert page.count("With:") == 1 and "<p>With: Bob</p>" in page

    client_for(alice).get(url_of(room))  # reading it
    page = client_for(alice).get("/conversations/").content.decode()
    assert "3 unread messages" not in page


@pytest.mark.parametrize("count", [2, 10])
def test_the_conversation_list_does_not_grow_in_queries(
    quartier, alice, count, django_assert_max_num_queries
):
    services.room_for(quartier=quartier)
    for _ in range(count - 1):
        other = MembershipFactory.create(quartier=quartier).user
        thread = services.conversation_open(
            title="Potager", subject=None, participants=[other], started_by=alice
        )
        post(thread, other, "Bonjour Alice")
    client = client_for(alice)

    # session, user, my quartiers, the conversations, their people, my read markers, the
    # unread counts, the unread notifications
    with django_assert_max_num_queries(8):
        page = client.get("/conversations/").content.decode()

    assert page.count('<li class="card">') == count
    assert page.count("<strong>1 unread message</strong>") == count - 1
    assert f"{count - 1} unread message" in page  # and the total, at the top


# --- A conversation --------------------------------------------------------------------------


def test_a_participant_reads_the_conversation_oldest_first(conversation, alice, bob):
    Message.objects.create(conversation=conversation, author=alice, body="Avec plaisir, samedi ?")
    response = client_for(alice).get(url_of(conversation))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Conversation en espagnol</h1>" in page
    assert page.index("Bonjour Alice !") < page.index("Avec plaisir, samedi ?")
    assert '<ol class="thread" id="messages" aria-live="polite">' in page
    assert "<li>Alice (you)</li>" in page and "<li>Bob</li>" in page
    # The conversation says what it is about.
    assert f'<a href="{conversation.subject.get_absolute_url()}">' in page
    assert "Older messages" not in page


def test_a_participant_posts_a_message_and_comes_back_to_it(conversation, bob):
    response = client_for(bob).post(url_of(conversation), {"body": "  À samedi, 10 h.  "})
    assert response.status_code == 302
    assert response["Location"] == f"{url_of(conversation)}#latest"
    message = Message.objects.latest("created_at", "id")
    assert (message.author, message.body) == (bob, "À samedi, 10 h.")
    page = client_for(bob).get(url_of(conversation)).content.decode()
    assert f'<li class="card message" id="message-{message.pk}">' in page
    assert page.index('id="latest"') < page.index("À samedi, 10 h.")


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "Write a message first."),
        ("   \n  ", "Write a message first."),
        ("x" * 4001, "Ensure this value has at most 4000 characters (it has 4001)."),
    ],
)
def test_an_empty_or_too_long_message_is_refused_and_nothing_is_stored(
    conversation, alice, body, error
):
    before = Message.objects.count()
    response = client_for(alice).post(url_of(conversation), {"body": body})
    assert response.status_code == 400
    page = response.content.decode()
    assert error in page
    assert 'id="id_body_errors"' in page and 'aria-invalid="true"' in page
    assert Message.objects.count() == before
    # The thread is still there above the form.
    assert "Bonjour Alice !" in page


def test_the_21st_message_in_10_seconds_is_refused_next_to_the_field(room, alice):
    client = client_for(alice)
    for n in range(20):
        assert client.post(url_of(room), {"body": f"Message {n}"}).status_code == 302

    response = client.post(url_of(room), {"body": "Encore un"})

    assert response.status_code == 400
    page = response.content.decode()
    assert (
        '<ul class="errorlist" id="id_body_errors"><li>You are sending messages very fast' in page
    )
    assert Message.objects.count() == 20


def test_a_message_is_shown_as_text_with_its_links_and_line_breaks(conversation, bob):
    client = client_for(bob)
    client.post(
        url_of(conversation),
        {"body": '<script>alert("x")</script>\nVoir https://example.org/plan'},
    )
    page = client.get(url_of(conversation)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>" in page
    assert '<a href="https://example.org/plan" rel="nofollow">https://example.org/plan</a>' in page


def test_deleted_and_hidden_messages_keep_their_place_but_not_their_text(room, alice, bob, carol):
    edited = post(room, alice, "Rendez-vous à 10 h")
    services.message_edit(message=edited, actor=alice, body="Rendez-vous à 11 h")
    deleted = services.message_delete(message=post(room, alice, "Un secret"), actor=alice)
    hidden = services.message_hide(message=post(room, bob, "Une insulte"), actor=carol)

    page = client_for(bob).get(url_of(room)).content.decode()

    assert 'Rendez-vous à 11 h <span class="meta">(edited)</span>' in page
    assert "Un secret" not in page and "Une insulte" not in page
    assert "<em>Message deleted</em>" in page
    assert "<em>Hidden by a coordinator</em>" in page
    assert page.index(f'id="message-{deleted.pk}"') < page.index(f'id="message-{hidden.pk}"')


def test_only_my_own_messages_have_edit_and_delete(room, alice, bob):
    mine, theirs = post(room, alice, "Le mien"), post(room, bob, "Le sien")
    gone = services.message_delete(message=post(room, alice, "Parti"), actor=alice)

    page = client_for(alice).get(url_of(room)).content.decode()

    assert f'href="{message_url(mine, "edit")}"' in page
    assert f'href="{message_url(mine, "delete")}"' in page
    for message in (theirs, gone):
        assert message_url(message, "edit") not in page
        assert message_url(message, "delete") not in page
    assert "/hide/" not in page


def test_a_coordinator_has_a_hide_button_on_each_visible_message(room, alice, carol):
    message = post(room, alice, "Bonjour")
    page = client_for(carol).get(url_of(room)).content.decode()
    assert f'action="{message_url(message, "hide")}"' in page
    assert 'Hide<span class="visually-hidden"> the message of Alice</span>' in page


def test_older_messages_are_a_link_away_without_gaps(room, alice, bob):
    every = many_messages(room, [alice, bob], 120)
    client = client_for(alice)

    seen: list[int] = []
    url = url_of(room)
    for _page in range(3):
        response = client.get(url)
        history = response.context["history"]
        seen = [m.pk for m in history.messages] + seen
        if not history.has_older:
            break
        first = history.messages[0].pk
        assert f'href="?before={first}">Older messages</a>' in response.content.decode()
        url = f"{url_of(room)}?before={first}"

    assert seen == [m.pk for m in every]
    page = client.get(f"{url_of(room)}?before={every[50].pk}").content.decode()
    assert "Message 49" in page and "Message 50" not in page
    assert f'href="?after={every[49].pk}">Newer messages</a>' in page
    assert "Back to the latest messages" in page
    assert "Message 119" not in page


def test_newer_messages_follow_on_without_gaps(room, alice, bob):
    every = many_messages(room, [alice, bob], 60)
    response = client_for(alice).get(f"{url_of(room)}?after={every[4].pk}")
    assert [m.pk for m in response.context["history"].messages] == [m.pk for m in every[5:55]]
    response = client_for(alice).get(f"{url_of(room)}?after={every[54].pk}")
    assert [m.pk for m in response.context["history"].messages] == [m.pk for m in every[55:]]
    assert "Newer messages" not in response.content.decode()


def test_a_changed_page_link_shows_the_latest_messages(room, alice):
    post(room, alice, "Dernier")
    for query in ("?before=abc", "?before=1&after=1", "?after=-2"):
        response = client_for(alice).get(url_of(room) + query)
        assert response.status_code == 200
        assert "Dernier" in response.content.decode()


def test_opening_a_conversation_marks_it_read_up_to_the_newest_message_shown(room, alice, bob):
    every = many_messages(room, [bob], 80)
    client = client_for(alice)

    client.get(f"{url_of(room)}?before={every[40].pk}")
    assert Participant.objects.get(conversation=room, user=alice).last_read_id == every[39].pk

    client.get(url_of(room))
    assert Participant.objects.get(conversation=room, user=alice).last_read_id == every[-1].pk

    # An older page does not move the marker back.
    client.get(f"{url_of(room)}?before={every[10].pk}")
    assert Participant.objects.get(conversation=room, user=alice).last_read_id == every[-1].pk


def test_muting_and_unmuting_a_conversation(room, alice):
    client = client_for(alice)
    assert "Mute this conversation" in client.get(url_of(room)).content.decode()

    response = client.post(f"{url_of(room)}mute/", {"muted": "true"}, follow=True)

    assert response.redirect_chain == [(url_of(room), 302)]
    page = response.content.decode()
    assert "This conversation is muted." in page
    assert "You have muted this conversation." in page and "Unmute this conversation" in page
    assert Participant.objects.get(conversation=room, user=alice).muted is True

    page = client.post(f"{url_of(room)}mute/", {"muted": "false"}, follow=True).content.decode()
    assert "This conversation is no longer muted." in page
    assert Participant.objects.get(conversation=room, user=alice).muted is False


def test_the_conversation_page_does_not_grow_in_queries(
    room, alice, bob, django_assert_max_num_queries
):
    client = client_for(alice)
    many_messages(room, [bob], 1)
    client.get(url_of(room))  # the first visit creates her read marker
    counts = []
    for total in (2, 50):
        many_messages(room, [alice, bob], total - Message.objects.count())
        # session, user, conversation, her quartiers, messages, the read marker (savepoint,
        # her quartiers again, the newest message, the marker, its update, release), a
        # coordinator?, muted?, the unread notifications
        with django_assert_max_num_queries(14) as captured:
            page = client.get(url_of(room)).content.decode()
        counts.append(len(captured))
        assert page.count('<li class="card message"') == total
    assert counts[0] == counts[1]


def test_a_thread_page_does_not_grow_in_queries(
    conversation, alice, bob, django_assert_max_num_queries
):
    client = client_for(alice)
    many_messages(conversation, [alice, bob], 60)
    # session, user, conversation, her rights (participation, quartiers), messages, the read
    # marker (savepoint, her rights again, the newest message, the marker, its update, release),
    # subject, participants, a coordinator?, muted?, the unread notifications
    with django_assert_max_num_queries(18):
        page = client.get(url_of(conversation)).content.decode()
    assert "Message 59" in page


# --- Edit, delete, hide ----------------------------------------------------------------------


def test_the_author_changes_a_message_on_its_own_page(room, alice):
    message = post(room, alice, "Rendez-vous à 10 h")
    client = client_for(alice)
    page = client.get(message_url(message, "edit")).content.decode()
    assert "<h1>Change your message</h1>" in page
    assert ">\nRendez-vous à 10 h</textarea>" in page

    response = client.post(message_url(message, "edit"), {"body": "Rendez-vous à 11 h"})

    assert response.status_code == 302
    assert response["Location"] == f"{url_of(room)}#message-{message.pk}"
    message.refresh_from_db()
    assert (message.body, message.edited_at is not None) == ("Rendez-vous à 11 h", True)


def test_an_empty_change_is_refused_and_nothing_changes(room, alice):
    message = post(room, alice, "Rendez-vous à 10 h")
    response = client_for(alice).post(message_url(message, "edit"), {"body": "  "})
    assert response.status_code == 400
    assert "Write a message first." in response.content.decode()
    message.refresh_from_db()
    assert (message.body, message.edited_at) == ("Rendez-vous à 10 h", None)


def test_nobody_else_changes_or_deletes_a_message(room, alice, bob, carol):
    message = post(room, alice, "Rendez-vous à 10 h")
    for someone in (bob, carol):
        client = client_for(someone)
        assert client.get(message_url(message, "edit")).status_code == 403
        assert client.post(message_url(message, "edit"), {"body": "Non"}).status_code == 403
        assert client.post(message_url(message, "delete")).status_code == 403
    message.refresh_from_db()
    assert (message.body, message.edited_at, message.deleted_at) == (
        "Rendez-vous à 10 h",
        None,
        None,
    )


def test_the_author_deletes_a_message(room, alice):
    message = post(room, alice, "Oups")
    client = client_for(alice)
    asks = client.get(message_url(message, "delete")).content.decode()
    assert "Delete your message?" in asks and "No, go back" in asks
    message.refresh_from_db()
    assert message.deleted_at is None

    response = client.post(message_url(message, "delete"), follow=True)

    assert response.redirect_chain == [(f"{url_of(room)}#message-{message.pk}", 302)]
    page = response.content.decode()
    assert "Your message is deleted." in page and "<em>Message deleted</em>" in page
    message.refresh_from_db()
    assert (message.body, message.deleted_at is not None) == ("", True)


def test_a_coordinator_hides_a_message_and_members_may_not(room, alice, bob, carol):
    message = post(room, alice, "Quelque chose de blessant")
    for someone in (alice, bob):
        assert client_for(someone).post(message_url(message, "hide")).status_code == 403
    message.refresh_from_db()
    assert message.hidden_at is None

    response = client_for(carol).post(message_url(message, "hide"), follow=True)

    page = response.content.decode()
    assert "The message is hidden from everyone." in page
    assert "blessant" not in page and "<em>Hidden by a coordinator</em>" in page
    message.refresh_from_db()
    assert message.hidden_by == carol


# --- The room of a quartier, and direct messages ---------------------------------------------


def test_a_member_finds_the_room_from_the_quartier_page(quartier, alice):
    client = client_for(alice)
    page = client.get("/quartiers/croix-rousse/").content.decode()
    assert '<a href="/quartiers/croix-rousse/room/">The quartier\'s room</a>' in page

    response = client.get("/quartiers/croix-rousse/room/")

    room = Conversation.objects.get(kind="room", quartier=quartier)
    assert response.status_code == 302
    assert response["Location"] == url_of(room)
    page = client.get(url_of(room)).content.decode()
    assert "<h1>Croix-Rousse</h1>" in page
    assert '<span class="badge">Quartier room</span>' in page
    assert "In this conversation" not in page  # the people of a room are the quartier
    # The same room for everyone, every time.
    client.get("/quartiers/croix-rousse/room/")
    assert Conversation.objects.filter(kind="room").count() == 1


def test_outsiders_have_no_room_link_and_get_404_on_the_room(quartier, dave, erin):
    for someone in (dave, erin):
        client = client_for(someone)
        assert "/room/" not in client.get("/quartiers/croix-rousse/").content.decode()
        assert client.get("/quartiers/croix-rousse/room/").status_code == 404
    assert not Conversation.objects.exists()


def test_a_former_member_gets_404_on_the_room(quartier, room, alice):
    post(room, alice, "Au revoir")
    membership_leave(membership=Membership.objects.get(user=alice, quartier=quartier))
    client = client_for(alice)
    assert client.get("/quartiers/croix-rousse/room/").status_code == 404
    response = client.get(url_of(room))
    assert response.status_code == 404
    assert "Au revoir" not in response.content.decode()
    assert client.post(url_of(room), {"body": "Encore moi"}).status_code == 404
    assert Message.objects.count() == 1


def test_a_member_writes_to_a_neighbour_from_the_member_list(alice, bob):
    client = client_for(alice)
    page = client.get("/quartiers/croix-rousse/members/").content.decode()
    assert f'action="/conversations/direct/{bob.pk}/"' in page
    assert "Write to Bob</button>" in page
    assert "Write to Alice" not in page and f"/conversations/direct/{alice.pk}/" not in page

    response = client.post(f"/conversations/direct/{bob.pk}/")

    direct = Conversation.objects.get(kind="direct")
    assert response.status_code == 302
    assert response["Location"] == url_of(direct)
    page = client.get(url_of(direct)).content.decode()
    assert '<span class="badge">Direct messages</span>' in page
    assert "<li>Alice (you)</li>" in page and "<li>Bob\n" in page
    assert "Block Bob</button>" in page
    # Writing again, from either side, leads to the same conversation.
    assert client_for(bob).post(f"/conversations/direct/{alice.pk}/")["Location"] == url_of(direct)
    assert Conversation.objects.count() == 1


@pytest.mark.parametrize("whom", ["dave", "unknown", "alice"])
def test_direct_messages_are_refused_without_a_shared_quartier(request, alice, dave, whom):
    user_id = {"dave": dave.pk, "unknown": 999999, "alice": alice.pk}[whom]
    client = client_for(alice)

    response = client.post(
        f"/conversations/direct/{user_id}/", {"next": "/quartiers/croix-rousse/members/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/quartiers/croix-rousse/members/"
    page = client.get(response["Location"]).content.decode()
    if whom == "alice":
        assert "Choose someone other than yourself." in page
    else:
        assert "You can write only to members of your quartiers." in page
    assert not Conversation.objects.exists()


def test_a_refusal_never_sends_anyone_off_the_site(alice, dave):
    response = client_for(alice).post(
        f"/conversations/direct/{dave.pk}/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/conversations/"


def test_opening_direct_messages_takes_a_post(alice, bob):
    assert client_for(alice).get(f"/conversations/direct/{bob.pk}/").status_code == 405
    assert not Conversation.objects.exists()


def test_a_third_member_gets_404_on_someone_elses_direct_messages(direct, alice, carol):
    message = post(direct, alice, "Entre nous")
    client = client_for(carol)
    response = client.get(url_of(direct))
    assert response.status_code == 404
    assert "Entre nous" not in response.content.decode()
    assert client.post(url_of(direct), {"body": "Coucou"}).status_code == 404
    assert client.get(message_url(message, "edit")).status_code == 404
    assert client.post(message_url(message, "hide")).status_code == 404
    assert Message.objects.count() == 1


# --- Who may not read ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["conversation", "room", "direct"])
def test_dave_gets_404_on_every_page_of_a_conversation(request, alice, dave, kind):
    conversation = request.getfixturevalue(kind)
    message = post(conversation, alice, "Bonjour")
    before = list(Message.objects.values_list("pk", "body", "hidden_at", "deleted_at"))
    client = client_for(dave)
    pages = [
        ("get", url_of(conversation), {}),
        ("post", url_of(conversation), {"body": "Coucou"}),
        ("get", message_url(message, "edit"), {}),
        ("post", message_url(message, "edit"), {"body": "Changé"}),
        ("post", message_url(message, "delete"), {}),
        ("post", message_url(message, "hide"), {}),
        ("post", f"{url_of(conversation)}mute/", {"muted": "true"}),
    ]
    for method, url, data in pages:
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
        assert "Bonjour" not in response.content.decode()
    assert list(Message.objects.values_list("pk", "body", "hidden_at", "deleted_at")) == before
    assert not Participant.objects.filter(user=dave).exists()


def test_a_member_of_the_quartier_who_is_not_in_it_gets_404(conversation, carol):
    client = client_for(carol)
    response = client.get(url_of(conversation))
    assert response.status_code == 404
    assert "Bonjour Alice" not in response.content.decode()
    assert client.post(url_of(conversation), {"body": "Coucou"}).status_code == 404
    assert not Message.objects.filter(author=carol).exists()


def test_a_visitor_is_asked_to_sign_in(conversation):
    for url in [
        "/conversations/",
        url_of(conversation),
        "/notifications/",
        "/quartiers/croix-rousse/room/",
    ]:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


# --- Notifications ----------------------------------------------------------------------------


def test_notifications_say_what_happened_in_words(quartier, swap, exchange, alice, bob, carol):
    member = MembershipFactory.create(quartier=quartier).user
    swaps.swap_introduce(swap=swap, member=member, coordinator=carol)
    swaps.exchange_mark_held(exchange=exchange, actor=bob)

    response = client_for(alice).get("/notifications/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Bob is interested in “Conversation en espagnol”" in page
    assert "Carol introduced you about “Conversation en espagnol”" in page
    assert "Bob says your exchange about “Conversation en espagnol” took place" in page
    assert page.count('<strong class="badge">Unread</strong>') == 3
    # Each links through /notifications/<id>/, which marks it read and leads to its subject.
    first = Notification.objects.filter(user=alice).latest("created_at")
    assert f'<a href="/notifications/{first.pk}/">' in page
    # Newest first: the exchange that took place, then the introduction, then the interest.
    assert page.index("took place") < page.index("introduced you") < page.index("is interested")


def test_mark_all_as_read(exchange, alice, bob):
    swaps.exchange_mark_held(exchange=exchange, actor=alice)  # a notification for bob
    client = client_for(alice)
    assert "Mark all as read" in client.get("/notifications/").content.decode()

    response = client.post("/notifications/read/", follow=True)

    assert response.redirect_chain == [("/notifications/", 302)]
    page = response.content.decode()
    assert "All your notifications are marked as read." in page
    assert "Unread" not in page and "Mark all as read" not in page
    assert not Notification.objects.filter(user=alice, read_at__isnull=True).exists()
    # Only mine.
    assert Notification.objects.get(user=bob).read_at is None


def test_marking_as_read_takes_a_post(exchange, alice):
    assert client_for(alice).get("/notifications/read/").status_code == 405
    assert Notification.objects.get(user=alice).read_at is None


def test_an_empty_notification_list_says_so(dave):
    page = client_for(dave).get("/notifications/").content.decode()
    assert "Nothing new for you." in page
    assert "Mark all as read" not in page


def test_the_menu_says_how_many_notifications_are_unread(quartier, swap, exchange, alice, carol):
    client = client_for(alice)
    assert ">(1 unread)</span>" in client.get("/").content.decode()

    member = MembershipFactory.create(quartier=quartier).user
    swaps.swap_introduce(swap=swap, member=member, coordinator=carol)
    page = client.get("/conversations/").content.decode()
    assert "(2 unread)" in page
    assert 'href="/swaps/mine/"' in page and 'href="/conversations/"' in page

    client.post("/notifications/read/")
    assert "unread)</span>" not in client.get("/").content.decode()  # the badge is empty


def test_the_unread_count_costs_one_query_then_none_and_none_for_visitors(
    exchange, alice, django_assert_num_queries
):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_notifications(request) == {}
    request.user = alice
    with django_assert_num_queries(1):
        assert unread_notifications(request) == {"unread_notifications": 1}
    # Kept in the shared cache: the next pages do not count again...
    with django_assert_num_queries(0):
        assert unread_notifications(request) == {"unread_notifications": 1}
    # ...until the user's notifications change.
    services.notifications_mark_read(user=alice)
    with django_assert_num_queries(1):
        assert unread_notifications(request) == {"unread_notifications": 0}


def test_a_count_kept_just_before_a_commit_is_forgotten_by_it(
    alice, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.notifications_create(
            users=[alice], kind="direct_message", actor=bob, title="Bonjour", url="/"
        )
        # Another page of alice's counted before this transaction committed, and kept 0.
        cache.set(unread_badge_key(alice.pk), 0)
    assert unread_badge_count(user=alice) == 1


def test_the_notification_list_does_not_grow_in_queries(
    quartier, swap, alice, django_assert_max_num_queries
):
    client = client_for(alice)
    for n in range(12):
        member = MembershipFactory.create(quartier=quartier).user
        swaps.swap_express_interest(swap=swap, member=member, message=f"Bonjour {n}")
    # session, user, notifications with their actors, unread notifications
    with django_assert_max_num_queries(4):
        page = client.get("/notifications/").content.decode()
    assert page.count("is interested in") == 12


def test_opening_a_notification_marks_it_read_and_leads_to_its_subject(quartier, alice, bob, dave):
    swap = swaps.swap_create(quartier=quartier, author=alice, kind="offer", **swap_fields())
    swaps.swap_express_interest(swap=swap, member=bob)
    notification = Notification.objects.get(user=alice)
    assert client_for(dave).get(f"/notifications/{notification.pk}/").status_code == 404
    response = client_for(alice).get(f"/notifications/{notification.pk}/")
    assert response.status_code == 302
    assert response["Location"] == notification.url
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_blocking_stops_direct_messages_both_ways_until_unblocked(quartier, alice, bob):
    from messaging import services as messaging

    direct = messaging.direct_open(sender=alice, recipient=bob)
    client = client_for(alice)
    client.post(f"/people/{bob.pk}/block/", {"next": url_of(direct)})
    response = client_for(bob).post(url_of(direct), {"body": "Tu es là ?"})
    assert response.status_code == 400
    assert "You cannot write to this person." in response.content.decode()
    assert "Unblock Bob" in client.get(url_of(direct)).content.decode()
    client.post(f"/people/{bob.pk}/block/", {"unblock": "1", "next": url_of(direct)})
    assert client_for(bob).post(url_of(direct), {"body": "Tu es là ?"}).status_code == 302


def test_the_block_page_answers_404_to_a_stranger_as_to_an_id_nobody_has(quartier, alice, dave):
    from messaging.models import Block

    nobody = dave.pk + 1000
    client = client_for(alice)
    for user_id in (dave.pk, nobody, alice.pk):
        assert client.post(f"/people/{user_id}/block/").status_code == 404
        assert client.post(f"/people/{user_id}/block/", {"unblock": "1"}).status_code == 404
    assert not Block.objects.exists()


def test_a_block_can_be_lifted_after_the_person_left_every_quartier(quartier, alice, bob):
    from messaging import services as messaging
    from messaging.models import Block
    from messaging.selectors import in_touch

    messaging.user_block(blocker=alice, blocked_id=bob.pk)
    bob.memberships.update(status="left")
    assert not in_touch(alice.pk, bob.pk)  # only the block itself lets her name him
    response = client_for(alice).post(f"/people/{bob.pk}/block/", {"unblock": "1"})
    assert response.status_code == 302
    assert not Block.objects.exists()


def test_a_reported_room_message_reaches_the_coordinators_who_hide_it(
    quartier, alice, bob, carol, dave
):
    from messaging import services as messaging
    from messaging.models import Message, Report

    room = messaging.room_for(quartier=quartier)
    message = messaging.message_post(conversation=room, author=bob, body="Achetez mes montres")
    client = client_for(alice)
    url = f"/conversations/{room.pk}/messages/{message.pk}/report/"
    response = client.post(url, {"reason": "Publicité"}, follow=True)
    assert "the coordinators will look at this message" in response.content.decode()
    assert "already reported" in client.post(url, follow=True).content.decode()
    assert Report.objects.count() == 1
    assert Notification.objects.get(user=carol).kind == "message_reported"

    reports = f"/quartiers/{quartier.slug}/reports/"
    assert client.get(reports).status_code == 403
    assert client_for(dave).get(reports).status_code == 404
    page = client_for(carol).get(reports).content.decode()
    assert "Achetez mes montres" in page and "Publicité" in page
    report = Report.objects.get()
    assert client_for(alice).post(f"{reports}{report.pk}/hide/").status_code == 403
    client_for(carol).post(f"{reports}{report.pk}/hide/")
    assert Message.objects.get(pk=message.pk).hidden_at is not None
    assert "Nothing is reported" in client_for(carol).get(reports).content.decode()


def test_direct_messages_cannot_be_reported(quartier, alice, bob):
    from messaging import services as messaging

    direct = messaging.direct_open(sender=alice, recipient=bob)
    message = messaging.message_post(conversation=direct, author=bob, body="Bonjour")
    response = client_for(alice).post(
        f"/conversations/{direct.pk}/messages/{message.pk}/report/", follow=True
    )
    assert "block the person" in response.content.decode()


def test_it_asks_before_the_author_deletes_a_message_and_only_the_author(room, alice, bob, dave):
    message = post(room, alice, "Oups")

    def deleted() -> bool:
        message.refresh_from_db()
        return message.deleted_at is not None

    assert client_for(bob).get(message_url(message, "delete")).status_code == 403
    asks_first_then_does(
        actor=alice,
        dave=dave,
        url=message_url(message, "delete"),
        done=deleted,
        asks="Delete your message?",
    )
