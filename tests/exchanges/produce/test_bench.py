"""The produce reports benchmark, on a tiny scene: its orders are what `services.order_place`
would store (the stock of each offer counts the units of its lines), the figures it reports
hold the same number of queries at every size, and the race holds the stock."""

import random

import pytest
from django.db.models import Sum

from bench import produce_reports
from exchanges.produce import services
from exchanges.produce.models import CycleProduct, Order, OrderLine, Payment, Volunteer
from tests.exchanges.produce.conftest import offer_id

pytestmark = pytest.mark.django_db

LINE_FIELDS = ["offer_id", "quantity", "unit_price_cents", "weight_grams"]


def tiny(**sizes: object) -> produce_reports.Scene:
    fields = {"members": 6, "producers": 2, "products": 12, "lines": (30, 10), "seed": 3}
    return produce_reports.populate(**(fields | sizes))  # type: ignore[arg-type]


def stock_agrees_with_the_lines(offer: CycleProduct) -> bool:
    offer.refresh_from_db()
    in_lines = OrderLine.objects.filter(offer=offer).aggregate(units=Sum("quantity"))["units"]
    return offer.quantity_ordered == (in_lines or 0) and (offer.quantity_left or 0) >= 0


def test_the_bench_stores_a_line_and_its_stock_as_the_service_does(cycle, alice, bob, eggs):
    offer = cycle.offers.get(product=eggs)
    services.order_place(cycle=cycle, member=alice, quantities={offer.pk: 2})
    by_service = OrderLine.objects.get(order__member=alice)

    order = Order.objects.create(cycle=cycle, member=bob)
    by_bench = produce_reports.line_row(order, offer, 2)
    by_bench.save()
    produce_reports.take_stock([offer], [by_service, by_bench], random.Random(1))

    assert [getattr(by_bench, name) for name in LINE_FIELDS] == [
        getattr(by_service, name) for name in LINE_FIELDS
    ]
    offer.refresh_from_db()
    assert offer.quantity_ordered == 4
    assert stock_agrees_with_the_lines(offer)


def test_every_offer_of_the_scene_counts_the_units_of_its_lines():
    scene = tiny()

    for size, cycle in scene.cycles.items():
        assert OrderLine.objects.filter(order__cycle=cycle).count() == size
        offers = list(CycleProduct.objects.filter(cycle=cycle))
        assert all(stock_agrees_with_the_lines(offer) for offer in offers)
        assert any(offer.quantity_available is not None for offer in offers)
    lines = OrderLine.objects.select_related("offer__product")
    assert all(line.unit_price_cents == line.offer.product.price_cents for line in lines)
    assert lines.filter(offer__product__is_weighed=True, weight_grams__isnull=True).exists()
    assert lines.filter(weight_grams__isnull=False).exists()
    assert Payment.objects.exists() and Volunteer.objects.count() == 2 * 3


def test_the_services_go_on_from_the_scene_without_losing_a_unit():
    scene = tiny()
    cycle = scene.cycles[30]
    order = Order.objects.filter(cycle=cycle).first()
    assert order is not None
    line = order.lines.select_related("offer").first()
    assert line is not None

    services.order_place(
        cycle=cycle, member=order.member, quantities={line.offer_id: line.quantity + 1}
    )
    assert stock_agrees_with_the_lines(line.offer)
    services.order_cancel(order=order, actor=order.member)

    assert all(
        stock_agrees_with_the_lines(offer) for offer in CycleProduct.objects.filter(cycle=cycle)
    )


def test_the_figures_hold_the_same_queries_at_both_sizes():
    scene = tiny()

    rows = produce_reports.measured(scene, repeat={"report": 1, "csv": 1, "pdf": 1})

    assert len(rows) == 2 * (4 + 6)  # four groupings, three CSVs and three PDFs, two sizes
    # offers, orders, lines, payments and their producers, volunteers, 3 baskets
    assert {row.queries for row in rows} == {9}
    assert [row.case for row in rows[:2]] == [
        "30 lines, totals per producer",
        "10 lines, totals per producer",
    ]
    assert rows[0].ratio.endswith("(target ≤ 4.5×, same queries)") and rows[1].ratio == "—"
    assert all(row.median_ms > 0 for row in rows)
    pickup_pdf = next(row for row in rows if row.case == "30 lines, pickup PDF")
    assert pickup_pdf.ratio.endswith(" ms (target ≤ 300 ms)")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_many_buyers_of_the_last_units_exactly_as_many_get_one():
    scene = tiny(lines=(10,))

    outcome = produce_reports.race(scene, buyers=16, units=5, pool=8)

    assert (outcome.sold, outcome.refused, outcome.ordered, outcome.in_lines) == (5, 11, 5, 5)
    assert len(outcome.timings) == 16 and outcome.queries > 0


def test_the_race_check_fails_loudly_when_the_stock_is_oversold(cycle, alice, eggs):
    result = services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 2})
    offer = cycle.offers.get(product=eggs)

    with pytest.raises(AssertionError, match="the stock was not held"):
        produce_reports._checked([result], offer, 1, 1, 1.0, [1.0], 10)
