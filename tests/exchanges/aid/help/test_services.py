"""Every transition of a coup de main and of an offer of help, allowed and refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from exchanges.aid import kinds
from exchanges.aid.models import CoupDeMain, HelpOffer, Thanks
from exchanges.aid.services import help as services
from messaging.models import Notification, Participant
from neighbourhood.feed.models import FeedEntry
from tests.exchanges.aid.help.fields import help_fields, in_days, publish
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def erin(quartier):
    user = UserFactory.create(email="erin@example.org", display_name="Erin")
    MembershipFactory.create(quartier=quartier, user=user)
    return user


def test_a_request_is_published_with_its_thread_and_feed_entry(quartier, alice):
    coup = publish(quartier, alice)

    assert coup.status == "open" and coup.helpers_needed == 2 and not coup.is_urgent
    assert list(
        Participant.objects.filter(conversation=coup.conversation).values_list("user_id", flat=True)
    ) == [alice.pk]
    entry = FeedEntry.objects.get(object_id=coup.pk, kind=kinds.FEED_REQUEST)
    assert entry.is_published


def test_an_offer_has_no_thread_and_one_helper(quartier, alice):
    coup = publish(quartier, alice, kind="offer", helpers_needed=5)

    assert coup.conversation is None and coup.helpers_needed == 1
    assert FeedEntry.objects.filter(object_id=coup.pk, kind=kinds.FEED_OFFER).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"helpers_needed": 0}, "helpers_needed", "Ask for 1 to 10 helpers."),
        ({"helpers_needed": 11}, "helpers_needed", "Ask for 1 to 10 helpers."),
        ({"starts_at": in_days(-1)}, "starts_at", "The date cannot be in the past."),
        ({"starts_at": None}, "starts_at", "Give the date and time."),
        (
            {"timing": "window", "starts_at": in_days(3, 14), "ends_at": in_days(3, 10)},
            "ends_at",
            "The end must come after the start.",
        ),
        (
            {"timing": "window", "starts_at": in_days(-3), "ends_at": in_days(-2)},
            "starts_at",
            "The dates cannot be in the past.",
        ),
        ({"timing": "weekly", "weekly_time": datetime.time(9)}, "weekdays", "weekday"),
        ({"timing": "weekly", "weekdays": [1]}, "weekly_time", "Give the time."),
        ({"timing": "weekly", "weekdays": [9], "weekly_time": datetime.time(9)}, "weekdays", "0"),
        ({"timing": "someday"}, "timing", "Choose on a date"),
        ({"starts_at": in_days(400)}, "starts_at", "Publish at most a year ahead."),
        (
            {"timing": "window", "starts_at": in_days(3), "ends_at": in_days(3000)},
            "ends_at",
            "The end can be at most a year from now.",
        ),
        (
            {
                "timing": "weekly",
                "starts_at": None,
                "weekdays": [1],
                "weekly_time": datetime.time(9),
                "ends_at": in_days(3000),
            },
            "ends_at",
            "The end can be at most a year from now.",
        ),
        ({"title": ""}, "title", ""),
        ({"category": "cooking"}, "category", ""),
    ],
)
def test_bad_input_is_refused_in_words_and_nothing_is_stored(
    quartier, alice, overrides, field, words
):
    with pytest.raises(ValidationError) as refused:
        publish(quartier, alice, **overrides)

    assert field in refused.value.message_dict
    assert words in " ".join(refused.value.message_dict[field])
    assert not CoupDeMain.objects.exists() and not FeedEntry.objects.exists()


def test_a_weekly_request_keeps_only_its_fields(quartier, alice):
    coup = publish(
        quartier,
        alice,
        title="Faire les courses avec Mme Petit",
        category="company",
        timing="weekly",
        starts_at=None,
        weekdays=[1, 1],
        weekly_time=datetime.time(10),
        helpers_needed=1,
    )

    assert coup.weekdays == [1] and coup.weekly_time == datetime.time(10)
    assert coup.is_urgent == (timezone.localdate().weekday() in {0, 1})


def test_an_outsider_cannot_publish(quartier, dave):
    with pytest.raises(PermissionDenied):
        publish(quartier, dave)


def test_a_request_for_tomorrow_is_urgent_and_tells_the_offerers_of_its_category_at_once(
    quartier, alice, bob, carol, erin, dave
):
    publish(quartier, bob, kind="offer", category="moving", title="Je porte des cartons")
    publish(quartier, carol, kind="offer", category="garden", title="Je taille les haies")
    publish(quartier, alice, kind="offer", category="moving", title="Moi aussi")
    # Dave offers moving elsewhere: not a member here.
    other = MembershipFactory.create(user=dave).quartier
    publish(other, dave, kind="offer", category="moving")

    coup = publish(quartier, alice, starts_at=in_days(1))

    assert coup.is_urgent
    told = Notification.objects.filter(kind=kinds.HELP_URGENT)
    assert list(told.values_list("user_id", flat=True)) == [bob.pk]


def test_a_request_next_week_is_not_urgent_and_tells_nobody(quartier, alice, bob):
    publish(quartier, bob, kind="offer")

    coup = publish(quartier, alice, starts_at=in_days(8))

    assert not coup.is_urgent
    assert not Notification.objects.filter(kind=kinds.HELP_URGENT).exists()


def test_i_can_help_tells_the_asker_once(quartier, alice, bob):
    coup = publish(quartier, alice)

    offer = services.help_offer(coup=coup, helper=bob, message="Avec plaisir")

    assert offer.status == "proposed"
    assert Notification.objects.filter(user=alice, kind=kinds.HELP_OFFERED).count() == 1
    with pytest.raises(ValidationError, match="already offered"):
        services.help_offer(coup=coup, helper=bob)


def test_i_can_help_is_refused_to_the_author_an_outsider_on_an_offer_and_when_closed(
    quartier, alice, bob, dave
):
    coup = publish(quartier, alice)
    offer_of_hand = publish(quartier, alice, kind="offer")

    with pytest.raises(ValidationError, match="your own request"):
        services.help_offer(coup=coup, helper=alice)
    with pytest.raises(PermissionDenied):
        services.help_offer(coup=coup, helper=dave)
    with pytest.raises(ValidationError, match="write to its author"):
        services.help_offer(coup=offer_of_hand, helper=bob)
    services.help_cancel(coup=coup, actor=alice)
    with pytest.raises(ValidationError, match="closed"):
        services.help_offer(coup=coup, helper=bob)
    assert not HelpOffer.objects.exists()


def test_choosing_the_last_helper_fills_the_request_and_a_third_is_refused_in_words(
    quartier, alice, bob, carol, erin
):
    coup = publish(quartier, alice)
    offers = [services.help_offer(coup=coup, helper=h) for h in (bob, carol, erin)]

    services.help_choose(offer=offers[0], actor=alice)
    coup.refresh_from_db()
    assert coup.status == "open" and coup.helpers_taken == 1
    services.help_choose(offer=offers[1], actor=alice)
    coup.refresh_from_db()
    assert coup.status == "full" and coup.helpers_taken == 2
    assert not FeedEntry.objects.get(object_id=coup.pk, kind=kinds.FEED_REQUEST).is_published
    with pytest.raises(ValidationError) as refused:
        services.help_choose(offer=offers[2], actor=alice)

    assert refused.value.messages == ["2 helpers were needed: all places are taken."]
    assert HelpOffer.objects.get(pk=offers[2].pk).status == "proposed"
    members = set(
        Participant.objects.filter(conversation=coup.conversation).values_list("user_id", flat=True)
    )
    assert members == {alice.pk, bob.pk, carol.pk}
    assert Notification.objects.filter(kind=kinds.HELP_CHOSEN).count() == 2


def test_only_the_asker_chooses_or_declines_and_only_a_proposed_offer(quartier, alice, bob):
    coup = publish(quartier, alice)
    offer = services.help_offer(coup=coup, helper=bob)

    with pytest.raises(PermissionDenied):
        services.help_choose(offer=offer, actor=bob)
    with pytest.raises(PermissionDenied):
        services.help_decline(offer=offer, actor=bob)
    services.help_decline(offer=offer, actor=alice)
    assert Notification.objects.filter(user=bob, kind=kinds.HELP_DECLINED).exists()
    with pytest.raises(ValidationError, match="no longer waiting"):
        services.help_choose(offer=offer, actor=alice)
    with pytest.raises(ValidationError, match="no longer waiting"):
        services.help_decline(offer=offer, actor=alice)


def test_a_chosen_helper_withdrawing_frees_the_place_and_opens_a_full_request(quartier, alice, bob):
    coup = publish(quartier, alice, helpers_needed=1)
    offer = services.help_offer(coup=coup, helper=bob)
    services.help_choose(offer=offer, actor=alice)
    coup.refresh_from_db()
    assert coup.status == "full"

    with pytest.raises(PermissionDenied):
        services.help_withdraw(offer=offer, actor=alice)
    services.help_withdraw(offer=offer, actor=bob)

    coup.refresh_from_db()
    assert coup.status == "open" and coup.helpers_taken == 0
    assert not Participant.objects.filter(conversation=coup.conversation, user=bob).exists()
    assert FeedEntry.objects.get(object_id=coup.pk, kind=kinds.FEED_REQUEST).is_published
    assert Notification.objects.filter(user=alice, kind=kinds.HELP_WITHDRAWN).exists()
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.help_withdraw(offer=offer, actor=bob)


def test_a_proposed_helper_withdrawing_frees_nothing(quartier, alice, bob):
    coup = publish(quartier, alice)
    offer = services.help_offer(coup=coup, helper=bob)

    services.help_withdraw(offer=offer, actor=bob)

    coup.refresh_from_db()
    assert coup.helpers_taken == 0 and offer.status == "withdrawn"


def test_cancelling_tells_the_chosen_helpers_and_leaves_the_feed(quartier, alice, bob, carol):
    coup = publish(quartier, alice)
    chosen = services.help_offer(coup=coup, helper=bob)
    services.help_choose(offer=chosen, actor=alice)
    waiting = services.help_offer(coup=coup, helper=carol)

    with pytest.raises(PermissionDenied):
        services.help_cancel(coup=coup, actor=bob)
    services.help_cancel(coup=coup, actor=alice)

    assert coup.status == "cancelled"
    assert list(
        Notification.objects.filter(kind=kinds.HELP_CANCELLED).values_list("user_id", flat=True)
    ) == [bob.pk]
    assert HelpOffer.objects.get(pk=waiting.pk).status == "declined"
    assert list(
        Notification.objects.filter(kind=kinds.HELP_NOT_NEEDED).values_list("user_id", flat=True)
    ) == [carol.pk]
    assert not FeedEntry.objects.get(object_id=coup.pk, kind=kinds.FEED_REQUEST).is_published
    for refused in (services.help_cancel, services.help_done):
        with pytest.raises(ValidationError, match="cancelled"):
            refused(coup=coup, actor=alice)


def test_done_then_thanks_once_each_from_the_asker_and_a_chosen_helper(quartier, alice, bob, carol):
    coup = publish(quartier, alice)
    offer = services.help_offer(coup=coup, helper=bob)
    services.help_choose(offer=offer, actor=alice)
    waiting = services.help_offer(coup=coup, helper=carol)
    with pytest.raises(ValidationError, match="once the coup de main is done"):
        services.help_thank(coup=coup, author=alice, text="Merci")
    with pytest.raises(PermissionDenied):
        services.help_done(coup=coup, actor=bob)

    services.help_done(coup=coup, actor=alice)

    assert coup.status == "done" and coup.done_at is not None
    assert Notification.objects.filter(user=bob, kind=kinds.HELP_DONE).exists()
    # Carol, who offered and was never answered, is declined and told she is not needed.
    assert HelpOffer.objects.get(pk=waiting.pk).status == "declined"
    assert list(
        Notification.objects.filter(kind=kinds.HELP_NOT_NEEDED).values_list("user_id", flat=True)
    ) == [carol.pk]
    assert not Notification.objects.filter(user=carol, kind=kinds.HELP_DONE).exists()
    services.help_thank(coup=coup, author=alice, text="Merci Bob !")
    services.help_thank(coup=coup, author=bob, text="Avec plaisir")
    assert Notification.objects.filter(user=bob, kind=kinds.HELP_THANKED).count() == 1
    assert Notification.objects.filter(user=alice, kind=kinds.HELP_THANKED).count() == 1
    with pytest.raises(ValidationError, match="already said thanks"):
        services.help_thank(coup=coup, author=bob, text="Encore merci")
    with pytest.raises(PermissionDenied):
        services.help_thank(coup=coup, author=carol, text="Merci")
    with pytest.raises(ValidationError, match="already done"):
        services.help_done(coup=coup, actor=alice)
    assert Thanks.objects.count() == 2


def test_an_offer_of_a_hand_cannot_be_done(quartier, alice):
    coup = publish(quartier, alice, kind="offer")

    with pytest.raises(ValidationError, match="Only a request"):
        services.help_done(coup=coup, actor=alice)


def test_editing_never_asks_for_fewer_helpers_than_chosen(quartier, alice, bob, carol):
    coup = publish(quartier, alice, helpers_needed=3)
    for helper in (bob, carol):
        services.help_choose(offer=services.help_offer(coup=coup, helper=helper), actor=alice)

    with pytest.raises(ValidationError, match="2 helpers are already chosen"):
        services.help_edit(coup=coup, actor=alice, helpers_needed=1)
    with pytest.raises(PermissionDenied):
        services.help_edit(coup=coup, actor=bob, title="Autre")
    services.help_edit(coup=coup, actor=alice, helpers_needed=2, title="Deux suffiront")

    coup.refresh_from_db()
    assert coup.status == "full" and coup.title == "Deux suffiront"


def test_editing_refuses_a_field_it_does_not_know(quartier, alice):
    coup = publish(quartier, alice)

    with pytest.raises(ValidationError) as refused:
        services.help_edit(coup=coup, actor=alice, kind="offer")

    assert "kind" in refused.value.message_dict


def test_help_fields_are_a_valid_request():
    assert help_fields()["helpers_needed"] == 2


def test_the_offerers_of_a_category_are_found_in_one_query(
    quartier, alice, bob, carol, erin, django_assert_num_queries
):
    for helper in (bob, carol, erin):
        publish(quartier, helper, kind="offer", category="moving")
    coup = publish(quartier, alice, starts_at=in_days(8))

    with django_assert_num_queries(1):
        found = services.offerers_of(coup)

    assert found == [bob, carol, erin]


@pytest.mark.parametrize("offerers", [2, 12])
def test_an_urgent_request_notifies_every_offerer_in_a_fixed_number_of_queries(
    quartier, alice, django_assert_num_queries, offerers
):
    for _ in range(offerers):
        publish(quartier, MembershipFactory.create(quartier=quartier).user, kind="offer")

    # The same whatever the number of offerers: one query finds them, three notify them all.
    with django_assert_num_queries(QUERIES_PUBLISH_URGENT):
        publish(quartier, alice, starts_at=in_days(1))

    assert Notification.objects.filter(kind=kinds.HELP_URGENT).count() == offerers


QUERIES_PUBLISH_URGENT = 17


def test_a_change_cannot_end_it_more_than_a_year_ahead(quartier, alice):
    coup = publish(quartier, alice, timing="window", starts_at=in_days(3), ends_at=in_days(4))

    with pytest.raises(ValidationError) as refused:
        services.help_edit(coup=coup, actor=alice, ends_at=in_days(367))

    assert refused.value.message_dict["ends_at"] == ["The end can be at most a year from now."]
    coup.refresh_from_db()
    assert coup.ends_at == in_days(4)


def test_a_weekly_request_that_has_started_can_still_be_changed(quartier, alice):
    coup = publish(quartier, alice, timing="weekly", weekdays=[1], weekly_time=datetime.time(10))
    CoupDeMain.objects.filter(pk=coup.pk).update(starts_at=in_days(-14))
    coup.refresh_from_db()

    services.help_edit(coup=coup, actor=alice, title="Le mardi et le jeudi", weekdays=[1, 3])

    coup.refresh_from_db()
    assert coup.weekdays == [1, 3]
