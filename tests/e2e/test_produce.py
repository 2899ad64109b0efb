"""Farm orders for a distribution, from the first producer to the last payment, on a small phone.

Everyone in Croix-Rousse here reads the site in English, as in the rides story, so the
assertions read the words they read. Colette, a coordinator, adds the Ferme des Monts d'Or and
two of its products: eggs by the box of 6 at 3.50 €, and a goat's cheese weighed at the
distribution at 24 € a kilo. She first types "abc" for the price of the eggs: the error shows
next to the price and nothing is saved. She opens an order cycle, distributed in three days from
18:00 to 19:30, orders open now and closing in two days, with ten boxes of eggs (two a member)
and a "Distribution lead" role for two people.

Pauline orders three boxes and a cheese: the eggs are refused next to their line (two a member)
while the cheese is saved; she asks for two boxes and they are saved. With JavaScript the form
adds up what she types. She signs up as distribution lead. Three neighbours order two boxes each
meanwhile (off-screen), and Quentin takes the last two while Rose still has the page open with
two left: her two boxes are refused, "Sold out.", and nothing is saved for her.

Colette closes orders early; Pauline then sees her order read only, told to ask a coordinator.
Colette opens the reports: the totals per producer, and the pick-up list with Pauline's lines;
she weighs the cheese (450 g, 10.80 €) and the totals follow; she ticks Pauline as picked up,
downloads the pick-up list as a CSV and as a PDF, and records Pauline's cheque: the table of
what is still owed follows.

Each page on the way is photographed at 360 px wide under test-artifacts/ and, with JavaScript
on, audited with axe-core (no serious or critical violation) and checked for sideways scrolling.
A refusal, and what was just done (a role taken, a weight, a pick-up, a payment), are said where
the page opens, on the screen; what she taps is 44 px high.
The story runs twice: with JavaScript, and without it, to prove nothing depends on a script.
"""

from __future__ import annotations

import datetime
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connections
from django.utils import timezone
from playwright.sync_api import APIResponse, Locator, Page, expect

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
from neighbourhood.quartiers.models import Membership, Quartier
from tests.e2e.story import Story, assert_tappable, box_of, exactly, logs_in, main_menu
from tests.factories import (
    CROIX_ROUSSE,
    MembershipFactory,
    QuartierFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path: Path) -> None:
    """The report files in a documents storage of the test's own (real, on the disk)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "exchanges.consultations.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents"},
        },
    }


SCREENSHOTS = "produce"

QUARTIER_NAME = "Croix-Rousse"
QUARTIER_SLUG = "croix-rousse"
COLETTE_EMAIL = "colette@example.org"
PAULINE_EMAIL = "pauline@example.org"
QUENTIN_EMAIL = "quentin@example.org"
ROSE_EMAIL = "rose@example.org"
# Neighbours who order off-screen, two boxes of eggs each.
NEIGHBOURS = {
    "gerard@example.org": "Gérard",
    "ines@example.org": "Inès",
    "jules@example.org": "Jules",
}

FARM = "Ferme des Monts d'Or"
FARMER = "Jeanne Berthet"
FARM_PLACE = "Poleymieux-au-Mont-d'Or"
EGGS = "Œufs"
EGGS_UNIT = "boîte de 6"
CHEESE = "Tomme de chèvre"
CHEESE_UNIT = "pièce d'environ 400 g"
CYCLE_TITLE = "Panier de la semaine"
CYCLE_PLACE = "Maison des associations, 12 rue d'Austerlitz"
ROLE = "Distribution lead"
CHEQUE = "0012345"

# The colour of a field marked invalid (--danger in static/css/site.css).
DANGER = "rgb(164, 22, 26)"

CYCLE_PAGE = re.compile(r"/produce/cycles/(\d+)/(#[\w-]+)?$")


def site_now() -> datetime.datetime:
    """Now, to the minute, as the quartier's clock shows it (the pages read times in it)."""
    now = timezone.localtime(timezone.now(), timezone.get_default_timezone())
    return now.replace(second=0, microsecond=0)


@pytest.fixture
def croix_rousse(transactional_db) -> Quartier:
    quartier = QuartierFactory.create(
        name=QUARTIER_NAME, slug=QUARTIER_SLUG, latitude=CROIX_ROUSSE[0], longitude=CROIX_ROUSSE[1]
    )
    people = {
        COLETTE_EMAIL: "Colette",
        PAULINE_EMAIL: "Pauline",
        QUENTIN_EMAIL: "Quentin",
        ROSE_EMAIL: "Rose",
        **NEIGHBOURS,
    }
    for email, name in people.items():
        role = Membership.Role.COORDINATOR if email == COLETTE_EMAIL else Membership.Role.MEMBER
        user = UserFactory.create(email=email, display_name=name, language="en")
        MembershipFactory.create(quartier=quartier, user=user, role=role)
    return quartier


