"""Gifts through the services: first asked, first served and the giver's choice, the line
moving on when the holder cancels, collected and given."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exchanges.aid import kinds
from exchanges.aid.models import Gift, Item
from exchanges.aid.services import objects as services
from messaging.models import Notification
from neighbourhood.feed.models import FeedEntry
from tests.exchanges.aid.objects.helpers import cot
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_first_asked_is_served_and_the_line_moves_on(quartier, alice, bob, carol):
    item = cot(quartier, alice)
    first = services.gift_ask(item=item, taker=bob)
    second = services.gift_ask(item=item, taker=carol)
    assert first.status == Gift.Status.RESERVED
    assert second.status == Gift.Status.ASKED
    assert Notification.objects.filter(user=bob, kind=kinds.GIFT_RESERVED).exists()
    with pytest.raises(ValidationError, match="already asked"):
        services.gift_ask(item=item, taker=bob)
    services.gift_cancel(gift=first, actor=bob)
    second.refresh_from_db()
    assert second.status == Gift.Status.RESERVED
    with pytest.raises(PermissionDenied):
        services.gift_collect(gift=second, actor=bob)
    services.gift_collect(gift=second, actor=carol)
    item.refresh_from_db()
    assert item.status == Item.Status.GIVEN
    assert FeedEntry.objects.get(object_id=item.pk, kind=kinds.FEED_GIVE).is_visible is False
    with pytest.raises(ValidationError, match="not available"):
        services.gift_ask(item=item, taker=bob)


def test_the_giver_chooses(quartier, alice, bob, carol):
    item = cot(quartier, alice, give_rule="giver_chooses")
    first = services.gift_ask(item=item, taker=bob)
    second = services.gift_ask(item=item, taker=carol)
    assert first.status == second.status == Gift.Status.ASKED
    with pytest.raises(PermissionDenied):
        services.gift_reserve(gift=second, actor=carol)
    with pytest.raises(ValidationError, match="Only a reserved gift"):
        services.gift_collect(gift=second, actor=alice)
    services.gift_reserve(gift=second, actor=alice)
    assert second.status == Gift.Status.RESERVED
    with pytest.raises(ValidationError, match="already reserved"):
        services.gift_reserve(gift=first, actor=alice)
    services.gift_cancel(gift=second, actor=alice)  # the giver changes their mind
    first.refresh_from_db()
    assert first.status == Gift.Status.ASKED  # nobody is served automatically
    services.gift_reserve(gift=first, actor=alice)
    services.gift_collect(gift=first, actor=alice)
    assert first.status == Gift.Status.COLLECTED
    with pytest.raises(ValidationError):
        services.gift_cancel(gift=first, actor=bob)


def test_refusals(quartier, alice, bob, dave):
    item = cot(quartier, alice)
    with pytest.raises(ValidationError, match="your own"):
        services.gift_ask(item=item, taker=alice)
    with pytest.raises(PermissionDenied):
        services.gift_ask(item=item, taker=dave)
    gift = services.gift_ask(item=item, taker=bob)
    stranger = UserFactory.create()
    MembershipFactory.create(quartier=quartier, user=stranger)
    with pytest.raises(PermissionDenied):
        services.gift_cancel(gift=gift, actor=stranger)
    assert Gift.objects.count() == 1
