"""The notifications of issue 7: direct messages and mentions while away, join requests and
their answers, and the confirmation of a farm order with its lines, total and deadline."""

import datetime

import pytest
from asgiref.sync import async_to_sync
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from exchanges.produce import kinds as produce_kinds
from exchanges.produce import services as produce
from messaging import kinds as messaging_kinds
from messaging import presence, services
from messaging.models import Notification
from neighbourhood.quartiers import kinds as quartier_kinds
from neighbourhood.quartiers import services as quartiers
from neighbourhood.quartiers.models import JoinRequest, Membership
from tests.exchanges.produce import conftest as amap
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# The small AMAP of the farm-order tests: carol's cycle of eggs, baskets and weighed cheese.
farm, dairy, eggs, basket, cheese, cycle = (
    amap.farm,
    amap.dairy,
    amap.eggs,
    amap.basket,
    amap.cheese,
    amap.cycle,
)
offer_id = amap.offer_id

DIRECT = messaging_kinds.DIRECT_MESSAGE
MENTION = messaging_kinds.MENTION


def present(user) -> None:
    async_to_sync(presence.presence_mark)(user_id=user.pk)


def notified(user, kind) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=kind))


def speak_english(*users) -> None:
    for user in users:
        user.language = "en"
        user.save(update_fields=["language"])


@pytest.fixture
def direct(alice, bob):
    return services.direct_open(sender=alice, recipient=bob)


@pytest.fixture
def room(quartier):
    return services.room_for(quartier=quartier)


def member(quartier, name: str):
    user = UserFactory.create(display_name=name)
    MembershipFactory.create(quartier=quartier, user=user)
    return user


# --- direct messages ---------------------------------------------------------------------------


def test_a_direct_message_to_someone_away_notifies_them(direct, alice, bob):
    services.message_post(conversation=direct, author=alice, body="Tu es là ?")
    [notification] = notified(bob, DIRECT)
    assert notification.actor == alice
    assert notification.url == direct.get_absolute_url()
    assert notified(alice, DIRECT) == []


def test_someone_present_is_not_notified_of_a_direct_message(direct, alice, bob):
    present(bob)
    assert presence.is_present(bob.pk) and not presence.is_present(alice.pk)
    services.message_post(conversation=direct, author=alice, body="Tu es là ?")
    assert notified(bob, DIRECT) == []


def test_a_burst_of_direct_messages_rings_once_until_it_is_read(direct, alice, bob):
    for number in range(10):
        services.message_post(conversation=direct, author=alice, body=f"Message {number}")
    [first] = notified(bob, DIRECT)
    services.notifications_mark_read(user=bob, notification_ids=[first.pk])
    services.message_post(conversation=direct, author=alice, body="Et encore un")
    assert len(notified(bob, DIRECT)) == 2


def test_a_blocked_person_notifies_nobody_by_direct_message(direct, alice, bob):
    services.user_block(blocker=bob, blocked_id=alice.pk)
    with pytest.raises(ValidationError):
        services.message_post(conversation=direct, author=alice, body="Réponds-moi")
    assert notified(bob, DIRECT) == []


def test_a_muted_direct_conversation_does_not_notify(direct, alice, bob):
    services.conversation_mute(conversation=direct, user=bob, muted=True)
    services.message_post(conversation=direct, author=alice, body="Tu es là ?")
    assert notified(bob, DIRECT) == []


# --- mentions ----------------------------------------------------------------------------------


def test_a_mention_calls_the_longest_name_in_any_case(quartier, room, alice):
    anne = member(quartier, "Anne")
    anne_marie = member(quartier, "Anne Marie")
    services.message_post(conversation=room, author=alice, body="@anne marie tu viens samedi ?")
    assert notified(anne, MENTION) == []
    [notification] = notified(anne_marie, MENTION)
    assert (notification.actor, notification.title) == (alice, room.title)
    assert notification.url == room.get_absolute_url()
    services.message_post(conversation=room, author=alice, body="Et toi, @ANNE, tu viens ?")
    assert len(notified(anne, MENTION)) == 1
    assert len(notified(anne_marie, MENTION)) == 1


def test_a_mention_needs_the_whole_name(quartier, room, alice, bob):
    services.message_post(conversation=room, author=alice, body="@Bobby et alice@bob.example")
    assert notified(bob, MENTION) == []


