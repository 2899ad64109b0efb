"""A shared ride to the station, from the meeting point to the seat taken, on a small phone.

Everyone in Croix-Rousse here reads the site in English, as in the swaps story, so the
assertions read the words they read. Colette, a coordinator, makes the station a meeting point.
Gérard, a retired neighbour, offers a ride to it in two days at 8:00 from the Place de la
Croix-Rousse, typing its name in words, with one seat; he first gives a departure in the past:
the errors show where he looks, and nothing is saved. Pauline searches for a ride from the Hôtel
de Ville to the station that morning between 7:45 and 8:30: she finds Gérard's, told how far she
walks (not at all: he picks her up there) and how many minutes it costs him, and asks for the
seat with a word. Gérard is notified, reads her word on the ride's page and accepts: the date
has its one seat taken, Pauline's "My rides" shows the ride confirmed and the ride's
conversation, which she could not see before, opens to her. Quentin, who had the ride's page
open while the seat was still free, asks for it too: he is brought back to the ride's page,
told in words that the ride is full on that date, nothing is saved, and no form is left to try
again.

Each page on the way is photographed at 360 px wide under test-artifacts/ and, with JavaScript
on, audited with axe-core (no serious or critical violation) and checked for sideways scrolling.
The story runs twice: with JavaScript, and without it, to prove nothing depends on a script.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from exchanges.rides import kinds as ride_kinds
from exchanges.rides.models import Booking, MeetingPoint, Ride, Trip
from messaging.models import Notification
from neighbourhood.quartiers.models import Membership, Quartier
from tests.e2e.story import Story, assert_tappable, exactly, logs_in, main_menu, types_a_place
from tests.factories import (
    CROIX_ROUSSE,
    PART_DIEU,
    MembershipFactory,
    QuartierFactory,
    UserFactory,
    in_days,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.geocoder,
    pytest.mark.django_db(transaction=True),
]
SCREENSHOTS = "rides"

QUARTIER_NAME = "Croix-Rousse"
QUARTIER_SLUG = "croix-rousse"
COLETTE_EMAIL = "colette@example.org"
GERARD_EMAIL = "gerard@example.org"
PAULINE_EMAIL = "pauline@example.org"
QUENTIN_EMAIL = "quentin@example.org"

STATION = "Gare Part-Dieu"
STATION_ADDRESS = "Gare Part-Dieu 69003 Lyon"  # as the geocoder names it
SQUARE = "Place de la Croix-Rousse 69004 Lyon"
RIDE_TITLE = f"{SQUARE} → {STATION}"
RIDE_NOTES = "Une Clio bleue, garée devant la boulangerie."
BOOKING_MESSAGE = "Bonjour Gérard ! Je prends le TGV de 8 h 34, merci mille fois."

# The colour of a field marked invalid (--danger in static/css/site.css).
DANGER = "rgb(164, 22, 26)"

# The booking form posts to #form-errors, so that a refusal shows without JavaScript; the
# redirect after success keeps that fragment, harmlessly.
RIDE_PAGE = re.compile(r"/rides/(\d+)/(#form-errors)?$")
CONVERSATION_PAGE = re.compile(r"/conversations/(\d+)/(#latest)?$")


def departure_day() -> datetime.date:
    """The day of the ride: in two days, in the site's timezone (as the pages read dates)."""
    return timezone.localdate(in_days(2))


@pytest.fixture
def croix_rousse(transactional_db) -> Quartier:
    quartier = QuartierFactory.create(
        name=QUARTIER_NAME, slug=QUARTIER_SLUG, latitude=CROIX_ROUSSE[0], longitude=CROIX_ROUSSE[1]
    )
    for email, name, role in (
        (COLETTE_EMAIL, "Colette", Membership.Role.COORDINATOR),
        (GERARD_EMAIL, "Gérard", Membership.Role.MEMBER),
        (PAULINE_EMAIL, "Pauline", Membership.Role.MEMBER),
        (QUENTIN_EMAIL, "Quentin", Membership.Role.MEMBER),
    ):
        user = UserFactory.create(email=email, display_name=name, language="en")
        MembershipFactory.create(quartier=quartier, user=user, role=role)
    return quartier