def test_a_distribution_from_the_first_producer_to_the_last_payment(
    story: Story, new_phone, croix_rousse
) -> None:
    colette = new_phone(javascript=story.javascript).new_page()
    logs_in(story, colette, COLETTE_EMAIL, name="01-login")
    producer_id = adds_the_farm(story, colette)
    adds_the_eggs_after_a_bad_price(story, colette, producer_id)
    adds_the_cheese(story, colette)
    cycle_id = opens_a_cycle(story, colette)

    pauline = new_phone(javascript=story.javascript).new_page()
    logs_in(story, pauline, PAULINE_EMAIL)
    orders_too_many_eggs_then_two(story, pauline, cycle_id)
    signs_up_as_distribution_lead(story, pauline)

    neighbours_order_off_screen(cycle_id)
    rose = new_phone(javascript=story.javascript).new_page()
    logs_in(story, rose, ROSE_EMAIL)
    opens_the_cycle_with_two_boxes_left(story, rose, cycle_id)
    quentin = new_phone(javascript=story.javascript).new_page()
    logs_in(story, quentin, QUENTIN_EMAIL)
    takes_the_last_two_boxes(story, quentin, cycle_id)
    is_told_the_eggs_are_sold_out(story, rose, cycle_id)

    closes_orders_early(story, colette, cycle_id)
    sees_her_order_read_only(story, pauline, cycle_id)

    reads_the_reports(story, colette, cycle_id)
    weighs_the_cheese(story, colette)
    ticks_pauline_as_picked_up(story, colette)
    downloads_the_pickup_list(story, colette)
    records_paulines_cheque(story, colette, cycle_id)


# --- Colette prepares the cycle -----------------------------------------------------------------


