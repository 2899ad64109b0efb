"""Order cycles: the clock, copies, closing early and reopening, and the close processed once
by the Celery task, with its mails."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from exchanges.produce import kinds as produce_kinds
from exchanges.produce import services, tasks
from exchanges.produce.models import CycleProduct, OrderCycle, VolunteerRole
from messaging.models import Notification
from neighbourhood.feed.models import FeedEntry
from tests.exchanges.produce.conftest import at, offer_id
from tests.factories import cycle_fields

pytestmark = pytest.mark.django_db


def test_the_state_follows_the_clock(cycle):
    assert cycle.state_at(cycle.opens_at - datetime.timedelta(seconds=1)) == "upcoming"
    assert cycle.state_at(cycle.opens_at) == "open"
    assert cycle.state_at(cycle.closes_at - datetime.timedelta(seconds=1)) == "open"
    assert cycle.state_at(cycle.closes_at) == "closed"
    assert cycle.state_at(cycle.distribution_ends_at) == "distributed"


def test_a_cycle_is_published_with_its_offers_roles_thread_and_feed_entry(cycle, carol):
    assert cycle.offers.count() == 3
    assert [(r.name, r.places) for r in cycle.roles.all()] == [("Responsable de distribution", 2)]
    assert cycle.conversation is not None
    entry = FeedEntry.objects.get(kind=produce_kinds.FEED_CYCLE)
    assert entry.is_visible and entry.expires_at == cycle.closes_at
    assert entry.title.startswith("Panier de la semaine · → ")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"closes_at": timezone.now() + datetime.timedelta(days=10)}, "closes_at"),
        ({"closes_at": timezone.now() - datetime.timedelta(days=1)}, "closes_at"),
        (
            {
                "distribution_date": timezone.localdate() - datetime.timedelta(days=1),
                "opens_at": timezone.now() - datetime.timedelta(days=5),
                "closes_at": timezone.now() - datetime.timedelta(days=3),
            },
            "distribution_date",
        ),
        ({"distribution_end": datetime.time(17, 0)}, "distribution_end"),
        ({"title": ""}, "title"),
        ({"opens_at": timezone.now() - datetime.timedelta(days=400)}, "opens_at"),
        (
            {
                "distribution_date": datetime.date(2, 1, 1),
                "opens_at": datetime.datetime(1, 1, 1, 1, tzinfo=datetime.UTC),
                "closes_at": datetime.datetime(1, 12, 31, tzinfo=datetime.UTC),
            },
            "distribution_date",
        ),
        (
            {
                "distribution_date": datetime.date(9999, 12, 30),
                "closes_at": datetime.datetime(9999, 12, 29, tzinfo=datetime.UTC),
            },
            "distribution_date",
        ),
    ],
)
def test_it_refuses_a_bad_cycle_and_stores_nothing(quartier, carol, eggs, overrides, field):
    with pytest.raises(ValidationError) as refused:
        services.cycle_create(
            quartier=quartier,
            actor=carol,
            offers=[services.Offer(eggs)],
            **cycle_fields(**overrides),
        )
    assert field in refused.value.message_dict, refused.value.message_dict
    assert not OrderCycle.objects.exists()


def test_a_cycle_needs_products_of_the_quartier_once(quartier, carol, eggs):
    with pytest.raises(ValidationError) as empty:
        services.cycle_create(quartier=quartier, actor=carol, offers=[], **cycle_fields())
    assert "offers" in empty.value.message_dict
    with pytest.raises(ValidationError) as twice:
        services.cycle_create(
            quartier=quartier,
            actor=carol,
            offers=[services.Offer(eggs), services.Offer(eggs)],
            **cycle_fields(),
        )
    assert "offers" in twice.value.message_dict
    assert not OrderCycle.objects.exists()


def test_only_coordinators_open_cycles(quartier, alice, eggs):
    with pytest.raises(PermissionDenied):
        services.cycle_create(
            quartier=quartier, actor=alice, offers=[services.Offer(eggs)], **cycle_fields()
        )


def test_copying_a_cycle_makes_the_next_one_a_period_later(cycle, carol):
    copy = services.cycle_copy(cycle=cycle, actor=carol)
    assert copy.distribution_date == cycle.distribution_date + datetime.timedelta(days=7)
    assert copy.closes_at == cycle.closes_at + datetime.timedelta(days=7)
    assert copy.copied_from == cycle
    assert [
        (o.product_id, o.quantity_available, o.max_per_member, o.quantity_ordered)
        for o in copy.offers.order_by("product_id")
    ] == [
        (o.product_id, o.quantity_available, o.max_per_member, 0)
        for o in cycle.offers.order_by("product_id")
    ]
    assert VolunteerRole.objects.filter(cycle=copy).count() == 1
    cycle.repeat = OrderCycle.Repeat.FORTNIGHTLY
    fortnight = services.cycle_copy(cycle=cycle, actor=carol)
    assert fortnight.distribution_date == cycle.distribution_date + datetime.timedelta(days=14)


def test_closing_early_stops_orders_and_reopening_starts_them_again(cycle, alice, carol, eggs):
    services.cycle_close_early(cycle=cycle, actor=carol)
    assert cycle.state == "closed"
    assert not FeedEntry.objects.get().is_visible
    with pytest.raises(ValidationError):
        services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 1})
    with pytest.raises(ValidationError) as too_late:
        services.cycle_reopen(
            cycle=cycle,
            actor=carol,
            closes_at=cycle.distribution_ends_at + datetime.timedelta(hours=1),
        )
    assert "closes_at" in too_late.value.message_dict
    services.cycle_reopen(
        cycle=cycle, actor=carol, closes_at=timezone.now() + datetime.timedelta(hours=5)
    )
    assert cycle.state == "open"
    services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 1})
    with pytest.raises(PermissionDenied):
        services.cycle_close_early(cycle=cycle, actor=alice)


def test_the_close_is_processed_once_with_one_mail_a_producer_and_a_coordinator(
    cycle,
    alice,
    bob,
    carol,
    eggs,
    basket,
    cheese,
    monkeypatch,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.LANGUAGE_CODE = "en"  # producers without an account read the site's language
    services.order_place(
        cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 2, offer_id(cycle, basket): 1}
    )
    services.order_place(cycle=cycle, member=bob, quantities={offer_id(cycle, cheese): 1})
    mail.outbox.clear()
    at(cycle.closes_at + datetime.timedelta(seconds=30), monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.produce_tick.delay().get() == {
            "open": 0,
            "remind": 0,
            "close": 1,
            "signing": 0,
        }
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.process_close.delay(cycle.pk).get() is False  # a second run does nothing
        assert tasks.produce_tick.delay().get()["close"] == 0
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["carol@example.org", "jeanne@monts-dor.example", "marc@pilat.example"]
    to_farm = next(m for m in mail.outbox if m.to == ["jeanne@monts-dor.example"])
    assert "Œufs (boîte de 6): 2 × box — 7.00 €" in to_farm.body
    assert "Panier de légumes: 1 × basket — 15.00 €" in to_farm.body
    assert "Total: 22.00 €" in to_farm.body
    to_dairy = next(m for m in mail.outbox if m.to == ["marc@pilat.example"])
    assert "weighed at the distribution" in to_dairy.body
    summary = next(m for m in mail.outbox if m.to == ["carol@example.org"])
    assert "2 membres ont commandé" in summary.body  # in carol's language
    # Signed by Voisinage and the quartier, never by a host name.
    assert to_farm.body.rstrip().endswith("-- \nVoisinage · Croix-Rousse")
    assert summary.body.rstrip().endswith("-- \nVoisinage · Croix-Rousse")
    assert Notification.objects.filter(kind="cycle_closed").count() == 2
    # The coordinator can send them again.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cycle_send_reports(cycle=cycle, actor=carol)
    assert len(mail.outbox) == 3


def test_the_opening_and_the_coming_close_are_announced_once(
    quartier, carol, alice, bob, eggs, monkeypatch
):
    soon = services.cycle_create(
        quartier=quartier,
        actor=carol,
        offers=[services.Offer(eggs)],
        **cycle_fields(opens_at=timezone.now() + datetime.timedelta(hours=1)),
    )
    assert not FeedEntry.objects.get().is_visible  # not open yet
    at(soon.opens_at + datetime.timedelta(minutes=1), monkeypatch)
    tasks.produce_tick.delay()
    tasks.produce_tick.delay()
    assert Notification.objects.filter(kind="cycle_open").count() == 3  # alice, bob, carol
    assert FeedEntry.objects.get().is_visible
    at(soon.closes_at - datetime.timedelta(hours=23), monkeypatch)
    tasks.produce_tick.delay()
    tasks.produce_tick.delay()
    assert Notification.objects.filter(kind="cycle_closing").count() == 3


def test_stock_rows_never_go_below_zero_or_above_the_quantity(cycle, eggs):
    from django.db import IntegrityError, transaction
    from django.db.models import F

    with pytest.raises(IntegrityError), transaction.atomic():
        CycleProduct.objects.filter(product=eggs).update(
            quantity_ordered=F("quantity_available") + 1
        )


def test_a_weekly_cycle_opens_its_next_one_when_it_closes_once(
    quartier, carol, eggs, monkeypatch, django_capture_on_commit_callbacks
):
    weekly = services.cycle_create(
        quartier=quartier,
        actor=carol,
        offers=[services.Offer(eggs, quantity_available=12)],
        roles=[("Responsable de distribution", 2)],
        **cycle_fields(repeat="weekly"),
    )
    at(weekly.closes_at + datetime.timedelta(minutes=1), monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.produce_tick.delay()
        tasks.produce_tick.delay()
        tasks.process_close.delay(weekly.pk)
    [following] = OrderCycle.objects.filter(copied_from=weekly)
    assert following.distribution_date == weekly.distribution_date + datetime.timedelta(days=7)
    assert following.repeat == "weekly"
    assert following.offers.get().quantity_available == 12
    assert following.conversation is not None
    once = services.cycle_create(
        quartier=quartier, actor=carol, offers=[services.Offer(eggs)], **cycle_fields()
    )
    at(once.closes_at + datetime.timedelta(minutes=1), monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.process_close.delay(once.pk)
    assert not OrderCycle.objects.filter(copied_from=once).exists()


def test_announcing_a_cycle_takes_as_many_queries_for_twenty_members_as_for_three(
    quartier, carol, alice, bob, eggs, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import MembershipFactory, UserFactory

    def announce() -> int:
        cycle = services.cycle_create(
            quartier=quartier,
            actor=carol,
            offers=[services.Offer(eggs)],
            **cycle_fields(title=f"Cycle {OrderCycle.objects.count()}"),
        )
        with CaptureQueriesContext(connection) as queries:
            assert services.cycle_announce_opening(cycle_id=cycle.pk)
        return len(queries)

    for_three = announce()
    for _ in range(20):
        MembershipFactory.create(quartier=quartier, user=UserFactory.create())
    assert announce() == for_three
    assert Notification.objects.filter(kind="cycle_open").count() == 3 + 23
