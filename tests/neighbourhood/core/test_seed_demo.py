"""The demo quartier of `make run`: residents, swaps in the feed, and the matching to show."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from exchanges.swaps import matching
from exchanges.swaps.models import Exchange, Swap
from messaging.models import Message, Notification
from neighbourhood.accounts.models import User
from neighbourhood.feed.models import FeedEntry
from neighbourhood.quartiers.models import Membership, Quartier

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def resident(first_name: str) -> User:
    return User.objects.get(display_name__startswith=first_name)


def counts() -> dict[str, int]:
    models = [User, Quartier, Membership, Swap, FeedEntry, Exchange, Message, Notification]
    return {model.__name__: model._default_manager.count() for model in models}


def test_it_fills_the_demo_quartier_with_swaps_in_its_feed():
    output = seed()

    quartier = Quartier.objects.get(slug="croix-rousse")
    swaps = Swap.objects.filter(quartier=quartier)
    assert 25 <= swaps.count() <= 40
    assert set(swaps.values_list("author__display_name", flat=True)) == {
        "Claire Martin",
        "Amélie Durand",
        "Bernard Lefèvre",
        "Chantal Moreau",
        "Didier Petit",
        "Élodie Garnier",
    }
    assert len(set(swaps.values_list("category", flat=True))) >= 7
    assert all(swap.tags for swap in swaps)
    # Published through the real service: every swap has its visible entry in the feed.
    entries = FeedEntry.objects.filter(quartier=quartier, is_visible=True)
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(
        swaps.values_list("pk", flat=True)
    )
    assert "claire.martin@croix-rousse.example" in output
    assert "élodie garnier" in output.lower()
    assert "voisinage-demo" in output


def test_running_it_again_creates_nothing_new():
    seed()
    before = counts()

    seed()

    assert counts() == before


def test_amelie_sees_bernards_smartphone_help_as_reciprocal():
    seed()
    amelie, bernard = resident("Amélie"), resident("Bernard")
    wish = Swap.objects.get(author=amelie, title="Apprivoiser mon smartphone")
    help_offer = Swap.objects.get(author=bernard, title="Aide avec votre smartphone")

    first = matching.suggestions_for(user=amelie).matches[wish.pk][0]

    assert first.swap_id == help_offer.pk
    assert first.reciprocal


def test_chantal_didier_and_elodie_each_see_their_three_cycle():
    seed()
    chantal, didier, elodie = resident("Chantal"), resident("Didier"), resident("Élodie")

    assert (chantal.pk, didier.pk, elodie.pk) in matching.suggestions_for(user=chantal).cycles
    assert (didier.pk, elodie.pk, chantal.pk) in matching.suggestions_for(user=didier).cycles
    assert (elodie.pk, chantal.pk, didier.pk) in matching.suggestions_for(user=elodie).cycles


def test_bernards_interest_opens_a_conversation_and_tells_amelie():
    seed()
    amelie, bernard = resident("Amélie"), resident("Bernard")

    exchange = Exchange.objects.get(member=bernard, swap__author=amelie)

    assert exchange.swap.title == "Conversation en espagnol"
    message = Message.objects.get(conversation=exchange.conversation)
    assert message.author == bernard
    assert "Chili" in message.body
    notification = Notification.objects.get(user=amelie)
    assert notification.kind == Notification.Kind.SWAP_INTEREST
    assert notification.actor == bernard


def test_running_it_again_renews_the_demo_swaps_that_ran_out():
    seed()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    yoga = Swap.objects.get(title="Yoga doux sur chaise")
    Swap.objects.filter(pk=yoga.pk).update(ends_on=yesterday)
    FeedEntry.objects.filter(object_id=yoga.pk, kind=FeedEntry.Kind.SWAP_OFFER).update(
        expires_at=timezone.now() - datetime.timedelta(hours=1)
    )

    seed()

    yoga.refresh_from_db()
    assert yoga.is_open
    entry = FeedEntry.objects.get(object_id=yoga.pk, kind=FeedEntry.Kind.SWAP_OFFER)
    assert entry.expires_at is not None and entry.expires_at > timezone.now()