def adds_the_farm(story: Story, page: Page) -> int:
    page.get_by_role("region", name="My quartiers").get_by_role("link", name=QUARTIER_NAME).click()
    expect(page).to_have_url(story.url + f"/quartiers/{QUARTIER_SLUG}/")
    farm_orders = page.get_by_role("region", name="Farm orders")
    farm_orders.get_by_role("link", name="The producers and their products").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Producers of {QUARTIER_NAME}")
    expect(page.get_by_text("No producer yet.")).to_be_visible()
    assert_tappable(page.get_by_role("link", name="Add a producer"))
    story.look_at(page, "02-producers-none")

    page.get_by_role("link", name="Add a producer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a producer")
    page.get_by_label(exactly("Farm")).fill(FARM)
    page.get_by_label(exactly("Producer's name")).fill(FARMER)
    page.get_by_label(exactly("Place (optional)")).fill(FARM_PLACE)
    expect(page.get_by_label(exactly("Supplies the AMAP"))).to_be_checked()
    story.look_at(page, "03-producer-form")
    page.get_by_role("button", name="Add the producer").click()

    expect(page).to_have_url(re.compile(r"/produce/producers/(\d+)/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(FARM)
    expect(page.get_by_role("status")).to_contain_text(
        f"{FARM} is added. Add the products it sells."
    )
    expect(page.get_by_text("No product yet.")).to_be_visible()

    producer = Producer.objects.get()
    assert (producer.quartier.slug, producer.farm_name, producer.name, producer.place) == (
        QUARTIER_SLUG,
        FARM,
        FARMER,
        FARM_PLACE,
    )
    assert producer.is_active
    return producer.pk


def adds_the_eggs_after_a_bad_price(story: Story, page: Page, producer_id: int) -> None:
    page.get_by_role("link", name="Add a product").click()
    expect(page).to_have_url(story.url + f"/produce/producers/{producer_id}/products/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a product")
    story.look_at(page, "04-product-form")

    page.get_by_label(exactly("Name")).fill(EGGS)
    page.get_by_label(exactly("Sold by")).select_option(label="box")
    page.get_by_label(exactly("What one unit holds (optional)")).fill(EGGS_UNIT)
    # Chromium's number box takes no letters; a browser that shows a plain text box (or a paste)
    # does, and the server must refuse them: the box is made a text box, as such a browser has.
    price = page.get_by_label(exactly("Price, in euros"))
    price.evaluate("input => { input.type = 'text'; }")
    price.fill("abc")
    page.get_by_role("button", name="Add the product").click()

    story.sees_the_errors(page, "Please correct what is marked below.")
    expect(page.get_by_role("alert")).to_contain_text("Enter a number.")
    price = page.get_by_label(exactly("Price, in euros"))
    expect(price).to_have_attribute("aria-invalid", "true")
    expect(price).to_have_css("border-top-color", DANGER)
    # The error is told next to the price, and tied to it for screen readers.
    errors = page.locator("#id_price_errors")
    expect(errors).to_have_text("Enter a number.")
    expect(price).to_have_attribute("aria-describedby", re.compile(r"\bid_price_errors\b"))
    # What she typed elsewhere is still there.
    expect(page.get_by_label(exactly("Name"))).to_have_value(EGGS)
    expect(page.get_by_label(exactly("What one unit holds (optional)"))).to_have_value(EGGS_UNIT)
    story.look_at(page, "05-product-price-refused")
    assert not Product.objects.exists()

    price.fill("3.50")
    page.get_by_role("button", name="Add the product").click()
    expect(page).to_have_url(story.url + f"/produce/producers/{producer_id}/")
    expect(page.get_by_role("status")).to_contain_text(f"“{EGGS}” is added.")
    products = page.get_by_role("region", name="Products")
    eggs = products.get_by_role("listitem").filter(has=page.get_by_role("heading", name=EGGS))
    expect(eggs).to_contain_text(EGGS_UNIT)
    expect(eggs).to_contain_text("3.50 € per box")

    product = Product.objects.get()
    assert (product.name, product.unit, product.per_unit, product.price_cents) == (
        EGGS,
        "box",
        EGGS_UNIT,
        350,
    )
    assert not product.is_weighed


def adds_the_cheese(story: Story, page: Page) -> None:
    page.get_by_role("link", name="Add a product").click()
    page.get_by_label(exactly("Name")).fill(CHEESE)
    page.get_by_label(exactly("Sold by")).select_option(label="piece")
    page.get_by_label(exactly("What one unit holds (optional)")).fill(CHEESE_UNIT)
    page.get_by_label(exactly("Price, in euros")).fill("24")
    page.get_by_label(exactly("Weighed at the distribution")).check()
    page.get_by_role("button", name="Add the product").click()

    expect(page.get_by_role("status")).to_contain_text(f"“{CHEESE}” is added.")
    products = page.get_by_role("region", name="Products")
    cheese = products.get_by_role("listitem").filter(has=page.get_by_role("heading", name=CHEESE))
    expect(cheese).to_contain_text("24.00 € a kilo, weighed at the distribution")
    story.look_at(page, "06-producer-with-products")

    product = Product.objects.get(name=CHEESE)
    assert (product.price_cents, product.is_weighed, product.unit) == (2400, True, "piece")


def fill_moment(page: Page, legend: str, moment: datetime.datetime) -> None:
    group = page.get_by_role("group", name=exactly(legend))
    group.get_by_label("Date").fill(moment.date().isoformat())
    group.get_by_label("Time").fill(moment.strftime("%H:%M"))


def opens_a_cycle(story: Story, page: Page) -> int:
    page.get_by_role("link", name=f"All the producers of {QUARTIER_NAME}").click()
    page.get_by_role("link", name="Back to the weekly orders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Farm orders in {QUARTIER_NAME}")
    expect(page.get_by_role("region", name="Weekly orders")).to_contain_text("No weekly order yet.")
    assert_tappable(page.get_by_role("link", name="New weekly order"))
    story.look_at(page, "07-cycles-none")
    page.get_by_role("link", name="New weekly order").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New weekly order")

    now = site_now()
    distribution = now.date() + datetime.timedelta(days=3)
    closes = (now + datetime.timedelta(days=2)).replace(hour=20, minute=0)
    page.get_by_label(exactly("Title")).fill(CYCLE_TITLE)
    page.get_by_label(exactly("Distribution day")).fill(distribution.isoformat())
    page.get_by_label(exactly("From")).fill("18:00")
    page.get_by_label(exactly("To")).fill("19:30")
    page.get_by_label(exactly("Place of the distribution")).fill(CYCLE_PLACE)
    fill_moment(page, "Orders open", now)
    fill_moment(page, "Orders close", closes)

    offered = page.get_by_role("group", name="Products offered")
    expect(offered.get_by_role("heading", name=FARM)).to_be_visible()
    # Every product on sale is offered unless she unticks it.
    expect(offered.get_by_label(exactly(f"{EGGS} ({EGGS_UNIT}) · 3.50 € per box"))).to_be_checked()
    expect(
        offered.get_by_label(exactly(f"{CHEESE} ({CHEESE_UNIT}) · 24.00 € a kilo"))
    ).to_be_checked()
    available = offered.get_by_label(f"Quantity available — {EGGS}")
    at_most = offered.get_by_label(f"At most per member — {EGGS}")
    available.fill("10")
    at_most.fill("2")
    # The two limits of a product stay side by side on the phone, inside their frame; a product's
    # box keeps its size beside a label of four lines.
    assert_side_by_side(available, at_most)
    assert_not_squashed(offered.get_by_label(exactly(f"{CHEESE} ({CHEESE_UNIT})")))
    # The role every distribution needs is there already, for two people; each role's fields
    # are grouped under its number, so that "People needed" says for which role.
    volunteers = page.get_by_role("group", name="Volunteers")
    first_role = volunteers.get_by_role("group", name="Role 1")
    expect(first_role.get_by_label("Name")).to_have_value(ROLE)
    expect(first_role.get_by_label("People needed")).to_have_value("2")
    assert_side_by_side(first_role.get_by_label("Name"), first_role.get_by_label("People needed"))
    expect(volunteers.get_by_role("group", name=re.compile(r"^Role \d$"))).to_have_count(3)
    story.look_at(page, "08-cycle-form")
    page.get_by_role("button", name="Open the weekly order").click()

    expect(page).to_have_url(CYCLE_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text(CYCLE_TITLE)
    expect(page.get_by_role("status")).to_contain_text(
        "The weekly order is ready. Members are told when orders open."
    )
    expect(page.locator("p.state")).to_contain_text("Orders open")
    expect(page.get_by_role("region", name="Coordination")).to_be_visible()
    story.look_at(page, "09-cycle-opened")

    cycle = OrderCycle.objects.get()
    assert cycle.state == OrderCycle.State.OPEN
    assert (cycle.title, cycle.place, cycle.distribution_date) == (
        CYCLE_TITLE,
        CYCLE_PLACE,
        distribution,
    )
    assert (cycle.distribution_start, cycle.distribution_end) == (
        datetime.time(18),
        datetime.time(19, 30),
    )
    assert (cycle.opens_at, cycle.closes_at) == (now, closes)
    offers = {
        o.product.name: (o.quantity_available, o.max_per_member, o.quantity_ordered)
        for o in cycle.offers.select_related("product")
    }
    assert offers == {EGGS: (10, 2, 0), CHEESE: (None, None, 0)}
    assert list(cycle.roles.values_list("name", "places")) == [(ROLE, 2)]
    return cycle.pk


# --- Pauline orders -----------------------------------------------------------------------------


def offer_line(page: Page, product: str) -> Locator:
    """A product's line on the order form: its name, price, limits, errors and quantity."""
    return page.locator("li.offer").filter(has=page.get_by_label(product, exact=True))


def eggs_offer(cycle_id: int) -> CycleProduct:
    return CycleProduct.objects.get(cycle_id=cycle_id, product__name=EGGS)


def orders_too_many_eggs_then_two(story: Story, page: Page, cycle_id: int) -> None:
    menu = main_menu(page)
    menu.get_by_role("link", name="My orders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My orders")
    open_cycles = page.get_by_role("region", name="Open for orders")
    card = open_cycles.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=CYCLE_TITLE, exact=True)
    )
    expect(card).to_contain_text("Orders open")
    order_link = card.get_by_role("link", name=f"Order — {CYCLE_TITLE}")
    assert_tappable(order_link)
    story.look_at(page, "10-my-orders-open")
    order_link.click()

    expect(page).to_have_url(story.url + f"/produce/cycles/{cycle_id}/#order")
    eggs, cheese = offer_line(page, EGGS), offer_line(page, CHEESE)
    expect(eggs).to_contain_text("3.50 € per box")
    expect(eggs).to_contain_text("10 left · at most 2 per member")
    expect(cheese).to_contain_text("24.00 € a kilo, weighed at the distribution")
    eggs.get_by_label(EGGS, exact=True).fill("3")
    cheese.get_by_label(CHEESE, exact=True).fill("1")
    total = page.locator("[data-order-total]")
    if story.javascript:
        # The form adds up what she types; the cheese is priced once weighed, and said so.
        expect(total).to_be_visible()
        # Written as the page writes its prices ("3.50 € per box"), not "€10.50".
        expect(total).to_contain_text("Total of these quantities: 10.50 €")
        expect(total).to_contain_text("plus the weighed products, priced at the distribution")
    else:
        expect(total).to_be_hidden()
    story.look_at(page, "11-order-form-filled")
    page.get_by_role("button", name="Save my order").click()

    # The eggs are refused next to their line; the cheese is saved all the same.
    story.sees_the_errors(page, "1 line could not be ordered; the rest of the order is saved.")
    # Without a script too, the page opens at the refusal and the browser focuses it.
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_role("alert")).to_contain_text(
        f"{EGGS} ({EGGS_UNIT}): At most 2 per member."
    )
    eggs = offer_line(page, EGGS)
    expect(eggs.locator(".errorlist")).to_have_text(
        "At most 2 per member. You asked for 3: none is ordered."
    )
    # The box shows what is ordered (none), not the three refused; the total follows it.
    quantity = eggs.get_by_label(EGGS, exact=True)
    expect(quantity).to_have_value("0")
    expect(quantity).to_have_attribute("aria-invalid", "true")
    if story.javascript:
        expect(total).to_contain_text("Total of these quantities: 0.00 €")
    expect(offer_line(page, CHEESE).locator(".errorlist")).to_have_count(0)
    saved = page.get_by_role("region", name="Your order").locator("table.order-lines")
    expect(saved).to_contain_text(CHEESE)
    expect(saved).to_contain_text("weighed at the distribution")
    expect(saved).not_to_contain_text(EGGS)
    story.look_at(page, "12-order-eggs-refused")

    order = Order.objects.get(cycle_id=cycle_id, member__email=PAULINE_EMAIL)
    kept = {line.offer.product.name: line.quantity for line in order.lines.all()}
    assert kept == {CHEESE: 1}
    assert eggs_offer(cycle_id).quantity_ordered == 0

    quantity.fill("2")
    page.get_by_role("button", name="Save my order").click()
    expect(page).to_have_url(re.compile(r"/produce/cycles/\d+/#order$"))
    yours = page.get_by_role("region", name="Your order")
    story.is_told(yours, "Your order is saved. You can change it until orders close.")
    expect(page.get_by_role("alert")).to_have_count(0)
    saved = yours.locator("table.order-lines")
    expect(saved.get_by_role("row").filter(has_text=EGGS)).to_contain_text("7.00 €")
    expect(yours).to_contain_text("Total: 7.00 € plus 1 product weighed at the distribution")
    expect(offer_line(page, EGGS)).to_contain_text("8 left · at most 2 per member")
    if story.javascript:
        expect(page.locator("[data-order-total]")).to_contain_text("7.00 €")
    # What is saved starts well apart from the form's button.
    button = box_of(page.get_by_role("button", name="Save my order"))
    heading = box_of(yours.get_by_role("heading", name="Saved so far"))
    assert heading["y"] - (button["y"] + button["height"]) >= 24, (button, heading)
    story.look_at(page, "13-order-saved")

    saved_lines = {
        line.offer.product.name: (line.quantity, line.unit_price_cents)
        for line in OrderLine.objects.filter(order=order).select_related("offer__product")
    }
    assert saved_lines == {EGGS: (2, 350), CHEESE: (1, 2400)}
    assert eggs_offer(cycle_id).quantity_ordered == 2
    assert CycleProduct.objects.get(cycle_id=cycle_id, product__name=CHEESE).quantity_ordered == 1


