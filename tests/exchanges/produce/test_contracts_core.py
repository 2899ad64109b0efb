"""The core of contracts: dates made from the distribution days, the total of a late
subscription, a plan adding up to the cent, capacity and the waiting list."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from exchanges.produce import services
from exchanges.produce.models import Contract, OrderCycle, Subscription
from tests.exchanges.produce.contracts import HALF, LARGE, SMALL, size
from tests.factories import cycle_fields


def test_the_dates_come_from_the_thursdays_less_the_date_off(contract: Contract):
    dates = list(contract.dates.order_by("date"))
    assert len(dates) == 10
    assert all(date.date.weekday() == 3 for date in dates)
    assert [date.off for date in dates].count(True) == 1
    assert all((date.cycle is None) == date.off for date in dates)
    assert OrderCycle.objects.filter(contract_dates__contract=contract).count() == 9


def test_a_subscription_pays_every_date_in_three_cheques(contract: Contract, alice, carol):
    subscription = services.subscription_create(
        contract=contract,
        member=alice,
        actor=alice,
        size=size(contract, LARGE),
        instalments=3,
        accepted_terms=True,
    )
    assert subscription.total_cents == 9 * 2000
    amounts = [i.amount_cents for i in subscription.instalments.all()]
    assert amounts == [6000, 6000, 6000]
    half = services.subscription_create(
        contract=contract,
        member=carol,
        actor=carol,
        size=size(contract, HALF),
        instalments=7,
        accepted_terms=True,
    )
    assert half.total_cents == 5 * 1200
    assert sum(i.amount_cents for i in half.instalments.all()) == 6000


def test_a_full_contract_puts_the_newcomer_on_the_waiting_list(
    contract: Contract, alice, bob, carol
):
    Contract.objects.filter(pk=contract.pk).update(capacity=1)
    contract.refresh_from_db()
    first = services.subscription_create(
        contract=contract,
        member=alice,
        actor=alice,
        size=size(contract, SMALL),
        accepted_terms=True,
    )
    second = services.subscription_create(
        contract=contract, member=bob, actor=bob, size=size(contract, SMALL), accepted_terms=True
    )
    assert (first.status, second.status) == ("active", "waiting")
    # A season's commitment: the member cannot end it alone, a coordinator does.
    with pytest.raises(ValidationError, match="Ask a coordinator"):
        services.subscription_end(subscription=first, actor=alice)
    moved = services.subscription_end(subscription=first, actor=carol)
    assert [s.pk for s in moved] == [second.pk]
    second.refresh_from_db()
    contract.refresh_from_db()
    assert second.status == Subscription.Status.ACTIVE and contract.shares_taken == 1


def test_terms_must_be_accepted(contract: Contract, alice):
    with pytest.raises(ValidationError, match="accept"):
        services.subscription_create(
            contract=contract, member=alice, actor=alice, size=size(contract, SMALL)
        )
    assert not Subscription.objects.exists()


def test_a_cycle_opened_on_a_contract_day_fills_that_distribution(
    contract: Contract, carol, eggs, alice
):
    """One distribution a day: the coordinator's cycle is the one the baskets are on, and keeps
    the volunteers already signed up."""
    first = contract.dates.filter(off=False).order_by("date").first()
    assert first is not None and first.cycle is not None
    role = first.cycle.roles.get()
    services.volunteer_sign_up(role=role, member=alice)
    cycle = services.cycle_create(
        quartier=contract.producer.quartier,
        actor=carol,
        offers=[services.Offer(eggs, quantity_available=10)],
        roles=[(role.name, 3), ("Accueil", 1)],
        **cycle_fields(distribution_date=first.date),
    )
    assert cycle.pk == first.cycle_id
    assert OrderCycle.objects.filter(distribution_date=first.date).count() == 1
    assert cycle.title == "Panier de la semaine" and cycle.offers.count() == 1
    assert sorted(cycle.roles.values_list("name", flat=True)) == sorted([role.name, "Accueil"])
    assert role.volunteers.filter(member=alice).exists()
