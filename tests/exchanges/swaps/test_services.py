import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from exchanges.swaps import services
from exchanges.swaps.models import Evaluation, Exchange, Swap
from messaging.models import Conversation, Message, Notification
from neighbourhood.feed.models import FeedEntry
from tests.factories import swap_fields

pytestmark = pytest.mark.django_db


def offer(quartier, author, **overrides) -> Swap:
    return services.swap_create(
        quartier=quartier, author=author, kind="offer", **swap_fields(**overrides)
    )


def request_(quartier, author, **overrides) -> Swap:
    return services.swap_create(
        quartier=quartier, author=author, kind="request", **swap_fields(**overrides)
    )


def test_publishing_a_swap_puts_it_in_the_feed_in_the_same_transaction(quartier, alice):
    swap = offer(quartier, alice)
    entry = FeedEntry.objects.get()
    assert entry.item == swap
    assert (entry.kind, entry.title, entry.author) == ("swap_offer", swap.title, alice)
    assert entry.is_visible
    assert swap.ends_on == timezone.localdate() + datetime.timedelta(days=91)
    assert swap.tags == ["espagnol", "conversation"]
    assert swap.match_keys == "t:espagnol t:conversation w:conversation w:espagnol"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "   ", "This field cannot be blank."),
        ("category", "astrology", "is not a valid choice"),
        ("description", "x" * 50_000, "at most 5000 characters"),
        ("ends_on", datetime.date(2020, 1, 1), "cannot be in the past"),
        ("format", "crowd", "is not a valid choice"),
    ],
)
def test_it_refuses_bad_input_with_a_message_and_stores_nothing(
    quartier, alice, field, value, message
):
    with pytest.raises(ValidationError) as error:
        offer(quartier, alice, **{field: value})
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])
    assert not Swap.objects.exists()
    assert not FeedEntry.objects.exists()


def test_an_outsider_cannot_publish(quartier, dave):
    with pytest.raises(PermissionDenied):
        offer(quartier, dave)
    assert not Swap.objects.exists()


def test_editing_updates_the_feed_entry(quartier, alice):
    swap = offer(quartier, alice)
    services.swap_update(swap=swap, actor=alice, title="Espagnol pour débutants")
    entry = FeedEntry.objects.get()
    assert entry.title == "Espagnol pour débutants"
    assert Swap.objects.get().match_keys == "t:espagnol t:conversation w:espagnol"


def test_only_the_author_edits(quartier, alice, bob):
    swap = offer(quartier, alice)
    with pytest.raises(PermissionDenied):
        services.swap_update(swap=swap, actor=bob, title="Volé")
    assert Swap.objects.get().title == "Conversation en espagnol"


def test_pause_and_close_take_it_out_of_the_feed_and_resume_brings_it_back(quartier, alice):
    swap = offer(quartier, alice)
    services.swap_set_status(swap=swap, actor=alice, status="paused")
    assert not FeedEntry.objects.get().is_visible
    services.swap_set_status(swap=swap, actor=alice, status="active")
    assert FeedEntry.objects.get().is_visible
    services.swap_set_status(swap=swap, actor=alice, status="closed")
    assert not FeedEntry.objects.get().is_visible
    with pytest.raises(ValidationError, match="closed"):
        services.swap_set_status(swap=swap, actor=alice, status="active")


def test_renewing_gives_three_more_months_from_today(quartier, alice):
    swap = offer(quartier, alice, ends_on=timezone.localdate() + datetime.timedelta(days=2))
    services.swap_set_status(swap=swap, actor=alice, status="paused")
    services.swap_renew(swap=swap, actor=alice)
    swap.refresh_from_db()
    assert swap.ends_on == timezone.localdate() + datetime.timedelta(days=91)
    assert swap.status == "active"
    expires = timezone.localtime(FeedEntry.objects.get().expires_at)
    assert (expires.date(), expires.hour) == (swap.ends_on + datetime.timedelta(days=1), 0)


def test_interest_opens_a_conversation_and_notifies_the_author(quartier, alice, bob):
    swap = offer(quartier, alice)
    exchange = services.swap_express_interest(swap=swap, member=bob, message="Ça m'intéresse !")
    assert exchange.member == bob and exchange.introduced_by is None
    conversation = Conversation.objects.get()
    assert conversation.subject == swap
    assert {p.user for p in conversation.participants.all()} == {alice, bob}
    assert Message.objects.get().body == "Ça m'intéresse !"
    notification = Notification.objects.get()
    assert (notification.user, notification.kind, notification.actor) == (
        alice,
        "swap_interest",
        bob,
    )