def test_the_author_present_people_and_outsiders_are_not_notified(
    quartier, room, alice, bob, carol, dave
):
    present(carol)
    services.message_post(
        conversation=room, author=alice, body="@Alice @Carol @Dave et @Bob, à samedi"
    )
    assert [n.user for n in Notification.objects.filter(kind=MENTION)] == [bob]


def test_a_muted_room_still_notifies_a_mention(room, alice, bob):
    services.conversation_mute(conversation=room, user=bob, muted=True)
    services.message_post(conversation=room, author=alice, body="@Bob tu as mes clés ?")
    assert len(notified(bob, MENTION)) == 1


def test_blocking_either_way_stops_mentions(room, alice, bob, carol):
    services.user_block(blocker=bob, blocked_id=alice.pk)
    services.user_block(blocker=alice, blocked_id=carol.pk)
    services.message_post(conversation=room, author=alice, body="@Bob @Carol bonjour")
    assert Notification.objects.filter(kind=MENTION).count() == 0


def test_in_a_thread_only_its_participants_can_be_mentioned(quartier, alice, bob, carol):
    thread = services.conversation_open(
        title="Perceuse", subject=None, participants=[bob], started_by=alice, quartier=quartier
    )
    services.message_post(conversation=thread, author=alice, body="@Bob @Carol ça vous dit ?")
    assert [n.user for n in Notification.objects.filter(kind=MENTION)] == [bob]
    assert notified(bob, MENTION)[0].title == "Perceuse"


def test_a_message_without_an_at_sign_looks_up_no_names(
    room, alice, bob, carol, django_assert_num_queries
):
    services.message_post(conversation=room, author=alice, body="Premier message")
    # Reading rights, the message, the read marker moved in one update, and the savepoint
    # around them: no query for names.
    with django_assert_num_queries(5), CaptureQueriesContext(connection) as captured:
        services.message_post(conversation=room, author=alice, body="Bonjour Bob")
    assert not any('"accounts_user"' in query["sql"] for query in captured)
    # With an @: one more, for the names of the room's readers (Bob is present: no block lookup).
    present(bob)
    with django_assert_num_queries(6):
        services.message_post(conversation=room, author=alice, body="Bonjour @Bob")


# --- join requests -----------------------------------------------------------------------------


def test_a_request_to_join_notifies_every_active_coordinator_in_one_go(
    quartier, carol, alice, dave
):
    second = UserFactory.create(display_name="Sylvie")
    MembershipFactory.create(quartier=quartier, user=second, role=Membership.Role.COORDINATOR)
    former = UserFactory.create(display_name="Paul")
    MembershipFactory.create(
        quartier=quartier,
        user=former,
        role=Membership.Role.COORDINATOR,
        status=Membership.Status.LEFT,
    )
    with CaptureQueriesContext(connection) as captured:
        quartiers.quartier_join(quartier=quartier, user=dave, message="J'habite rue Dumenge.")
    inserts = [q for q in captured if q["sql"].startswith('INSERT INTO "messaging_notification"')]
    assert len(inserts) == 1
    rows = Notification.objects.filter(kind=quartier_kinds.JOIN_REQUESTED)
    assert {n.user for n in rows} == {carol, second}
    assert {(n.actor, n.title, n.url) for n in rows} == {
        (dave, "Croix-Rousse", "/quartiers/croix-rousse/requests/")
    }


def test_joining_an_open_quartier_asks_nobody(quartier, carol, dave):
    quartier.policy = quartier.Policy.OPEN
    quartier.save(update_fields=["policy"])
    quartiers.quartier_join(quartier=quartier, user=dave)
    assert not Notification.objects.filter(kind=quartier_kinds.JOIN_REQUESTED).exists()


def test_the_requester_hears_the_answer_in_their_language(
    quartier, carol, dave, django_capture_on_commit_callbacks
):
    speak_english(dave)
    services.notification_settings_set(user=dave, by_email={quartier_kinds.JOIN_DECIDED})
    request = JoinRequest.objects.create(quartier=quartier, user=dave)
    with django_capture_on_commit_callbacks(execute=True):
        quartiers.join_request_decide(join_request=request, actor=carol, approve=True)
    [notification] = notified(dave, quartier_kinds.JOIN_DECIDED)
    assert (notification.title, notification.url) == (
        "Croix-Rousse: accepted",
        "/quartiers/croix-rousse/",
    )
    [message] = mail.outbox
    assert "Croix-Rousse: accepted" in message.subject
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(dave)
    page = client.get("/notifications/", headers={"accept-language": "en"}).content.decode()
    assert "Your request to join Croix-Rousse: accepted" in page


