"""The farm produce pages, used as members and coordinators would: forms posted without
JavaScript, then a redirect."""

from __future__ import annotations

import codecs
import datetime
import html
import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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
)
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from tests.exchanges.produce.conftest import at, download, offer_id
from tests.factories import MembershipFactory, UserFactory, cycle_fields

pytestmark = pytest.mark.django_db


def client_for(user: User, language: str = "en") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def errors_of(page: str, field: str, form: str = "id_") -> str:
    """The error list shown next to ``field`` (of the form whose ids start with ``form``)."""
    start = page.index(f'id="{form}{field}_errors"')
    return html.unescape(page[start : page.index("</ul>", start)])


def between(page: str, start: str, end: str) -> str:
    """The part of ``page`` from ``start`` to the next ``end``."""
    first = page.index(start)
    return html.unescape(page[first : page.index(end, first)])


def text_of(part: str) -> str:
    """HTML as read: its words, without tags."""
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", part).split()))


def status_messages(page: str) -> list[str]:
    """The regions that confirm what was just done (role="status"), as text."""
    return [
        text_of(part[part.index(">") + 1 : part.index("</div>")])
        for part in page.split('role="status"')[1:]
    ]


def quantities(cycle: OrderCycle, **by_product: int) -> dict[str, str]:
    """The order form as a member fills it: every product offered, 0 unless given."""
    data = {f"quantity_{offer.pk}": "0" for offer in cycle.offers.all()}
    for offer in cycle.offers.select_related("product"):
        key = {"Œufs": "eggs", "Panier de légumes": "basket", "Tomme de chèvre": "cheese"}.get(
            offer.product.name, str(offer.product.pk)
        )
        if key in by_product:
            data[f"quantity_{offer.pk}"] = str(by_product[key])
    return data


# --- every page, for the right person ---------------------------------------------------------


@pytest.fixture
def world(cycle, alice, bob, eggs, cheese, farm) -> dict[str, Any]:
    """Alice ordered two boxes of eggs and a cheese (to weigh); Bob helps at the distribution."""
    result = services.order_place(
        cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 2, offer_id(cycle, cheese): 1}
    )
    role = cycle.roles.get()
    services.volunteer_sign_up(role=role, member=bob)
    assert result.order is not None
    return {
        "cycle": cycle,
        "order": result.order,
        "line": result.order.lines.get(offer__product=cheese),
        "role": role,
        "farm": farm,
        "eggs": eggs,
    }


def urls(world: dict[str, Any]) -> dict[str, str]:
    cycle, order = world["cycle"].pk, world["order"].pk
    return {
        "mine": "/produce/mine/",
        "list": "/produce/in/croix-rousse/",
        "producers": "/produce/in/croix-rousse/producers/",
        "producer_create": "/produce/in/croix-rousse/producers/new/",
        "cycle_create": "/produce/in/croix-rousse/cycles/new/",
        "producer": f"/produce/producers/{world['farm'].pk}/",
        "producer_edit": f"/produce/producers/{world['farm'].pk}/edit/",
        "product_create": f"/produce/producers/{world['farm'].pk}/products/new/",
        "product_edit": f"/produce/products/{world['eggs'].pk}/edit/",
        "cycle": f"/produce/cycles/{cycle}/",
        "order": f"/produce/cycles/{cycle}/order/",
        "order_cancel": f"/produce/cycles/{cycle}/order/cancel/",
        "cycle_copy": f"/produce/cycles/{cycle}/copy/",
        "cycle_close": f"/produce/cycles/{cycle}/close/",
        "cycle_reopen": f"/produce/cycles/{cycle}/reopen/",
        "cycle_send": f"/produce/cycles/{cycle}/send/",
        "reports": f"/produce/cycles/{cycle}/reports/",
        "report_export": f"/produce/cycles/{cycle}/reports/totals.csv",
        "order_manage": f"/produce/cycles/{cycle}/orders/{order}/",
        "weight": f"/produce/cycles/{cycle}/lines/{world['line'].pk}/weight/",
        "payments": f"/produce/cycles/{cycle}/payments/",
        "volunteer": f"/produce/cycles/{cycle}/roles/{world['role'].pk}/",
    }


PAGES = [
    ("alice", "mine"),
    ("alice", "list"),
    ("carol", "list"),
    ("alice", "producers"),
    ("carol", "producers"),
    ("alice", "producer"),
    ("carol", "producer"),
    ("alice", "cycle"),
    ("bob", "cycle"),
    ("carol", "cycle"),
    ("carol", "producer_create"),
    ("carol", "producer_edit"),
    ("carol", "product_create"),
    ("carol", "product_edit"),
    ("carol", "cycle_create"),
    ("carol", "reports"),
    ("carol", "order_manage"),
    ("carol", "payments"),
]


@pytest.mark.parametrize(("who", "page"), PAGES)
def test_every_page_shows_to_the_right_person(world, who, page, request):
    response = client_for(request.getfixturevalue(who)).get(urls(world)[page])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize(("who", "page"), PAGES)
def test_every_page_speaks_french_by_default(world, who, page, request):
    response = client_for(request.getfixturevalue(who), language="fr").get(urls(world)[page])
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


def test_the_distribution_day_is_written_in_french_in_the_sites_timezone(world, alice):
    cycle = world["cycle"]
    # Alice reads from Montréal; the distribution and its close are said as in the quartier.
    alice.timezone = "America/Montreal"
    alice.save(update_fields=["timezone"])
    page = client_for(alice, language="fr").get(f"/produce/cycles/{cycle.pk}/").content.decode()
    weekdays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    assert weekdays[cycle.distribution_date.weekday()] in page
    close = timezone.localtime(cycle.closes_at, timezone.get_default_timezone())
    assert close.strftime("%H:%M") in page


def test_the_menu_and_the_quartier_lead_to_the_orders(world, alice):
    client = client_for(alice)
    page = client.get("/quartiers/croix-rousse/").content.decode()
    assert 'href="/produce/mine/"' in page
    assert 'href="/produce/in/croix-rousse/"' in page
    # The open cycle is listed there, with a link to order.
    assert f'href="/produce/cycles/{world["cycle"].pk}/"' in page
    assert "/produce/in/croix-rousse/cycles/new/" not in page


def test_a_coordinator_finds_new_cycle_on_the_quartier_page(world, carol):
    page = client_for(carol).get("/quartiers/croix-rousse/").content.decode()
    assert 'href="/produce/in/croix-rousse/cycles/new/"' in page


# --- outsiders and members who may not --------------------------------------------------------


def _count_everything() -> tuple[int, ...]:
    return (
        Producer.objects.count(),
        Product.objects.count(),
        OrderCycle.objects.count(),
        Order.objects.count(),
        OrderLine.objects.count(),
        Volunteer.objects.count(),
        Payment.objects.count(),
        OrderCycle.objects.filter(closed_early_at__isnull=False).count(),
        Order.objects.filter(picked_up_at__isnull=False).count(),
        OrderLine.objects.filter(weight_grams__isnull=False).count(),
    )