def signs_up_as_distribution_lead(story: Story, page: Page) -> None:
    roles = page.get_by_role("region", name="Volunteers for the distribution")
    role = roles.get_by_role("listitem").filter(has=page.get_by_role("heading", name=ROLE))
    expect(role).to_contain_text("2 people still needed")
    help_button = role.get_by_role("button", name="I'll help")
    assert_tappable(help_button)
    help_button.click()

    expect(page).to_have_url(re.compile(r"/produce/cycles/\d+/#role-\d+$"))
    roles = page.get_by_role("region", name="Volunteers for the distribution")
    role = roles.get_by_role("listitem").filter(has=page.get_by_role("heading", name=ROLE))
    story.is_told(role, f"Thank you! You are down for “{ROLE}”.")
    expect(role).to_contain_text("1 person still needed")
    expect(role).to_contain_text("Signed up: Pauline")
    expect(role.get_by_role("button", name="Withdraw")).to_be_visible()
    story.look_at(page, "14-volunteer-signed-up")

    volunteer = Volunteer.objects.get()
    assert (volunteer.role.name, volunteer.member.email) == (ROLE, PAULINE_EMAIL)


# --- the last boxes -----------------------------------------------------------------------------


def neighbours_order_off_screen(cycle_id: int) -> None:
    """Three neighbours order two boxes each while the story looks elsewhere: two are left."""

    def order() -> None:
        try:
            cycle = OrderCycle.objects.get(pk=cycle_id)
            offer = eggs_offer(cycle_id)
            for email in NEIGHBOURS:
                result = services.order_place(
                    cycle=cycle, member=User.objects.get(email=email), quantities={offer.pk: 2}
                )
                assert result.order is not None and not result.refused
        finally:
            connections.close_all()

    # In a thread of its own, as a request is served: in the test's thread, Playwright's event
    # loop would keep the order's broadcast to the cycle's conversation from being sent.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(order).result()
    assert eggs_offer(cycle_id).quantity_left == 2