def test_interest_is_refused_on_my_own_swap_twice_or_on_a_closed_swap(quartier, alice, bob):
    swap = offer(quartier, alice)
    with pytest.raises(ValidationError, match="your own"):
        services.swap_express_interest(swap=swap, member=alice)
    services.swap_express_interest(swap=swap, member=bob)
    with pytest.raises(ValidationError, match="already in touch"):
        services.swap_express_interest(swap=swap, member=bob)
    services.swap_set_status(swap=swap, actor=alice, status="closed")
    carol_like = bob
    assert Exchange.objects.filter(member=carol_like).count() == 1


def test_an_outsider_cannot_say_interested(quartier, alice, dave):
    swap = offer(quartier, alice)
    with pytest.raises(PermissionDenied):
        services.swap_express_interest(swap=swap, member=dave)
    assert not Exchange.objects.exists()


def test_a_coordinator_introduces_two_members(quartier, alice, bob, carol):
    swap = request_(quartier, alice)
    exchange = services.swap_introduce(swap=swap, member=bob, coordinator=carol)
    assert exchange.introduced_by == carol
    assert {p.user for p in exchange.conversation.participants.all()} == {alice, bob, carol}
    assert set(Notification.objects.values_list("user__email", flat=True)) == {
        "alice@example.org",
        "bob@example.org",
    }


def test_a_member_cannot_introduce(quartier, alice, bob, carol):
    swap = request_(quartier, alice)
    with pytest.raises(PermissionDenied):
        services.swap_introduce(swap=swap, member=carol, coordinator=bob)


def test_a_coordinator_cannot_introduce_an_outsider(quartier, alice, carol, dave):
    swap = request_(quartier, alice)
    with pytest.raises(ValidationError, match="not a member"):
        services.swap_introduce(swap=swap, member=dave, coordinator=carol)
    assert not Exchange.objects.exists()


def test_both_mark_the_exchange_held_and_each_evaluates_once(quartier, alice, bob, dave):
    swap = offer(quartier, alice)
    exchange = services.swap_express_interest(swap=swap, member=bob)
    with pytest.raises(ValidationError, match="took place"):
        services.exchange_evaluate(exchange=exchange, author=bob, text="Super")
    with pytest.raises(PermissionDenied):
        services.exchange_mark_held(exchange=exchange, actor=dave)
    services.exchange_mark_held(exchange=exchange, actor=bob)
    assert exchange.held_at is not None
    services.exchange_evaluate(exchange=exchange, author=bob, text="Très clair, merci Alice.")
    services.exchange_evaluate(exchange=exchange, author=alice, text="Bob progresse vite.")
    with pytest.raises(ValidationError, match="already evaluated"):
        services.exchange_evaluate(exchange=exchange, author=bob, text="Encore")
    with pytest.raises(ValidationError):
        services.exchange_evaluate(exchange=exchange, author=alice, text="   ")
    assert Evaluation.objects.count() == 2
    assert Notification.objects.filter(kind="exchange_held", user=alice).exists()


def test_renewing_never_shortens_a_swap(quartier, alice):
    later = timezone.localdate() + datetime.timedelta(days=200)
    swap = offer(quartier, alice, ends_on=later)
    services.swap_renew(swap=swap, actor=alice)
    swap.refresh_from_db()
    assert swap.ends_on == later


def test_a_party_who_left_the_quartier_can_no_longer_reach_the_exchange(quartier, alice, bob):
    from django.http import Http404

    from exchanges.swaps.selectors import get_exchange_for_party
    from neighbourhood.quartiers.models import Membership
    from neighbourhood.quartiers.services import membership_leave

    exchange = services.swap_express_interest(swap=offer(quartier, alice), member=bob)
    membership_leave(membership=Membership.objects.get(user=bob))
    with pytest.raises(Http404):
        get_exchange_for_party(user=bob, exchange_id=exchange.pk)
    assert get_exchange_for_party(user=alice, exchange_id=exchange.pk) == exchange