def test_a_refused_requester_is_told_it_was_refused(quartier, carol, dave):
    speak_english(dave)
    request = JoinRequest.objects.create(quartier=quartier, user=dave)
    quartiers.join_request_decide(join_request=request, actor=carol, approve=False)
    [notification] = notified(dave, quartier_kinds.JOIN_DECIDED)
    assert notification.title == "Croix-Rousse: refused"
    assert notification.actor is None


# --- farm order confirmation -------------------------------------------------------------------


def deadline_in(language: str, order_cycle) -> str:
    with translation.override(language):
        return date_format(
            timezone.localtime(order_cycle.closes_at, timezone.get_default_timezone()),
            "DATETIME_FORMAT",
        )


def test_the_order_mail_lists_lines_total_and_deadline_in_english(
    cycle, alice, eggs, basket, cheese, django_capture_on_commit_callbacks
):
    speak_english(alice)
    with django_capture_on_commit_callbacks(execute=True):
        produce.order_place(
            cycle=cycle,
            member=alice,
            quantities={
                offer_id(cycle, eggs): 2,
                offer_id(cycle, basket): 1,
                offer_id(cycle, cheese): 1,
            },
        )
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "Your farm order is saved: Panier de la semaine"
    assert "- 2 × Œufs (boîte de 6), 3.50 € per box: 7.00 €" in message.body
    assert "- 1 × Panier de légumes, 15.00 € per basket: 15.00 €" in message.body
    assert "- 1 × Tomme de chèvre, 24.00 € a kilo, weighed at the distribution\n" in message.body
    assert "Total: 22.00 € plus 1 product weighed at the distribution" in message.body
    assert f"You can change it until {deadline_in('en', cycle)}." in message.body
    assert "From " not in message.body  # her own order
    [notification] = notified(alice, produce_kinds.ORDER_CONFIRMED)
    assert (notification.title, notification.url) == (cycle.title, cycle.get_absolute_url())


def test_the_order_mail_is_in_french_for_a_french_member(
    cycle, alice, eggs, django_capture_on_commit_callbacks
):
    assert alice.language == "fr"
    with django_capture_on_commit_callbacks(execute=True):
        produce.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 2})
    [message] = mail.outbox
    assert message.body.startswith("Bonjour Alice")
    assert "- 2 × Œufs (boîte de 6), 3,50 € par boîte\xa0: 7,00 €" in message.body
    assert "Total\xa0: 7,00 €" in message.body
    assert deadline_in("fr", cycle) in message.body


def test_one_save_sends_one_mail_and_an_unchanged_save_sends_none(
    cycle, alice, eggs, basket, django_capture_on_commit_callbacks
):
    quantities = {offer_id(cycle, eggs): 2, offer_id(cycle, basket): 3}
    with django_capture_on_commit_callbacks(execute=True):
        produce.order_place(cycle=cycle, member=alice, quantities=quantities)
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        result = produce.order_place(cycle=cycle, member=alice, quantities=quantities)
        refused = produce.order_place(
            cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 5}
        )
    assert result.changed == 0 and refused.refused
    assert len(mail.outbox) == 1
    assert len(notified(alice, produce_kinds.ORDER_CONFIRMED)) == 1


def test_nothing_is_queued_when_the_order_rolls_back(
    cycle, alice, eggs, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        produce.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 1})
        raise RuntimeError("the request failed after the order")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_coordinator_changing_an_order_after_the_close_tells_the_member(
    cycle, alice, carol, eggs, monkeypatch, django_capture_on_commit_callbacks
):
    speak_english(alice)
    produce.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 1})
    later = cycle.closes_at + datetime.timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with django_capture_on_commit_callbacks(execute=True):
        produce.order_place(
            cycle=cycle, member=alice, actor=carol, quantities={offer_id(cycle, eggs): 2}
        )
    [message] = mail.outbox
    assert "From Carol." in message.body
    assert "- 2 × Œufs (boîte de 6), 3.50 € per box: 7.00 €" in message.body
    assert f"Orders closed on {deadline_in('en', cycle)}: ask a coordinator" in message.body


def test_emptying_an_order_confirms_it_is_empty(
    cycle, alice, eggs, django_capture_on_commit_callbacks
):
    speak_english(alice)
    produce.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 1})
    with django_capture_on_commit_callbacks(execute=True):
        produce.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 0})
    [message] = mail.outbox
    assert "Your order is empty: nothing is ordered." in message.body