POSTED = {
    "producer_create": {"farm_name": "Ferme X", "name": "X"},
    "producer_edit": {"farm_name": "Ferme X", "name": "X"},
    "product_create": {"name": "Miel", "unit": "piece", "price": "5"},
    "product_edit": {"name": "Miel", "unit": "piece", "price": "5"},
    "order": {},  # filled with the cycle's offers
    "cycle_reopen": {"closes_at_0": "2030-01-01", "closes_at_1": "10:00"},
    "order_manage": {"action": "picked_up", "picked_up": "1"},
    "weight": {"weight_grams": "500"},
    "payments": {},  # filled with the order and the producer
    "volunteer": {"action": "leave"},
}


def posted(world: dict[str, Any], name: str) -> dict[str, str]:
    data = dict(POSTED.get(name, {}))
    if name == "order":
        data = quantities(world["cycle"], eggs=1, basket=1)
    if name == "payments":
        data = {
            "order": str(world["order"].pk),
            "producer": str(world["farm"].pk),
            "method": "cash",
            "amount": "7",
            "status": "received",
        }
    return data


URL_NAMES = [
    "mine",
    "list",
    "producers",
    "producer_create",
    "cycle_create",
    "producer",
    "producer_edit",
    "product_create",
    "product_edit",
    "cycle",
    "order",
    "order_cancel",
    "cycle_copy",
    "cycle_close",
    "cycle_reopen",
    "cycle_send",
    "reports",
    "report_export",
    "order_manage",
    "weight",
    "payments",
    "volunteer",
]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", [name for name in URL_NAMES if name != "mine"])
def test_an_outsider_gets_404_on_every_page_of_produce(world, dave, name, method):
    before = _count_everything()
    url = urls(world)[name]
    response = getattr(client_for(dave), method)(url, posted(world, name))
    assert response.status_code == 404
    assert _count_everything() == before


def test_an_outsider_sees_no_order_of_anyone_on_his_own_page(world, dave):
    page = client_for(dave).get("/produce/mine/").content.decode()
    assert world["cycle"].title not in page


def test_a_signed_out_visitor_is_sent_to_sign_in(world):
    response = Client().get(urls(world)["cycle"])
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


COORDINATORS_ONLY = [
    "producer_create",
    "cycle_create",
    "producer_edit",
    "product_create",
    "product_edit",
    "cycle_copy",
    "cycle_close",
    "cycle_reopen",
    "cycle_send",
    "reports",
    "report_export",
    "order_manage",
    "weight",
    "payments",
]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", COORDINATORS_ONLY)
def test_a_plain_member_gets_403_on_every_coordinators_page(world, bob, name, method):
    before = _count_everything()
    response = getattr(client_for(bob), method)(urls(world)[name], posted(world, name))
    assert response.status_code == 403
    assert _count_everything() == before


def test_a_member_sees_no_coordination_links(world, alice):
    page = client_for(alice).get(urls(world)["cycle"]).content.decode()
    assert urls(world)["reports"] not in page
    assert urls(world)["cycle_close"] not in page
    assert urls(world)["payments"] not in page
    producer = client_for(alice).get(urls(world)["producer"]).content.decode()
    assert urls(world)["product_edit"] not in producer
    assert urls(world)["producer_edit"] not in producer


# --- ordering ----------------------------------------------------------------------------------


def test_a_member_orders_through_the_form(world, bob, eggs, basket):
    cycle = world["cycle"]
    client = client_for(bob)
    page = client.get(f"/produce/cycles/{cycle.pk}/").content.decode()
    assert f'name="quantity_{offer_id(cycle, eggs)}"' in page
    assert "8 left · at most 2 per member" in page  # Alice took 2 of the 10 boxes

    response = client.post(
        f"/produce/cycles/{cycle.pk}/order/", quantities(cycle, eggs=1, basket=2)
    )

    assert response.status_code == 302
    # The page opens at "Your order", and says there that it is saved.
    assert response["Location"] == f"/produce/cycles/{cycle.pk}/#order"
    lines = OrderLine.objects.filter(order__member=bob).order_by("offer__product__name")
    assert [(line.offer.product, line.quantity) for line in lines] == [(basket, 2), (eggs, 1)]
    assert CycleProduct.objects.get(cycle=cycle, product=eggs).quantity_left == 7
    page = client.get(response["Location"]).content.decode()
    assert status_messages(page) == ["Your order is saved. You can change it until orders close."]
    assert "Your order is saved." in between(page, 'id="order"', "<form")
    assert "Total: 33.50 €" in page
    assert 'value="2" inputmode="numeric"' in page  # the form shows the order saved


def test_the_order_form_is_prefilled_with_my_order_and_shows_my_total(world, alice, eggs):
    cycle = world["cycle"]
    page = client_for(alice, language="fr").get(f"/produce/cycles/{cycle.pk}/").content.decode()
    start = page.index(f'name="quantity_{offer_id(cycle, eggs)}"')
    assert 'value="2"' in page[start : page.index(">", start)]
    assert "7,00 €" in page
    assert "plus 1 produit pesé à la distribution" in page
    # The running total (static/js/produce.js) writes amounts as the page does: "7,00 €".
    assert 'data-decimal-separator=","' in page
    english = client_for(alice).get(f"/produce/cycles/{cycle.pk}/").content.decode()
    assert 'data-decimal-separator="."' in english


def test_a_line_refused_shows_its_reason_next_to_it_and_the_rest_is_saved(world, bob, eggs, basket):
    cycle = world["cycle"]
    # Alice holds 2 of 3 boxes: one is left.
    CycleProduct.objects.filter(cycle=cycle, product=eggs).update(quantity_available=3)

    response = client_for(bob).post(
        f"/produce/cycles/{cycle.pk}/order/", quantities(cycle, eggs=2, basket=1)
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Only 1 left. You asked for 2: none is ordered." in errors_of(
        page, f"quantity_{offer_id(cycle, eggs)}"
    )
    assert "1 line could not be ordered; the rest of the order is saved." in page
    assert f'href="#id_quantity_{offer_id(cycle, eggs)}"' in page
    assert f'id="id_quantity_{offer_id(cycle, basket)}_errors"' not in page
    line = OrderLine.objects.get(order__member=bob)
    assert (line.offer.product, line.quantity) == (basket, 1)
    assert CycleProduct.objects.get(cycle=cycle, product=eggs).quantity_left == 1
    # The saved part shows at once, with its total.
    assert "15.00 €" in page


