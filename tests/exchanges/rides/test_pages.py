"""The carpooling pages, used as a resident would: forms posted without JavaScript."""

from __future__ import annotations

import datetime
import re
from typing import Any
from urllib.parse import urlencode

import icalendar
import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

from exchanges.rides import services
from exchanges.rides.models import (
    Booking,
    CalendarFeed,
    MeetingPoint,
    Ride,
    RideRequest,
    Trip,
    WeeklyDeparture,
)
from messaging.kinds import notification_kinds
from neighbourhood.accounts.models import User
from neighbourhood.feed.models import FeedEntry
from tests.factories import (
    CROIX_ROUSSE,
    HOTEL_DE_VILLE,
    PART_DIEU,
    MembershipFactory,
    UserFactory,
    chosen_place,
    in_days,
    request_fields,
    ride_fields,
)

pytestmark = pytest.mark.django_db


def client_for(user: User, language: str = "en") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def offer(quartier, driver, **overrides) -> Ride:
    return services.ride_create(quartier=quartier, driver=driver, **ride_fields(**overrides))


def commute(quartier, driver, **overrides) -> Ride:
    """Every weekday at 8:00 for two weeks, from today."""
    return offer(
        quartier,
        driver,
        **{
            "kind": "regular",
            "departs_at": None,
            "weekly": {day: datetime.time(8) for day in range(5)},
            "valid_from": timezone.localdate(),
            "valid_until": timezone.localdate() + datetime.timedelta(days=13),
        }
        | overrides,
    )


def ask(quartier, passenger, **overrides) -> RideRequest:
    return services.ride_request_create(
        quartier=quartier, passenger=passenger, **request_fields(**overrides)
    )


def day_of(ride: Ride) -> datetime.date:
    assert ride.departs_at is not None
    return timezone.localdate(ride.departs_at)


def ride_form(**overrides: object) -> dict[str, str]:
    """What a driver sends to offer a ride once, in two days at 8:00, the places chosen."""
    data: dict[str, object] = {
        "kind": "one_off",
        **chosen_place("origin", CROIX_ROUSSE, "Place de la Croix-Rousse"),
        **chosen_place("destination", PART_DIEU, "Gare Part-Dieu"),
        "departs_at_0": in_days(2).date().isoformat(),
        "departs_at_1": "08:00",
        "seats": 3,
        "contribution": "",
        "detour_value": 10,
        "detour_unit": "min",
        "notes": "",
    } | overrides
    return {key: str(value) for key, value in data.items() if value is not None}


def request_form(**overrides: object) -> dict[str, str | list[str]]:
    data: dict[str, object] = {
        "kind": "one_off",
        **chosen_place("origin", HOTEL_DE_VILLE, "Hôtel de Ville"),
        **chosen_place("destination", PART_DIEU, "Gare Part-Dieu"),
        "day": in_days(2).date().isoformat(),
        "earliest_time": "07:45",
        "latest_time": "08:30",
        "seats": 1,
        "notes": "",
    } | overrides
    # A list is several boxes ticked.
    return {key: value if isinstance(value, list) else str(value) for key, value in data.items()}


# From the Hôtel de Ville to the station, as a search sends them once chosen.
SEARCH_PLACES = urlencode(
    chosen_place("origin", HOTEL_DE_VILLE, "Hôtel de Ville")
    | chosen_place("destination", PART_DIEU, "Gare Part-Dieu")
)


def errors_of(page: str, field: str, form: str = "id_") -> str:
    """The error list shown next to ``field`` (of the form whose ids start with ``form``)."""
    start = page.index(f'id="{form}{field}_errors"')
    return page[start : page.index("</ul>", start)]


# --- every page, for a member ----------------------------------------------------------------


@pytest.fixture
def world(quartier, alice, bob, carol) -> dict[str, Any]:
    """Alice drives once and every weekday; Bob asked for a seat and posted a request."""
    once = offer(quartier, alice, notes="Départ devant la boulangerie")
    weekly = commute(quartier, alice)
    wish = ask(quartier, bob)
    [booking] = services.booking_request(ride=once, passenger=bob, dates=[day_of(once)])
    point = services.meeting_point_create(
        quartier=quartier,
        actor=carol,
        name="Gare Part-Dieu",
        latitude=PART_DIEU[0],
        longitude=PART_DIEU[1],
    )
    return {"once": once, "weekly": weekly, "wish": wish, "booking": booking, "point": point}


def urls(world: dict[str, Any]) -> dict[str, str]:
    once, wish = world["once"], world["wish"]
    return {
        "list": "/rides/in/croix-rousse/",
        "create": "/rides/in/croix-rousse/new/",
        "return": f"/rides/in/croix-rousse/new/?return_of={once.pk}",
        "request_create": "/rides/in/croix-rousse/requests/new/",
        "search": "/rides/in/croix-rousse/search/",
        "search_results": (
            f"/rides/in/croix-rousse/search/?{SEARCH_PLACES}"
            f"&date={day_of(once).isoformat()}&earliest=07:45&latest=08:30&seats=1"
        ),
        "detail": f"/rides/{once.pk}/",
        "weekly_detail": f"/rides/{world['weekly'].pk}/",
        "edit": f"/rides/{once.pk}/edit/",
        "request_detail": f"/rides/requests/{wish.pk}/",
        "mine": "/rides/mine/",
        "calendar_settings": "/rides/calendar/",
        "meeting_points": "/rides/in/croix-rousse/meeting-points/",
    }


PAGES = [
    ("alice", "list"),
    ("alice", "create"),
    ("alice", "return"),
    ("bob", "request_create"),
    ("bob", "search"),
    ("bob", "search_results"),
    ("alice", "detail"),
    ("bob", "detail"),
    ("bob", "weekly_detail"),
    ("alice", "weekly_detail"),
    ("alice", "edit"),
    ("bob", "request_detail"),
    ("alice", "request_detail"),
    ("bob", "mine"),
    ("alice", "mine"),
    ("bob", "calendar_settings"),
    ("carol", "meeting_points"),
]


@pytest.mark.parametrize(("who", "page"), PAGES)
def test_every_page_shows_to_a_member(world, who, page, request):
    response = client_for(request.getfixturevalue(who)).get(urls(world)[page])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize(("who", "page"), PAGES)
def test_every_page_speaks_french_by_default(world, who, page, request):
    response = client_for(request.getfixturevalue(who), language="fr").get(urls(world)[page])
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


def test_weekdays_and_dates_are_written_in_french(quartier, alice, bob):
    weekly = commute(quartier, alice)
    page = client_for(bob, language="fr").get(f"/rides/{weekly.pk}/").content.decode()
    assert "lundi 08:00" in page.lower()
    month = timezone.localdate().month
    assert [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ][month - 1] in page


# --- outsiders and members who may not --------------------------------------------------------


OUTSIDER_REQUESTS = [
    ("get", "/rides/in/croix-rousse/", {}),
    ("get", "/rides/in/croix-rousse/new/", {}),
    ("post", "/rides/in/croix-rousse/new/", ride_form()),
    ("get", "/rides/in/croix-rousse/requests/new/", {}),
    ("post", "/rides/in/croix-rousse/requests/new/", request_form()),
    ("get", "/rides/in/croix-rousse/search/", {}),
    ("get", "/rides/in/croix-rousse/meeting-points/", {}),
    (
        "post",
        "/rides/in/croix-rousse/meeting-points/",
        {"name": "X", "place_label": "Place de la Croix-Rousse"},
    ),
    ("post", "/rides/in/croix-rousse/meeting-points/{point}/delete/", {}),
    ("get", "/rides/{once}/", {}),
    ("get", "/rides/{once}/edit/", {}),
    ("post", "/rides/{once}/edit/", {"seats": "1", "detour_value": "5", "detour_unit": "min"}),
    ("post", "/rides/{once}/cancel/", {"reason": ""}),
    ("post", "/rides/{weekly}/dates/cancel/", {"date": "{weekly_day}"}),
    ("post", "/rides/{once}/book/", {"date": "{once_day}", "seats": "1"}),
    ("get", "/rides/requests/{wish}/", {}),
    ("post", "/rides/requests/{wish}/close/", {}),
    ("post", "/rides/bookings/{booking}/accept/", {}),
    ("post", "/rides/bookings/{booking}/decline/", {"reason": ""}),
    ("post", "/rides/bookings/{booking}/cancel/", {"reason": ""}),
]