def opens_the_cycle_with_two_boxes_left(story: Story, page: Page, cycle_id: int) -> None:
    story.visit(page, f"/produce/cycles/{cycle_id}/")
    expect(offer_line(page, EGGS)).to_contain_text("2 left · at most 2 per member")
    story.look_at(page, "15-two-boxes-left")


def takes_the_last_two_boxes(story: Story, page: Page, cycle_id: int) -> None:
    story.visit(page, f"/produce/cycles/{cycle_id}/")
    offer_line(page, EGGS).get_by_label(EGGS, exact=True).fill("2")
    page.get_by_role("button", name="Save my order").click()
    expect(page.get_by_role("status")).to_contain_text("Your order is saved.")
    expect(offer_line(page, EGGS)).to_contain_text("Sold out · at most 2 per member")
    assert eggs_offer(cycle_id).quantity_ordered == 10
    assert eggs_offer(cycle_id).quantity_left == 0


def is_told_the_eggs_are_sold_out(story: Story, page: Page, cycle_id: int) -> None:
    # Her page still says two are left, and she asks for them.
    offer_line(page, EGGS).get_by_label(EGGS, exact=True).fill("2")
    page.get_by_role("button", name="Save my order").click()

    story.sees_the_errors(page, "1 line could not be ordered.")
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_role("alert")).to_contain_text(f"{EGGS} ({EGGS_UNIT}): Sold out.")
    eggs = offer_line(page, EGGS)
    expect(eggs.locator(".errorlist")).to_have_text("Sold out. You asked for 2: none is ordered.")
    expect(eggs).to_contain_text("Sold out · at most 2 per member")
    # Nothing is saved: the box and the running total say so, not the two boxes refused.
    expect(eggs.get_by_label(EGGS, exact=True)).to_have_value("0")
    if story.javascript:
        expect(page.locator("[data-order-total]")).to_contain_text(
            "Total of these quantities: 0.00 €"
        )
    story.look_at(page, "16-sold-out-refused")

    assert not Order.objects.filter(cycle_id=cycle_id, member__email=ROSE_EMAIL).exists()
    assert eggs_offer(cycle_id).quantity_ordered == 10


