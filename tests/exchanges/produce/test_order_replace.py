"""The whole order at once (`services.order_replace`), as the page's order form and the API's
PUT both send it: one service, one answer; a line left out goes back to the stock; nothing is
stored when no line could be served."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from exchanges.produce import services
from exchanges.produce.models import CycleProduct, Order, OrderCycle, OrderLine, Product
from neighbourhood.accounts.models import User
from neighbourhood.relais.models import ProxyAction
from tests.conftest import api_as
from tests.exchanges.produce.conftest import offer_id

pytestmark = pytest.mark.django_db


def ordered(member: User) -> dict[str, int]:
    lines = OrderLine.objects.filter(order__member=member)
    return dict(lines.values_list("offer__product__name", "quantity"))


def stock(cycle: OrderCycle) -> dict[str, int]:
    offers = CycleProduct.objects.filter(cycle=cycle)
    return dict(offers.values_list("product__name", "quantity_ordered"))


def through_the_page(member: User, cycle: OrderCycle, wanted: dict[Product, int]) -> list[str]:
    """The order form as a member fills it (every product offered, 0 unless wanted), and the
    reasons the page gives next to the lines it refused."""
    member.language = "en"
    member.save(update_fields=["language"])
    client = Client()
    client.force_login(member)
    form = {
        f"quantity_{offer.pk}": str(wanted.get(offer.product, 0)) for offer in cycle.offers.all()
    }
    page = client.post(f"/produce/cycles/{cycle.pk}/order/", form).content.decode()
    return [reason for reason in REASONS if reason in page]


def through_the_api(member: User, cycle: OrderCycle, wanted: dict[Product, int]) -> list[str]:
    """The same order as the API's PUT, and the reasons of the lines it refused."""
    lines = [{"offer": offer_id(cycle, product), "quantity": n} for product, n in wanted.items()]
    response = api_as(member).put(f"/api/v1/cycles/{cycle.pk}/order/", {"lines": lines}, "json")
    return [row["reason"] for row in response.json()["refused"]]


REASONS = ["Only 1 left.", "At most 2 per member.", "Sold out."]
CHANNELS: dict[str, Callable[[User, OrderCycle, dict[Product, int]], list[str]]] = {
    "page": through_the_page,
    "api": through_the_api,
}


@pytest.mark.parametrize("channel", ["page", "api"])
def test_the_page_and_the_api_give_the_same_answer(channel, cycle, alice, bob, eggs, basket):
    # Three boxes of eggs: alice holds two of them, one is left.
    CycleProduct.objects.filter(cycle=cycle, product=eggs).update(quantity_available=3)
    services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 2})
    services.order_place(cycle=cycle, member=bob, quantities={offer_id(cycle, basket): 4})

    # bob wants two boxes and one basket instead of four.
    refused = CHANNELS[channel](bob, cycle, {eggs: 2, basket: 1})

    assert refused == ["Only 1 left."]
    assert ordered(bob) == {"Panier de légumes": 1}
    assert stock(cycle) == {"Œufs": 2, "Panier de légumes": 1, "Tomme de chèvre": 0}


def test_a_line_left_out_goes_back_to_the_stock(cycle, alice, eggs, basket, cheese):
    services.order_place(
        cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 2, offer_id(cycle, cheese): 1}
    )

    result = services.order_replace(
        cycle=cycle, member=alice, quantities={offer_id(cycle, basket): 1}
    )

    assert (result.changed, result.refused) == (3, {})
    assert ordered(alice) == {"Panier de légumes": 1}
    assert stock(cycle) == {"Œufs": 0, "Panier de légumes": 1, "Tomme de chèvre": 0}


def test_an_empty_order_removes_every_line(cycle, alice, eggs):
    services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 2})

    result = services.order_replace(cycle=cycle, member=alice, quantities={})

    assert result.order is None
    assert not Order.objects.exists()
    assert stock(cycle)["Œufs"] == 0


def test_nothing_changes_when_no_line_can_be_served(cycle, alice, eggs, basket):
    services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 2})
    order = Order.objects.get()
    before = (order.updated_at, ordered(alice), stock(cycle), ProxyAction.objects.count())
    mail.outbox.clear()

    # Three boxes where one member may take two: the only line asked for is refused.
    result = services.order_replace(
        cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 3}
    )

    assert (result.changed, result.refused) == (0, {offer_id(cycle, eggs): "At most 2 per member."})
    order.refresh_from_db()
    assert (order.updated_at, ordered(alice), stock(cycle), ProxyAction.objects.count()) == before
    assert not mail.outbox


def test_the_api_stores_nothing_and_answers_400_when_no_line_can_be_served(cycle, bob, eggs):
    CycleProduct.objects.filter(cycle=cycle, product=eggs).update(quantity_ordered=10)
    payload: dict[str, Any] = {"lines": [{"offer": offer_id(cycle, eggs), "quantity": 1}]}

    response = api_as(bob).put(f"/api/v1/cycles/{cycle.pk}/order/", payload, format="json")

    assert response.status_code == 400
    assert response.json()["refused"] == [{"offer": offer_id(cycle, eggs), "reason": "Sold out."}]
    # Not even the empty order made to hold the line.
    assert not Order.objects.exists()
    assert stock(cycle)["Œufs"] == 10


def test_a_coordinator_replaces_a_members_order_after_the_close(cycle, alice, carol, eggs, basket):
    services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 2})
    services.cycle_close_early(cycle=cycle, actor=carol)

    result = services.order_replace(
        cycle=cycle, member=alice, actor=carol, quantities={offer_id(cycle, basket): 1}
    )

    assert result.refused == {}
    assert ordered(alice) == {"Panier de légumes": 1}
    assert stock(cycle)["Œufs"] == 0