def test_a_neighbour_takes_the_last_seat_to_the_station(
    story: Story, new_phone, croix_rousse
) -> None:
    colette = new_phone(javascript=story.javascript).new_page()
    logs_in(story, colette, COLETTE_EMAIL, name="01-login")
    makes_the_station_a_meeting_point(story, colette)

    gerard = new_phone(javascript=story.javascript).new_page()
    logs_in(story, gerard, GERARD_EMAIL)
    ride_id = offers_a_ride_to_the_station(story, gerard)

    pauline = new_phone(javascript=story.javascript).new_page()
    logs_in(story, pauline, PAULINE_EMAIL)
    finds_the_ride_and_asks_for_the_seat(story, pauline, ride_id)

    # Quentin opens the ride while its seat is still free, and asks for it only later.
    quentin = new_phone(javascript=story.javascript).new_page()
    logs_in(story, quentin, QUENTIN_EMAIL)
    opens_the_ride_while_a_seat_is_free(story, quentin, ride_id)

    is_notified_and_accepts(story, gerard, ride_id)
    sees_her_seat_confirmed_and_opens_the_chat(story, pauline, ride_id)
    is_told_the_ride_is_full(story, quentin, ride_id)


def goes_to_the_quartier(story: Story, page: Page) -> None:
    page.get_by_role("region", name="My quartiers").get_by_role("link", name=QUARTIER_NAME).click()
    expect(page).to_have_url(story.url + f"/quartiers/{QUARTIER_SLUG}/")


def makes_the_station_a_meeting_point(story: Story, page: Page) -> None:
    goes_to_the_quartier(story, page)
    expect(page.get_by_text("You coordinate this quartier.")).to_be_visible()
    page.get_by_role("link", name="Carpooling: the meeting points").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Meeting points of {QUARTIER_NAME}")
    expect(page.get_by_text("No meeting point yet.")).to_be_visible()
    story.look_at(page, "02-meeting-points-none")

    page.get_by_label(exactly("Name")).fill(STATION)
    types_a_place(
        page, "Where it is", "gare part-dieu", STATION_ADDRESS, javascript=story.javascript
    )
    page.get_by_role("button", name="Add", exact=True).click()

    expect(page).to_have_url(story.url + f"/rides/in/{QUARTIER_SLUG}/meeting-points/")
    expect(page.get_by_role("status")).to_contain_text(f"“{STATION}” is now a meeting point.")
    points = page.get_by_role("region", name="The meeting points")
    expect(points.get_by_role("heading", name=STATION)).to_be_visible()
    expect(points).to_contain_text(STATION_ADDRESS)
    expect(points).not_to_contain_text("45.76060")  # no numbers for people to read
    # Deleting it takes a second step, as every destructive action does: a page that asks.
    assert_tappable(points.get_by_role("link", name=exactly("Delete…")))
    expect(
        points.get_by_role("button", name=exactly("Yes, delete this meeting point"))
    ).to_have_count(0)
    story.look_at(page, "03-meeting-point-added")

    point = MeetingPoint.objects.get()
    assert (point.quartier.slug, point.name, point.latitude, point.longitude) == (
        QUARTIER_SLUG,
        STATION,
        PART_DIEU[0],
        PART_DIEU[1],
    )


def fill_departure(page: Page, day: datetime.date, time: str) -> None:
    departure = page.get_by_role("group", name=exactly("Departure"))
    departure.get_by_label("Date").fill(day.isoformat())
    departure.get_by_label("Time").fill(time)