# --- the close ----------------------------------------------------------------------------------


def closes_orders_early(story: Story, page: Page, cycle_id: int) -> None:
    story.visit(page, f"/produce/cycles/{cycle_id}/")
    coordination = page.get_by_role("region", name="Coordination")
    assert_tappable(coordination.get_by_role("link", name="Reports: totals, pick-up list, packing"))
    assert_tappable(coordination.get_by_role("link", name="Payments", exact=True))
    expect(page.locator("dl.facts")).to_contain_text("Orders close")
    expect(page.locator("dl.facts")).not_to_contain_text("Orders closed")
    # Closing takes a second step, as every action that cannot be taken back: a page that asks.
    expect(page.get_by_role("button", name="Yes, close orders now")).to_have_count(0)
    ask = coordination.get_by_role("link", name="Close orders now…")
    assert_tappable(ask)
    ask.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Close the orders of “{CYCLE_TITLE}” now?"
    )
    close = page.get_by_role("button", name="Yes, close orders now")
    assert_tappable(page.get_by_role("link", name="No, go back"))
    story.look_at(page, "17-close-early")
    close.click()

    expect(page).to_have_url(story.url + f"/produce/cycles/{cycle_id}/")
    expect(page.get_by_role("status")).to_contain_text(
        "Orders are closed. The producers get their totals in a minute."
    )
    expect(page.locator("p.state")).to_contain_text("Orders closed")
    # Closed already: not said as if it were to come.
    expect(page.locator("dl.facts")).to_contain_text("Orders closed")
    expect(page.get_by_role("button", name="Yes, close orders now")).to_have_count(0)

    cycle = OrderCycle.objects.get(pk=cycle_id)
    assert cycle.closed_early_at is not None
    assert cycle.state == OrderCycle.State.CLOSED


def sees_her_order_read_only(story: Story, page: Page, cycle_id: int) -> None:
    story.visit(page, f"/produce/cycles/{cycle_id}/")
    yours = page.get_by_role("region", name="Your order")
    expect(yours).to_contain_text("Orders are closed: to change your order, ask a coordinator.")
    expect(yours.get_by_role("row").filter(has_text=EGGS)).to_contain_text("7.00 €")
    expect(yours.get_by_role("row").filter(has_text=CHEESE)).to_contain_text(
        "weighed at the distribution"
    )
    expect(yours.get_by_role("spinbutton")).to_have_count(0)
    expect(page.get_by_role("button", name="Save my order")).to_have_count(0)
    story.look_at(page, "18-order-read-only")


# --- at the distribution ------------------------------------------------------------------------


def pickup_card(page: Page, name: str) -> Locator:
    pickup = page.get_by_role("region", name="Pick-up list")
    return pickup.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=name, exact=True)
    )