def test_the_per_member_maximum_is_said_next_to_the_line(world, bob, eggs):
    cycle = world["cycle"]
    response = client_for(bob).post(f"/produce/cycles/{cycle.pk}/order/", quantities(cycle, eggs=3))
    assert response.status_code == 400
    page = response.content.decode()
    assert "At most 2 per member." in errors_of(page, f"quantity_{offer_id(cycle, eggs)}")
    assert "1 line could not be ordered." in page
    assert not Order.objects.filter(member=bob).exists()


def quantity_box(page: str, cycle: OrderCycle, product: Product, prefix: str = "id_") -> str:
    """The quantity box of ``product`` on the order form, as HTML."""
    start = page.index(f'id="{prefix}quantity_{offer_id(cycle, product)}"')
    return page[page.rindex("<input", 0, start) : page.index(">", start)]


def test_a_refused_box_shows_the_quantity_saved_and_says_what_was_asked(world, alice, bob, eggs):
    cycle = world["cycle"]
    # Nothing saved: the box shows 0 again, so that the running total adds up what is ordered.
    page = (
        client_for(bob)
        .post(f"/produce/cycles/{cycle.pk}/order/", quantities(cycle, eggs=3))
        .content.decode()
    )
    assert 'value="0"' in quantity_box(page, cycle, eggs)
    assert 'aria-invalid="true"' in quantity_box(page, cycle, eggs)
    assert "At most 2 per member. You asked for 3: none is ordered." in errors_of(
        page, f"quantity_{offer_id(cycle, eggs)}"
    )
    # Alice holds two boxes: they stay in her box and in her order.
    response = client_for(alice).post(
        f"/produce/cycles/{cycle.pk}/order/", quantities(cycle, eggs=3, cheese=1)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="2"' in quantity_box(page, cycle, eggs)
    assert "You asked for 3: your order keeps 2." in errors_of(
        page, f"quantity_{offer_id(cycle, eggs)}"
    )
    assert OrderLine.objects.get(order__member=alice, offer__product=eggs).quantity == 2


def test_a_refused_order_opens_the_page_at_its_refusal(world, bob, carol, eggs, monkeypatch):
    cycle, order = world["cycle"], world["order"]
    order_url = f"/produce/cycles/{cycle.pk}/order/"
    page = client_for(bob).get(f"/produce/cycles/{cycle.pk}/").content.decode()
    # Without a script, the page a refusal comes back on opens at the fragment of the form.
    assert f'action="{order_url}#order-refused"' in page
    manage_url = f"/produce/cycles/{cycle.pk}/orders/{order.pk}/"
    manage = client_for(carol).get(manage_url).content.decode()
    assert f'action="{manage_url}#order-refused"' in manage

    refused = client_for(bob).post(order_url, quantities(cycle, eggs=3)).content.decode()
    assert "1 line could not be ordered." in between(refused, 'id="order-refused"', "<form")
    not_a_number = quantities(cycle) | {f"quantity_{offer_id(cycle, eggs)}": "deux"}
    refused = client_for(bob).post(order_url, not_a_number).content.decode()
    assert "Please correct what is marked below." in between(refused, 'id="order-refused"', "<form")
    assert refused.count('id="order-refused"') == 1

    # Closed meanwhile: no form any more, the refusal itself is where the page opens.
    at(cycle.closes_at + datetime.timedelta(seconds=1), monkeypatch)
    closed = client_for(bob).post(order_url, quantities(cycle, eggs=1)).content.decode()
    assert closed.count('id="order-refused"') == 1
    assert "Orders closed on" in between(closed, 'id="order-refused"', "</div>")


def test_a_quantity_that_is_not_a_number_is_refused_and_nothing_is_saved(world, bob, eggs):
    cycle = world["cycle"]
    data = quantities(cycle, basket=1) | {f"quantity_{offer_id(cycle, eggs)}": "deux"}
    response = client_for(bob).post(f"/produce/cycles/{cycle.pk}/order/", data)
    assert response.status_code == 400
    assert "Enter a whole number." in errors_of(
        response.content.decode(), f"quantity_{offer_id(cycle, eggs)}"
    )
    assert not Order.objects.filter(member=bob).exists()


def test_an_order_after_the_close_is_refused_with_the_message(world, bob, eggs, monkeypatch):
    cycle = world["cycle"]
    at(cycle.closes_at + datetime.timedelta(seconds=1), monkeypatch)
    response = client_for(bob).post(f"/produce/cycles/{cycle.pk}/order/", quantities(cycle, eggs=1))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Orders closed on" in page
    assert "ask a coordinator to change yours" in page
    assert not Order.objects.filter(member=bob).exists()


def test_after_the_close_my_order_is_read_only(world, alice, monkeypatch):
    cycle = world["cycle"]
    at(cycle.closes_at + datetime.timedelta(minutes=1), monkeypatch)
    page = client_for(alice).get(f"/produce/cycles/{cycle.pk}/").content.decode()
    assert 'name="quantity_' not in page
    assert "Orders are closed: to change your order, ask a coordinator." in page
    assert "Œufs" in page and "7.00 €" in page
    assert "/order/cancel/" not in page


def test_before_the_opening_the_products_are_shown_without_a_form(world, alice, monkeypatch):
    cycle = world["cycle"]
    at(cycle.opens_at - datetime.timedelta(minutes=1), monkeypatch)
    page = client_for(alice).get(f"/produce/cycles/{cycle.pk}/").content.decode()
    assert 'name="quantity_' not in page
    assert "Orders open on" in page
    assert "Panier de légumes" in page


def test_a_member_cancels_the_order_and_the_stock_comes_back(world, alice, eggs):
    cycle = world["cycle"]
    client = client_for(alice)
    assert "Cancel my order…" in client.get(f"/produce/cycles/{cycle.pk}/").content.decode()
    response = client.post(f"/produce/cycles/{cycle.pk}/order/cancel/")
    assert response.status_code == 302
    assert not Order.objects.exists()
    assert CycleProduct.objects.get(cycle=cycle, product=eggs).quantity_left == 10


def test_the_chat_of_the_cycle_is_offered_to_who_ordered_and_to_coordinators(
    world, alice, bob, carol
):
    cycle = world["cycle"]
    chat = f'href="/conversations/{cycle.conversation_id}/"'
    assert chat in client_for(alice).get(f"/produce/cycles/{cycle.pk}/").content.decode()
    assert chat in client_for(carol).get(f"/produce/cycles/{cycle.pk}/").content.decode()
    assert chat not in client_for(bob).get(f"/produce/cycles/{cycle.pk}/").content.decode()


def test_my_orders_lists_the_open_cycles_and_what_i_ordered(world, alice, bob):
    cycle = world["cycle"]
    mine = client_for(alice).get("/produce/mine/").content.decode()
    assert "Change my order" in mine
    assert mine.count(f'href="/produce/cycles/{cycle.pk}/') >= 2
    theirs = client_for(bob).get("/produce/mine/").content.decode()
    assert "You have not ordered yet." in theirs
    assert ">Order<" in theirs


# --- volunteers --------------------------------------------------------------------------------


def test_an_unfilled_role_is_highlighted_and_a_member_signs_up_then_withdraws(world, alice):
    cycle, role = world["cycle"], world["role"]
    client = client_for(alice)
    page = client.get(f"/produce/cycles/{cycle.pk}/").content.decode()
    assert "1 person still needed" in page
    assert "card--needed" in page

    joined = client.post(f"/produce/cycles/{cycle.pk}/roles/{role.pk}/", {"action": "join"})
    assert joined.status_code == 302
    # The page opens at the role's card, and thanks her there, not on top of the page.
    assert joined["Location"] == f"/produce/cycles/{cycle.pk}/#role-{role.pk}"
    assert set(Volunteer.objects.values_list("member__display_name", flat=True)) == {
        "Alice",
        "Bob",
    }
    page = client.get(joined["Location"]).content.decode()
    card = between(page, f'id="role-{role.pk}"', "</li>")
    assert "Complete, thank you!" in card
    assert 'value="leave"' in card
    assert status_messages(card) == ["Thank you! You are down for “Responsable de distribution”."]
    assert len(status_messages(page)) == 1
    # Said once: not on the next page.
    assert status_messages(client.get(joined["Location"]).content.decode()) == []

    client.post(f"/produce/cycles/{cycle.pk}/roles/{role.pk}/", {"action": "leave"})
    assert list(Volunteer.objects.values_list("member__display_name", flat=True)) == ["Bob"]


def test_a_full_role_says_so_when_one_more_signs_up(world, alice, carol):
    cycle, role = world["cycle"], world["role"]
    services.volunteer_sign_up(role=role, member=carol)
    response = client_for(alice).post(
        f"/produce/cycles/{cycle.pk}/roles/{role.pk}/", {"action": "join"}, follow=True
    )
    card = between(response.content.decode(), f'id="role-{role.pk}"', "</li>")
    assert status_messages(card) == ["This role has all the people it needs. Thank you!"]
    assert 'class="alert alert--error"' in card
    assert Volunteer.objects.count() == 2


# --- producers and products --------------------------------------------------------------------


def producer_form(**overrides: str) -> dict[str, str]:
    return {
        "farm_name": "Rucher de la Dombes",
        "name": "Paul Girard",
        "description": "Miel de printemps",
        "email": "paul@rucher.example",
        "phone": "04 74 00 00 00",
        # The village as chosen among the places its words may mean.
        "place": "Villars-les-Dombes",
        "place_place": "45.998000;5.030000;;Villars-les-Dombes",
        "place_query": "Villars-les-Dombes",
        "account": "",
        "is_active": "on",
    } | overrides


def product_form(**overrides: str) -> dict[str, str]:
    return {
        "name": "Miel de lavande",
        "unit": "piece",
        "per_unit": "pot de 500 g",
        "price": "8,50",
        "is_active": "on",
    } | overrides


def test_a_coordinator_adds_a_producer_and_a_product(quartier, carol, bob):
    client = client_for(carol)
    response = client.post(
        "/produce/in/croix-rousse/producers/new/", producer_form(account=str(bob.pk))
    )
    producer = Producer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/produce/producers/{producer.pk}/"
    assert (producer.farm_name, producer.account, producer.latitude) == (
        "Rucher de la Dombes",
        bob,
        45.998,
    )
    response = client.post(f"/produce/producers/{producer.pk}/products/new/", product_form())
    assert response.status_code == 302
    product = Product.objects.get()
    assert (product.name, product.price_cents, product.per_unit) == (
        "Miel de lavande",
        850,
        "pot de 500 g",
    )
    page = client.get(f"/produce/producers/{producer.pk}/").content.decode()
    assert "“Miel de lavande” is added." in page
    assert "8.50 € per piece" in page


def test_only_members_of_the_quartier_can_be_a_producers_account(quartier, carol, dave):
    response = client_for(carol).post(
        "/produce/in/croix-rousse/producers/new/", producer_form(account=str(dave.pk))
    )
    assert response.status_code == 400
    assert "Select a valid choice." in errors_of(response.content.decode(), "account")
    assert not Producer.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("farm_name", "", "This field is required."),
        ("email", "pas-un-mail", "Enter a valid email address."),
    ],
)
def test_a_bad_producer_is_refused_next_to_its_field(quartier, carol, field, value, message):
    response = client_for(carol).post(
        "/produce/in/croix-rousse/producers/new/", producer_form(**{field: value})
    )
    assert response.status_code == 400
    assert message in errors_of(response.content.decode(), field)
    assert not Producer.objects.exists()