def offers_a_ride_to_the_station(story: Story, page: Page) -> int:
    goes_to_the_quartier(story, page)
    page.get_by_role("region", name="Rides").get_by_role("link", name="Offer a ride").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Offer a ride")
    story.look_at(page, "04-ride-form")

    expect(page.get_by_role("radio", name="Once")).to_be_checked()
    # From a place typed in words (no meeting point there), to the station chosen in the list.
    page.get_by_label(exactly("Meeting point of departure")).select_option(label="Another place")
    types_a_place(
        page,
        "Or another place of departure",
        "place de la Croix-Rousse",
        SQUARE,
        javascript=story.javascript,
    )
    page.get_by_label(exactly("Meeting point of arrival")).select_option(label=STATION)
    if story.javascript:
        # The ride ends at the station: passing by it too would add nothing, so it is not
        # offered (it was the only meeting point, so the whole question goes).
        expect(page.get_by_role("group", name=exactly("Passing by"))).to_be_hidden()
    else:
        # Without a script, every weekday's time stands at the same place, below one another.
        lefts = page.locator(".weekday input[type=time]").evaluate_all(
            "inputs => inputs.map(input => input.getBoundingClientRect().left)"
        )
        assert len(lefts) == 7 and len(set(lefts)) == 1, lefts
    # Yesterday's date, by mistake: refused, said where it is, and nothing is saved.
    fill_departure(page, departure_day() - datetime.timedelta(days=3), "08:00")
    page.get_by_label(exactly("Seats offered")).fill("1")
    # The rest waits behind a summary, asked for only when wanted.
    expect(page.get_by_label(exactly("Notes (optional)"))).to_be_hidden()
    page.locator("summary", has_text="Contribution, detour").click()
    page.get_by_label(exactly("Notes (optional)")).fill(RIDE_NOTES)
    page.get_by_role("button", name="Publish").click()

    story.sees_the_errors(page)
    expect(page.get_by_role("alert")).to_contain_text("The departure cannot be in the past.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Offer a ride")
    departure = page.get_by_role("group", name=exactly("Departure"))
    expect(departure).to_contain_text("The departure cannot be in the past.")
    expect(departure.get_by_label("Date")).to_have_attribute("aria-invalid", "true")
    # Both inputs of the departure are framed in red, the time as well as the date.
    for name in ("Date", "Time"):
        expect(departure.get_by_label(name)).to_have_css("border-top-color", DANGER)
    # What he typed is still there, the place as it was understood.
    expect(page.get_by_label(re.compile("^Or another place of departure"))).to_have_value(SQUARE)
    expect(page.get_by_label(exactly("Seats offered"))).to_have_value("1")
    story.look_at(page, "05-ride-errors")
    assert not Ride.objects.exists()

    fill_departure(page, departure_day(), "08:00")
    story.look_at(page, "06-ride-filled")
    page.get_by_role("button", name="Publish").click()

    expect(page).to_have_url(RIDE_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text(RIDE_TITLE)
    expect(page.get_by_role("status")).to_contain_text(
        "Your ride is published. Your neighbours can see it."
    )
    dates = page.get_by_role("region", name="Next dates")
    expect(dates).to_contain_text(f"{date_format(departure_day(), 'l j F')}, 08:00")
    expect(dates).to_contain_text("1 seat free")
    story.look_at(page, "07-ride-published")

    found = RIDE_PAGE.search(page.url)
    assert found
    ride = Ride.objects.get(pk=int(found.group(1)))
    assert ride.driver.email == GERARD_EMAIL
    assert (ride.kind, ride.seats, ride.origin_label, ride.destination_label) == (
        Ride.Kind.ONE_OFF,
        1,
        SQUARE,
        STATION,
    )
    assert (ride.origin_latitude, ride.origin_longitude) == CROIX_ROUSSE
    assert ride.origin_point is None
    assert ride.destination_point == MeetingPoint.objects.get(name=STATION)
    assert ride.departs_at == in_days(2)
    assert list(ride.trips.values_list("date", "seats", "seats_taken")) == [(departure_day(), 1, 0)]
    return ride.pk


def finds_the_ride_and_asks_for_the_seat(story: Story, page: Page, ride_id: int) -> None:
    goes_to_the_quartier(story, page)
    page.get_by_role("region", name="Rides").get_by_role("link", name="Find a ride").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Find a ride in {QUARTIER_NAME}")
    story.look_at(page, "08-search-form")

    # From the Hôtel de Ville (typed: it is no meeting point), to the station, 7:45 to 8:30.
    types_a_place(
        page,
        "Or another place of departure",
        "hôtel de ville",
        "Hôtel de Ville 69001 Lyon",
        javascript=story.javascript,
    )
    page.get_by_label(exactly("Meeting point of arrival")).select_option(label=STATION)
    page.get_by_label(exactly("Date")).fill(departure_day().isoformat())
    page.get_by_label(exactly("Leave at the earliest")).fill("07:45")
    page.get_by_label(exactly("Leave at the latest")).fill("08:30")
    page.get_by_label(exactly("Seats needed")).fill("1")
    page.get_by_role("button", name="Search").click()

    results = page.get_by_role("region", name="1 ride found")
    expect(results).to_be_visible()
    # The results come first: on the screen as soon as the page shows, above the form.
    expect(results.get_by_role("heading", name="1 ride found")).to_be_in_viewport()
    match = results.get_by_role("listitem").filter(has=page.get_by_role("link", name=RIDE_TITLE))
    expect(match).to_have_count(1)
    expect(match).to_contain_text("Driven by Gérard")
    expect(match).to_contain_text(f"{date_format(departure_day(), 'l j F')}, 08:00")
    expect(match).to_contain_text("1 seat free")
    # Its one date, written out in short: nothing to choose.
    expect(match).to_contain_text(f"{date_format(departure_day(), 'D j M')}, 08:00 — 1 seat free")
    # How far she walks, and what it costs the driver, in words: the Hôtel de Ville lies within
    # the 10 minutes Gérard accepts, so he picks her up there, a minute out of his way.
    expect(match).to_contain_text("Picked up where you are.")
    expect(match).not_to_contain_text("Walk ")
    expect(match).to_contain_text("The driver goes 1 minute out of their way.")
    story.look_at(page, "09-search-found")

    match.get_by_label(exactly("A message for the driver")).fill(BOOKING_MESSAGE)
    match.get_by_role("button", name="Ask for a seat").click()

    expect(page).to_have_url(RIDE_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text(RIDE_TITLE)
    expect(page.get_by_role("status")).to_contain_text(
        "Your request for 1 date is sent to Gérard, who will answer it."
    )
    seats = page.get_by_role("region", name="Your seats")
    expect(seats).to_contain_text("Requested")
    expect(seats.get_by_role("blockquote")).to_contain_text(BOOKING_MESSAGE)
    # The ride's conversation is for those on board: not yet.
    expect(page.get_by_role("link", name="The ride’s conversation")).to_have_count(0)
    # She asked for its only date: the ride offers her nothing more to ask.
    expect(page.get_by_role("region", name="Travel with this ride")).to_have_count(0)
    story.look_at(page, "10-seat-requested")

    booking = Booking.objects.get(passenger__email=PAULINE_EMAIL)
    assert (booking.trip.ride_id, booking.status, booking.seats, booking.message) == (
        ride_id,
        Booking.Status.REQUESTED,
        1,
        BOOKING_MESSAGE,
    )
    assert booking.trip.seats_taken == 0  # a request takes no seat until the driver says yes


def opens_the_ride_while_a_seat_is_free(story: Story, page: Page, ride_id: int) -> None:
    story.visit(page, f"/rides/{ride_id}/")
    expect(page.get_by_role("region", name="Next dates")).to_contain_text("1 seat free")
    book = page.get_by_role("region", name="Travel with this ride")
    expect(book).to_contain_text("Gérard will be told and will answer your request.")
    expect(book).to_contain_text(f"{date_format(departure_day(), 'D j M')}, 08:00 — 1 seat free")
    story.look_at(page, "11-ride-seen-by-another")


def is_notified_and_accepts(story: Story, page: Page, ride_id: int) -> None:
    story.visit(page, "/")
    menu = main_menu(page)
    notifications = menu.get_by_role("link", name="Notifications (1 unread)")
    expect(notifications).to_be_visible()
    notifications.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    notice = page.get_by_role("main").get_by_role("listitem").filter(has_text="Unread")
    asks = f"Pauline asks for a seat on “{RIDE_TITLE} · "
    expect(notice).to_contain_text(asks)
    story.look_at(page, "12-driver-notified")
    notice.get_by_role("link", name=asks).click()

    expect(page).to_have_url(story.url + f"/rides/{ride_id}/")
    passengers = page.get_by_role("region", name="Passengers and requests")
    request = passengers.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Pauline")
    )
    expect(request.get_by_role("blockquote")).to_contain_text(BOOKING_MESSAGE)
    expect(request).to_contain_text("Requested")
    story.look_at(page, "13-driver-sees-the-request")
    request.get_by_role("button", name="Accept Pauline").click()

    expect(page).to_have_url(story.url + f"/rides/{ride_id}/")
    expect(page.get_by_role("status")).to_contain_text(
        "Pauline has a seat on 1 date. They are told."
    )
    passengers = page.get_by_role("region", name="Passengers and requests")
    expect(passengers).to_contain_text("Confirmed")
    expect(passengers.get_by_role("button", name="Accept Pauline")).to_have_count(0)
    expect(page.get_by_role("region", name="Next dates")).to_contain_text("Full")
    story.look_at(page, "14-request-accepted")

    booking = Booking.objects.get(passenger__email=PAULINE_EMAIL)
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.changed_by is not None and booking.changed_by.email == GERARD_EMAIL
    trip = Trip.objects.get(ride_id=ride_id)
    assert (trip.seats, trip.seats_taken, trip.seats_free) == (1, 1, 0)
    assert Notification.objects.filter(
        user__email=PAULINE_EMAIL, kind=ride_kinds.BOOKING_CONFIRMED
    ).exists()


def sees_her_seat_confirmed_and_opens_the_chat(story: Story, page: Page, ride_id: int) -> None:
    main_menu(page).get_by_role("link", name="My rides").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My rides")
    coming = page.get_by_role("region", name="Coming up")
    line = coming.get_by_role("listitem").filter(has=page.get_by_role("link", name=RIDE_TITLE))
    expect(line).to_have_count(1)
    expect(line).to_contain_text(f"{date_format(departure_day(), 'l j F')}, 08:00")
    expect(line).to_contain_text("With Gérard")
    expect(line).to_contain_text("Confirmed")
    expect(page.get_by_role("heading", name="My ride requests")).to_be_visible()
    # Where to go next, as buttons a finger can hit.
    for name in ("Offer a ride", "Ask for a ride", "Find a ride"):
        assert_tappable(page.get_by_role("link", name=exactly(name)))
    story.look_at(page, "15-my-rides-confirmed")

    line.get_by_role("link", name=RIDE_TITLE).click()
    expect(page).to_have_url(story.url + f"/rides/{ride_id}/")
    expect(page.get_by_role("region", name="Your seats")).to_contain_text("Confirmed")
    chat = page.get_by_role("link", name="The ride’s conversation")
    expect(chat).to_be_visible()
    # A small button is small to the eye, not to the finger.
    assert_tappable(page.get_by_role("link", name=exactly("Cancel this date")))
    story.look_at(page, "16-ride-seat-confirmed")
    chat.click()

    expect(page).to_have_url(CONVERSATION_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text(RIDE_TITLE)
    # Those on board, and no one else: the driver and the passenger he accepted.
    on_board = page.get_by_role("region", name="In this conversation").get_by_role("listitem")
    expect(on_board).to_have_text(["Gérard", "Pauline (you)"])
    expect(page.get_by_label(exactly("Your message"))).to_be_visible()
    story.look_at(page, "17-ride-conversation")

    found = CONVERSATION_PAGE.search(page.url)
    assert found
    ride = Ride.objects.get(pk=ride_id)
    assert ride.conversation_id == int(found.group(1))


def is_told_the_ride_is_full(story: Story, page: Page, ride_id: int) -> None:
    # His page still offers the seat Pauline has since been given.
    book = page.get_by_role("region", name="Travel with this ride")
    book.get_by_label(exactly("A message for the driver")).fill("Une place pour moi ?")
    book.get_by_role("button", name="Ask for a seat").click()

    # Nothing to correct: back on the ride's page as it now is, told why in words.
    expect(page).to_have_url(RIDE_PAGE)
    day = date_format(departure_day(), "SHORT_DATE_FORMAT")
    expect(page.get_by_role("status")).to_contain_text(
        f"This ride is full on {day}: no seat is left."
    )
    expect(page.get_by_role("alert")).to_have_count(0)  # no "Please correct…"
    dates = page.get_by_role("region", name="Next dates")
    expect(dates).to_contain_text("Full")
    expect(dates).to_contain_text("This ride is full: no seat is left.")
    expect(page.get_by_role("button", name="Ask for a seat")).to_have_count(0)
    story.look_at(page, "18-ride-full-refused")
    assert not Booking.objects.filter(passenger__email=QUENTIN_EMAIL).exists()
    assert Trip.objects.get(ride_id=ride_id).seats_taken == 1

    # Seen afresh, the page still says the ride is full and offers no seat.
    story.visit(page, f"/rides/{ride_id}/")
    expect(page.get_by_role("region", name="Next dates")).to_contain_text(
        "This ride is full: no seat is left."
    )
    expect(page.get_by_role("button", name="Ask for a seat")).to_have_count(0)
    story.look_at(page, "19-ride-full")