def reads_the_reports(story: Story, page: Page, cycle_id: int) -> None:
    coordination = page.get_by_role("region", name="Coordination")
    coordination.get_by_role("link", name="Reports: totals, pick-up list, packing").click()
    expect(page).to_have_url(story.url + f"/produce/cycles/{cycle_id}/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Reports · {CYCLE_TITLE}")
    volunteers = page.get_by_role("region", name="Volunteers")
    expect(volunteers.locator("dt")).to_have_text([ROLE])
    expect(volunteers.locator("dd")).to_have_text(["Pauline"])

    totals = page.get_by_role("region", name="Totals per producer")
    expect(totals.get_by_role("heading", name=FARM)).to_be_visible()
    expect(totals.get_by_role("row").filter(has_text=EGGS)).to_contain_text("10")
    expect(totals.get_by_role("row").filter(has_text=EGGS)).to_contain_text("35.00 €")
    # Nothing weighed yet: what is to do, not an amount of 0.00 €.
    cheese_total = totals.get_by_role("row").filter(has_text=CHEESE)
    expect(cheese_total).to_contain_text("to weigh")
    expect(cheese_total).not_to_contain_text("0.00 €")
    expect(totals).to_contain_text(f"Total for {FARM}: 35.00 €")

    pickup = page.get_by_role("region", name="Pick-up list")
    expect(pickup).to_contain_text("0 of 5 orders picked up.")
    card = pickup_card(page, "Pauline")
    expect(card).to_contain_text(f"2 × {EGGS} ({EGGS_UNIT}) — 7.00 €")
    expect(card).to_contain_text(f"1 × {CHEESE} ({CHEESE_UNIT}) — to weigh")
    expect(card).to_contain_text("To pay: 7.00 € (products still to weigh)")
    # The links a finger taps at the distribution are as tall as a finger needs.
    assert_tappable(page.get_by_role("link", name="Back to the weekly order"))
    assert_tappable(page.get_by_role("link", name="Payments", exact=True))
    assert_tappable(pickup.get_by_role("link", name="PDF, to print — Pick-up list"))
    assert_tappable(pickup.get_by_role("link", name="CSV, for a spreadsheet — Pick-up list"))
    assert_tappable(card.get_by_role("link", name="Change the order"))
    story.look_at(page, "19-reports")


def weighs_the_cheese(story: Story, page: Page) -> None:
    card = pickup_card(page, "Pauline")
    weight = card.get_by_label(f"Weight (g) — {CHEESE} for Pauline")
    weight.fill("450")
    save = card.get_by_role("button", name=f"Save the weight — {CHEESE} for Pauline")
    assert_tappable(save)
    save.click()

    expect(page).to_have_url(re.compile(r"/reports/#order-\d+$"))
    card = pickup_card(page, "Pauline")
    story.is_told(card, f"{CHEESE} for Pauline: 450 g, 10.80 €.")
    expect(card).to_contain_text(f"1 × {CHEESE} ({CHEESE_UNIT}) — 10.80 €")
    expect(card).to_contain_text("To pay: 17.80 €")
    expect(card).not_to_contain_text("still to weigh")
    totals = page.get_by_role("region", name="Totals per producer")
    expect(totals.get_by_role("row").filter(has_text=CHEESE)).to_contain_text("10.80 €")
    expect(totals).to_contain_text(f"Total for {FARM}: 45.80 €")
    expect(totals).not_to_contain_text("still to weigh")
    story.look_at(page, "20-cheese-weighed")

    line = OrderLine.objects.get(order__member__email=PAULINE_EMAIL, offer__product__name=CHEESE)
    assert (line.quantity, line.weight_grams, line.amount_cents) == (1, 450, 1080)


def ticks_pauline_as_picked_up(story: Story, page: Page) -> None:
    card = pickup_card(page, "Pauline")
    # The button says what it does, not the state it leads to ("Picked up at 18:05").
    picked_up = card.get_by_role("button", name="Mark as picked up", exact=True)
    assert_tappable(picked_up)
    picked_up.click()

    card = pickup_card(page, "Pauline")
    story.is_told(card, "Pauline has picked up their order.")
    expect(page.get_by_role("region", name="Pick-up list")).to_contain_text(
        "1 of 5 orders picked up."
    )
    expect(card).to_contain_text("✓ Picked up at")
    expect(card.get_by_role("button", name="Undo: not picked up")).to_be_visible()
    assert_tappable(card.get_by_role("button", name="Undo: not picked up"))
    # Only hers: Quentin has not come yet.
    expect(
        pickup_card(page, "Quentin").get_by_role("button", name="Mark as picked up")
    ).to_be_visible()
    story.look_at(page, "21-picked-up")

    order = Order.objects.get(member__email=PAULINE_EMAIL)
    assert order.picked_up_at is not None
    assert not Order.objects.filter(picked_up_at__isnull=False).exclude(pk=order.pk).exists()


def downloads_the_pickup_list(story: Story, page: Page) -> None:
    reports_page = page.url
    pickup = page.get_by_role("region", name="Pick-up list")
    # Not built yet: a page says it is being prepared, then the file comes by itself.
    with page.expect_download(timeout=30_000) as csv_download:
        pickup.get_by_role("link", name="CSV, for a spreadsheet — Pick-up list").click()
        expect(page.get_by_role("status")).to_contain_text("The CSV file is being prepared.")
    download = csv_download.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_bytes().decode("utf-8-sig")
    row = next(line for line in text.splitlines() if line.startswith("Pauline;"))
    assert f"2 × {EGGS} ({EGGS_UNIT})" in row
    assert f"1 × {CHEESE} ({CHEESE_UNIT}), 0.450 kg" in row
    assert ";17.80;" in row

    page.goto(reports_page)
    pdf_link = pickup.get_by_role("link", name="PDF, to print — Pick-up list")
    href = pdf_link.get_attribute("href")
    assert href is not None
    # The PDF opens in the browser to be printed; what it is made of is read as the browser gets
    # it, with Colette's session, once built.
    response = when_built(page, story.url + href)
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body().startswith(b"%PDF")


