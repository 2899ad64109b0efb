"""Stored conversations and notifications, used as a resident would: plain forms, no JavaScript."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from exchanges.swaps import services as swaps
from messaging.context_processors import unread_notifications
from messaging.models import Conversation, Message, Notification
from tests.factories import MembershipFactory, swap_fields

pytestmark = pytest.mark.django_db


def client_for(user, language: str = "en") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


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


def url_of(conversation) -> str:
    return f"/conversations/{conversation.pk}/"


def test_my_conversations_are_listed_with_who_and_when(conversation, alice, dave):
    page = client_for(alice).get("/conversations/").content.decode()
    assert f'<a href="{url_of(conversation)}">Conversation en espagnol</a>' in page
    assert "<p>With: Bob</p>" in page
    assert "1 message" in page
    assert "last message" in page

    page = client_for(dave).get("/conversations/").content.decode()
    assert "Conversation en espagnol" not in page
    assert "You have no conversation yet." in page


def test_a_participant_reads_the_conversation_oldest_first(conversation, alice, bob):
    Message.objects.create(conversation=conversation, author=alice, body="Avec plaisir, samedi ?")
    response = client_for(alice).get(url_of(conversation))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Conversation en espagnol</h1>" in page
    assert page.index("Bonjour Alice !") < page.index("Avec plaisir, samedi ?")
    assert '<ol class="thread" aria-live="polite">' in page
    assert "<li>Alice (you)</li>" in page and "<li>Bob</li>" in page
    # The conversation says what it is about.
    assert f'<a href="{conversation.subject.get_absolute_url()}">' in page


def test_a_participant_posts_a_message_and_comes_back_to_it(conversation, bob):
    response = client_for(bob).post(url_of(conversation), {"body": "  À samedi, 10 h.  "})
    assert response.status_code == 302
    assert response["Location"] == f"{url_of(conversation)}#latest"
    message = Message.objects.latest("created_at", "id")
    assert (message.author, message.body) == (bob, "À samedi, 10 h.")
    page = client_for(bob).get(url_of(conversation)).content.decode()
    assert '<li class="card" id="latest">' in page
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


def test_dave_gets_404_on_a_conversation_and_cannot_post(conversation, dave):
    client = client_for(dave)
    assert client.get(url_of(conversation)).status_code == 404
    before = Message.objects.count()
    assert client.post(url_of(conversation), {"body": "Coucou"}).status_code == 404
    assert Message.objects.count() == before


def test_a_member_of_the_quartier_who_is_not_in_it_gets_404(conversation, carol):
    client = client_for(carol)
    response = client.get(url_of(conversation))
    assert response.status_code == 404
    assert "Bonjour Alice" not in response.content.decode()
    assert client.post(url_of(conversation), {"body": "Coucou"}).status_code == 404
    assert not Message.objects.filter(author=carol).exists()


def test_a_visitor_is_asked_to_sign_in(conversation):
    for url in ["/conversations/", url_of(conversation), "/notifications/"]:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


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
    assert 'Notifications <span class="badge">(1 unread)</span>' in client.get("/").content.decode()

    member = MembershipFactory.create(quartier=quartier).user
    swaps.swap_introduce(swap=swap, member=member, coordinator=carol)
    page = client.get("/conversations/").content.decode()
    assert "(2 unread)" in page
    assert 'href="/swaps/mine/"' in page and 'href="/conversations/"' in page

    client.post("/notifications/read/")
    assert "unread)" not in client.get("/").content.decode()


def test_the_unread_count_costs_one_query_and_none_for_visitors(
    exchange, alice, django_assert_num_queries
):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_notifications(request) == {}
    request.user = alice
    with django_assert_num_queries(1):
        assert unread_notifications(request) == {"unread_notifications": 1}


def test_the_lists_do_not_grow_in_queries(quartier, swap, alice, django_assert_max_num_queries):
    client = client_for(alice)
    for n in range(12):
        member = MembershipFactory.create(quartier=quartier).user
        exchange = swaps.swap_express_interest(swap=swap, member=member, message=f"Bonjour {n}")
        Message.objects.create(conversation=exchange.conversation, author=alice, body="Merci !")
    conversation = exchange.conversation
    for n in range(30):
        Message.objects.create(conversation=conversation, author=member, body=f"Message {n}")

    # session, user, the rows (and their participants), the unread notifications
    with django_assert_max_num_queries(5):
        page = client.get("/conversations/").content.decode()
    assert page.count('<li class="card">') == 12
    # session, user, conversation, subject, participants, messages, unread notifications
    with django_assert_max_num_queries(7):
        page = client.get(url_of(conversation)).content.decode()
    assert "Message 29" in page
    # session, user, notifications with their actors, unread notifications
    with django_assert_max_num_queries(4):
        page = client.get("/notifications/").content.decode()
    assert page.count("is interested in") == 12


def test_opening_a_notification_marks_it_read_and_leads_to_its_subject(quartier, alice, bob, dave):
    from django.test import Client

    from exchanges.swaps import services as swaps
    from messaging.models import Notification
    from tests.factories import swap_fields

    swap = swaps.swap_create(quartier=quartier, author=alice, kind="offer", **swap_fields())
    swaps.swap_express_interest(swap=swap, member=bob)
    notification = Notification.objects.get(user=alice)
    stranger = Client()
    stranger.force_login(dave)
    assert stranger.get(f"/notifications/{notification.pk}/").status_code == 404
    client = Client()
    client.force_login(alice)
    response = client.get(f"/notifications/{notification.pk}/")
    assert response.status_code == 302
    assert response["Location"] == notification.url
    notification.refresh_from_db()
    assert notification.read_at is not None
