"""Cancelling an order and closing a cycle early ask first, on a page of their own."""

from __future__ import annotations

import pytest

from exchanges.produce import services
from exchanges.produce.models import Order, OrderCycle
from tests.confirmations import asks_first_then_does

pytestmark = pytest.mark.django_db


def test_it_asks_before_a_member_cancels_their_order(cycle: OrderCycle, alice, dave):
    eggs = cycle.offers.get(product__name="Œufs")
    services.order_place(cycle=cycle, member=alice, quantities={eggs.pk: 2})
    page = asks_first_then_does(
        actor=alice,
        dave=dave,
        url=f"/produce/cycles/{cycle.pk}/order/cancel/",
        done=lambda: not Order.objects.filter(cycle=cycle, member=alice).exists(),
        asks="Yes, cancel my order",
    )
    assert "Every product of your order goes back to the stock." in page


def test_it_asks_before_a_coordinator_closes_the_orders_early(cycle: OrderCycle, carol, dave):
    def closed() -> bool:
        cycle.refresh_from_db()
        return cycle.closed_early_at is not None

    asks_first_then_does(
        actor=carol,
        dave=dave,
        url=f"/produce/cycles/{cycle.pk}/close/",
        done=closed,
        asks="Yes, close orders now",
    )