@pytest.mark.parametrize(("method", "url", "data"), OUTSIDER_REQUESTS)
def test_an_outsider_gets_404_on_every_page_of_rides(world, dave, method, url, data):
    names = {
        "once": world["once"].pk,
        "weekly": world["weekly"].pk,
        "wish": world["wish"].pk,
        "booking": world["booking"].pk,
        "point": world["point"].pk,
        "once_day": day_of(world["once"]).isoformat(),
        "weekly_day": in_days(1).date().isoformat(),
    }
    url = url.format(**names)
    data = {key: value.format(**names) for key, value in data.items()}
    response = getattr(client_for(dave), method)(url, data)
    assert response.status_code == 404
    assert Ride.objects.count() == 2
    assert Ride.objects.filter(status="active").count() == 2
    assert RideRequest.objects.filter(status="active").count() == 1
    assert MeetingPoint.objects.count() == 1
    assert not Trip.objects.filter(is_cancelled=True).exists()
    assert list(Booking.objects.values_list("status", flat=True)) == ["requested"]


def test_a_signed_out_visitor_is_sent_to_sign_in(world):
    response = Client().get(f"/rides/{world['once'].pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_member_gets_403_on_the_meeting_points(world, alice):
    client = client_for(alice)
    url = "/rides/in/croix-rousse/meeting-points/"
    assert client.get(url).status_code == 403
    created = client.post(url, {"name": "Marché", "place_label": "Place de la Croix-Rousse"})
    assert created.status_code == 403
    deleted = client.post(f"{url}{world['point'].pk}/delete/")
    assert deleted.status_code == 403
    assert list(MeetingPoint.objects.values_list("name", flat=True)) == ["Gare Part-Dieu"]


def test_only_the_driver_changes_or_cancels_a_ride(world, bob):
    once, weekly = world["once"], world["weekly"]
    client = client_for(bob)
    assert client.get(f"/rides/{once.pk}/edit/").status_code == 403
    edit = client.post(
        f"/rides/{once.pk}/edit/", {"seats": "8", "detour_value": "5", "detour_unit": "min"}
    )
    assert edit.status_code == 403
    assert client.post(f"/rides/{once.pk}/cancel/").status_code == 403
    trip = client.post(f"/rides/{weekly.pk}/dates/cancel/", {"date": in_days(1).date()})
    assert trip.status_code == 403
    once.refresh_from_db()
    assert (once.seats, once.status) == (3, "active")
    assert not Trip.objects.filter(is_cancelled=True).exists()
    page = client.get(f"/rides/{once.pk}/").content.decode()
    assert f"/rides/{once.pk}/edit/" not in page
    assert "?return_of=" not in page


def test_only_the_passenger_closes_a_request_and_only_the_driver_accepts(world, alice, bob, carol):
    assert client_for(alice).post(f"/rides/requests/{world['wish'].pk}/close/").status_code == 403
    assert RideRequest.objects.get().status == "active"
    booking = world["booking"]
    assert client_for(bob).post(f"/rides/bookings/{booking.pk}/accept/").status_code == 403
    # Carol is a member, but neither the passenger nor the driver of this booking.
    assert client_for(carol).post(f"/rides/bookings/{booking.pk}/cancel/").status_code == 404
    booking.refresh_from_db()
    assert booking.status == "requested"


def test_a_return_ride_can_be_added_only_to_my_own_ride(world, bob):
    response = client_for(bob).get(f"/rides/in/croix-rousse/new/?return_of={world['once'].pk}")
    assert response.status_code == 403


# --- publishing through the forms -------------------------------------------------------------


def test_a_member_offers_a_ride_once_through_the_form(quartier, alice):
    client = client_for(alice)
    url = "/rides/in/croix-rousse/new/"
    page = client.get(url).content.decode()
    assert 'type="date"' in page
    assert 'type="time"' in page

    response = client.post(
        url,
        ride_form(contribution="2.50", luggage="on", notes="Devant la boulangerie"),
    )

    ride = Ride.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/rides/{ride.pk}/"
    assert (ride.driver, ride.quartier, ride.kind, ride.seats) == (alice, quartier, "one_off", 3)
    assert (ride.origin_label, ride.destination_label) == (
        "Place de la Croix-Rousse",
        "Gare Part-Dieu",
    )
    assert ride.departs_at == in_days(2)
    assert (ride.contribution_cents, ride.luggage, ride.bikes) == (250, True, False)
    assert ride.notes == "Devant la boulangerie"
    assert Trip.objects.get(ride=ride).date == in_days(2).date()
    entry = FeedEntry.objects.get()
    assert (entry.kind, entry.item, entry.is_visible) == ("ride_offer", ride, True)
    assert entry.item_url == f"/rides/{ride.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Your ride is published." in page
    assert "2.50 €" in page


@pytest.mark.parametrize("point_id", ["²", "١", "12abc", ""])
def test_a_forged_meeting_point_among_the_chosen_places_is_no_meeting_point(
    quartier, alice, point_id
):
    # "²" and "١" are digits to str.isdigit() but not to int(): no 500, just no meeting point.
    forged = {
        "origin_label": "Chez moi",
        "origin_place": f"45.776;4.832;meeting_point:{point_id};Chez moi",
        "origin_query": "Chez moi",
    }
    response = client_for(alice).post("/rides/in/croix-rousse/new/", ride_form(**forged))
    assert response.status_code == 302
    offered = Ride.objects.get()
    assert offered.origin_point is None
    assert (offered.origin_label, offered.origin_latitude) == ("Chez moi", 45.776)


def test_a_member_offers_a_ride_every_week_through_the_form(quartier, alice):
    start = timezone.localdate() + datetime.timedelta(days=1)
    end = start + datetime.timedelta(days=27)
    off = start + datetime.timedelta(days=7)
    response = client_for(alice).post(
        "/rides/in/croix-rousse/new/",
        ride_form(
            kind="regular",
            departs_at_0="",
            departs_at_1="",
            weekdays="0",
            weekday_0="07:30",
            weekday_3="08:15",  # a time alone is enough: that weekday is meant
            valid_from=start.isoformat(),
            valid_until=end.isoformat(),
            dates_off=f"{off:%d/%m/%Y}\n{end.isoformat()}",
        ),
    )
    ride = Ride.objects.get()
    assert response.status_code == 302
    assert (ride.kind, ride.departs_at, ride.valid_from, ride.valid_until) == (
        "regular",
        None,
        start,
        end,
    )
    weekly = {(d.weekday, d.time) for d in WeeklyDeparture.objects.filter(ride=ride)}
    assert weekly == {(0, datetime.time(7, 30)), (3, datetime.time(8, 15))}
    cancelled = set(
        Trip.objects.filter(ride=ride, is_cancelled=True).values_list("date", flat=True)
    )
    leaves = {d for d in (off, end) if d.weekday() in {0, 3}}
    assert cancelled == leaves
    assert FeedEntry.objects.get().kind == "ride_offer"


def test_a_weekday_ticked_without_its_time_is_refused_next_to_it(quartier, alice):
    start = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(alice).post(
        "/rides/in/croix-rousse/new/",
        ride_form(
            kind="regular",
            weekdays="2",
            valid_from=start.isoformat(),
            valid_until=(start + datetime.timedelta(days=10)).isoformat(),
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the time you leave on Wednesday." in errors_of(page, "weekday_2")
    assert not Ride.objects.exists()


def test_a_regular_ride_without_any_weekday_is_refused_above_the_weekdays(quartier, alice):
    start = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(alice).post(
        "/rides/in/croix-rousse/new/",
        ride_form(
            kind="regular",
            valid_from=start.isoformat(),
            valid_until=(start + datetime.timedelta(days=10)).isoformat(),
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose at least one weekday and its time." in errors_of(page, "weekdays")
    assert not Ride.objects.exists()


def test_each_bad_day_off_is_named(quartier, alice):
    start = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(alice).post(
        "/rides/in/croix-rousse/new/",
        ride_form(
            kind="regular",
            weekday_1="08:00",
            valid_from=start.isoformat(),
            valid_until=(start + datetime.timedelta(days=30)).isoformat(),
            dates_off="31/02/2031, demain, 12/12/2031",
        ),
    )
    assert response.status_code == 400
    errors = errors_of(response.content.decode(), "dates_off")
    assert "“31/02/2031” is not a date" in errors
    assert "“demain” is not a date" in errors
    assert "12/12/2031" not in errors
    assert not Ride.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            chosen_place("destination", CROIX_ROUSSE, "Place de la Croix-Rousse"),
            "destination_label",
            "The destination must be somewhere else than the departure.",
        ),
        (
            {"departs_at_0": (timezone.localdate() - datetime.timedelta(days=1)).isoformat()},
            "departs_at",
            "The departure cannot be in the past.",
        ),
        ({"departs_at_0": "", "departs_at_1": ""}, "departs_at", "Give the date and time"),
        ({"seats": 0}, "seats", "greater than or equal to 1"),
        ({"seats": 50}, "seats", "less than or equal to 8"),
        ({"origin_label": ""}, "origin_label", "Type an address or the name of a place."),
        ({"contribution": "250"}, "contribution", "between 0 and 100 euros"),
        ({"notes": "x" * 1001}, "notes", "at most 1000 characters"),
    ],
)
def test_a_refused_ride_shows_the_error_next_to_its_field_and_stores_nothing(
    quartier, alice, overrides, field, message
):
    response = client_for(alice).post("/rides/in/croix-rousse/new/", ride_form(**overrides))
    assert response.status_code == 400
    page = response.content.decode()
    # No meeting point in this quartier: what the service says of a place stands by its words.
    assert message in errors_of(page, field)
    assert f'<a href="#id_{field}">' in page
    assert not Ride.objects.exists()
    assert not Trip.objects.exists()
    assert not FeedEntry.objects.exists()


def test_the_refusals_of_a_place_stand_next_to_the_meeting_point_select(quartier, alice, carol):
    services.meeting_point_create(
        quartier=quartier, actor=carol, name="Gros Caillou", latitude=45.7770, longitude=4.8310
    )
    client = client_for(alice)
    page = client.get("/rides/in/croix-rousse/new/").content.decode()
    assert "Gros Caillou" in page
    response = client.post(
        "/rides/in/croix-rousse/new/",
        ride_form(**chosen_place("destination", CROIX_ROUSSE, "Place de la Croix-Rousse")),
    )
    assert "somewhere else than the departure" in errors_of(
        response.content.decode(), "destination"
    )
    missing = client.post("/rides/in/croix-rousse/new/", ride_form(origin_label=""))
    assert "Choose a meeting point, or type an address" in errors_of(
        missing.content.decode(), "origin_label"
    )
    assert not Ride.objects.exists()


def test_a_ride_from_a_meeting_point_takes_its_place_and_passes_by_others(quartier, alice, carol):
    school = services.meeting_point_create(
        quartier=quartier, actor=carol, name="École", latitude=45.7700, longitude=4.8400
    )
    market = services.meeting_point_create(
        quartier=quartier,
        actor=carol,
        name="Marché",
        latitude=CROIX_ROUSSE[0],
        longitude=CROIX_ROUSSE[1],
    )
    response = client_for(alice).post(
        "/rides/in/croix-rousse/new/",
        ride_form(
            origin=market.pk,
            origin_label="",
            via=school.pk,
        ),
    )
    assert response.status_code == 302
    ride = Ride.objects.get()
    assert (ride.origin_point, ride.origin_label) == (market, "Marché")
    assert list(ride.via.all()) == [school]
    assert len(ride.route) == 3


def test_the_return_ride_starts_where_the_ride_ends(quartier, alice, carol):
    station = services.meeting_point_create(
        quartier=quartier, actor=carol, name="Gare", latitude=PART_DIEU[0], longitude=PART_DIEU[1]
    )
    outbound = offer(quartier, alice, destination=services.Place(point=station), seats=2)
    client = client_for(alice)
    url = f"/rides/in/croix-rousse/new/?return_of={outbound.pk}"
    page = client.get(url).content.decode()
    assert "Offer the return ride" in page
    assert f'<option value="{station.pk}" selected>Gare</option>' in page
    assert 'name="destination_label" value="Place de la Croix-Rousse"' in page
    # The place is known: it is sent back as chosen, not looked up again.
    assert 'name="destination_query" value="Place de la Croix-Rousse"' in page
    assert f'value="{day_of(outbound).isoformat()}"' in page

    response = client.post(
        url,
        ride_form(
            origin=station.pk,
            origin_label="",
            **chosen_place("destination", CROIX_ROUSSE, "Place de la Croix-Rousse"),
            departs_at_1="18:00",
        ),
    )
    back = Ride.objects.exclude(pk=outbound.pk).get()
    assert response["Location"] == f"/rides/{back.pk}/"
    assert (back.return_of, back.origin_point, back.origin_label) == (outbound, station, "Gare")
    page = client.get(f"/rides/{outbound.pk}/").content.decode()
    assert f'href="/rides/{back.pk}/"' in page
    assert "?return_of=" not in page  # one return a ride
    again = client.post(url, ride_form())
    assert again.status_code == 400
    assert "which has no return yet" in again.content.decode()


def test_a_member_asks_for_a_ride_once_through_the_form(quartier, bob):
    client = client_for(bob)
    response = client.post(
        "/rides/in/croix-rousse/requests/new/", request_form(notes="Avec une poussette")
    )
    wish = RideRequest.objects.get()
    assert response["Location"] == f"/rides/requests/{wish.pk}/"
    assert (wish.passenger, wish.kind, wish.seats) == (bob, "one_off", 1)
    assert (wish.earliest_at, wish.latest_at) == (in_days(2, 7, 45), in_days(2, 8, 30))
    entry = FeedEntry.objects.get()
    assert (entry.kind, entry.item_url) == ("ride_request", f"/rides/requests/{wish.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert "Your request is published." in page
    assert "Avec une poussette" in page


def test_a_member_asks_for_a_ride_every_week_through_the_form(quartier, bob):
    start = timezone.localdate()
    response = client_for(bob).post(
        "/rides/in/croix-rousse/requests/new/",
        request_form(
            kind="regular",
            day="",
            weekdays=["0", "4"],
            earliest_time="07:30",
            latest_time="08:00",
            valid_from=start.isoformat(),
            valid_until=(start + datetime.timedelta(days=60)).isoformat(),
        ),
    )
    assert response.status_code == 302
    wish = RideRequest.objects.get()
    assert (wish.kind, wish.weekday_list) == ("regular", [0, 4])
    assert (wish.earliest_time, wish.latest_time) == (datetime.time(7, 30), datetime.time(8))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"day": ""}, "day", "Give the date."),
        ({"latest_time": "07:00"}, "latest_time", "must come after the earliest"),
        ({"seats": 0}, "seats", "greater than or equal to 1"),
        ({"kind": "regular"}, "weekdays", "Choose at least one weekday."),
    ],
)
def test_a_refused_request_shows_the_error_next_to_its_field(
    quartier, bob, overrides, field, message
):
    response = client_for(bob).post(
        "/rides/in/croix-rousse/requests/new/", request_form(**overrides)
    )
    assert response.status_code == 400
    assert message in errors_of(response.content.decode(), field)
    assert not RideRequest.objects.exists()
    assert not FeedEntry.objects.exists()


