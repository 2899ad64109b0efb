"""Members' orders: line by line, against stock, limits and the clock; prices kept."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from exchanges.produce import services
from exchanges.produce.models import CycleProduct, Order, OrderLine
from tests.exchanges.produce.conftest import offer_id

pytestmark = pytest.mark.django_db


def left(cycle, product) -> int | None:
    return CycleProduct.objects.get(cycle=cycle, product=product).quantity_left


def test_an_order_takes_stock_and_keeps_the_price_of_the_day(cycle, alice, eggs, basket, carol):
    result = services.order_place(
        cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 2, offer_id(cycle, basket): 1}
    )
    assert result.refused == {} and result.changed == 2
    assert left(cycle, eggs) == 8
    services.product_update(product=eggs, actor=carol, price_cents=400)
    line = OrderLine.objects.get(offer__product=eggs)
    assert (line.quantity, line.unit_price_cents, line.amount_cents) == (2, 350, 700)


def test_a_line_that_cannot_be_served_is_refused_with_its_reason_and_the_rest_is_kept(
    cycle, alice, bob, eggs, basket
):
    services.order_place(cycle=cycle, member=bob, quantities={offer_id(cycle, eggs): 2})
    CycleProduct.objects.filter(product=eggs).update(quantity_available=3)
    result = services.order_place(
        cycle=cycle,
        member=alice,
        quantities={offer_id(cycle, eggs): 2, offer_id(cycle, basket): 3, 999_999: 1},
    )
    assert result.refused == {
        offer_id(cycle, eggs): "Only 1 left.",
        999_999: "This product is not offered this week.",
    }
    assert result.changed == 1
    assert list(
        OrderLine.objects.filter(order__member=alice).values_list("quantity", flat=True)
    ) == [3]
    assert left(cycle, eggs) == 1


def test_the_per_member_limit_and_sold_out_are_said(cycle, alice, bob, eggs):
    too_many = services.order_place(
        cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 3}
    )
    assert too_many.refused == {offer_id(cycle, eggs): "At most 2 per member."}
    assert too_many.order is None and not Order.objects.exists()
    CycleProduct.objects.filter(product=eggs).update(quantity_available=2)
    services.order_place(cycle=cycle, member=bob, quantities={offer_id(cycle, eggs): 2})
    sold_out = services.order_place(
        cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 1}
    )
    assert sold_out.refused == {offer_id(cycle, eggs): "Sold out."}


def test_lowering_or_removing_a_line_gives_the_units_back(cycle, alice, eggs):
    services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 2})
    services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 1})
    assert left(cycle, eggs) == 9
    services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 0})
    assert left(cycle, eggs) == 10
    assert not Order.objects.exists()


def test_cancelling_gives_everything_back(cycle, alice, eggs, cheese):
    result = services.order_place(
        cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 2, offer_id(cycle, cheese): 1}
    )
    assert result.order is not None
    services.order_cancel(order=result.order, actor=alice)
    assert (left(cycle, eggs), left(cycle, cheese)) == (10, 5)
    assert not Order.objects.exists()


def test_an_order_one_second_after_the_close_is_refused_clearly(cycle, alice, eggs, monkeypatch):
    later = cycle.closes_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with pytest.raises(ValidationError) as refused:
        services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 1})
    assert "Orders closed on" in str(refused.value)
    assert "ask a coordinator" in str(refused.value)
    assert not Order.objects.exists()


def test_after_the_close_only_a_coordinator_changes_an_order(
    cycle, alice, carol, eggs, monkeypatch
):
    result = services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 1})
    later = cycle.closes_at + datetime.timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert result.order is not None
    with pytest.raises(ValidationError):
        services.order_cancel(order=result.order, actor=alice)
    services.order_place(
        cycle=cycle, member=alice, actor=carol, quantities={offer_id(cycle, eggs): 2}
    )
    assert OrderLine.objects.get().quantity == 2


def test_before_the_opening_orders_wait(cycle, alice, eggs, monkeypatch):
    earlier = cycle.opens_at - datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: earlier)
    with pytest.raises(ValidationError) as refused:
        services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 1})
    assert "Orders open on" in str(refused.value)


def test_outsiders_and_other_members_orders_are_refused(cycle, alice, bob, dave, eggs):
    with pytest.raises(PermissionDenied):
        services.order_place(cycle=cycle, member=dave, quantities={offer_id(cycle, eggs): 1})
    with pytest.raises(PermissionDenied):
        services.order_place(
            cycle=cycle, member=alice, actor=bob, quantities={offer_id(cycle, eggs): 1}
        )
    assert not Order.objects.exists()


def test_a_weighed_product_is_priced_once_weighed(cycle, alice, carol, cheese):
    services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, cheese): 1})
    line = OrderLine.objects.get()
    assert line.amount_cents is None
    services.line_set_weight(line=line, actor=carol, weight_grams=450)
    assert line.amount_cents == 1080  # 24 €/kg × 0.45 kg
    with pytest.raises(PermissionDenied):
        services.line_set_weight(line=line, actor=alice, weight_grams=500)