def when_built(page: Page, url: str) -> APIResponse:
    """A report file as the browser gets it once built: asked again while it is being prepared
    (202), as its page does."""
    response = page.context.request.get(url)
    deadline = time.monotonic() + 30
    while response.status == 202 and time.monotonic() < deadline:
        time.sleep(0.5)
        response = page.context.request.get(url)
    assert response.ok, response.status
    return response


def records_paulines_cheque(story: Story, page: Page, cycle_id: int) -> None:
    page.get_by_role("link", name="Payments", exact=True).click()
    expect(page).to_have_url(story.url + f"/produce/cycles/{cycle_id}/payments/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Payments · {CYCLE_TITLE}")
    owed = page.get_by_role("region", name="Still owed per producer")
    farm_row = owed.get_by_role("row").filter(has_text=FARM)
    expect(farm_row.get_by_role("cell")).to_have_text(
        [FARM, "45.80 €", "0.00 €", "0.00 €", "45.80 €"]
    )

    assert_tappable(page.get_by_role("link", name="Back to the weekly order"))
    assert_tappable(page.get_by_role("link", name="Reports", exact=True))

    card = (
        page.get_by_role("region", name="Per member")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("heading", name="Pauline", exact=True))
    )
    # One line a farm, the form folded under it: five members make a page, not five screens.
    expect(card).to_contain_text(f"{FARM}: 17.80 € · nothing recorded yet")
    form = card.get_by_role("group", name=f"{FARM}: 17.80 € ordered — Pauline")
    expect(form).to_be_hidden()
    height = box_of(card)
    assert height["height"] < 300, height
    record = card.locator("summary", has_text="Record a payment…")
    assert_tappable(record)
    record.click()
    expect(form.get_by_label(exactly("Amount, in euros"))).to_have_value("17.80")
    expect(form.get_by_label(exactly("Paid by"))).to_have_value("cheque")
    form.get_by_label(exactly("Cheque number")).fill(CHEQUE)
    form.get_by_label(exactly("State")).select_option(label="Received")
    story.look_at(page, "22-payment-filled")
    save = form.get_by_role("button", name=f"Save — {FARM}, Pauline")
    assert_tappable(save)
    save.click()

    card = (
        page.get_by_role("region", name="Per member")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("heading", name="Pauline", exact=True))
    )
    story.is_told(card, f"The payment of Pauline to {FARM} is saved.")
    expect(card).to_contain_text(f"{FARM}: 17.80 € · Received: cheque no. {CHEQUE}, 17.80 €")
    owed = page.get_by_role("region", name="Still owed per producer")
    farm_row = owed.get_by_role("row").filter(has_text=FARM)
    # Received from Pauline: what the farm is still owed is the others' part.
    expect(farm_row.get_by_role("cell")).to_have_text(
        [FARM, "45.80 €", "17.80 €", "0.00 €", "28.00 €"]
    )
    story.look_at(page, "23-payment-recorded")
    card.locator("summary", has_text="Change the payment…").click()
    form = card.get_by_role("group", name=f"{FARM}: 17.80 € ordered — Pauline")
    expect(form.get_by_label(exactly("Cheque number"))).to_have_value(CHEQUE)
    expect(form.get_by_label(exactly("State"))).to_have_value("received")

    payment = Payment.objects.get()
    assert payment.order.member.email == PAULINE_EMAIL
    assert payment.producer.farm_name == FARM
    assert (payment.method, payment.cheque_number, payment.amount_cents, payment.status) == (
        Payment.Method.CHEQUE,
        CHEQUE,
        1780,
        Payment.Status.RECEIVED,
    )
    assert payment.recorded_by is not None and payment.recorded_by.email == COLETTE_EMAIL


def assert_side_by_side(first: Locator, second: Locator) -> None:
    """On one line: the second box beside the first, not below it."""
    left, right = box_of(first), box_of(second)
    assert abs(left["y"] - right["y"]) < 2, (left, right)
    assert right["x"] >= left["x"] + left["width"], (left, right)


def assert_not_squashed(checkbox: Locator) -> None:
    """A box as wide as high, whatever the length of its label."""
    box = box_of(checkbox)
    assert box["width"] >= 20, box
    assert abs(box["width"] - box["height"]) < 1, box