def test_the_driver_changes_seats_and_contribution(quartier, alice):
    ride = offer(quartier, alice)
    client = client_for(alice)
    page = client.get(f"/rides/{ride.pk}/edit/").content.decode()
    assert 'name="seats" value="3"' in page
    response = client.post(
        f"/rides/{ride.pk}/edit/",
        {
            "seats": "4",
            "contribution": "1.5",
            "detour_value": "3",
            "detour_unit": "km",
            "notes": "Coffre plein",
        },
    )
    assert response["Location"] == f"/rides/{ride.pk}/"
    ride.refresh_from_db()
    assert (ride.seats, ride.contribution_cents, ride.detour_unit, ride.notes) == (
        4,
        150,
        "km",
        "Coffre plein",
    )
    assert Trip.objects.get(ride=ride).seats == 4
    refused = client.post(
        f"/rides/{ride.pk}/edit/", {"seats": "9", "detour_value": "3", "detour_unit": "km"}
    )
    assert refused.status_code == 400
    assert "less than or equal to 8" in errors_of(refused.content.decode(), "seats")


# --- the ride's page ---------------------------------------------------------------------------


def test_the_ride_page_says_everything_about_the_ride(quartier, alice, bob, carol):
    stop = services.meeting_point_create(
        quartier=quartier,
        actor=carol,
        name="Hôtel de Ville",
        latitude=HOTEL_DE_VILLE[0],
        longitude=HOTEL_DE_VILLE[1],
    )
    ride = commute(quartier, alice, via=[stop], bikes=True, detour_value=7)
    off = next(day for day in (in_days(n).date() for n in range(1, 8)) if day.weekday() < 5)
    services.trip_cancel(ride=ride, actor=alice, date=off, reason="Grève")
    page = client_for(bob).get(f"/rides/{ride.pk}/").content.decode()
    assert "Place de la Croix-Rousse → Gare Part-Dieu" in page
    assert "Hôtel de Ville" in page
    assert "Monday 08:00" in page
    assert "Friday 08:00" in page
    assert "Saturday" not in page.split("Every week", 1)[1].split("</dd>", 1)[0]
    assert "Dates cancelled" in page
    assert "Bikes welcome" in page
    assert "7 minutes" in page
    assert "Driven by Alice" in page
    suggestion = routes_suggestion(ride)
    assert f"Suggested: {suggestion} €" in page
    assert "One date" in page and "Every date of a period" in page
    assert "The ride’s conversation" not in page  # not a confirmed passenger