def test_a_producer_edited_with_a_bad_email_keeps_its_name(farm, carol):
    response = client_for(carol).post(
        f"/produce/producers/{farm.pk}/edit/",
        producer_form(farm_name="Nouveau nom", email="pas-un-mail"),
    )
    assert response.status_code == 400
    farm.refresh_from_db()
    assert (farm.farm_name, farm.latitude) == ("Ferme des Monts d'Or", None)


def test_a_farm_placed_by_its_coordinates_alone_keeps_them_when_its_phone_changes(farm, carol):
    # A farm placed on the map before places were typed in words: coordinates, no village.
    Producer.objects.filter(pk=farm.pk).update(place="", latitude=45.86, longitude=4.8)
    page = client_for(carol).get(f"/produce/producers/{farm.pk}/edit/").content.decode()
    # What the page sends back (a hidden field with no value attribute sends "").
    sent = {"place_query": ""} | {
        name: html.unescape(value)
        for name, value in re.findall(r'name="(place_place|place_query)" value="([^"]*)"', page)
    }
    assert sent["place_place"].startswith("45.86")
    response = client_for(carol).post(
        f"/produce/producers/{farm.pk}/edit/",
        producer_form(farm_name=farm.farm_name, place="", phone="04 78 99 99 99", **sent),
    )
    assert response.status_code == 302
    farm.refresh_from_db()
    assert (farm.phone, farm.latitude, farm.longitude) == ("04 78 99 99 99", 45.86, 4.8)


def test_a_producers_village_stands_in_words_when_the_geocoder_is_down(quartier, carol, settings):
    settings.GEOCODER_URL = ""
    response = client_for(carol).post(
        "/produce/in/croix-rousse/producers/new/",
        producer_form(place="Poleymieux", place_place="", place_query=""),
    )
    assert response.status_code == 302
    producer = Producer.objects.get()
    assert (producer.place, producer.latitude, producer.longitude) == ("Poleymieux", None, None)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "Ensure this value is greater than or equal to 0."),
        ("abc", "Enter a number."),
        ("3.555", "Ensure that there are no more than 2 decimal places."),
        ("1500", "A price lies between 0 and 1,000 euros."),
    ],
)
def test_a_bad_price_is_refused_next_to_it(farm, carol, value, message):
    response = client_for(carol).post(
        f"/produce/producers/{farm.pk}/products/new/", product_form(price=value)
    )
    assert response.status_code == 400
    assert message in errors_of(response.content.decode(), "price")
    assert not Product.objects.exists()


