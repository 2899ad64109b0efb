"""Farm produce through the API: producers and products, cycles opened, copied, closed and
reopened, orders line by line against stock, limits and the clock, the coordinators' reports,
payments and volunteers; outsiders get a 404 on everything, members a 403 on what only a
coordinator (or the producer) may do."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from exchanges.produce import kinds as produce_kinds
from exchanges.produce import services
from exchanges.produce.models import (
    CycleProduct,
    Order,
    OrderCycle,
    OrderLine,
    Payment,
    Producer,
    Product,
    Volunteer,
    VolunteerRole,
)
from neighbourhood.feed.models import FeedEntry
from tests.conftest import api_as
from tests.exchanges.produce.conftest import at, offer_id
from tests.factories import MembershipFactory, cycle_fields

pytestmark = pytest.mark.django_db


def cycle_url(cycle, rest: str = "") -> str:
    return f"/api/v1/cycles/{cycle.pk}/{rest}"


def put_order(user, cycle, lines: dict[int, Any]):
    payload = {"lines": [{"offer": offer, "quantity": n} for offer, n in lines.items()]}
    return api_as(user).put(cycle_url(cycle, "order/"), payload, format="json")


def quantities(member) -> dict[str, int]:
    return dict(
        OrderLine.objects.filter(order__member=member).values_list(
            "offer__product__name", "quantity"
        )
    )


def left(cycle, product) -> int | None:
    return CycleProduct.objects.get(cycle=cycle, product=product).quantity_left


def cycle_payload(products: list[Product], **overrides: Any) -> dict[str, Any]:
    fields = cycle_fields()
    return {
        "title": fields["title"],
        "distribution_date": fields["distribution_date"].isoformat(),
        "distribution_start": "18:00",
        "distribution_end": "19:30",
        "place": fields["place"],
        "opens_at": fields["opens_at"].isoformat(),
        "closes_at": fields["closes_at"].isoformat(),
        "offers": [
            {"product": products[0].pk, "quantity_available": 12, "max_per_member": 2},
            *({"product": product.pk} for product in products[1:]),
        ],
        "roles": [{"name": "Accueil", "places": 1}],
    } | overrides


# --- producers and products -------------------------------------------------------------------


def test_a_coordinator_adds_a_producer_and_members_see_it_with_its_products(quartier, carol, alice):
    response = api_as(carol).post(
        "/api/v1/quartiers/croix-rousse/producers/",
        {"farm_name": "Miellerie du Garon", "name": "Paul Favre", "account": alice.pk},
        format="json",
    )

    assert response.status_code == 201, response.json()
    producer = Producer.objects.get()
    assert (producer.farm_name, producer.account) == ("Miellerie du Garon", alice)
    created = api_as(carol).post(
        f"/api/v1/producers/{producer.pk}/products/",
        {
            "name": "Miel de châtaignier",
            "unit": "piece",
            "per_unit": "pot de 500 g",
            "price_cents": 900,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    [listed] = api_as(alice).get("/api/v1/quartiers/croix-rousse/producers/").json()
    assert listed["account"] == {"id": alice.pk, "display_name": "Alice"}
    assert [(p["name"], p["price_cents"]) for p in listed["products"]] == [
        ("Miel de châtaignier", 900)
    ]
    detail = api_as(alice).get(f"/api/v1/producers/{producer.pk}/").json()
    assert detail["farm_name"] == "Miellerie du Garon"
    assert len(api_as(alice).get(f"/api/v1/producers/{producer.pk}/products/").json()) == 1


def test_the_producers_own_account_manages_its_products_but_not_the_farm(quartier, carol, bob):
    farm = services.producer_create(
        quartier=quartier, actor=carol, farm_name="Les Jardins de Bob", name="Bob", account=bob
    )
    created = api_as(bob).post(
        f"/api/v1/producers/{farm.pk}/products/",
        {"name": "Radis", "price_cents": 150},
        format="json",
    )
    assert created.status_code == 201, created.json()

    changed = api_as(bob).patch(
        f"/api/v1/products/{created.json()['id']}/", {"price_cents": 180}, format="json"
    )
    refused = api_as(bob).patch(f"/api/v1/producers/{farm.pk}/", {"name": "B."}, format="json")

    assert changed.status_code == 200 and changed.json()["price_cents"] == 180
    assert refused.status_code == 403
    assert Producer.objects.get().name == "Bob"


def test_a_coordinator_changes_a_producer_but_not_what_cannot_change(quartier, carol, farm):
    url = f"/api/v1/producers/{farm.pk}/"
    changed = api_as(carol).patch(
        url, {"phone": "04 78 00 00 00", "is_active": False}, format="json"
    )
    typo = api_as(carol).patch(url, {"quartier": 12}, format="json")

    assert changed.status_code == 200
    assert (changed.json()["phone"], changed.json()["is_active"]) == ("04 78 00 00 00", False)
    assert typo.status_code == 400
    assert typo.json()["errors"] == {"quartier": ["This cannot be changed."]}


# --- cycles -----------------------------------------------------------------------------------


def test_a_coordinator_opens_a_cycle_with_its_offers_and_roles(
    quartier, carol, alice, eggs, basket
):
    response = api_as(carol).post(
        "/api/v1/quartiers/croix-rousse/cycles/", cycle_payload([eggs, basket]), format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["quartier"], body["is_coordinator"]) == (
        "open",
        "croix-rousse",
        True,
    )
    assert {
        (o["product"]["name"], o["price_cents"], o["quantity_left"], o["max_per_member"])
        for o in body["offers"]
    } == {("Œufs", 350, 12, 2), ("Panier de légumes", 1500, None, None)}
    assert [(r["name"], r["places_left"], r["volunteers"]) for r in body["roles"]] == [
        ("Accueil", 1, [])
    ]
    assert body["my_order"] == {
        "id": None,
        "cycle": body["id"],
        "lines": [],
        "total_cents": 0,
        "weights_missing": False,
        "picked_up_at": None,
        "updated_at": None,
    }
    assert FeedEntry.objects.filter(kind=produce_kinds.FEED_CYCLE).count() == 1
    [listed] = api_as(alice).get("/api/v1/quartiers/croix-rousse/cycles/").json()
    assert (listed["id"], listed["state"], listed["order_count"]) == (body["id"], "open", 0)


def test_the_cycle_detail_shows_stock_left_volunteers_and_my_order(cycle, alice, bob, eggs):
    services.order_place(cycle=cycle, member=bob, quantities={offer_id(cycle, eggs): 2})
    services.volunteer_sign_up(role=cycle.roles.get(), member=bob)
    put_order(alice, cycle, {offer_id(cycle, eggs): 1})

    body = api_as(alice).get(cycle_url(cycle)).json()

    eggs_offer = next(o for o in body["offers"] if o["id"] == offer_id(cycle, eggs))
    assert (eggs_offer["quantity_left"], eggs_offer["farm_name"]) == (7, "Ferme des Monts d'Or")
    [role] = body["roles"]
    assert (role["places_left"], role["i_volunteer"]) == (1, False)
    assert role["volunteers"] == [{"id": bob.pk, "display_name": "Bob"}]
    assert [(line["product"]["name"], line["quantity"]) for line in body["my_order"]["lines"]] == [
        ("Œufs", 1)
    ]
    assert body["my_order"]["total_cents"] == 350
    assert body["is_coordinator"] is False


def test_a_coordinator_closes_reopens_copies_and_sends_the_totals(
    cycle, carol, alice, eggs, django_capture_on_commit_callbacks
):
    services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 1})
    closed = api_as(carol).post(cycle_url(cycle, "close/"))
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    assert put_order(alice, cycle, {offer_id(cycle, eggs): 2}).status_code == 400

    with django_capture_on_commit_callbacks(execute=True):
        sent = api_as(carol).post(cycle_url(cycle, "send-reports/"))
    assert sent.status_code == 202
    assert {address for message in mail.outbox for address in message.to} == {
        "jeanne@monts-dor.example",
        "carol@example.org",
    }

    new_close = timezone.now() + datetime.timedelta(days=1)
    reopened = api_as(carol).post(
        cycle_url(cycle, "reopen/"), {"closes_at": new_close.isoformat()}, format="json"
    )
    assert reopened.status_code == 200 and reopened.json()["state"] == "open"
    assert put_order(alice, cycle, {offer_id(cycle, eggs): 2}).status_code == 200

    copied = api_as(carol).post(cycle_url(cycle, "copy/"), {}, format="json")
    assert copied.status_code == 201, copied.json()
    copy = OrderCycle.objects.get(pk=copied.json()["id"])
    assert copy.distribution_date == cycle.distribution_date + datetime.timedelta(days=7)
    assert copy.copied_from == cycle
    assert sorted(
        (o["product"]["name"], o["quantity_available"], o["max_per_member"])
        for o in copied.json()["offers"]
    ) == sorted(cycle.offers.values_list("product__name", "quantity_available", "max_per_member"))


def test_a_reopening_after_the_distribution_is_refused(cycle, carol):
    response = api_as(carol).post(
        cycle_url(cycle, "reopen/"),
        {"closes_at": (cycle.distribution_ends_at + datetime.timedelta(days=1)).isoformat()},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "closes_at": ["Choose a new close between now and the distribution."]
    }


# --- orders -----------------------------------------------------------------------------------


def test_a_refused_line_says_why_and_the_rest_of_the_order_is_saved(
    cycle, alice, bob, eggs, basket
):
    services.order_place(cycle=cycle, member=bob, quantities={offer_id(cycle, eggs): 2})
    CycleProduct.objects.filter(product=eggs).update(quantity_available=3)

    response = put_order(alice, cycle, {offer_id(cycle, eggs): 2, offer_id(cycle, basket): 1})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["refused"] == [{"offer": offer_id(cycle, eggs), "reason": "Only 1 left."}]
    assert [(line["offer"], line["quantity"]) for line in body["lines"]] == [
        (offer_id(cycle, basket), 1)
    ]
    assert quantities(alice) == {"Panier de légumes": 1}
    assert left(cycle, eggs) == 1


def test_the_limit_per_member_is_said_and_nothing_is_stored(cycle, alice, eggs):
    response = put_order(alice, cycle, {offer_id(cycle, eggs): 3})

    assert response.status_code == 400
    body = response.json()
    assert body["refused"] == [{"offer": offer_id(cycle, eggs), "reason": "At most 2 per member."}]
    assert body["errors"] == {"lines": ["Œufs (boîte de 6): At most 2 per member."]}
    assert body["detail"] == "Œufs (boîte de 6): At most 2 per member."
    assert not Order.objects.exists()
    assert left(cycle, eggs) == 10


def test_an_order_nothing_of_which_can_be_saved_is_left_as_it_was(cycle, alice, eggs, monkeypatch):
    put_order(alice, cycle, {offer_id(cycle, eggs): 1})
    before = Order.objects.get().updated_at
    at(timezone.now() + datetime.timedelta(minutes=10), monkeypatch)

    response = put_order(alice, cycle, {offer_id(cycle, eggs): 3})

    assert response.status_code == 400
    assert response.json()["refused"] == [
        {"offer": offer_id(cycle, eggs), "reason": "At most 2 per member."}
    ]
    assert quantities(alice) == {"Œufs": 1}
    assert Order.objects.get().updated_at == before
    assert left(cycle, eggs) == 9


def test_the_stock_is_never_oversold(quartier, cycle, alice, bob, cheese):
    assert put_order(bob, cycle, {offer_id(cycle, cheese): 4}).status_code == 200

    too_many = put_order(alice, cycle, {offer_id(cycle, cheese): 2})
    last = put_order(alice, cycle, {offer_id(cycle, cheese): 1})
    late = MembershipFactory.create(quartier=quartier).user
    sold_out = put_order(late, cycle, {offer_id(cycle, cheese): 1})

    assert too_many.status_code == 400
    assert too_many.json()["refused"][0]["reason"] == "Only 1 left."
    assert last.status_code == 200 and last.json()["refused"] == []
    assert sold_out.status_code == 400
    assert sold_out.json()["refused"][0]["reason"] == "Sold out."
    assert left(cycle, cheese) == 0
    assert quantities(late) == {}


def test_a_put_sets_the_whole_order_and_gives_back_what_is_left_out(cycle, alice, eggs, basket):
    put_order(alice, cycle, {offer_id(cycle, eggs): 2, offer_id(cycle, basket): 1})

    response = put_order(alice, cycle, {offer_id(cycle, basket): 2})

    assert response.status_code == 200
    assert quantities(alice) == {"Panier de légumes": 2}
    assert left(cycle, eggs) == 10
    assert api_as(alice).get(cycle_url(cycle, "order/")).json()["total_cents"] == 3000


def test_a_member_cancels_their_order_and_the_stock_comes_back(cycle, alice, eggs):
    put_order(alice, cycle, {offer_id(cycle, eggs): 2})

    response = api_as(alice).delete(cycle_url(cycle, "order/"))

    assert response.status_code == 204
    assert not Order.objects.exists()
    assert left(cycle, eggs) == 10
    assert api_as(alice).get(cycle_url(cycle, "order/")).json()["id"] is None


def test_after_the_close_a_member_cannot_change_or_cancel_their_order(
    cycle, alice, eggs, monkeypatch
):
    put_order(alice, cycle, {offer_id(cycle, eggs): 1})
    at(cycle.closes_at + datetime.timedelta(seconds=1), monkeypatch)

    changed = put_order(alice, cycle, {offer_id(cycle, eggs): 2})
    cancelled = api_as(alice).delete(cycle_url(cycle, "order/"))

    assert changed.status_code == 400
    assert "Orders closed on" in changed.json()["detail"]
    assert "ask a coordinator" in changed.json()["detail"]
    assert cancelled.status_code == 400
    assert quantities(alice) == {"Œufs": 1}
    assert api_as(alice).get(cycle_url(cycle)).json()["state"] == "closed"


def test_after_the_close_a_coordinator_changes_a_members_order(
    cycle, carol, alice, eggs, basket, monkeypatch
):
    put_order(alice, cycle, {offer_id(cycle, eggs): 1})
    order = Order.objects.get()
    at(cycle.closes_at + datetime.timedelta(hours=1), monkeypatch)

    response = api_as(carol).put(
        cycle_url(cycle, f"orders/{order.pk}/"),
        {"lines": [{"offer": offer_id(cycle, basket), "quantity": 1}]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["member"] == {"id": alice.pk, "display_name": "Alice"}
    assert response.json()["refused"] == []
    assert quantities(alice) == {"Panier de légumes": 1}
    assert left(cycle, eggs) == 10


def test_an_order_line_keeps_the_price_of_the_day(cycle, carol, alice, eggs):
    put_order(alice, cycle, {offer_id(cycle, eggs): 2})

    changed = api_as(carol).patch(
        f"/api/v1/products/{eggs.pk}/", {"price_cents": 400}, format="json"
    )

    assert changed.status_code == 200
    [line] = api_as(alice).get(cycle_url(cycle, "order/")).json()["lines"]
    assert (line["unit_price_cents"], line["amount_cents"]) == (350, 700)
    offers = api_as(alice).get(cycle_url(cycle)).json()["offers"]
    assert next(o for o in offers if o["id"] == offer_id(cycle, eggs))["price_cents"] == 400
    [total] = [
        product
        for producer in api_as(carol).get(cycle_url(cycle, "reports/totals/")).json()
        for product in producer["products"]
        if product["offer"] == offer_id(cycle, eggs)
    ]
    assert total["amount_cents"] == 700


def test_my_orders_lists_my_orders_with_their_amounts(cycle, alice, bob, eggs, basket):
    put_order(alice, cycle, {offer_id(cycle, eggs): 2, offer_id(cycle, basket): 1})
    put_order(bob, cycle, {offer_id(cycle, basket): 1})

    [mine] = api_as(alice).get("/api/v1/me/orders/").json()

    assert mine["cycle"]["id"] == cycle.pk and mine["cycle"]["quartier"] == "croix-rousse"
    assert (mine["line_count"], mine["total_cents"]) == (2, 2200)


# --- the coordinators' desk -------------------------------------------------------------------


@pytest.fixture
def ordered(cycle, alice, bob, eggs, basket, cheese):
    """alice: 2 eggs and a basket (2200); bob: 1 egg and a cheese, to weigh."""
    put_order(alice, cycle, {offer_id(cycle, eggs): 2, offer_id(cycle, basket): 1})
    put_order(bob, cycle, {offer_id(cycle, eggs): 1, offer_id(cycle, cheese): 1})
    return {
        "alice": Order.objects.get(member=alice),
        "bob": Order.objects.get(member=bob),
        "cheese_line": OrderLine.objects.get(offer__product=cheese),
    }


def by_farm(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["producer"]["farm_name"]: row for row in rows}


def test_the_totals_add_up_the_orders_and_wait_for_the_weights(cycle, carol, ordered, eggs):
    url = cycle_url(cycle, "reports/totals/")
    totals = by_farm(api_as(carol).get(url).json())

    farm, dairy = totals["Ferme des Monts d'Or"], totals["Chèvrerie du Pilat"]
    assert {p["product"]["name"]: (p["quantity"], p["amount_cents"]) for p in farm["products"]} == {
        "Œufs": (3, 1050),
        "Panier de légumes": (1, 1500),
    }
    assert (farm["amount_cents"], farm["weights_missing"]) == (2550, 0)
    assert (dairy["amount_cents"], dairy["weights_missing"]) == (0, 1)
    line_sum = sum(line.amount_cents or 0 for line in OrderLine.objects.all())
    assert sum(row["amount_cents"] for row in totals.values()) == line_sum

    weighed = api_as(carol).post(
        cycle_url(cycle, f"lines/{ordered['cheese_line'].pk}/weight/"),
        {"weight_grams": 500},
        format="json",
    )

    assert weighed.status_code == 200 and weighed.json()["amount_cents"] == 1200
    dairy = by_farm(api_as(carol).get(url).json())["Chèvrerie du Pilat"]
    assert (dairy["amount_cents"], dairy["weights_missing"]) == (1200, 0)


def test_weighing_a_product_sold_by_the_piece_is_refused(cycle, carol, ordered, eggs):
    line = OrderLine.objects.get(order=ordered["alice"], offer__product=eggs)

    response = api_as(carol).post(
        cycle_url(cycle, f"lines/{line.pk}/weight/"), {"weight_grams": 500}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"weight_grams": ["This product is not sold by weight."]}
    assert OrderLine.objects.get(pk=line.pk).weight_grams is None


def test_the_pickup_list_and_packing_follow_the_orders(cycle, carol, alice, bob, ordered, eggs):
    picked = api_as(carol).post(cycle_url(cycle, f"orders/{ordered['alice'].pk}/picked-up/"))
    assert picked.status_code == 200 and picked.json()["picked_up_at"] is not None

    pickup = api_as(carol).get(cycle_url(cycle, "reports/pickup/")).json()
    packing = api_as(carol).get(cycle_url(cycle, "reports/packing/")).json()

    assert [(row["member"]["display_name"], row["amount_cents"]) for row in pickup] == [
        ("Alice", 2200),
        ("Bob", 350),
    ]
    assert (pickup[0]["picked_up_at"] is not None, pickup[1]["picked_up_at"]) == (True, None)
    assert pickup[1]["weights_missing"] is True
    eggs_packing = next(row for row in packing if row["offer"] == offer_id(cycle, eggs))
    assert eggs_packing["quantity"] == 3
    assert sorted((m["member"]["id"], m["quantity"]) for m in eggs_packing["members"]) == sorted(
        [(alice.pk, 2), (bob.pk, 1)]
    )


def test_payments_are_kept_per_producer_and_say_what_is_still_owed(
    cycle, carol, ordered, farm, dairy
):
    def pay(order, producer, **payment):
        url = cycle_url(cycle, f"orders/{order.pk}/payments/{producer.pk}/")
        return api_as(carol).put(url, payment, format="json")

    cheque = pay(
        ordered["alice"],
        farm,
        method="cheque",
        cheque_number="0012",
        amount_cents=2200,
        status="received",
    )
    cash = pay(ordered["bob"], farm, method="cash", amount_cents=350)
    owed = by_farm(api_as(carol).get(cycle_url(cycle, "reports/owed/")).json())

    assert cheque.status_code == 200, cheque.json()
    assert (cheque.json()["status"], cheque.json()["cheque_number"]) == ("received", "0012")
    assert cash.json()["status"] == "to_pay"
    assert owed["Ferme des Monts d'Or"]["ordered_cents"] == 2550
    assert owed["Ferme des Monts d'Or"]["received_cents"] == 2200
    assert owed["Ferme des Monts d'Or"]["owed_cents"] == 350
    assert owed["Chèvrerie du Pilat"]["owed_cents"] == 0  # the cheese is not weighed yet

    handed = pay(ordered["bob"], farm, method="cash", amount_cents=350, status="handed")

    assert handed.status_code == 200
    assert Payment.objects.count() == 2
    owed = by_farm(api_as(carol).get(cycle_url(cycle, "reports/owed/")).json())
    assert owed["Ferme des Monts d'Or"]["owed_cents"] == 0
    pickup = api_as(carol).get(cycle_url(cycle, "reports/pickup/")).json()
    assert [p["method"] for p in pickup[0]["payments"]] == ["cheque"]


@pytest.mark.parametrize(
    ("payment", "field"),
    [
        ({"method": "cheque", "amount_cents": 2200, "status": "received"}, "cheque_number"),
        ({"method": "bitcoin", "amount_cents": 2200}, "method"),
        ({"method": "cash", "amount_cents": -1}, "amount_cents"),
        ({"method": "cash", "amount_cents": 2200, "status": "lost"}, "status"),
    ],
)
def test_it_refuses_a_bad_payment_by_field(cycle, carol, ordered, farm, payment, field):
    url = cycle_url(cycle, f"orders/{ordered['alice'].pk}/payments/{farm.pk}/")

    response = api_as(carol).put(url, payment, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]
    assert not Payment.objects.exists()


# --- volunteers -------------------------------------------------------------------------------


def test_members_sign_up_for_a_role_until_it_is_full_and_withdraw(quartier, cycle, alice, bob):
    role = cycle.roles.get()
    url = cycle_url(cycle, f"roles/{role.pk}/volunteers/")
    third = MembershipFactory.create(quartier=quartier).user

    first = api_as(alice).post(url)
    second = api_as(bob).post(url)
    full = api_as(third).post(url)

    assert first.status_code == 201 and first.json()["i_volunteer"] is True
    assert second.status_code == 201 and second.json()["places_left"] == 0
    assert full.status_code == 400
    assert full.json()["detail"] == "This role has all the people it needs. Thank you!"
    assert not Volunteer.objects.filter(member=third).exists()

    assert api_as(alice).delete(url).status_code == 204
    assert api_as(alice).delete(url).status_code == 400
    assert api_as(third).post(url).status_code == 201
    assert set(Volunteer.objects.values_list("member", flat=True)) == {bob.pk, third.pk}


# --- bad input --------------------------------------------------------------------------------


def assert_refused(response, field: str, message: str | None) -> None:
    assert response.status_code == 400, response.json()
    body = response.json()
    assert field in body["errors"], body
    assert all(isinstance(text, str) and text for text in body["errors"][field])
    if message is not None:
        assert body["errors"][field] == [message]
    assert body["detail"] == body["errors"][next(iter(body["errors"]))][0]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        pytest.param(
            {"price_cents": -1},
            "price_cents",
            "A price lies between 0 and 1,000 euros.",
            id="price-1",
        ),
        pytest.param(
            {"price_cents": 100_001},
            "price_cents",
            "A price lies between 0 and 1,000 euros.",
            id="price-too-high",
        ),
        pytest.param(
            {"price_cents": "x"}, "price_cents", "A valid integer is required.", id="price-x"
        ),
        pytest.param({"unit": "ton"}, "unit", None, id="unit"),
        pytest.param({"name": ""}, "name", None, id="no-name"),
    ],
)
def test_it_refuses_a_bad_product_with_a_message_per_field_and_stores_nothing(
    carol, farm, change, field, message
):
    payload = {"name": "Poireaux", "unit": "bunch", "price_cents": 250} | change

    response = api_as(carol).post(f"/api/v1/producers/{farm.pk}/products/", payload, format="json")

    assert_refused(response, field, message)
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        pytest.param(
            {"latitude": 45.7},
            "latitude",
            "Give both the latitude and the longitude, or neither.",
            id="half-a-place",
        ),
        pytest.param({"email": "jeanne"}, "email", None, id="email"),
        pytest.param({"farm_name": "Ferme des Monts d'Or"}, "farm_name", None, id="taken"),
        pytest.param(
            {"account": 999_999}, "account", "Choose a member of this quartier.", id="account"
        ),
        # Past any row's id (a 64-bit key): refused by its range, never asked of the database.
        pytest.param({"account": 2**70}, "account", None, id="account-out-of-range"),
    ],
)
def test_it_refuses_a_bad_producer_and_stores_nothing(carol, farm, change, field, message):
    payload = {"farm_name": "Verger Lafay", "name": "Luc Lafay"} | change

    response = api_as(carol).post(
        "/api/v1/quartiers/croix-rousse/producers/", payload, format="json"
    )

    assert_refused(response, field, message)
    assert list(Producer.objects.values_list("farm_name", flat=True)) == ["Ferme des Monts d'Or"]


def test_a_producer_account_must_be_a_member_of_the_quartier(carol, dave):
    payload = {"farm_name": "Verger Lafay", "name": "Luc Lafay", "account": dave.pk}

    response = api_as(carol).post(
        "/api/v1/quartiers/croix-rousse/producers/", payload, format="json"
    )

    assert_refused(response, "account", "Choose a member of this quartier.")
    assert not Producer.objects.exists()


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        pytest.param(
            [{"offer": "EGGS", "quantity": -1}], "Order between 0 and 1000.", id="quantity-1"
        ),
        pytest.param(
            [{"offer": "EGGS", "quantity": 1001}], "Order between 0 and 1000.", id="quantity-1001"
        ),
        pytest.param(
            [{"offer": "EGGS", "quantity": "x"}], "A valid integer is required.", id="quantity-x"
        ),
        pytest.param([{"offer": "x", "quantity": 1}], "A valid integer is required.", id="offer-x"),
        pytest.param([{"offer": "EGGS"}], "This field is required.", id="no-quantity"),
        pytest.param(
            [{"offer": 999_999, "quantity": 1}],
            "This product is not offered this week.",
            id="unknown-offer",
        ),
        pytest.param(
            [{"offer": "EGGS", "quantity": 1}, {"offer": "EGGS", "quantity": 2}],
            "Give each product once.",
            id="twice",
        ),
        pytest.param("deux œufs", None, id="not-a-list"),
    ],
)
def test_it_refuses_a_bad_order_line_with_a_sentence_and_stores_nothing(
    cycle, alice, eggs, lines, message
):
    if isinstance(lines, list):
        lines = [
            line | ({"offer": offer_id(cycle, eggs)} if line["offer"] == "EGGS" else {})
            for line in lines
        ]

    response = api_as(alice).put(cycle_url(cycle, "order/"), {"lines": lines}, format="json")

    assert_refused(response, "lines", message)
    assert not Order.objects.exists()
    assert left(cycle, eggs) == 10


def test_an_order_for_another_cycles_offer_is_refused(quartier, carol, cycle, alice, eggs):
    other = services.cycle_create(
        quartier=quartier, actor=carol, offers=[services.Offer(eggs)], **cycle_fields()
    )

    response = put_order(alice, cycle, {offer_id(other, eggs): 1})

    assert_refused(response, "lines", "This product is not offered this week.")
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        pytest.param({"offers": []}, "offers", "Offer at least one product.", id="no-offer"),
        pytest.param(
            {"offers": [{"product": 999_999}]},
            "offers",
            "Offer active products of this quartier's producers.",
            id="unknown-product",
        ),
        pytest.param(
            {"offers": [{"product": "EGGS", "quantity_available": -1}]},
            "offers",
            "Quantities are whole numbers, limits at least 1.",
            id="stock-1",
        ),
        pytest.param(
            {"offers": [{"product": "EGGS", "max_per_member": 0}]},
            "offers",
            "Quantities are whole numbers, limits at least 1.",
            id="limit-0",
        ),
        pytest.param(
            {"offers": [{"product": "EGGS"}, {"product": "EGGS"}]},
            "offers",
            "Offer each product once.",
            id="twice",
        ),
        pytest.param(
            {"roles": [{"name": "Accueil", "places": 0}]},
            "roles",
            "A role needs 1 to 50 people.",
            id="places-0",
        ),
        pytest.param(
            {"closes_at": "AFTER"},
            "closes_at",
            "Orders must close before the distribution.",
            id="closes-after-distribution",
        ),
        pytest.param(
            {"distribution_end": "17:00"},
            "distribution_end",
            "The distribution must end after it starts.",
            id="ends-before-start",
        ),
        pytest.param({"distribution_start": "25:00"}, "distribution_start", None, id="time-25h"),
        pytest.param({"opens_at": "demain"}, "opens_at", None, id="malformed-opening"),
        pytest.param({"repeat": "daily"}, "repeat", None, id="repeat"),
        pytest.param({"title": ""}, "title", None, id="no-title"),
    ],
)
def test_it_refuses_a_bad_cycle_with_a_message_per_field_and_stores_nothing(
    carol, eggs, basket, change, field, message
):
    payload = cycle_payload([eggs, basket]) | change
    for offer in payload["offers"]:
        if offer.get("product") == "EGGS":
            offer["product"] = eggs.pk
    if payload["closes_at"] == "AFTER":
        distribution = datetime.datetime.fromisoformat(payload["distribution_date"])
        payload["closes_at"] = timezone.make_aware(distribution.replace(hour=20)).isoformat()

    response = api_as(carol).post("/api/v1/quartiers/croix-rousse/cycles/", payload, format="json")

    assert_refused(response, field, message)
    assert not OrderCycle.objects.exists()
    assert not FeedEntry.objects.exists()


def test_a_withdrawn_product_cannot_be_offered(carol, eggs, basket):
    Product.objects.filter(pk=eggs.pk).update(is_active=False)

    response = api_as(carol).post(
        "/api/v1/quartiers/croix-rousse/cycles/", cycle_payload([eggs, basket]), format="json"
    )

    assert_refused(response, "offers", "Offer active products of this quartier's producers.")
    assert not OrderCycle.objects.exists()


# --- who may do what --------------------------------------------------------------------------

MEMBER_ENDPOINTS = [
    ("get", "/api/v1/quartiers/{slug}/producers/"),
    ("get", "/api/v1/producers/{producer_id}/"),
    ("get", "/api/v1/producers/{producer_id}/products/"),
    ("get", "/api/v1/quartiers/{slug}/cycles/"),
    ("get", "/api/v1/cycles/{cycle_id}/"),
    ("get", "/api/v1/cycles/{cycle_id}/order/"),
    ("put", "/api/v1/cycles/{cycle_id}/order/"),
    ("delete", "/api/v1/cycles/{cycle_id}/order/"),
    ("post", "/api/v1/cycles/{cycle_id}/roles/{role_id}/volunteers/"),
    ("delete", "/api/v1/cycles/{cycle_id}/roles/{role_id}/volunteers/"),
]
COORDINATOR_ENDPOINTS = [
    ("post", "/api/v1/quartiers/{slug}/producers/"),
    ("patch", "/api/v1/producers/{producer_id}/"),
    ("post", "/api/v1/producers/{producer_id}/products/"),
    ("patch", "/api/v1/products/{product_id}/"),
    ("post", "/api/v1/quartiers/{slug}/cycles/"),
    ("post", "/api/v1/cycles/{cycle_id}/copy/"),
    ("post", "/api/v1/cycles/{cycle_id}/close/"),
    ("post", "/api/v1/cycles/{cycle_id}/reopen/"),
    ("post", "/api/v1/cycles/{cycle_id}/send-reports/"),
    ("get", "/api/v1/cycles/{cycle_id}/reports/totals/"),
    ("get", "/api/v1/cycles/{cycle_id}/reports/pickup/"),
    ("get", "/api/v1/cycles/{cycle_id}/reports/packing/"),
    ("get", "/api/v1/cycles/{cycle_id}/reports/owed/"),
    ("put", "/api/v1/cycles/{cycle_id}/orders/{order_id}/"),
    ("post", "/api/v1/cycles/{cycle_id}/orders/{order_id}/picked-up/"),
    ("post", "/api/v1/cycles/{cycle_id}/lines/{line_id}/weight/"),
    ("put", "/api/v1/cycles/{cycle_id}/orders/{order_id}/payments/{producer_id}/"),
]


@pytest.fixture
def everything(quartier, cycle, alice, farm, eggs, cheese):
    """alice's order of a box of eggs and a cheese to weigh, in carol's cycle."""
    put_order(alice, cycle, {offer_id(cycle, eggs): 1, offer_id(cycle, cheese): 1})
    return {
        "slug": quartier.slug,
        "producer_id": farm.pk,
        "product_id": eggs.pk,
        "cycle_id": cycle.pk,
        "order_id": Order.objects.get().pk,
        "line_id": OrderLine.objects.get(offer__product=cheese).pk,
        "role_id": cycle.roles.get().pk,
    }


def valid_payload(everything, eggs, basket) -> dict[str, Any]:
    """A valid body for every endpoint at once: only the access rule may refuse it."""
    return cycle_payload([eggs, basket]) | {
        "farm_name": "Ferme pirate",
        "name": "Pirate",
        "price_cents": 1,
        "lines": [{"offer": offer_id(OrderCycle.objects.get(), basket), "quantity": 3}],
        "closes_at": (timezone.now() + datetime.timedelta(days=1)).isoformat(),
        "weight_grams": 5000,
        "method": "cash",
        "amount_cents": 1,
        "status": "handed",
    }


def assert_untouched(everything) -> None:
    assert Producer.objects.count() == 2
    assert Product.objects.count() == 3
    assert Product.objects.get(pk=everything["product_id"]).price_cents == 350
    assert OrderCycle.objects.count() == 1
    cycle = OrderCycle.objects.get()
    assert (cycle.closed_early_at, cycle.state) == (None, "open")
    order = Order.objects.get()
    assert order.picked_up_at is None
    assert sorted(order.lines.values_list("quantity", "weight_grams")) == [(1, None), (1, None)]
    assert not Payment.objects.exists()
    assert not Volunteer.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(("method", "path"), MEMBER_ENDPOINTS + COORDINATOR_ENDPOINTS)
def test_dave_gets_404_on_every_produce_endpoint(everything, dave, eggs, basket, method, path):
    payload = valid_payload(everything, eggs, basket)

    response = getattr(api_as(dave), method)(path.format(**everything), payload, format="json")

    assert response.status_code == 404
    assert "Alice" not in response.content.decode()
    assert_untouched(everything)


@pytest.mark.parametrize(("method", "path"), COORDINATOR_ENDPOINTS)
def test_a_member_gets_403_on_every_coordinator_endpoint(
    everything, bob, eggs, basket, method, path
):
    payload = valid_payload(everything, eggs, basket)

    response = getattr(api_as(bob), method)(path.format(**everything), payload, format="json")

    assert response.status_code == 403
    assert response.json()["detail"] == "Only a coordinator of this quartier can do this."
    assert_untouched(everything)


def test_a_former_member_loses_the_cycles_of_the_quartier(everything, quartier, alice):
    alice.memberships.update(status="left")

    assert api_as(alice).get(f"/api/v1/cycles/{everything['cycle_id']}/").status_code == 404
    assert api_as(alice).get("/api/v1/quartiers/croix-rousse/cycles/").status_code == 404


def test_dave_has_no_orders_of_his_own(everything, dave):
    assert api_as(dave).get("/api/v1/me/orders/").json() == []


def test_an_anonymous_visitor_sees_nothing(api, everything):
    assert api.get(f"/api/v1/cycles/{everything['cycle_id']}/").status_code in (401, 403)
    assert api.get("/api/v1/quartiers/croix-rousse/producers/").status_code in (401, 403)


# --- queries ----------------------------------------------------------------------------------


def test_the_cycle_list_costs_the_same_queries_however_many_cycles(
    quartier, carol, alice, eggs, django_assert_max_num_queries
):
    for week in range(8):
        cycle = services.cycle_create(
            quartier=quartier,
            actor=carol,
            offers=[services.Offer(eggs)],
            **cycle_fields(title=f"Semaine {week}"),
        )
        services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 1})

    with django_assert_max_num_queries(3):
        response = api_as(alice).get("/api/v1/quartiers/croix-rousse/cycles/")

    assert len(response.json()) == 8
    assert {row["order_count"] for row in response.json()} == {1}


def test_the_cycle_detail_costs_the_same_queries_however_many_orders_and_volunteers(
    quartier, cycle, carol, alice, eggs, basket, django_assert_max_num_queries
):
    roles = [
        VolunteerRole.objects.create(cycle=cycle, name=name, places=10)
        for name in ("Accueil", "Rangement", "Caisse")
    ]
    for _ in range(6):
        member = MembershipFactory.create(quartier=quartier).user
        put_order(member, cycle, {offer_id(cycle, basket): 1})
        for role in roles:
            services.volunteer_sign_up(role=role, member=member)
    put_order(alice, cycle, {offer_id(cycle, eggs): 2, offer_id(cycle, basket): 1})

    with django_assert_max_num_queries(8):
        response = api_as(alice).get(cycle_url(cycle))

    body = response.json()
    assert len(body["offers"]) == 3 and len(body["roles"]) == 4
    assert sum(len(role["volunteers"]) for role in body["roles"]) == 18
    assert len(body["my_order"]["lines"]) == 2


def test_the_producer_list_costs_the_same_queries_however_many_producers(
    quartier, carol, alice, django_assert_max_num_queries
):
    for number in range(5):
        farm = services.producer_create(
            quartier=quartier, actor=carol, farm_name=f"Ferme {number}", name="X", account=alice
        )
        for product in ("Pommes", "Poires"):
            services.product_create(producer=farm, actor=carol, name=product, price_cents=300)

    with django_assert_max_num_queries(3):
        response = api_as(alice).get("/api/v1/quartiers/croix-rousse/producers/")

    assert [len(row["products"]) for row in response.json()] == [2] * 5
    assert {row["account"]["display_name"] for row in response.json()} == {"Alice"}
