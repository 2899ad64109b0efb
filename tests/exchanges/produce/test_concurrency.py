"""Many members buying the last units at once: only a real database with row locks shows that
none is oversold."""

import pytest
from django.utils import translation

from exchanges.produce import services
from exchanges.produce.models import CycleProduct, OrderLine
from tests.exchanges.produce.conftest import offer_id
from tests.factories import MembershipFactory, UserFactory
from tests.neighbourhood.quartiers.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BUYERS = 30


def test_of_thirty_members_buying_the_last_ten_boxes_at_once_ten_get_one(quartier, cycle, eggs):
    buyers = [UserFactory.create() for _ in range(BUYERS)]
    for buyer in buyers:
        MembershipFactory.create(quartier=quartier, user=buyer)
    eggs_offer = offer_id(cycle, eggs)

    def buy(member):
        with translation.override("en"):
            return services.order_place(cycle=cycle, member=member, quantities={eggs_offer: 1})

    results = run_together([lambda m=m: buy(m) for m in buyers])
    served = [r for r in results if isinstance(r, services.OrderResult) and not r.refused]
    refused = [r for r in results if isinstance(r, services.OrderResult) and r.refused]
    assert len(served) == 10, results
    assert len(refused) == BUYERS - 10
    assert all(r.refused == {eggs_offer: "Sold out."} for r in refused)
    offer = CycleProduct.objects.get(pk=eggs_offer)
    assert offer.quantity_ordered == 10 and offer.quantity_left == 0
    assert sum(OrderLine.objects.filter(offer=offer).values_list("quantity", flat=True)) == 10


def test_two_tabs_of_one_member_make_one_order(quartier, cycle, alice, basket, eggs):
    services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 1})
    basket_offer = offer_id(cycle, basket)
    results = run_together(
        [
            lambda: services.order_place(cycle=cycle, member=alice, quantities={basket_offer: 1})
            for _ in range(4)
        ]
    )
    assert all(isinstance(r, services.OrderResult) for r in results), results
    assert OrderLine.objects.filter(order__member=alice, offer_id=basket_offer).count() == 1
    assert CycleProduct.objects.get(pk=basket_offer).quantity_ordered == 1


def test_whole_orders_from_many_members_at_once_never_oversell(quartier, cycle, eggs, basket):
    buyers = [UserFactory.create() for _ in range(BUYERS)]
    for buyer in buyers:
        MembershipFactory.create(quartier=quartier, user=buyer)
    eggs_offer, basket_offer = offer_id(cycle, eggs), offer_id(cycle, basket)

    def replace(member):
        with translation.override("en"):
            return services.order_replace(
                cycle=cycle, member=member, quantities={eggs_offer: 2, basket_offer: 1}
            )

    results = run_together([lambda m=m: replace(m) for m in buyers])

    assert all(isinstance(r, services.OrderResult) for r in results), results
    # Ten boxes, two a member: five members get theirs; every member gets a basket.
    assert sum(1 for r in results if isinstance(r, services.OrderResult) and not r.refused) == 5
    offer = CycleProduct.objects.get(pk=eggs_offer)
    assert offer.quantity_ordered == 10 and offer.quantity_left == 0
    assert sum(OrderLine.objects.filter(offer=offer).values_list("quantity", flat=True)) == 10
    assert CycleProduct.objects.get(pk=basket_offer).quantity_ordered == BUYERS


def test_two_tabs_replacing_one_order_leave_one_of_them_whole(cycle, alice, eggs, basket, cheese):
    services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 1})
    wanted = [{offer_id(cycle, basket): 1}, {offer_id(cycle, cheese): 2}]

    results = run_together(
        [
            lambda q=q: services.order_replace(cycle=cycle, member=alice, quantities=q)
            for q in wanted * 2
        ]
    )

    assert all(isinstance(r, services.OrderResult) for r in results), results
    # The lines are read under the order's lock: the last tab's order stands, alone.
    lines = dict(OrderLine.objects.filter(order__member=alice).values_list("offer_id", "quantity"))
    assert lines in wanted
    for offer in CycleProduct.objects.filter(cycle=cycle):
        assert offer.quantity_ordered == lines.get(offer.pk, 0), offer