def test_a_new_price_leaves_past_orders_alone(world, carol, eggs):
    response = client_for(carol).post(
        f"/produce/products/{eggs.pk}/edit/",
        product_form(name="Œufs", unit="box", per_unit="boîte de 6", price="4"),
    )
    assert response.status_code == 302
    eggs.refresh_from_db()
    assert eggs.price_cents == 400
    assert OrderLine.objects.get(offer__product=eggs).unit_price_cents == 350


def test_a_producer_with_an_account_edits_its_own_products_and_not_others(
    farm, eggs, cheese, dairy, carol, bob
):
    services.producer_update(producer=farm, actor=carol, account=bob)
    client = client_for(bob)
    page = client.get(f"/produce/producers/{farm.pk}/").content.decode()
    assert f'href="/produce/products/{eggs.pk}/edit/"' in page
    response = client.post(
        f"/produce/products/{eggs.pk}/edit/",
        product_form(name="Œufs bio", unit="box", price="3.80"),
    )
    assert response.status_code == 302
    eggs.refresh_from_db()
    assert (eggs.name, eggs.price_cents) == ("Œufs bio", 380)
    assert client.get(f"/produce/producers/{farm.pk}/products/new/").status_code == 200

    assert client.get(f"/produce/products/{cheese.pk}/edit/").status_code == 403
    refused = client.post(f"/produce/products/{cheese.pk}/edit/", product_form(price="1"))
    assert refused.status_code == 403
    assert (
        client.post(f"/produce/producers/{dairy.pk}/products/new/", product_form()).status_code
        == 403
    )
    # The farm itself is the coordinators' to change.
    assert client.get(f"/produce/producers/{farm.pk}/edit/").status_code == 403
    cheese.refresh_from_db()
    assert cheese.price_cents == 2400
    assert Product.objects.count() == 2


def test_members_do_not_see_products_out_of_sale_nor_farms_that_stopped(
    farm, dairy, eggs, cheese, carol, alice
):
    services.product_update(product=eggs, actor=carol, is_active=False)
    services.producer_update(producer=dairy, actor=carol, is_active=False)
    page = client_for(alice).get("/produce/in/croix-rousse/producers/").content.decode()
    assert "Œufs" not in page
    assert "Chèvrerie du Pilat" not in page
    assert "Ferme des Monts d&#x27;Or" in page
    coordinator = client_for(carol).get("/produce/in/croix-rousse/producers/").content.decode()
    assert "Œufs" in coordinator and "Chèvrerie du Pilat" in coordinator


# --- opening a cycle ---------------------------------------------------------------------------


def cycle_form(products: list[Product], **overrides: str) -> dict[str, str]:
    """A cycle distributed in a week, orders open now until the day before, every product."""
    day = timezone.localdate() + datetime.timedelta(days=7)
    data = {
        "title": "Panier du jeudi",
        "distribution_date": day.isoformat(),
        "distribution_start": "18:00",
        "distribution_end": "19:30",
        "place": "Maison des associations",
        "opens_at_0": timezone.localdate().isoformat(),
        "opens_at_1": "00:00",
        "closes_at_0": (day - datetime.timedelta(days=1)).isoformat(),
        "closes_at_1": "20:00",
        "repeat": "weekly",
        "role_0_name": "Responsable de distribution",
        "role_0_places": "2",
        "role_1_name": "Accueil",
        "role_1_places": "1",
        "role_2_name": "",
        "role_2_places": "",
    }
    for product in products:
        data[f"offer_{product.pk}"] = "on"
        data[f"available_{product.pk}"] = ""
        data[f"max_{product.pk}"] = ""
    return data | overrides


def test_a_coordinator_opens_a_cycle_through_the_form(quartier, carol, eggs, basket, cheese):
    client = client_for(carol)
    page = client.get("/produce/in/croix-rousse/cycles/new/").content.decode()
    assert f'name="offer_{eggs.pk}"' in page
    assert 'value="Distribution lead"' in page
    # Each role's "People needed" is grouped under the role's number, which it belongs to.
    for n in (1, 2, 3):
        found = re.search(
            rf'class="role-row">\s*<legend>Role {n}</legend>(.*?)</fieldset>', page, re.S
        )
        assert found is not None, n
        role = found.group(1)
        assert f'for="id_role_{n - 1}_name">Name' in role
        assert f'for="id_role_{n - 1}_places">People needed' in role

    data = cycle_form([eggs, basket, cheese]) | {
        f"available_{eggs.pk}": "12",
        f"max_{eggs.pk}": "2",
    }
    del data[f"offer_{cheese.pk}"]  # not offered this time
    response = client.post("/produce/in/croix-rousse/cycles/new/", data)

    cycle = OrderCycle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/produce/cycles/{cycle.pk}/"
    assert (cycle.title, cycle.repeat, cycle.distribution_start) == (
        "Panier du jeudi",
        "weekly",
        datetime.time(18),
    )
    # Times are read in the site's timezone.
    closes = timezone.localtime(cycle.closes_at, timezone.get_default_timezone())
    assert (closes.date(), closes.time()) == (
        cycle.distribution_date - datetime.timedelta(days=1),
        datetime.time(20),
    )
    offers = {o.product: (o.quantity_available, o.max_per_member) for o in cycle.offers.all()}
    assert offers == {eggs: (12, 2), basket: (None, None)}
    assert sorted(cycle.roles.values_list("name", "places")) == [
        ("Accueil", 1),
        ("Responsable de distribution", 2),
    ]


