"""On the clock: members are told once when a contract's signing opens, the feed shows it while
signing is open, the digest lists it; a cycle with nothing on offer (a contract's distribution)
is not news: not announced, not reminded, not in the feed, and its close mails nobody."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from exchanges.produce import digest, services, tasks
from exchanges.produce.models import Contract, OrderCycle
from exchanges.produce.services.clock import cycles_due
from messaging.digests.sections import Reader, registered
from messaging.models import Notification
from neighbourhood.feed.models import FeedEntry
from tests.exchanges.produce.conftest import at
from tests.exchanges.produce.contracts import SMALL, size
from tests.factories import contract_fields

pytestmark = pytest.mark.django_db


def reader(user, quartier, since: datetime.timedelta = datetime.timedelta(days=1)) -> Reader:
    now = timezone.now()
    return Reader(
        user=user,
        since=now - since,
        until=now + datetime.timedelta(minutes=1),
        quartier_ids=frozenset([quartier.pk]),
    )


def test_members_are_told_once_when_signing_opens(contract, alice, bob, carol):
    assert tasks.produce_tick.delay().get()["signing"] == 1
    tasks.produce_tick.delay()
    assert tasks.announce_signing.delay(contract.pk).get() is False
    told = Notification.objects.filter(kind="contract_signing_open")
    assert sorted(told.values_list("user__display_name", flat=True)) == ["Alice", "Bob", "Carol"]
    entry = FeedEntry.objects.get(kind="contract")
    assert entry.is_visible and entry.title.startswith(contract.title)
    assert tasks.produce_tick.delay().get()["signing"] == 0
    # Signing closed early by the coordinator: out of the feed.
    services.contract_update(
        contract=contract,
        actor=carol,
        signing_closes_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert not FeedEntry.objects.get(kind="contract").is_visible


def test_nobody_is_told_before_signing_opens(farm, carol, thursdays, alice, monkeypatch):
    later = timezone.now() + datetime.timedelta(days=2)
    contract = services.contract_create(
        producer=farm,
        actor=carol,
        sizes=[services.Size(SMALL, 1200)],
        **contract_fields(
            signing_opens_at=later, signing_closes_at=later + datetime.timedelta(days=7)
        ),
    )
    assert tasks.produce_tick.delay().get()["signing"] == 0
    assert not Notification.objects.filter(kind="contract_signing_open").exists()
    at(later + datetime.timedelta(minutes=1), monkeypatch)
    assert tasks.produce_tick.delay().get()["signing"] == 1
    contract.refresh_from_db()
    assert contract.signing_announced_at is not None


def test_the_digest_lists_contracts_open_for_signing_until_one_subscribes(
    contract, quartier, alice, bob, django_assert_num_queries
):
    assert "produce.contracts" in [section.key for section in registered()]
    with django_assert_num_queries(2):
        found = digest.contracts_open([reader(alice, quartier), reader(bob, quartier)])
    assert [item.title for item in found[alice.pk]] == [contract.title]
    assert str(found[alice.pk][0].note) == "Ferme des Monts d'Or — sign before"
    services.subscription_create(
        contract=contract,
        member=alice,
        actor=alice,
        size=size(contract, SMALL),
        accepted_terms=True,
    )
    found = digest.contracts_open([reader(alice, quartier), reader(bob, quartier)])
    assert alice.pk not in found and len(found[bob.pk]) == 1


def test_an_older_contract_is_news_only_when_signing_closes_within_a_week(
    contract, quartier, alice
):
    # Opened an hour ago: not new to a reader whose period began ten minutes ago, and it
    # closes in ten days.
    old = Reader(
        user=alice,
        since=timezone.now() - datetime.timedelta(minutes=10),
        until=timezone.now() + datetime.timedelta(minutes=1),
        quartier_ids=frozenset([quartier.pk]),
    )
    assert digest.contracts_open([old]) == {}
    Contract.objects.filter(pk=contract.pk).update(
        signing_closes_at=timezone.now() + datetime.timedelta(days=3)
    )
    assert len(digest.contracts_open([old])[alice.pk]) == 1


def test_a_contracts_distributions_are_not_news(
    contract, quartier, alice, monkeypatch, django_capture_on_commit_callbacks
):
    cycles = list(OrderCycle.objects.filter(contract_dates__contract=contract))
    first = min(cycles, key=lambda cycle: cycle.distribution_date)
    assert not FeedEntry.objects.filter(kind="order_cycle", is_published=True).exists()
    due = cycles_due()
    assert due["open"] == [] and due["remind"] == []
    assert services.cycle_announce_opening(cycle_id=first.pk) is False
    assert digest.open_cycles([reader(alice, quartier, since=datetime.timedelta(days=30))]) == {
        alice.pk: []
    }
    at(first.closes_at - datetime.timedelta(hours=2), monkeypatch)
    assert services.cycle_remind_closing(cycle_id=first.pk) is False
    at(first.closes_at + datetime.timedelta(minutes=1), monkeypatch)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cycle_process_close(cycle_id=first.pk) is True
    assert mail.outbox == []
    assert not Notification.objects.filter(kind__startswith="cycle_").exists()


def test_a_cycle_that_offers_something_is_still_news(cycle, alice):
    assert cycles_due()["open"] == [cycle.pk]
    assert services.cycle_announce_opening(cycle_id=cycle.pk) is True
    assert FeedEntry.objects.get(kind="order_cycle").is_visible
