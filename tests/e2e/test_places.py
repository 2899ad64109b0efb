"""Places typed in words on a small phone: the suggestions as one types (a combobox a keyboard
and a screen reader can use), and the second step without JavaScript (radio buttons).

Alice offers a ride from 12 rue d'Austerlitz to "la gare". With JavaScript, the address field
suggests places as she types: the quartier's meeting point "Gare Part-Dieu" first, then the
stations the geocoder knows; the count is said by a live region; the arrow keys move through
the list and Enter chooses, Escape closes it. Without JavaScript, "la gare" comes back as radio
buttons under a legend, what she typed kept; she chooses the Part-Dieu and the ride is
published there. The pages are audited with axe-core and photographed at 360 px wide.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from exchanges.rides import services
from exchanges.rides.models import Ride
from neighbourhood.quartiers.models import Membership
from tests.e2e.story import Story, logs_in
from tests.factories import PART_DIEU, MembershipFactory, QuartierFactory, UserFactory, in_days

pytestmark = [
    pytest.mark.browser,
    pytest.mark.geocoder,
    pytest.mark.django_db(transaction=True),
]
SCREENSHOTS = "places"

ALICE_EMAIL = "alice.places@example.org"
DEPARTURE = "Or another place of departure: an address or a place’s name"
ARRIVAL = "Or another place of arrival: an address or a place’s name"


@pytest.fixture
def alice_with_a_meeting_point() -> None:
    quartier = QuartierFactory.create(name="Croix-Rousse", slug="croix-rousse")
    coordinator = UserFactory.create(display_name="Carole")
    MembershipFactory.create(quartier=quartier, user=coordinator, role=Membership.Role.COORDINATOR)
    alice = UserFactory.create(email=ALICE_EMAIL, display_name="Alice", language="en")
    MembershipFactory.create(quartier=quartier, user=alice)
    services.meeting_point_create(
        quartier=quartier,
        actor=coordinator,
        name="Gare Part-Dieu",
        latitude=PART_DIEU[0],
        longitude=PART_DIEU[1],
    )


def opens_the_ride_form(story: Story, page: Page) -> None:
    logs_in(story, page, ALICE_EMAIL)
    story.visit(page, "/rides/in/croix-rousse/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Offer a ride")


def fills_the_rest(page: Page) -> None:
    departure = page.get_by_role("group", name=re.compile("^Departure"))
    departure.get_by_label("Date").fill(in_days(2).date().isoformat())
    departure.get_by_label("Time").fill("08:00")
    page.get_by_label(re.compile("^Seats offered")).fill("2")


def test_the_address_field_suggests_places_as_one_types(
    alice_with_a_meeting_point, live_server, new_phone, audit, screenshot
) -> None:
    story = Story(live_server.url, True, audit, screenshot, SCREENSHOTS)
    page = new_phone().new_page()
    opens_the_ride_form(story, page)

    field = page.get_by_role("combobox", name=ARRIVAL)
    expect(field).to_have_attribute("aria-expanded", "false")
    listbox_id = field.get_attribute("aria-controls")
    assert listbox_id
    field.press_sequentially("la gare", delay=30)

    listbox = page.locator(f"#{listbox_id}")
    expect(listbox).to_have_attribute("role", "listbox")
    expect(field).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.first).to_have_text("Gare Part-Dieu (meeting point)")
    expect(options).to_have_count(5)
    live = page.locator("[aria-live=polite]").filter(has_text="places found")
    expect(live).to_have_text("5 places found: choose one with the arrows and Enter.")
    story.look_at(page, "01-suggestions")
    # The map's tiles cannot load here: the map says so in words.
    expect(
        page.get_by_text("The map does not show; you can type the address.").first
    ).to_be_visible()

    field.press("ArrowDown")
    expect(field).to_have_attribute("aria-activedescendant", f"{listbox_id}-0")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    field.press("ArrowDown")
    expect(field).to_have_attribute("aria-activedescendant", f"{listbox_id}-1")
    field.press("ArrowUp")
    field.press("Enter")
    expect(field).to_have_value("Gare Part-Dieu")
    expect(field).to_have_attribute("aria-expanded", "false")

    # Escape closes a list without choosing.
    origin = page.get_by_role("combobox", name=DEPARTURE)
    origin.press_sequentially("12 rue d'Austerlitz", delay=30)
    expect(origin).to_have_attribute("aria-expanded", "true")
    origin.press("Escape")
    expect(origin).to_have_attribute("aria-expanded", "false")
    origin.press("ArrowDown")
    origin.press("Enter")
    expect(origin).to_have_value("12 Rue d'Austerlitz 69004 Lyon")

    fills_the_rest(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "12 Rue d'Austerlitz 69004 Lyon → Gare Part-Dieu"
    )
    ride = Ride.objects.get()
    assert ride.destination_point is not None and ride.destination_point.name == "Gare Part-Dieu"
    assert (ride.origin_latitude, ride.origin_longitude) == pytest.approx((45.776263, 4.832212))


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_several_places_come_back_as_radio_buttons(
    alice_with_a_meeting_point, live_server, new_phone, audit, screenshot, javascript
) -> None:
    story = Story(live_server.url, javascript, audit, screenshot, SCREENSHOTS)
    page = new_phone(javascript=javascript).new_page()
    opens_the_ride_form(story, page)
    page.get_by_label(DEPARTURE).fill("12 rue d'Austerlitz")
    page.get_by_label(ARRIVAL).fill("la gare")
    fills_the_rest(page)
    if javascript:
        page.get_by_label(ARRIVAL).press("Escape")  # not choosing a suggestion
    page.get_by_role("button", name="Publish").click()

    story.sees_the_errors(page)
    choice = page.get_by_role("group", name=re.compile("^Which place of arrival do you mean"))
    expect(choice).to_contain_text("Several places match “la gare”: choose the right one.")
    radios = choice.get_by_role("radio")
    expect(radios).to_have_count(5)
    expect(radios.first).to_have_accessible_name("Gare Part-Dieu (meeting point)")
    # What she typed is kept; the one place found for her departure is shown as understood.
    expect(page.get_by_label(ARRIVAL)).to_have_value("la gare")
    expect(page.get_by_label(DEPARTURE)).to_have_value("12 Rue d'Austerlitz 69004 Lyon")
    expect(page.get_by_label(re.compile("^Seats offered"))).to_have_value("2")
    story.look_at(page, "02-radio-step")
    assert not Ride.objects.exists()

    choice.get_by_role("radio", name="Gare de Perrache 69002 Lyon").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "12 Rue d'Austerlitz 69004 Lyon → Gare de Perrache 69002 Lyon"
    )
    ride = Ride.objects.get()
    assert (ride.destination_latitude, ride.destination_longitude) == (45.7487, 4.8261)