def routes_suggestion(ride: Ride) -> str:
    from exchanges.rides.routes import suggested_contribution_cents

    return f"{suggested_contribution_cents(ride.route_km) / 100:.2f}"


def test_user_content_is_escaped_everywhere(quartier, alice, bob):
    ride = offer(
        quartier,
        alice,
        notes="<script>alert(1)</script>",
        origin=services.Place(
            label="<b>Chez moi</b>", latitude=CROIX_ROUSSE[0], longitude=CROIX_ROUSSE[1]
        ),
    )
    wish = ask(quartier, bob, notes="<img src=x onerror=alert(2)>")
    client = client_for(bob)
    for url in (
        f"/rides/{ride.pk}/",
        "/rides/in/croix-rousse/",
        f"/rides/requests/{wish.pk}/",
        "/quartiers/croix-rousse/feed/",
    ):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page
        assert "<b>Chez moi</b>" not in page
        assert "<img src=x" not in page
        assert "&lt;b&gt;Chez moi&lt;/b&gt;" in page
    detail = client.get(f"/rides/{ride.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail


# --- bookings -----------------------------------------------------------------------------------


def test_a_seat_is_booked_through_the_page_then_accepted(quartier, alice, bob):
    ride = offer(quartier, alice)
    bob_client, alice_client = client_for(bob), client_for(alice)
    page = bob_client.get(f"/rides/{ride.pk}/").content.decode()
    assert f'action="/rides/{ride.pk}/book/' in page

    response = bob_client.post(
        f"/rides/{ride.pk}/book/",
        {"date": day_of(ride).isoformat(), "seats": "2", "message": "Avec un sac"},
    )
    assert response["Location"] == f"/rides/{ride.pk}/"
    booking = Booking.objects.get()
    assert (booking.passenger, booking.seats, booking.status) == (bob, 2, "requested")
    assert Trip.objects.get().seats_taken == 0
    page = bob_client.get(response["Location"]).content.decode()
    assert "is sent to Alice" in page
    assert "Requested" in page

    page = alice_client.get(f"/rides/{ride.pk}/").content.decode()
    assert "Bob" in page and "Avec un sac" in page
    assert f'action="/rides/bookings/{booking.pk}/accept/"' in page
    assert f'href="/rides/bookings/{booking.pk}/decline/"' in page
    # A request still open is declined, not cancelled, by the driver.
    assert f'action="/rides/bookings/{booking.pk}/cancel/"' not in page
    accepted = alice_client.post(f"/rides/bookings/{booking.pk}/accept/", follow=True)
    assert "Bob has a seat on 1 date." in accepted.content.decode()
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    assert Trip.objects.get().seats_taken == 2
    page = bob_client.get(f"/rides/{ride.pk}/").content.decode()
    assert "The ride’s conversation" in page
    assert f'href="/conversations/{ride.conversation_id}/"' in page
    assert f'href="/rides/bookings/{booking.pk}/cancel/"' in page
    page = alice_client.get(f"/rides/{ride.pk}/").content.decode()
    assert f'action="/rides/bookings/{booking.pk}/accept/"' not in page
    assert f'href="/rides/bookings/{booking.pk}/cancel/"' in page


def test_the_driver_declines_with_a_reason(quartier, alice, bob):
    ride = offer(quartier, alice)
    [booking] = services.booking_request(ride=ride, passenger=bob, dates=[day_of(ride)])
    response = client_for(alice).post(
        f"/rides/bookings/{booking.pk}/decline/",
        {"reason": "Voiture pleine de cartons"},
        follow=True,
    )
    assert "You declined the request of Bob." in response.content.decode()
    booking.refresh_from_db()
    assert (booking.status, booking.reason) == ("declined", "Voiture pleine de cartons")
    assert Trip.objects.get().seats_taken == 0
    again = client_for(alice).post(f"/rides/bookings/{booking.pk}/accept/", follow=True)
    assert "There is nothing left to accept in this request." in again.content.decode()


def test_the_passenger_cancels_one_date_then_the_rest_and_seats_come_back(quartier, alice, bob):
    ride = commute(quartier, alice, auto_accept=True)
    first, last = timezone.localdate(), timezone.localdate() + datetime.timedelta(days=13)
    client = client_for(bob)
    response = client.post(
        f"/rides/{ride.pk}/book/",
        {"mode": "period", "first": first.isoformat(), "last": last.isoformat(), "seats": "1"},
        follow=True,
    )
    bookings = list(Booking.objects.order_by("trip__date"))
    assert bookings
    assert {b.status for b in bookings} == {"confirmed"}
    assert "Your seat is confirmed for" in response.content.decode()
    expected = [
        day
        for day in (first + datetime.timedelta(days=n) for n in range(14))
        if day.weekday() < 5 and in_days((day - first).days, 8) > timezone.now()
    ]
    assert [b.trip.date for b in bookings] == expected
    assert all(t.seats_taken == 1 for t in Trip.objects.filter(ride=ride, bookings__isnull=False))

    one = bookings[0]
    client.post(f"/rides/bookings/{one.pk}/cancel/", {"reason": "Malade"})
    one.refresh_from_db()
    assert (one.status, one.reason) == ("cancelled", "Malade")
    assert Trip.objects.get(pk=one.trip_id).seats_taken == 0

    rest = client.post(
        f"/rides/bookings/{bookings[1].pk}/cancel/",
        {"whole_series": "1", "reason": ""},
        follow=True,
    )
    assert f"{len(bookings) - 1} dates are cancelled. Alice is told." in rest.content.decode()
    assert set(Booking.objects.values_list("status", flat=True)) == {"cancelled"}
    assert not Trip.objects.filter(ride=ride, seats_taken__gt=0).exists()


def test_the_driver_cancels_a_passengers_date(quartier, alice, bob):
    ride = offer(quartier, alice, auto_accept=True)
    [booking] = services.booking_request(ride=ride, passenger=bob, dates=[day_of(ride)], seats=2)
    assert Trip.objects.get().seats_taken == 2
    client_for(alice).post(f"/rides/bookings/{booking.pk}/cancel/", {"reason": "Panne"})
    booking.refresh_from_db()
    assert (booking.status, booking.changed_by) == ("cancelled", alice)
    assert Trip.objects.get().seats_taken == 0


def in_english(day: datetime.date, date_format_name: str) -> str:
    with translation.override("en"):
        return date_format(day, date_format_name)


def weekdays_to_come() -> list[datetime.date]:
    """The dates still to come of a `commute` (every weekday at 8:00 for two weeks)."""
    today = timezone.localdate()
    days = (today + datetime.timedelta(days=n) for n in range(14))
    return [d for d in days if d.weekday() < 5 and in_days((d - today).days) > timezone.now()]


def test_a_seat_asked_on_a_full_date_leads_back_to_the_ride_saying_so(quartier, alice, bob, carol):
    ride = offer(quartier, alice, seats=1, auto_accept=True)
    services.booking_request(ride=ride, passenger=carol, dates=[day_of(ride)])
    client = client_for(bob)
    page = client.get(f"/rides/{ride.pk}/").content.decode()
    assert "This ride is full: no seat is left." in page
    assert f'action="/rides/{ride.pk}/book/' not in page  # no free seat on any date

    # As from a page shown while the seat was still free.
    response = client.post(
        f"/rides/{ride.pk}/book/", {"date": day_of(ride).isoformat(), "seats": "1"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/rides/{ride.pk}/"
    page = client.get(response["Location"]).content.decode()
    day = in_english(day_of(ride), "SHORT_DATE_FORMAT")
    assert f"This ride is full on {day}: no seat is left." in page
    assert "Please correct what is marked below." not in page
    assert f'action="/rides/{ride.pk}/book/' not in page
    assert 'name="date"' not in page
    assert not Booking.objects.filter(passenger=bob).exists()
    assert Trip.objects.get().seats_taken == 1


def test_a_weekly_ride_full_on_every_date_says_so_in_words(quartier, alice, bob, carol):
    ride = commute(quartier, alice, seats=1, auto_accept=True)
    services.booking_request(ride=ride, passenger=carol, dates=weekdays_to_come())
    page = client_for(bob).get(f"/rides/{ride.pk}/").content.decode()
    assert "This ride is full on every date to come: no seat is left." in page
    assert 'href="/rides/in/croix-rousse/search/"' in page  # somewhere else to look
    assert f'action="/rides/{ride.pk}/book/' not in page
    # Carol, who has the seats, is not told the ride is full.
    assert "no seat is left" not in client_for(carol).get(f"/rides/{ride.pk}/").content.decode()


def test_a_date_filled_meanwhile_is_named_and_the_other_dates_are_still_offered(
    quartier, alice, bob, carol
):
    ride = commute(quartier, alice, seats=1, auto_accept=True)
    first, second = weekdays_to_come()[:2]
    services.booking_request(ride=ride, passenger=carol, dates=[first])
    client = client_for(bob)

    response = client.post(
        f"/rides/{ride.pk}/book/", {"mode": "date", "date": first.isoformat(), "seats": "1"}
    )

    assert response["Location"] == f"/rides/{ride.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert f"This ride is full on {in_english(first, 'SHORT_DATE_FORMAT')}: no seat is left." in (
        page
    )
    assert f'<option value="{first.isoformat()}"' not in page
    assert f'<option value="{second.isoformat()}"' in page
    assert "This ride is full on every date" not in page
    assert not Booking.objects.filter(passenger=bob).exists()


def test_too_many_seats_on_a_date_that_has_some_left_is_for_the_form_to_correct(
    quartier, alice, bob, carol
):
    ride = offer(quartier, alice, seats=3, auto_accept=True)
    services.booking_request(ride=ride, passenger=carol, dates=[day_of(ride)], seats=2)
    response = client_for(bob).post(
        f"/rides/{ride.pk}/book/", {"date": day_of(ride).isoformat(), "seats": "2"}
    )
    # One seat is left: asking for one would do, so the form says what is wrong.
    assert response.status_code == 400
    assert "Not enough seats left on" in errors_of(
        response.content.decode(), "date", form=f"book-{ride.pk}-"
    )


def test_a_seat_asked_on_a_ride_cancelled_meanwhile_leads_back_to_it(quartier, alice, bob):
    ride = offer(quartier, alice)
    services.ride_cancel(ride=ride, actor=alice)
    client = client_for(bob)
    response = client.post(
        f"/rides/{ride.pk}/book/", {"date": day_of(ride).isoformat(), "seats": "1"}
    )
    assert response["Location"] == f"/rides/{ride.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'class="alert alert--error">This ride is cancelled: it takes no more passengers.' in page
    assert not Booking.objects.exists()


def test_the_booking_form_leaves_out_the_dates_i_already_asked_for(quartier, alice, bob):
    ride = commute(quartier, alice)
    first, second, third = weekdays_to_come()[:3]
    services.booking_request(ride=ride, passenger=bob, dates=[first, second])
    client = client_for(bob)
    page = client.get(f"/rides/{ride.pk}/").content.decode()
    assert f'<option value="{first.isoformat()}"' not in page
    assert f'<option value="{second.isoformat()}"' not in page
    assert f'<option value="{third.isoformat()}"' in page
    # What I asked for comes first, then the form to ask for more.
    assert page.index('id="bookings">Your seats') < page.index('id="book">Travel with this ride')

    # A period that covers them asks for the others only.
    response = client.post(
        f"/rides/{ride.pk}/book/",
        {"mode": "period", "first": first.isoformat(), "last": third.isoformat(), "seats": "1"},
    )
    assert response.status_code == 302
    asked = Booking.objects.filter(passenger=bob).order_by("trip__date")
    assert [b.trip.date for b in asked] == [first, second, third]
    assert asked[0].series == asked[1].series != asked[2].series


def test_a_ride_i_asked_for_on_its_only_date_offers_no_form_again(quartier, alice, bob):
    ride = offer(quartier, alice)
    client = client_for(bob)
    client.post(f"/rides/{ride.pk}/book/", {"date": day_of(ride).isoformat(), "seats": "1"})
    page = client.get(f"/rides/{ride.pk}/").content.decode()
    assert "Your seats" in page and "Requested" in page
    assert f'action="/rides/{ride.pk}/book/' not in page
    assert "no seat is left" not in page  # seats are free: just not for a second request

    again = client.post(
        f"/rides/{ride.pk}/book/", {"date": day_of(ride).isoformat(), "seats": "1"}, follow=True
    )
    assert "You already have a seat or a request on every date to come." in (again.content.decode())
    assert Booking.objects.count() == 1


def test_the_only_date_is_written_out_and_sent_hidden(quartier, alice, bob):
    ride = offer(quartier, alice)
    client = client_for(bob)
    page = client.get(f"/rides/{ride.pk}/").content.decode()
    label = f"{in_english(day_of(ride), 'D j M')}, 08:00 — 3 seats free"
    assert f'<p class="field-value">{label}</p>' in page
    assert f'<input type="hidden" name="date" value="{day_of(ride).isoformat()}"' in page
    assert '<select name="date"' not in page
    response = client.post(
        f"/rides/{ride.pk}/book/", {"date": day_of(ride).isoformat(), "seats": "1"}
    )
    assert response.status_code == 302
    assert Booking.objects.get().passenger == bob


def test_the_dates_to_choose_from_fit_a_small_phone(quartier, alice, bob):
    ride = commute(quartier, alice)
    first = weekdays_to_come()[0]
    page = client_for(bob).get(f"/rides/{ride.pk}/").content.decode()
    # Date and time only: longer, a select is cut at 360 px. The seats free of each date are
    # in the list of dates above the form.
    assert f">{in_english(first, 'D j M')}, 08:00</option>" in page
    assert f">{in_english(first, 'l j F')}, 08:00</time>" in page
    assert "3 seats free" in page
    assert "at 08:00" not in page
    french = client_for(bob, language="fr").get(f"/rides/{ride.pk}/").content.decode()
    with translation.override("fr"):
        short = date_format(first, "D j N")
    assert f">{short}, 08:00</option>" in french


def test_a_booking_for_more_seats_than_offered_is_refused_next_to_the_seats(quartier, alice, bob):
    ride = offer(quartier, alice, seats=2)
    response = client_for(bob).post(
        f"/rides/{ride.pk}/book/", {"date": day_of(ride).isoformat(), "seats": "3"}
    )
    assert response.status_code == 400
    assert "Ask for 1 to 2 seats." in errors_of(
        response.content.decode(), "seats", form=f"book-{ride.pk}-"
    )
    assert not Booking.objects.exists()


def test_the_driver_cannot_book_their_own_ride(quartier, alice):
    ride = offer(quartier, alice)
    response = client_for(alice).post(
        f"/rides/{ride.pk}/book/", {"date": day_of(ride).isoformat(), "seats": "1"}
    )
    assert response.status_code == 400
    assert "This is your own ride." in response.content.decode()
    assert not Booking.objects.exists()


def test_the_driver_cancels_one_date_then_the_whole_ride(quartier, alice, bob):
    ride = commute(quartier, alice, auto_accept=True)
    tomorrow = next(
        timezone.localdate() + datetime.timedelta(days=n)
        for n in range(1, 8)
        if (timezone.localdate() + datetime.timedelta(days=n)).weekday() < 5
    )
    services.booking_request(ride=ride, passenger=bob, dates=[tomorrow])
    client = client_for(alice)
    response = client.post(
        f"/rides/{ride.pk}/dates/cancel/",
        {"date": tomorrow.isoformat(), "reason": "Congé"},
        follow=True,
    )
    assert "is cancelled. Its passengers are told." in response.content.decode()
    trip = Trip.objects.get(ride=ride, date=tomorrow)
    assert (trip.is_cancelled, trip.cancel_reason, trip.seats_taken) == (True, "Congé", 0)
    assert Booking.objects.get().status == "cancelled"
    again = client.post(
        f"/rides/{ride.pk}/dates/cancel/", {"date": tomorrow.isoformat()}, follow=True
    )
    assert "This date is already cancelled." in again.content.decode()

    whole = client.post(f"/rides/{ride.pk}/cancel/", {"reason": "Déménagement"}, follow=True)
    assert "Your ride is cancelled." in whole.content.decode()
    ride.refresh_from_db()
    assert ride.status == "cancelled"
    assert not FeedEntry.objects.get(object_id=ride.pk, kind="ride_offer").is_visible


def test_an_action_comes_back_to_next_but_never_to_another_site(quartier, alice, bob):
    ride = offer(quartier, alice)
    [booking] = services.booking_request(ride=ride, passenger=bob, dates=[day_of(ride)])
    client = client_for(alice)
    away = client.post(f"/rides/bookings/{booking.pk}/accept/", {"next": "https://evil.example/"})
    assert away["Location"] == f"/rides/{ride.pk}/"
    services.booking_cancel(booking=booking, actor=bob)
    back = client.post(f"/rides/bookings/{booking.pk}/accept/", {"next": "/rides/mine/"})
    assert back["Location"] == "/rides/mine/"


def test_actions_answer_only_to_post_and_a_cancel_asks_first(quartier, alice, bob):
    ride = offer(quartier, alice)
    [booking] = services.booking_request(ride=ride, passenger=bob, dates=[day_of(ride)])
    client = client_for(alice)
    assert client.get(f"/rides/bookings/{booking.pk}/accept/").status_code == 405
    asks = client.get(f"/rides/{ride.pk}/cancel/")
    assert asks.status_code == 200 and "Yes, cancel the ride" in asks.content.decode()
    assert Booking.objects.get().status == "requested"
    ride.refresh_from_db()
    assert ride.is_active


# --- search and matching ------------------------------------------------------------------------


def test_search_finds_a_ride_and_books_it(world, bob):
    once = world["once"]
    Booking.objects.all().delete()
    services.ride_cancel(ride=world["weekly"], actor=world["once"].driver)
    client = client_for(bob)
    page = client.get(urls(world)["search_results"]).content.decode()
    assert "1 ride found" in page
    assert f'href="/rides/{once.pk}/"' in page
    assert "Picked up where you are." in page
    assert "out of their way" in page
    assert "3 seats free" in page
    # Its one date, written out: nothing to choose.
    assert f'<input type="hidden" name="date" value="{day_of(once).isoformat()}"' in page

    response = client.post(
        f"/rides/{once.pk}/book/", {"date": day_of(once).isoformat(), "seats": "1"}
    )
    assert response.status_code == 302
    assert Booking.objects.get().passenger == bob


def test_a_search_without_places_says_what_is_missing(world, bob):
    response = client_for(bob).get(
        "/rides/in/croix-rousse/search/?date=2030-01-01&earliest=08:00&seats=1"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose a meeting point, or type an address or the name of a place." in errors_of(
        page, "origin_label"
    )
    assert "ride found" not in page


def test_a_search_with_only_the_earliest_time_looks_one_hour_ahead(quartier, alice, bob):
    ride = offer(quartier, alice, departs_at=in_days(2, 9, 0))
    base = f"/rides/in/croix-rousse/search/?{SEARCH_PLACES}&date={day_of(ride).isoformat()}&seats=1"
    client = client_for(bob)
    assert "1 ride found" in client.get(base + "&earliest=08:00").content.decode()
    assert "0 rides found" in client.get(base + "&earliest=06:00").content.decode()


def test_search_results_come_before_the_form_once_searched(world, bob):
    client = client_for(bob)
    blank = client.get(urls(world)["search"]).content.decode()
    assert "ride found" not in blank and "Change the search" not in blank
    page = client.get(urls(world)["search_results"]).content.decode()
    # On a phone the results show on the first screen; the form follows, to search again.
    assert (
        page.index('<h2 id="results">')
        < page.index('<h2 id="search-again">Change the search</h2>')
        < page.index('<form method="get"')
    )


def test_the_empty_choice_of_meeting_point_is_another_place_in_short(world, bob):
    page = client_for(bob).get(urls(world)["search"]).content.decode()
    assert '<option value="" selected>Another place</option>' in page
    assert "say where below" not in page


def test_the_author_of_a_request_sees_the_rides_that_fit_and_closes_it(world, alice, bob):
    wish = world["wish"]
    page = client_for(bob).get(f"/rides/requests/{wish.pk}/").content.decode()
    assert "Rides that could take you" in page
    assert f'href="/rides/{world["once"].pk}/"' in page
    assert f'action="/rides/{world["once"].pk}/book/' in page
    other = client_for(alice).get(f"/rides/requests/{wish.pk}/").content.decode()
    assert "Rides that could take you" not in other

    response = client_for(bob).post(f"/rides/requests/{wish.pk}/close/", follow=True)
    assert "Your request is closed" in response.content.decode()
    wish.refresh_from_db()
    assert wish.status == "closed"
    assert not FeedEntry.objects.get(kind="ride_request").is_visible


def test_the_driver_sees_the_requests_the_ride_could_serve(world, alice):
    page = client_for(alice).get(f"/rides/{world['once'].pk}/").content.decode()
    assert "Passengers asking for a ride like yours" in page
    assert f'href="/rides/requests/{world["wish"].pk}/"' in page
    assert "Asked by Bob" in page
    assert "Your detour:" in page


# --- meeting points -----------------------------------------------------------------------------


def test_the_coordinator_adds_and_deletes_meeting_points(quartier, carol):
    client = client_for(carol)
    url = "/rides/in/croix-rousse/meeting-points/"
    response = client.post(
        url,
        {"name": "Marché"}
        | chosen_place("place", (45.775, 4.83), "Boulevard de la Croix-Rousse 69004 Lyon"),
    )
    assert response["Location"] == url
    point = MeetingPoint.objects.get()
    assert (point.quartier, point.name, point.latitude) == (quartier, "Marché", 45.775)
    assert point.address == "Boulevard de la Croix-Rousse 69004 Lyon"
    twice = client.post(url, {"name": "marché"} | chosen_place("place", (45.7, 4.8), "Lyon"))
    assert twice.status_code == 400
    assert "already has a place by that name" in errors_of(twice.content.decode(), "name")
    nowhere = client.post(url, {"name": "Pôle", "place_label": ""})
    assert nowhere.status_code == 400
    assert "Type an address or the name of a place." in errors_of(
        nowhere.content.decode(), "place_label"
    )

    deleted = client.post(f"{url}{point.pk}/delete/", follow=True)
    assert "is no longer a meeting point" in deleted.content.decode()
    assert not MeetingPoint.objects.exists()


def test_deleting_a_meeting_point_asks_for_confirmation_first(world, carol):
    point = world["point"]
    client = client_for(carol)
    page = client.get("/rides/in/croix-rousse/meeting-points/").content.decode()
    address = f"/rides/in/croix-rousse/meeting-points/{point.pk}/delete/"
    assert f'href="{address}"' in page
    assert "Delete…" in page
    assert "button--small" not in page[page.index("<h1>") :]
    asks = client.get(address).content.decode()
    assert "Yes, delete this meeting point" in asks and f'action="{address}"' in asks
    assert MeetingPoint.objects.filter(pk=point.pk).exists()


def test_a_ride_does_not_pass_by_where_it_starts_or_ends(quartier, alice, carol):
    school = services.meeting_point_create(
        quartier=quartier, actor=carol, name="École", latitude=45.7700, longitude=4.8400
    )
    market = services.meeting_point_create(
        quartier=quartier,
        actor=carol,
        name="Marché",
        latitude=CROIX_ROUSSE[0],
        longitude=CROIX_ROUSSE[1],
    )
    form: dict[str, Any] = ride_form(origin=market.pk, origin_label="")
    # Ticked under "Passing by" too: the place it starts from, and the school.
    form["via"] = [str(market.pk), str(school.pk)]
    response = client_for(alice).post("/rides/in/croix-rousse/new/", form)
    assert response.status_code == 302
    ride = Ride.objects.get()
    assert ride.origin_point == market
    assert list(ride.via.all()) == [school]


# --- my rides and the calendar -----------------------------------------------------------------


def test_my_rides_lists_what_i_drive_what_i_ride_and_what_i_asked(world, alice, bob):
    services.booking_accept(booking=world["booking"], actor=alice)
    page = client_for(bob).get("/rides/mine/").content.decode()
    assert "With Alice" in page
    assert "Confirmed" in page
    assert f'href="/rides/requests/{world["wish"].pk}/"' in page
    assert 'href="/rides/calendar/"' in page
    page = client_for(alice).get("/rides/mine/").content.decode()
    assert "I drive" in page
    assert "1 seat taken" in page
    assert f'href="/rides/{world["weekly"].pk}/"' in page


def test_the_calendar_holds_my_confirmed_ride_without_signing_in(world, alice, bob):
    services.booking_accept(booking=world["booking"], actor=alice)
    page = client_for(bob).get("/rides/calendar/").content.decode()
    feed = CalendarFeed.objects.get(user=bob)
    address = f"http://testserver/rides/calendar/{feed.token}.ics"
    assert address in page

    response = Client().get(f"/rides/calendar/{feed.token}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 1
    assert str(events[0]["summary"]) == "Ride: Place de la Croix-Rousse → Gare Part-Dieu"
    assert str(events[0]["status"]) == "CONFIRMED"
    assert events[0].decoded("dtstart") == world["once"].departs_at


def test_a_new_calendar_address_revokes_the_old_one(world, bob):
    client = client_for(bob)
    client.get("/rides/calendar/")
    old = CalendarFeed.objects.get(user=bob).token
    response = client.post("/rides/calendar/", follow=True)
    assert "The old one no longer works." in response.content.decode()
    new = CalendarFeed.objects.get(user=bob).token
    assert new != old
    assert Client().get(f"/rides/calendar/{old}.ics").status_code == 404
    assert Client().get(f"/rides/calendar/{new}.ics").status_code == 200
    assert Client().get("/rides/calendar/not-a-token.ics").status_code == 404


def test_the_calendar_of_a_member_abroad_keeps_the_time_of_the_ride(world, alice, bob):
    bob.language = "fr"
    bob.timezone = "America/Montreal"
    bob.save(update_fields=["language", "timezone"])
    services.booking_accept(booking=world["booking"], actor=alice)
    feed = services.calendar_feed_for(user=bob)
    body = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/rides/calendar/{feed.token}.ics").content
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert event.decoded("dtstart") == world["once"].departs_at
    assert "Alice" in str(event["description"])


def test_my_rides_names_my_ride_requests_for_what_they_are(world, alice, bob):
    services.booking_accept(booking=world["booking"], actor=alice)
    page = client_for(bob).get("/rides/mine/").content.decode()
    assert '<h2 id="my-requests">My ride requests</h2>' in page
    assert "The rides I asked for" not in page
    # Alice has a confirmed seat nowhere and published no request: said as it is.
    page = client_for(alice).get("/rides/mine/").content.decode()
    assert "You have not published a ride request." in page
    assert "You have not asked for a ride yet." not in page


def test_my_rides_offers_each_quartiers_actions_as_buttons(world, bob):
    page = client_for(bob).get("/rides/mine/").content.decode()
    for url, words in (
        ("/rides/in/croix-rousse/new/", "Offer a ride"),
        ("/rides/in/croix-rousse/requests/new/", "Ask for a ride"),
        ("/rides/in/croix-rousse/search/", "Find a ride"),
    ):
        link = re.search(rf'<a class="button[^"]*" href="{re.escape(url)}">([^<]+)<', page)
        assert link is not None, url
        assert link.group(1) == words
    assert " · <a" not in page.split('<h2 id="upcoming">')[0]


# --- notifications of rides ----------------------------------------------------------------------


def notices_of(user: User) -> str:
    page = client_for(user).get("/notifications/").content.decode()
    return page[page.index("<h1>") :]


def test_notifications_of_rides_say_who_did_what_on_which_ride(quartier, alice, bob, carol):
    ride = offer(quartier, alice)
    day = in_english(day_of(ride), "SHORT_DATE_FORMAT")
    title = f"“Place de la Croix-Rousse → Gare Part-Dieu · {day}”"
    [asked] = services.booking_request(ride=ride, passenger=bob, dates=[day_of(ride)])
    assert f"Bob asks for a seat on {title}" in notices_of(alice)
    services.booking_accept(booking=asked, actor=alice)
    assert f"Alice confirmed your seat on {title}" in notices_of(bob)
    services.booking_cancel(booking=asked, actor=bob)
    assert f"Bob cancelled a seat on {title}" in notices_of(alice)

    [declined] = services.booking_request(ride=ride, passenger=carol, dates=[day_of(ride)])
    services.booking_decline(booking=declined, actor=alice)
    assert f"Alice declined your seat request on {title}" in notices_of(carol)

    services.ride_update(ride=ride, actor=alice, auto_accept=True)
    services.booking_request(ride=ride, passenger=carol, dates=[day_of(ride)])
    assert f"Carol took a seat on your ride {title}" in notices_of(alice)

    services.booking_request(ride=ride, passenger=bob, dates=[day_of(ride)])
    services.ride_cancel(ride=ride, actor=alice)
    assert f"Alice cancelled the ride {title}" in notices_of(bob)
    # Every kind has its words: none falls back to the kind's name.
    labels = [kind.label for kind in notification_kinds]
    for user in (alice, bob, carol):
        page = notices_of(user)
        with translation.override("en"):
            assert all(str(label) not in page for label in labels)


def test_an_empty_notification_list_speaks_of_rides_too(dave):
    page = client_for(dave).get("/notifications/").content.decode()
    assert "Nothing new for you." in page
    assert "asks for a seat on your ride" in page


# --- lists: pinned queries -----------------------------------------------------------------------


def _busy_quartier(quartier, alice, bob, count: int) -> None:
    for n in range(count):
        driver = UserFactory.create()
        MembershipFactory.create(quartier=quartier, user=driver)
        if n % 2:
            commute(quartier, driver, notes=f"Trajet {n}")
        else:
            ride = offer(quartier, driver, departs_at=in_days(2, 7, n), notes=f"Trajet {n}")
            services.booking_request(ride=ride, passenger=alice, dates=[day_of(ride)])
        ask(quartier, driver, notes=f"Demande {n}")
    offer(quartier, alice)
    commute(quartier, alice)
    ask(quartier, alice)


@pytest.mark.parametrize("count", [2, 12])
def test_the_ride_list_needs_the_same_queries_whatever_the_rides(
    quartier, alice, bob, count, django_assert_max_num_queries
):
    _busy_quartier(quartier, alice, bob, count)
    client = client_for(bob)
    with django_assert_max_num_queries(8):
        response = client.get("/rides/in/croix-rousse/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="card"') == 2 * count + 3


@pytest.mark.parametrize("count", [2, 12])
def test_my_rides_needs_the_same_queries_whatever_the_rides(
    quartier, alice, bob, count, django_assert_max_num_queries
):
    _busy_quartier(quartier, alice, bob, count)
    client = client_for(alice)
    with django_assert_max_num_queries(13):
        response = client.get("/rides/mine/")
    assert response.status_code == 200
    assert response.content.decode().count("With Resident") == (count + 1) // 2


@pytest.mark.parametrize("count", [1, 8])
def test_the_drivers_page_needs_the_same_queries_whatever_its_passengers(
    quartier, alice, count, django_assert_max_num_queries
):
    ride = commute(quartier, alice)
    days = [d for d in (in_days(n).date() for n in range(1, 14)) if d.weekday() < 5]
    for _n in range(count):
        passenger = UserFactory.create()
        MembershipFactory.create(quartier=quartier, user=passenger)
        services.booking_request(ride=ride, passenger=passenger, dates=days[:3])
        ask(quartier, passenger, earliest_at=in_days(3, 7, 45), latest_at=in_days(3, 8, 30))
    client = client_for(alice)
    # 13, and two for "posted by a relais for …": the ride's, and every request's in one query
    # (their content types are cached after the first page).
    with django_assert_max_num_queries(15):
        response = client.get(f"/rides/{ride.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count("/accept/") == count


# --- around the site ---------------------------------------------------------------------------


def test_the_quartier_page_and_the_menu_lead_to_rides(quartier, alice, carol, dave):
    page = client_for(alice).get("/quartiers/croix-rousse/").content.decode()
    for url in (
        "/rides/in/croix-rousse/",
        "/rides/in/croix-rousse/new/",
        "/rides/in/croix-rousse/requests/new/",
        "/rides/in/croix-rousse/search/",
        "/rides/mine/",
    ):
        assert f'href="{url}"' in page
    assert "/meeting-points/" not in page
    coordinator = client_for(carol).get("/quartiers/croix-rousse/").content.decode()
    assert 'href="/rides/in/croix-rousse/meeting-points/"' in coordinator
    assert 'href="/rides/in/croix-rousse/meeting-points/"' in (
        client_for(carol).get("/rides/in/croix-rousse/").content.decode()
    )
    outsider = client_for(dave).get("/quartiers/croix-rousse/").content.decode()
    assert "/rides/in/" not in outsider


def test_the_feed_shows_rides_offered_and_wanted_with_their_links(world, bob):
    page = client_for(bob).get("/quartiers/croix-rousse/feed/").content.decode()
    assert "Ride offered" in page
    assert "Ride wanted" in page
    assert (
        f'<a href="/rides/{world["once"].pk}/">Place de la Croix-Rousse → Gare Part-Dieu · ' in page
    )
    assert (
        f'<a href="/rides/requests/{world["wish"].pk}/">Hôtel de Ville → Gare Part-Dieu · ' in page
    )
    assert "Départ devant la boulangerie" in page


def test_search_results_do_not_offer_again_a_date_already_asked_for(quartier, alice, bob):
    ride = services.ride_create(
        quartier=quartier,
        driver=alice,
        **ride_fields(
            kind="regular",
            departs_at=None,
            weekly={day: datetime.time(8) for day in range(7)},
            valid_from=timezone.localdate(),
            valid_until=timezone.localdate() + datetime.timedelta(days=10),
        ),
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    services.booking_request(ride=ride, passenger=bob, dates=[tomorrow])
    from exchanges.rides import matching
    from exchanges.rides.views.common import match_views

    after = tomorrow + datetime.timedelta(days=1)
    windows = [
        matching.Window(
            timezone.make_aware(datetime.datetime.combine(day, datetime.time(7, 30))),
            timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 30))),
        )
        for day in (tomorrow, after)
    ]
    wish = matching.Wish(quartier.pk, bob.pk, HOTEL_DE_VILLE, PART_DIEU, 1, windows)
    [view] = match_views(matching.rides_for(wish), viewer=bob, seats=1)
    assert str(view.form["date"].value()) == after.isoformat()  # the one date left