def test_a_cycle_closing_after_its_distribution_is_refused_next_to_the_close(quartier, carol, eggs):
    day = timezone.localdate() + datetime.timedelta(days=7)
    response = client_for(carol).post(
        "/produce/in/croix-rousse/cycles/new/",
        cycle_form([eggs], closes_at_0=(day + datetime.timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Orders must close before the distribution." in errors_of(page, "closes_at")
    assert not OrderCycle.objects.exists()
    assert not CycleProduct.objects.exists()


def test_a_cycle_without_any_product_offered_is_refused_above_the_products(
    quartier, carol, eggs, basket
):
    data = cycle_form([eggs, basket])
    del data[f"offer_{eggs.pk}"], data[f"offer_{basket.pk}"]
    response = client_for(carol).post("/produce/in/croix-rousse/cycles/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Offer at least one product." in errors_of(page, "offers")
    assert 'href="#id_offers"' in page
    assert not OrderCycle.objects.exists()


def test_a_role_without_its_number_of_people_is_refused_next_to_it(quartier, carol, eggs):
    response = client_for(carol).post(
        "/produce/in/croix-rousse/cycles/new/", cycle_form([eggs], role_1_places="")
    )
    assert response.status_code == 400
    assert "Say how many people this role needs." in errors_of(
        response.content.decode(), "role_1_places"
    )
    assert not OrderCycle.objects.exists()


def test_a_negative_quantity_available_is_refused_next_to_its_product(quartier, carol, eggs):
    response = client_for(carol).post(
        "/produce/in/croix-rousse/cycles/new/", cycle_form([eggs], **{f"available_{eggs.pk}": "-3"})
    )
    assert response.status_code == 400
    assert "greater than or equal to 0" in errors_of(
        response.content.decode(), f"available_{eggs.pk}"
    )
    assert not OrderCycle.objects.exists()


# --- what coordinators do with a cycle ---------------------------------------------------------


def test_a_coordinator_closes_early_then_reopens_with_a_new_close(world, carol, monkeypatch):
    cycle = world["cycle"]
    client = client_for(carol)
    facts = between(client.get(f"/produce/cycles/{cycle.pk}/").content.decode(), "<dl", "</dl>")
    assert "<dt>Orders close</dt>" in facts
    assert client.post(f"/produce/cycles/{cycle.pk}/close/").status_code == 302
    cycle.refresh_from_db()
    assert cycle.state == "closed"
    page = client.get(f"/produce/cycles/{cycle.pk}/").content.decode()
    assert "Reopen orders…" in page
    # Closed now, not in the future.
    assert "<dt>Orders closed</dt>" in between(page, "<dl", "</dl>")

    new_close = timezone.localtime(
        timezone.now() + datetime.timedelta(days=1), timezone.get_default_timezone()
    ).replace(second=0, microsecond=0)
    response = client.post(
        f"/produce/cycles/{cycle.pk}/reopen/",
        {"closes_at_0": new_close.date().isoformat(), "closes_at_1": new_close.strftime("%H:%M")},
    )
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert (cycle.state, cycle.closes_at) == ("open", new_close)


def test_reopening_after_the_distribution_day_is_refused_next_to_the_close(world, carol):
    cycle = world["cycle"]
    client = client_for(carol)
    client.post(f"/produce/cycles/{cycle.pk}/close/")
    late = cycle.distribution_date + datetime.timedelta(days=1)
    response = client.post(
        f"/produce/cycles/{cycle.pk}/reopen/",
        {"closes_at_0": late.isoformat(), "closes_at_1": "10:00"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose a new close between now and the distribution." in errors_of(
        page, "closes_at", form="reopen-"
    )
    cycle.refresh_from_db()
    assert cycle.state == "closed"


def test_a_coordinator_copies_a_cycle_for_the_next_week(world, carol):
    cycle = world["cycle"]
    response = client_for(carol).post(f"/produce/cycles/{cycle.pk}/copy/")
    copy = OrderCycle.objects.exclude(pk=cycle.pk).get()
    assert response.status_code == 302
    assert response["Location"] == f"/produce/cycles/{copy.pk}/"
    assert copy.distribution_date == cycle.distribution_date + datetime.timedelta(days=7)
    assert copy.offers.count() == 3


def test_a_coordinator_sends_the_totals_again_once_closed(
    world, carol, django_capture_on_commit_callbacks
):
    cycle = world["cycle"]
    client = client_for(carol)
    refused = client.post(f"/produce/cycles/{cycle.pk}/send/", follow=True)
    assert "The totals are sent once orders are closed." in refused.content.decode()
    client.post(f"/produce/cycles/{cycle.pk}/close/")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/produce/cycles/{cycle.pk}/send/")
    assert response.status_code == 302
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert "carol@example.org" in recipients
    assert "jeanne@monts-dor.example" in recipients


# --- at the distribution -----------------------------------------------------------------------


def test_the_reports_show_totals_pickup_and_packing(world, carol):
    cycle = world["cycle"]
    page = client_for(carol).get(f"/produce/cycles/{cycle.pk}/reports/").content.decode()
    assert f'id="order-{world["order"].pk}"' in page
    assert "Responsable de distribution" in page and "Bob" in page  # volunteers on top
    assert "Total for Ferme des Monts d&#x27;Or: 7.00 €" in page
    # Nothing weighed yet: no amount of 0.00 €, but what is to do.
    cheese = between(page, 'id="totals"', "</section>").split("Tomme de chèvre")[1]
    cheese = cheese[: cheese.index("</tr>")]
    assert "to weigh" in cheese
    assert "0.00 €" not in cheese
    for report in ("totals", "pickup", "packing"):
        for fmt in ("csv", "pdf"):
            assert f'href="/produce/cycles/{cycle.pk}/reports/{report}.{fmt}"' in page


def test_weighing_a_line_sets_its_amount_and_the_totals_follow(world, carol):
    cycle, line = world["cycle"], world["line"]
    client = client_for(carol)
    response = client.post(
        f"/produce/cycles/{cycle.pk}/lines/{line.pk}/weight/",
        {
            "weight_grams": "500",
            "next": f"/produce/cycles/{cycle.pk}/reports/#order-{line.order_id}",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/produce/cycles/{cycle.pk}/reports/#order-{line.order_id}"
    line.refresh_from_db()
    assert (line.weight_grams, line.amount_cents) == (500, 1200)
    page = client.get(response["Location"]).content.decode()
    assert "Total for Chèvrerie du Pilat: 12.00 €" in page
    assert "To pay: 19.00 €" in page
    assert "still to weigh" not in page
    # Said in Alice's card, where the page opens.
    card = between(page, f'id="order-{line.order_id}"', 'class="pickup-lines"')
    assert status_messages(card) == ["Tomme de chèvre for Alice: 500 g, 12.00 €."]
    assert len(status_messages(page)) == 1


def test_a_product_partly_weighed_shows_the_amount_so_far_and_what_is_left(world, carol, bob):
    cycle, line = world["cycle"], world["line"]
    services.order_place(cycle=cycle, member=bob, quantities={line.offer_id: 1})
    services.line_set_weight(line=line, actor=carol, weight_grams=500)
    page = client_for(carol).get(f"/produce/cycles/{cycle.pk}/reports/").content.decode()
    cheese = between(page, 'id="totals"', "</section>").split("Tomme de chèvre")[1]
    assert "12.00 € (1 still to weigh)" in text_of(cheese[: cheese.index("</tr>")])


def test_a_bad_weight_is_refused_next_to_its_line(world, carol):
    cycle, line = world["cycle"], world["line"]
    response = client_for(carol).post(
        f"/produce/cycles/{cycle.pk}/lines/{line.pk}/weight/", {"weight_grams": "200000"}
    )
    assert response.status_code == 400
    assert "Give the weight in grams, up to 100 kg." in errors_of(
        response.content.decode(), "weight_grams", form=f"weight-{line.pk}-"
    )
    line.refresh_from_db()
    assert line.weight_grams is None


def test_a_coordinator_marks_an_order_picked_up_and_undoes_it(world, carol):
    cycle, order = world["cycle"], world["order"]
    client = client_for(carol)
    url = f"/produce/cycles/{cycle.pk}/orders/{order.pk}/"
    page = client.get(f"/produce/cycles/{cycle.pk}/reports/").content.decode()
    # Not the words of the state it leads to ("Picked up at 18:05").
    assert ">Mark as picked up</button>" in page
    response = client.post(url, {"action": "picked_up", "picked_up": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/produce/cycles/{cycle.pk}/reports/#order-{order.pk}"
    order.refresh_from_db()
    assert order.picked_up_at is not None
    page = client.get(response["Location"]).content.decode()
    assert "1 of 1 order picked up." in page
    assert "pickup--done" in page
    card = between(page, f'id="order-{order.pk}"', 'class="pickup-lines"')
    assert status_messages(card) == ["Alice has picked up their order."]
    assert len(status_messages(page)) == 1
    client.post(url, {"action": "picked_up", "picked_up": "0"})
    order.refresh_from_db()
    assert order.picked_up_at is None


def test_a_coordinator_changes_an_order_after_the_close(world, carol, eggs, basket, monkeypatch):
    cycle, order = world["cycle"], world["order"]
    at(cycle.closes_at + datetime.timedelta(hours=1), monkeypatch)
    client = client_for(carol)
    response = client.post(
        f"/produce/cycles/{cycle.pk}/orders/{order.pk}/",
        quantities(cycle, eggs=1, basket=1, cheese=1),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/produce/cycles/{cycle.pk}/reports/#order-{order.pk}"
    lines = {line.offer.product: line.quantity for line in OrderLine.objects.filter(order=order)}
    assert lines[eggs] == 1 and lines[basket] == 1
    page = client.get(response["Location"]).content.decode()
    card = between(page, f'id="order-{order.pk}"', 'class="pickup-lines"')
    assert status_messages(card) == ["The order of Alice is saved."]


def test_a_coordinators_change_keeps_the_members_limit(world, carol, eggs):
    cycle, order = world["cycle"], world["order"]
    response = client_for(carol).post(
        f"/produce/cycles/{cycle.pk}/orders/{order.pk}/", quantities(cycle, eggs=5, cheese=1)
    )
    assert response.status_code == 400
    assert "At most 2 per member." in errors_of(
        response.content.decode(), f"quantity_{offer_id(cycle, eggs)}", form="order-"
    )
    assert OrderLine.objects.get(order=order, offer__product=eggs).quantity == 2


def test_a_coordinator_records_a_payment_prefilled_with_what_is_owed(world, carol, farm):
    cycle, order = world["cycle"], world["order"]
    client = client_for(carol)
    page = client.get(f"/produce/cycles/{cycle.pk}/payments/").content.decode()
    amount_input = page.index(f'id="pay-{order.pk}-{farm.pk}-amount"')
    assert 'value="7.00"' in page[page.rindex("<input", 0, amount_input) : amount_input]
    # One line a member and farm; the form folded under it, posted back to that line.
    row = between(page, f'id="pay-{order.pk}-{farm.pk}"', "</summary>")
    assert "Ferme des Monts d'Or: 7.00 € · nothing recorded yet" in text_of(row)
    assert '<details class="confirm payment-details">' in row
    assert "Record a payment…" in row
    payments_url = f"/produce/cycles/{cycle.pk}/payments/"
    assert f'action="{payments_url}#pay-{order.pk}-{farm.pk}"' in page

    response = client.post(
        f"/produce/cycles/{cycle.pk}/payments/",
        {
            "order": order.pk,
            "producer": farm.pk,
            "method": "cheque",
            "cheque_number": "1234567",
            "amount": "7,00",
            "status": "received",
        },
    )
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert (payment.method, payment.cheque_number, payment.amount_cents, payment.status) == (
        "cheque",
        "1234567",
        700,
        "received",
    )
    assert response["Location"] == f"{payments_url}#pay-{order.pk}-{farm.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Still owed per producer" in page and "0.00 €" in page
    row = between(page, f'id="pay-{order.pk}-{farm.pk}"', "</summary>")
    assert "Ferme des Monts d'Or: 7.00 € · Received: cheque no. 1234567, 7.00 €" in text_of(row)
    assert status_messages(row) == [f"The payment of Alice to {farm.farm_name} is saved."]
    assert len(status_messages(page)) == 1
    assert "Change the payment…" in row


def test_a_cheque_received_without_its_number_is_refused_next_to_it(world, carol, farm):
    cycle, order = world["cycle"], world["order"]
    response = client_for(carol).post(
        f"/produce/cycles/{cycle.pk}/payments/",
        {
            "order": order.pk,
            "producer": farm.pk,
            "method": "cheque",
            "cheque_number": "",
            "amount": "7",
            "status": "received",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Write down the cheque's number." in errors_of(
        page, "cheque_number", form=f"pay-{order.pk}-{farm.pk}-"
    )
    # Unfolded, with what was typed.
    assert '<details class="confirm payment-details" open>' in between(
        page, f'id="pay-{order.pk}-{farm.pk}"', "</summary>"
    )
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    ("report", "fmt", "content_type"),
    [
        ("totals", "csv", "text/csv"),
        ("pickup", "csv", "text/csv"),
        ("packing", "csv", "text/csv"),
        ("totals", "pdf", "application/pdf"),
        ("pickup", "pdf", "application/pdf"),
        ("packing", "pdf", "application/pdf"),
    ],
)
def test_a_coordinator_downloads_each_report(world, carol, report, fmt, content_type):
    url = f"/produce/cycles/{world['cycle'].pk}/reports/{report}.{fmt}"
    content, headers = download(client_for(carol), url)
    assert headers["Content-Type"].startswith(content_type)
    assert content.startswith(b"%PDF" if fmt == "pdf" else codecs.BOM_UTF8)


@pytest.mark.parametrize(("report", "fmt"), [("orders", "csv"), ("totals", "xlsx")])
def test_an_unknown_report_or_format_is_not_found(world, carol, report, fmt):
    response = client_for(carol).get(f"/produce/cycles/{world['cycle'].pk}/reports/{report}.{fmt}")
    assert response.status_code == 404


def test_a_plain_member_and_an_outsider_cannot_download_a_report(world, alice, dave):
    url = f"/produce/cycles/{world['cycle'].pk}/reports/pickup.pdf"
    assert client_for(alice).get(url).status_code == 403
    assert client_for(dave).get(url).status_code == 404


# --- what residents type is shown as text ------------------------------------------------------


def test_user_content_is_escaped_everywhere(quartier, carol, alice):
    script = "<script>alert(1)</script>"
    farm = services.producer_create(
        quartier=quartier, actor=carol, farm_name=f"Ferme {script}", name=script, description=script
    )
    product = services.product_create(
        producer=farm, actor=carol, name=f"Miel {script}", per_unit=script, price_cents=500
    )
    cycle = services.cycle_create(
        quartier=quartier,
        actor=carol,
        offers=[services.Offer(product)],
        roles=[(f"Accueil {script}", 1)],
        **cycle_fields(title=f"Panier {script}", place=script),
    )
    result = services.order_place(
        cycle=cycle, member=alice, quantities={offer_id(cycle, product): 1}
    )
    assert result.order is not None
    pages = [
        (alice, f"/produce/cycles/{cycle.pk}/"),
        (alice, "/produce/mine/"),
        (alice, "/produce/in/croix-rousse/"),
        (alice, "/produce/in/croix-rousse/producers/"),
        (alice, f"/produce/producers/{farm.pk}/"),
        (alice, "/quartiers/croix-rousse/"),
        (carol, f"/produce/cycles/{cycle.pk}/reports/"),
        (carol, f"/produce/cycles/{cycle.pk}/payments/"),
        (carol, f"/produce/cycles/{cycle.pk}/orders/{result.order.pk}/"),
        (carol, f"/produce/products/{product.pk}/edit/"),
    ]
    for user, url in pages:
        page = client_for(user).get(url).content.decode()
        assert "<script>alert(1)" not in page, url
        assert "&lt;script&gt;alert(1)" in page, url


# --- queries -----------------------------------------------------------------------------------


def _farm_of(
    quartier: Quartier, carol: User, products: int, name: str = "Grande ferme"
) -> list[Product]:
    farm = services.producer_create(quartier=quartier, actor=carol, farm_name=name, name="A")
    return [
        services.product_create(
            producer=farm,
            actor=carol,
            name=f"Produit {n:02}",
            price_cents=100 + n,
            is_weighed=n % 5 == 0,
        )
        for n in range(products)
    ]


@pytest.mark.parametrize("offered", [2, 20])
def test_a_cycles_page_does_not_grow_in_queries_with_its_offers(
    quartier, carol, alice, offered, django_assert_max_num_queries
):
    products = _farm_of(quartier, carol, offered)
    cycle = services.cycle_create(
        quartier=quartier,
        actor=carol,
        offers=[
            services.Offer(product, quantity_available=50, max_per_member=5) for product in products
        ],
        roles=[("Accueil", 2), ("Caisse", 1)],
        **cycle_fields(),
    )
    offers = list(cycle.offers.all())
    services.order_place(
        cycle=cycle, member=alice, quantities={offer.pk: 1 for offer in offers[::2]}
    )
    client = client_for(alice)
    with django_assert_max_num_queries(11):
        response = client.get(f"/produce/cycles/{cycle.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count('name="quantity_') == offered


def _cycle_with_orders(quartier: Quartier, carol: User, orders: int) -> OrderCycle:
    products = _farm_of(quartier, carol, 4, name=f"Ferme de {orders} commandes")
    cycle = services.cycle_create(
        quartier=quartier,
        actor=carol,
        offers=[services.Offer(product) for product in products],
        roles=[("Accueil", 2)],
        **cycle_fields(),
    )
    offers = list(cycle.offers.all())
    role = cycle.roles.get()
    for n in range(orders):
        member = UserFactory.create(display_name=f"Membre {n:02}")
        MembershipFactory.create(quartier=quartier, user=member)
        result = services.order_place(
            cycle=cycle, member=member, quantities={offer.pk: 1 + n % 3 for offer in offers}
        )
        assert result.order is not None
        if n < 2:
            services.volunteer_sign_up(role=role, member=member)
        if n % 2:
            services.payment_record(
                order=result.order,
                producer=products[0].producer,
                actor=carol,
                method="cash",
                status="received",
                amount_cents=100,
            )
    return cycle


@pytest.mark.parametrize("page", ["reports", "payments"])
def test_the_reports_and_payments_do_not_grow_in_queries_with_the_orders(
    quartier, carol, page, django_assert_max_num_queries
):
    few = _cycle_with_orders(quartier, carol, 3)
    many = _cycle_with_orders(quartier, carol, 30)
    client = client_for(carol)
    client.get(f"/produce/cycles/{few.pk}/{page}/")  # the bell's count, kept in the cache since
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/produce/cycles/{few.pk}/{page}/").status_code == 200
    # 14 (three of them the contract baskets, two the orders and their lines, one the payments'
    # producers), and one on the pick-up list for the orders a relais placed for someone.
    with (
        django_assert_max_num_queries(15),
        CaptureQueriesContext(connection) as captured,
    ):
        response = client.get(f"/produce/cycles/{many.pk}/{page}/")
    assert response.status_code == 200
    assert len(small.captured_queries) == len(captured.captured_queries)
    assert response.content.decode().count("Membre ") >= 30


@pytest.mark.parametrize("count", [2, 12])
def test_the_lists_do_not_grow_in_queries(
    quartier, carol, alice, count, django_assert_max_num_queries
):
    for n in range(count):
        [product, *_others] = _farm_of(quartier, carol, 3, name=f"Ferme {n:02}")
        cycle = services.cycle_create(
            quartier=quartier,
            actor=carol,
            offers=[services.Offer(product)],
            **cycle_fields(title=f"Cycle {n:02}"),
        )
        services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, product): 1})
    client = client_for(alice)
    for url, queries, item in [
        ("/produce/in/croix-rousse/", 7, "Cycle "),
        ("/produce/in/croix-rousse/producers/", 6, "Ferme "),
        ("/produce/mine/", 6, "Cycle "),
    ]:
        with django_assert_max_num_queries(queries):
            page = client.get(url).content.decode()
        # My orders lists each cycle twice: open for orders, and ordered.
        assert page.count(f">{item}") >= count, url


def test_a_refused_payment_to_a_producer_outside_the_order_is_said_on_top(world, carol, quartier):
    cycle, order = world["cycle"], world["order"]
    elsewhere = services.producer_create(
        quartier=quartier, actor=carol, farm_name="Brasserie", name="B"
    )
    response = client_for(carol).post(
        f"/produce/cycles/{cycle.pk}/payments/",
        {"order": order.pk, "producer": elsewhere.pk, "method": "troc", "amount": "3"},
    )
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    top = page[page.index('id="form-errors"') : page.index("Still owed per producer")]
    assert "Select a valid choice. troc is not one of the available choices." in top
    assert not Payment.objects.exists()
