"""Carpooling through the API: meeting points, rides once or every week, requests, the search,
seats asked for, accepted, declined and cancelled, my rides and their calendar; outsiders get a
404 on everything, members a 403 on what only the driver or a coordinator may do."""

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from exchanges.rides import services
from exchanges.rides.models import Booking, MeetingPoint, Ride, RideRequest, Trip
from neighbourhood.feed.models import FeedEntry
from neighbourhood.places.models import Place
from tests.conftest import api_as
from tests.factories import (
    BELLECOUR,
    CROIX_ROUSSE,
    HOTEL_DE_VILLE,
    PART_DIEU,
    MembershipFactory,
    in_days,
    request_fields,
    ride_fields,
)

pytestmark = pytest.mark.django_db


def publish(quartier, driver, **overrides) -> Ride:
    fields: dict[str, Any] = ride_fields(**overrides)
    return services.ride_create(quartier=quartier, driver=driver, **fields)


def commute(quartier, driver, **overrides) -> Ride:
    """Every day at 8:00, from tomorrow for two weeks."""
    return publish(
        quartier,
        driver,
        **{
            "kind": "regular",
            "departs_at": None,
            "weekly": {day: datetime.time(8) for day in range(7)},
            "valid_from": day_in(1),
            "valid_until": day_in(14),
        }
        | overrides,
    )


def ask(quartier, passenger, **overrides) -> RideRequest:
    fields: dict[str, Any] = request_fields(**overrides)
    return services.ride_request_create(quartier=quartier, passenger=passenger, **fields)


def book(offered: Ride, passenger, days: int = 2, seats: int = 1) -> Booking:
    [booking] = services.booking_request(
        ride=offered, passenger=passenger, dates=[day_in(days)], seats=seats
    )
    return booking


def day_in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def where(point: tuple[float, float], label: str) -> dict[str, Any]:
    return {"label": label, "latitude": point[0], "longitude": point[1]}


def ride_payload(**overrides: Any) -> dict[str, Any]:
    """What a driver sends for a one-off ride from the Croix-Rousse to Part-Dieu in two days."""
    return {
        "kind": "one_off",
        "origin": where(CROIX_ROUSSE, "Place de la Croix-Rousse"),
        "destination": where(PART_DIEU, "Gare Part-Dieu"),
        "departs_at": in_days(2).isoformat(),
        "seats": 3,
        "detour_value": 10,
        "detour_unit": "min",
    } | overrides


def regular_payload(**overrides: Any) -> dict[str, Any]:
    return (
        ride_payload(
            kind="regular",
            departs_at=None,
            weekly=[{"weekday": 0, "time": "07:30"}, {"weekday": 3, "time": "08:15"}],
            valid_from=day_in(1).isoformat(),
            valid_until=day_in(30).isoformat(),
        )
        | overrides
    )


def request_payload(**overrides: Any) -> dict[str, Any]:
    return {
        "kind": "one_off",
        "origin": where(HOTEL_DE_VILLE, "Hôtel de Ville"),
        "destination": where(PART_DIEU, "Gare Part-Dieu"),
        "earliest_at": in_days(2, 7, 45).isoformat(),
        "latest_at": in_days(2, 8, 30).isoformat(),
        "seats": 1,
    } | overrides


def rides_url(quartier) -> str:
    return f"/api/v1/quartiers/{quartier.slug}/rides/"


def points_url(quartier) -> str:
    return f"/api/v1/quartiers/{quartier.slug}/meeting-points/"


def requests_url(quartier) -> str:
    return f"/api/v1/quartiers/{quartier.slug}/ride-requests/"


def search_url(quartier) -> str:
    return f"/api/v1/quartiers/{quartier.slug}/rides/search/"


def meeting_point(quartier, name="Métro Croix-Rousse", point=CROIX_ROUSSE) -> MeetingPoint:
    return MeetingPoint.objects.create(
        quartier=quartier, name=name, latitude=point[0], longitude=point[1]
    )


def moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


# --- publishing -------------------------------------------------------------------------------


def test_a_member_publishes_a_one_off_ride_with_its_trip_and_feed_entry(quartier, alice):
    response = api_as(alice).post(
        rides_url(quartier), ride_payload(notes="  Un vélo pliant passe.  "), format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    offered = Ride.objects.get()
    assert body["id"] == offered.pk
    assert (body["kind"], body["status"], body["quartier"]) == ("one_off", "active", "croix-rousse")
    assert body["driver"] == {"id": alice.pk, "display_name": "Alice"}
    assert body["origin"] == {
        "label": "Place de la Croix-Rousse",
        "latitude": CROIX_ROUSSE[0],
        "longitude": CROIX_ROUSSE[1],
        "point": None,
    }
    assert body["destination"]["label"] == "Gare Part-Dieu"
    assert moment(body["departs_at"]) == in_days(2)
    assert (body["seats"], body["notes"], body["weekly"], body["via"]) == (
        3,
        "Un vélo pliant passe.",
        [],
        [],
    )
    assert body["route_km"] == pytest.approx(2.4, abs=0.3)
    assert body["return_ride"] is None
    assert Trip.objects.get(ride=offered).date == day_in(2)
    assert FeedEntry.objects.get().kind == "ride_offer"


def test_a_member_publishes_a_regular_ride_with_a_day_off(quartier, alice):
    first_monday = next(day_in(n) for n in range(1, 8) if day_in(n).weekday() == 0)

    response = api_as(alice).post(
        rides_url(quartier),
        regular_payload(dates_off=[first_monday.isoformat()]),
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == "regular"
    assert body["weekly"] == [{"weekday": 0, "time": "07:30"}, {"weekday": 3, "time": "08:15"}]
    assert (body["valid_from"], body["valid_until"]) == (
        day_in(1).isoformat(),
        day_in(30).isoformat(),
    )
    departures = api_as(alice).get(f"/api/v1/rides/{body['id']}/departures/").json()
    assert {d["date"] for d in departures} == {
        day_in(n).isoformat() for n in range(1, 29) if day_in(n).weekday() in {0, 3}
    }
    monday = next(d for d in departures if d["date"] == first_monday.isoformat())
    assert (monday["is_cancelled"], monday["seats_free"]) == (True, 0)
    assert moment(monday["departs_at"]).time() == datetime.time(7, 30)
    thursday = next(d for d in departures if moment(d["departs_at"]).weekday() == 3)
    assert thursday | {"date": None, "departs_at": None} == {
        "date": None,
        "departs_at": None,
        "seats": 3,
        "seats_taken": 0,
        "seats_free": 3,
        "is_cancelled": False,
    }


def test_a_ride_starts_at_a_meeting_point_and_passes_by_another(quartier, alice):
    metro = meeting_point(quartier)
    town_hall = meeting_point(quartier, "Hôtel de Ville", HOTEL_DE_VILLE)

    payload = ride_payload(origin_point=metro.pk, via=[town_hall.pk])
    del payload["origin"]

    response = api_as(alice).post(rides_url(quartier), payload, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["origin"] == {
        "label": "Métro Croix-Rousse",
        "latitude": CROIX_ROUSSE[0],
        "longitude": CROIX_ROUSSE[1],
        "point": metro.pk,
    }
    assert [point["name"] for point in body["via"]] == ["Hôtel de Ville"]
    assert Ride.objects.get().route == [list(CROIX_ROUSSE), list(HOTEL_DE_VILLE), list(PART_DIEU)]


def test_a_driver_publishes_the_return_of_their_ride(quartier, alice):
    outward = publish(quartier, alice)
    back = ride_payload(
        origin=where(PART_DIEU, "Gare Part-Dieu"),
        destination=where(CROIX_ROUSSE, "Place de la Croix-Rousse"),
        departs_at=in_days(2, 18).isoformat(),
        return_of=outward.pk,
    )

    response = api_as(alice).post(rides_url(quartier), back, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["return_of"] == outward.pk
    detail = api_as(alice).get(f"/api/v1/rides/{outward.pk}/").json()
    assert detail["return_ride"] == response.json()["id"]


def test_a_member_posts_a_one_off_and_a_regular_request(quartier, bob):
    once = api_as(bob).post(
        requests_url(quartier), request_payload(notes="Avec un sac"), format="json"
    )
    assert once.status_code == 201, once.json()
    body = once.json()
    assert (body["kind"], body["status"], body["is_open"], body["seats"]) == (
        "one_off",
        "active",
        True,
        1,
    )
    assert body["passenger"] == {"id": bob.pk, "display_name": "Bob"}
    assert moment(body["earliest_at"]) == in_days(2, 7, 45)
    assert body["origin"]["label"] == "Hôtel de Ville"

    weekly = api_as(bob).post(
        requests_url(quartier),
        request_payload(
            kind="regular",
            earliest_at=None,
            latest_at=None,
            weekdays=[4, 0, 2],
            earliest_time="07:30",
            latest_time="08:30",
            valid_from=day_in(0).isoformat(),
            valid_until=day_in(60).isoformat(),
            seats=2,
        ),
        format="json",
    )
    assert weekly.status_code == 201, weekly.json()
    body = weekly.json()
    assert (body["weekdays"], body["earliest_time"], body["latest_time"], body["seats"]) == (
        [0, 2, 4],
        "07:30",
        "08:30",
        2,
    )
    assert RideRequest.objects.count() == 2
    assert FeedEntry.objects.filter(kind="ride_request").count() == 2
    listed = api_as(bob).get(requests_url(quartier)).json()
    assert {item["id"] for item in listed} == set(RideRequest.objects.values_list("pk", flat=True))


# --- bad input ----------------------------------------------------------------------------------


RIDE_BAD_INPUT = [
    pytest.param(
        {"destination": where(CROIX_ROUSSE, "Encore la place")},
        "destination",
        "The destination must be somewhere else than the departure.",
        id="origin-equals-destination",
    ),
    pytest.param(
        {"departs_at": "2020-01-01T08:00:00+01:00"},
        "departs_at",
        "The departure cannot be in the past.",
        id="departure-in-the-past",
    ),
    pytest.param({"seats": 0}, "seats", "Offer 1 to 8 seats.", id="seats-0"),
    pytest.param({"seats": 50}, "seats", "Offer 1 to 8 seats.", id="seats-50"),
    pytest.param(
        {"origin": where((200, 4.83), "Nulle part")},
        "origin",
        "A latitude lies between -90 and 90.",
        id="latitude-200",
    ),
    pytest.param(
        {"destination": {"label": "Part-Dieu", "latitude": 45.76, "longitude": -500}},
        "destination",
        "A longitude lies between -180 and 180.",
        id="longitude-500",
    ),
    pytest.param(
        {"origin": {"label": "", "latitude": 45.77, "longitude": 4.83}},
        "origin",
        "Say where, in a few words.",
        id="no-label",
    ),
    pytest.param({"departs_at": "demain matin"}, "departs_at", None, id="malformed-departure"),
    pytest.param({"departs_at": None}, "departs_at", None, id="no-departure"),
    pytest.param({"kind": "daily"}, "kind", None, id="unknown-kind"),
    pytest.param(
        {"origin_point": 999_999},
        "origin",
        "Give a meeting point or a place, not both.",
        id="point-and-place",
    ),
    pytest.param({"contribution_cents": 20_000}, "contribution_cents", None, id="contribution"),
    pytest.param({"detour_unit": "hours"}, "detour_unit", None, id="detour-unit"),
    pytest.param({"notes": "x" * 1001}, "notes", None, id="notes-too-long"),
    pytest.param({"via": [999_999]}, "via", "Choose meeting points of this quartier.", id="via"),
    pytest.param({"via": ["deux"]}, "via", "A valid integer is required.", id="via-malformed"),
    pytest.param({"return_of": 999_999}, "return_of", "Choose one of your own rides.", id="return"),
]


@pytest.mark.parametrize(("change", "field", "message"), RIDE_BAD_INPUT)
def test_it_refuses_a_bad_ride_with_a_message_per_field_and_stores_nothing(
    quartier, alice, change, field, message
):
    response = api_as(alice).post(rides_url(quartier), ride_payload(**change), format="json")

    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"], body
    assert all(isinstance(text, str) and text for text in body["errors"][field])
    if message is not None:
        assert body["errors"][field] == [message]
    assert body["detail"] == body["errors"][next(iter(body["errors"]))][0]
    assert not Ride.objects.exists()
    assert not Trip.objects.exists()
    assert not FeedEntry.objects.exists()


REGULAR_BAD_INPUT = [
    pytest.param({"dates_off": ["2026-02-30"]}, "dates_off", id="malformed-date-off"),
    pytest.param({"dates_off": ["lundi"]}, "dates_off", id="date-off-not-a-date"),
    pytest.param({"valid_from": "01/02/2026"}, "valid_from", id="malformed-first-date"),
    pytest.param({"valid_from": "2020-01-01"}, "valid_from", id="period-in-the-past"),
    pytest.param({"weekly": []}, "weekly", id="no-weekday"),
    pytest.param({"weekly": [{"weekday": 7, "time": "08:00"}]}, "weekly", id="weekday-7"),
    pytest.param({"weekly": [{"weekday": 1, "time": "25:00"}]}, "weekly", id="time-25h"),
    pytest.param(
        {"weekly": [{"weekday": 1, "time": "08:00"}, {"weekday": 1, "time": "09:00"}]},
        "weekly",
        id="weekday-twice",
    ),
]


@pytest.mark.parametrize(("change", "field"), REGULAR_BAD_INPUT)
def test_it_refuses_a_bad_regular_ride_and_stores_nothing(quartier, alice, change, field):
    response = api_as(alice).post(rides_url(quartier), regular_payload(**change), format="json")

    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"], body
    assert isinstance(body["errors"][field][0], str)
    assert isinstance(body["detail"], str)
    assert not Ride.objects.exists()


def test_it_refuses_an_unknown_meeting_point_and_one_of_another_quartier_alike(
    quartier, alice, elsewhere
):
    theirs = meeting_point(elsewhere, "Place Gabriel Péri", BELLECOUR)
    client = api_as(alice)
    for point_id in (999_999, theirs.pk):
        payload = {k: v for k, v in ride_payload(origin_point=point_id).items() if k != "origin"}
        response = client.post(rides_url(quartier), payload, format="json")
        assert response.status_code == 400
        assert response.json()["errors"] == {
            "origin_point": ["Choose a meeting point of this quartier."]
        }
    via = client.post(rides_url(quartier), ride_payload(via=[theirs.pk]), format="json")
    assert via.json()["errors"] == {"via": ["Choose meeting points of this quartier."]}
    assert not Ride.objects.exists()


def test_it_asks_for_a_place_at_each_end(quartier, alice):
    payload = {k: v for k, v in ride_payload().items() if k not in {"origin", "destination"}}
    response = api_as(alice).post(rides_url(quartier), payload, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"origin", "destination"}
    assert not Ride.objects.exists()


def test_a_return_belongs_to_one_of_my_own_rides(quartier, alice, bob, eve, elsewhere):
    bobs = publish(quartier, bob)
    eves = publish(elsewhere, eve)
    for ride_id in (bobs.pk, eves.pk):
        response = api_as(alice).post(
            rides_url(quartier), ride_payload(return_of=ride_id), format="json"
        )
        assert response.status_code == 400
        assert "return_of" in response.json()["errors"]
    assert Ride.objects.filter(driver=alice).count() == 0


REQUEST_BAD_INPUT = [
    pytest.param({"seats": 0}, "seats", "Ask for 1 to 8 seats.", id="seats-0"),
    pytest.param({"seats": 50}, "seats", "Ask for 1 to 8 seats.", id="seats-50"),
    pytest.param(
        {"origin": where((200, 4.83), "Nulle part")},
        "origin",
        "A latitude lies between -90 and 90.",
        id="latitude-200",
    ),
    pytest.param(
        {"destination": where(HOTEL_DE_VILLE, "Encore là")},
        "destination",
        "The destination must be somewhere else than the departure.",
        id="same-place",
    ),
    pytest.param(
        {"latest_at": in_days(2, 7).isoformat()},
        "latest_at",
        "The latest departure must come after the earliest.",
        id="window-backwards",
    ),
    pytest.param(
        {"earliest_at": "2020-01-01T07:00:00Z", "latest_at": "2020-01-01T08:00:00Z"},
        "latest_at",
        "This time is already past.",
        id="window-in-the-past",
    ),
    pytest.param({"earliest_at": "bientôt"}, "earliest_at", None, id="malformed-earliest"),
    pytest.param(
        {"kind": "regular", "weekdays": [9]},
        "weekdays",
        "Weekdays go from 0 (Monday) to 6 (Sunday).",
        id="weekday-9",
    ),
    pytest.param(
        {"origin": None, "origin_point": 999_999},
        "origin_point",
        "Choose a meeting point of this quartier.",
        id="unknown-point",
    ),
]


@pytest.mark.parametrize(("change", "field", "message"), REQUEST_BAD_INPUT)
def test_it_refuses_a_bad_request_with_a_message_per_field_and_stores_nothing(
    quartier, bob, change, field, message
):
    payload = {k: v for k, v in (request_payload() | change).items() if v is not None}
    response = api_as(bob).post(requests_url(quartier), payload, format="json")

    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"], body
    if message is not None:
        assert body["errors"][field] == [message]
    assert not RideRequest.objects.exists()
    assert not FeedEntry.objects.exists()


def test_it_answers_a_bare_regular_request_in_words_without_a_constraint_name(quartier, bob):
    payload = {key: request_payload()[key] for key in ("origin", "destination")}
    response = api_as(bob).post(
        requests_url(quartier), payload | {"kind": "regular"}, format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["weekdays"] == ["Choose at least one weekday."]
    assert "Constraint" not in str(body)
    assert not RideRequest.objects.exists()


# --- reading and changing a ride ----------------------------------------------------------------


def test_the_ride_list_shows_open_rides_soonest_first(quartier, alice, bob):
    later = publish(quartier, alice, departs_at=in_days(5))
    sooner = publish(quartier, bob, departs_at=in_days(1))
    cancelled = publish(quartier, bob, departs_at=in_days(3))
    services.ride_cancel(ride=cancelled, actor=bob)

    body = api_as(alice).get(rides_url(quartier)).json()

    assert [item["id"] for item in body] == [sooner.pk, later.pk]


def test_the_ride_list_costs_the_same_queries_however_many_rides(
    quartier, alice, django_assert_max_num_queries
):
    metro = meeting_point(quartier)
    town_hall = meeting_point(quartier, "Hôtel de Ville", HOTEL_DE_VILLE)
    for n in range(10):
        driver = MembershipFactory.create(quartier=quartier).user
        publish(quartier, driver, departs_at=in_days(1 + n), via=[town_hall])
        commute(quartier, driver, origin=services.Place(point=metro))
    client = api_as(alice)

    with django_assert_max_num_queries(4):
        response = client.get(rides_url(quartier))

    body = response.json()
    assert len(body) == 20
    assert sorted(len(item["weekly"]) for item in body) == [0] * 10 + [7] * 10
    assert (
        sorted([point["name"] for point in item["via"]] for item in body)
        == [[]] * 10 + [["Hôtel de Ville"]] * 10
    )
    assert sum(item["origin"]["point"] == metro.pk for item in body) == 10


def test_the_driver_changes_the_seats_and_notes(quartier, alice):
    offered = publish(quartier, alice)
    response = api_as(alice).patch(
        f"/api/v1/rides/{offered.pk}/",
        {"seats": 2, "notes": "Pas de grosse valise", "auto_accept": True},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["seats"], response.json()["auto_accept"]) == (2, True)
    offered.refresh_from_db()
    assert (offered.seats, offered.notes) == (2, "Pas de grosse valise")
    assert Trip.objects.get(ride=offered).seats == 2


def test_the_driver_cannot_change_the_route_or_the_time(quartier, alice):
    offered = publish(quartier, alice)
    response = api_as(alice).patch(
        f"/api/v1/rides/{offered.pk}/",
        {"departs_at": in_days(3).isoformat(), "seats": 2},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"departs_at": ["This cannot be changed."]}
    offered.refresh_from_db()
    assert (offered.departs_at, offered.seats) == (in_days(2), 3)


def test_the_driver_cannot_offer_fewer_seats_than_are_booked(quartier, alice, bob, carol):
    offered = publish(quartier, alice, auto_accept=True)
    book(offered, bob)
    book(offered, carol)
    response = api_as(alice).patch(f"/api/v1/rides/{offered.pk}/", {"seats": 1}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["seats"][0].startswith("2 seats are already booked on")
    assert Ride.objects.get().seats == 3


def test_the_driver_cancels_the_ride_and_the_seats_with_it(quartier, alice, bob):
    offered = publish(quartier, alice)
    booking = book(offered, bob)

    response = api_as(alice).post(
        f"/api/v1/rides/{offered.pk}/cancel/", {"reason": "Voiture en panne"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "cancelled"
    booking.refresh_from_db()
    assert (booking.status, booking.reason) == ("cancelled", "Voiture en panne")
    assert api_as(bob).get(rides_url(quartier)).json() == []


def test_the_driver_deletes_a_ride_which_is_kept_as_cancelled(quartier, alice):
    offered = publish(quartier, alice)
    response = api_as(alice).delete(f"/api/v1/rides/{offered.pk}/")
    assert response.status_code == 204
    assert Ride.objects.get().status == "cancelled"
    assert not FeedEntry.objects.get().is_visible


def test_the_driver_cancels_one_date_of_a_regular_ride(quartier, alice, bob):
    offered = commute(quartier, alice, auto_accept=True)
    booking = book(offered, bob, days=3)

    response = api_as(alice).post(
        f"/api/v1/rides/{offered.pk}/dates/cancel/",
        {"date": day_in(3).isoformat(), "reason": "Jour férié"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["date"], body["is_cancelled"], body["cancel_reason"]) == (
        day_in(3).isoformat(),
        True,
        "Jour férié",
    )
    assert (body["seats_taken"], body["seats_free"]) == (0, 0)
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert Ride.objects.get().status == "active"
    again = api_as(alice).post(
        f"/api/v1/rides/{offered.pk}/dates/cancel/", {"date": day_in(3).isoformat()}, format="json"
    )
    assert again.status_code == 400
    assert again.json()["errors"] == {"date": ["This date is already cancelled."]}
    never = api_as(alice).post(
        f"/api/v1/rides/{offered.pk}/dates/cancel/", {"date": day_in(40).isoformat()}, format="json"
    )
    assert never.json()["errors"] == {"date": ["This ride does not leave on that date."]}
    malformed = api_as(alice).post(
        f"/api/v1/rides/{offered.pk}/dates/cancel/", {"date": "hier"}, format="json"
    )
    assert malformed.status_code == 400
    assert "date" in malformed.json()["errors"]


# --- bookings -------------------------------------------------------------------------------------


def test_a_seat_is_requested_then_accepted_and_counted_on_the_trip(quartier, alice, bob):
    offered = publish(quartier, alice)

    asked = api_as(bob).post(
        f"/api/v1/rides/{offered.pk}/bookings/",
        {
            "dates": [day_in(2).isoformat()],
            "seats": 2,
            "pickup_label": "Devant la mairie",
            "message": "Bonjour !",
        },
        format="json",
    )

    assert asked.status_code == 201, asked.json()
    [booking] = asked.json()
    assert (booking["status"], booking["seats"], booking["ride"], booking["date"]) == (
        "requested",
        2,
        offered.pk,
        day_in(2).isoformat(),
    )
    assert booking["passenger"] == {"id": bob.pk, "display_name": "Bob"}
    assert booking["pickup_label"] == "Devant la mairie"
    assert Trip.objects.get().seats_taken == 0

    accepted = api_as(alice).post(f"/api/v1/bookings/{booking['id']}/accept/", {}, format="json")

    assert accepted.status_code == 200, accepted.json()
    assert [item["status"] for item in accepted.json()] == ["confirmed"]
    assert Trip.objects.get().seats_taken == 2
    [departure] = api_as(bob).get(f"/api/v1/rides/{offered.pk}/departures/").json()
    assert (departure["seats_taken"], departure["seats_free"]) == (2, 1)
    detail = api_as(bob).get(f"/api/v1/bookings/{booking['id']}/").json()
    assert detail["status"] == "confirmed"


def test_the_driver_declines_a_request_for_a_whole_period(quartier, alice, bob):
    offered = commute(quartier, alice)
    days = [day_in(2).isoformat(), day_in(3).isoformat(), day_in(4).isoformat()]
    asked = (
        api_as(bob)
        .post(f"/api/v1/rides/{offered.pk}/bookings/", {"dates": days}, format="json")
        .json()
    )
    assert len(asked) == 3
    assert len({booking["series"] for booking in asked}) == 1

    response = api_as(alice).post(
        f"/api/v1/bookings/{asked[1]['id']}/decline/", {"reason": "Complet"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert [(item["status"], item["reason"]) for item in response.json()] == [
        ("declined", "Complet")
    ] * 3
    assert set(Trip.objects.values_list("seats_taken", flat=True)) == {0}


def test_the_driver_accepts_one_date_of_a_period_only(quartier, alice, bob):
    offered = commute(quartier, alice)
    asked = (
        api_as(bob)
        .post(
            f"/api/v1/rides/{offered.pk}/bookings/",
            {"dates": [day_in(2).isoformat(), day_in(3).isoformat()]},
            format="json",
        )
        .json()
    )
    response = api_as(alice).post(
        f"/api/v1/bookings/{asked[0]['id']}/accept/", {"whole_series": False}, format="json"
    )
    assert [item["id"] for item in response.json()] == [asked[0]["id"]]
    assert dict(Booking.objects.values_list("trip__date", "status")) == {
        day_in(2): "confirmed",
        day_in(3): "requested",
    }


def test_cancelling_a_confirmed_seat_frees_it(quartier, alice, bob):
    offered = publish(quartier, alice, auto_accept=True)
    booking = book(offered, bob)
    assert Trip.objects.get().seats_taken == 1

    response = api_as(bob).post(
        f"/api/v1/bookings/{booking.pk}/cancel/", {"reason": "Plus besoin"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert [(item["status"], item["reason"]) for item in response.json()] == [
        ("cancelled", "Plus besoin")
    ]
    assert Trip.objects.get().seats_taken == 0
    twice = api_as(bob).post(f"/api/v1/bookings/{booking.pk}/cancel/", {}, format="json")
    assert twice.status_code == 400
    assert twice.json()["detail"] == "There is nothing left to cancel in this booking."


def test_automatic_acceptance_confirms_the_seat_at_once(quartier, alice, bob):
    offered = publish(quartier, alice, auto_accept=True)
    response = api_as(bob).post(
        f"/api/v1/rides/{offered.pk}/bookings/", {"dates": [day_in(2).isoformat()]}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert [item["status"] for item in response.json()] == ["confirmed"]
    assert Trip.objects.get().seats_taken == 1


def test_a_full_trip_refuses_another_seat_with_a_message(quartier, alice, bob, carol):
    offered = publish(quartier, alice, seats=1, auto_accept=True)
    book(offered, carol)

    response = api_as(bob).post(
        f"/api/v1/rides/{offered.pk}/bookings/", {"dates": [day_in(2).isoformat()]}, format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["dates"][0].startswith("Not enough seats left on ")
    assert body["detail"] == body["errors"]["dates"][0]
    assert not Booking.objects.filter(passenger=bob).exists()
    assert Trip.objects.get().seats_taken == 1


def test_accepting_a_request_on_a_trip_filled_meanwhile_is_refused(quartier, alice, bob, carol):
    offered = publish(quartier, alice, seats=1)
    first = book(offered, carol)
    second = book(offered, bob)
    assert api_as(alice).post(f"/api/v1/bookings/{first.pk}/accept/").status_code == 200

    response = api_as(alice).post(f"/api/v1/bookings/{second.pk}/accept/")

    assert response.status_code == 400
    assert response.json()["errors"]["dates"][0].startswith("Not enough seats left on ")
    second.refresh_from_db()
    assert second.status == "requested"
    assert Trip.objects.get().seats_taken == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"dates": ["2026-13-01"]}, "dates"),
        ({"dates": "demain"}, "dates"),
        ({"dates": []}, "dates"),
        ({"dates": ["DAY"], "seats": 0}, "seats"),
        ({"dates": ["DAY"], "seats": 9}, "seats"),
        ({"dates": ["DAY"], "seats": 4}, "seats"),
        ({"dates": ["DAY", "OTHER"]}, "dates"),
        ({"dates": ["DAY"], "message": "x" * 501}, "message"),
    ],
)
def test_it_refuses_a_bad_booking_with_a_message_per_field(quartier, alice, bob, payload, field):
    offered = publish(quartier, alice)
    swap = {"DAY": day_in(2).isoformat(), "OTHER": day_in(3).isoformat()}
    if isinstance(payload["dates"], list):
        payload = payload | {"dates": [swap.get(day, day) for day in payload["dates"]]}

    response = api_as(bob).post(f"/api/v1/rides/{offered.pk}/bookings/", payload, format="json")

    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"], body
    assert all(isinstance(text, str) for text in body["errors"][field])
    assert not Booking.objects.exists()


def test_a_driver_cannot_book_their_own_ride(quartier, alice):
    offered = publish(quartier, alice)
    response = api_as(alice).post(
        f"/api/v1/rides/{offered.pk}/bookings/", {"dates": [day_in(2).isoformat()]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "This is your own ride."
    assert not Booking.objects.exists()


def test_the_driver_sees_every_booking_and_a_passenger_only_theirs(quartier, alice, bob, carol):
    offered = publish(quartier, alice)
    book(offered, bob)
    book(offered, carol)
    url = f"/api/v1/rides/{offered.pk}/bookings/"

    assert {b["passenger"]["display_name"] for b in api_as(alice).get(url).json()} == {
        "Bob",
        "Carol",
    }
    assert [b["passenger"]["display_name"] for b in api_as(bob).get(url).json()] == ["Bob"]


# --- requests and matching ------------------------------------------------------------------------


def test_the_driver_sees_the_requests_their_ride_can_serve(quartier, alice, bob):
    offered = publish(quartier, alice)
    wish = ask(quartier, bob)
    ask(quartier, bob, origin=services.Place(label="Vaise", latitude=45.7790, longitude=4.7))

    response = api_as(alice).get(f"/api/v1/rides/{offered.pk}/requests/")

    assert response.status_code == 200
    [match] = response.json()
    assert match["request"]["id"] == wish.pk
    assert match["request"]["passenger"] == {"id": bob.pk, "display_name": "Bob"}
    assert match["dates"] == [day_in(2).isoformat()]
    assert 0 <= match["extra_km"] < 2
    assert match["extra_minutes"] >= 0
    assert match["walk_km"] >= 0


def test_the_author_sees_the_rides_that_fit_the_request_and_closes_it(quartier, alice, bob):
    offered = publish(quartier, alice)
    wish = ask(quartier, bob)

    response = api_as(bob).get(f"/api/v1/ride-requests/{wish.pk}/rides/")

    assert response.status_code == 200
    [match] = response.json()
    assert match["ride"]["id"] == offered.pk
    assert [o["date"] for o in match["occurrences"]] == [day_in(2).isoformat()]

    closed = api_as(bob).post(f"/api/v1/ride-requests/{wish.pk}/close/")
    assert closed.status_code == 200
    assert (closed.json()["status"], closed.json()["is_open"]) == ("closed", False)
    assert api_as(alice).get(requests_url(quartier)).json() == []
    assert api_as(alice).get(f"/api/v1/ride-requests/{wish.pk}/").json()["status"] == "closed"


def test_the_search_finds_a_ride_with_its_detour_and_walk(quartier, alice, bob, eve, elsewhere):
    offered = publish(quartier, alice)
    publish(quartier, bob)  # bob's own ride, on the same road
    publish(elsewhere, eve)  # the same road, another quartier
    publish(quartier, alice, departs_at=in_days(3))  # another day

    query: dict[str, Any] = {
        "from_lat": HOTEL_DE_VILLE[0],
        "from_lng": HOTEL_DE_VILLE[1],
        "to_lat": PART_DIEU[0],
        "to_lng": PART_DIEU[1],
        "date": day_in(2).isoformat(),
        "earliest": "07:30",
        "latest": "08:30",
    }

    response = api_as(bob).get(search_url(quartier), query)

    assert response.status_code == 200, response.json()
    [match] = response.json()
    assert match["ride"]["id"] == offered.pk
    assert match["ride"]["driver"]["display_name"] == "Alice"
    assert set(match) == {
        "ride",
        "extra_km",
        "extra_minutes",
        "walk_km",
        "pickup",
        "dropoff",
        "occurrences",
    }
    assert 0 <= match["extra_km"] < 2
    assert match["extra_minutes"] >= 0
    assert match["walk_km"] == pytest.approx(
        match["pickup"]["walk_km"] + match["dropoff"]["walk_km"], abs=0.02
    )
    assert match["dropoff"] == {"latitude": PART_DIEU[0], "longitude": PART_DIEU[1], "walk_km": 0}
    [occurrence] = match["occurrences"]
    assert (occurrence["date"], occurrence["seats_free"]) == (day_in(2).isoformat(), 3)
    assert moment(occurrence["departs_at"]) == in_days(2)


def test_the_search_takes_meeting_points_and_asks_for_both_ends(quartier, alice, bob, elsewhere):
    offered = publish(quartier, alice)
    town_hall = meeting_point(quartier, "Hôtel de Ville", HOTEL_DE_VILLE)
    station = meeting_point(quartier, "Gare Part-Dieu", PART_DIEU)
    theirs = meeting_point(elsewhere, "Bellecour", BELLECOUR)
    client = api_as(bob)
    query = {"date": day_in(2).isoformat()}

    found = client.get(
        search_url(quartier), query | {"from_point": town_hall.pk, "to_point": station.pk}
    )
    assert [match["ride"]["id"] for match in found.json()] == [offered.pk]

    missing = client.get(search_url(quartier), query | {"from_point": town_hall.pk})
    assert missing.status_code == 400
    assert set(missing.json()["errors"]) == {"to_point"}
    foreign = client.get(
        search_url(quartier), query | {"from_point": theirs.pk, "to_point": station.pk}
    )
    assert foreign.json()["errors"] == {"from_point": ["Choose a meeting point of this quartier."]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"from_lat": 200}, "from_lat"),
        ({"to_lng": "est"}, "to_lng"),
        ({"date": "31/12/2026"}, "date"),
        ({"earliest": "9h"}, "earliest"),
        ({"earliest": "09:00", "latest": "08:00"}, "latest"),
        ({"seats": 0}, "seats"),
    ],
)
def test_the_search_refuses_bad_input_by_field(quartier, bob, change, field):
    query = {
        "from_lat": HOTEL_DE_VILLE[0],
        "from_lng": HOTEL_DE_VILLE[1],
        "to_lat": PART_DIEU[0],
        "to_lng": PART_DIEU[1],
        "date": day_in(2).isoformat(),
    } | change
    response = api_as(bob).get(search_url(quartier), query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


# --- meeting points -------------------------------------------------------------------------------


def test_a_coordinator_adds_meeting_points_members_list_them(quartier, bob, carol):
    response = api_as(carol).post(
        points_url(quartier),
        {
            "name": "Gare Part-Dieu",
            "address": "Place Charles Béraudier",
            "latitude": 45.7606,
            "longitude": 4.8593,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["name"] == "Gare Part-Dieu"
    meeting_point(quartier, "Hôtel de Ville", HOTEL_DE_VILLE)

    listed = api_as(bob).get(points_url(quartier))

    assert listed.status_code == 200
    assert [point["name"] for point in listed.json()] == ["Gare Part-Dieu", "Hôtel de Ville"]


def test_a_meeting_point_name_is_used_once_among_all_the_places(quartier, alice, carol):
    """Not only among the meeting points: the directory's places and the suggestions waiting
    hold their names too, and the refusal never tells of someone else's suggestion."""
    meeting_point(quartier, "Gare Part-Dieu", PART_DIEU)
    Place.objects.create(quartier=quartier, name="Mairie", kind="public_service", status="approved")
    Place.objects.create(quartier=quartier, name="Piscine", kind="other", suggested_by=alice)
    for name in ("gare part-dieu", "Mairie", "piscine"):
        response = api_as(carol).post(
            points_url(quartier),
            {"name": name, "latitude": 45.76, "longitude": 4.86},
            format="json",
        )
        assert response.status_code == 400, name
        assert response.json()["errors"] == {
            "name": ["This quartier already has a place by that name."]
        }
    assert MeetingPoint.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [({"latitude": 200}, "latitude"), ({"longitude": -181}, "longitude"), ({"name": ""}, "name")],
)
def test_it_refuses_a_meeting_point_off_the_earth_or_without_a_name(quartier, carol, change, field):
    payload = {"name": "Gare", "latitude": 45.76, "longitude": 4.86} | change
    response = api_as(carol).post(points_url(quartier), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not MeetingPoint.objects.exists()


def test_a_coordinator_removes_a_meeting_point_and_rides_keep_the_place(quartier, alice, carol):
    metro = meeting_point(quartier)
    offered = publish(quartier, alice, origin=services.Place(point=metro))

    response = api_as(carol).delete(f"{points_url(quartier)}{metro.pk}/")

    assert response.status_code == 204
    assert not MeetingPoint.objects.exists()
    origin = api_as(alice).get(f"/api/v1/rides/{offered.pk}/").json()["origin"]
    assert (origin["label"], origin["point"]) == ("Métro Croix-Rousse", None)


# --- mine and the calendar ------------------------------------------------------------------------


def test_my_rides_list_what_i_drive_and_where_i_asked_for_a_seat(quartier, alice, bob):
    mine = publish(quartier, bob, departs_at=in_days(1))
    theirs = publish(quartier, alice, auto_accept=True)
    book(theirs, bob)

    response = api_as(bob).get("/api/v1/me/rides/")

    assert response.status_code == 200
    body = response.json()
    assert body["past"] == []
    assert [(line["ride"]["id"], line["as_driver"]) for line in body["upcoming"]] == [
        (mine.pk, True),
        (theirs.pk, False),
    ]
    driving, riding = body["upcoming"]
    assert (driving["date"], driving["booking"], driving["seats_taken"]) == (
        day_in(1).isoformat(),
        None,
        0,
    )
    assert riding["booking"]["status"] == "confirmed"
    assert riding["ride"]["driver"]["display_name"] == "Alice"


def test_my_rides_cost_the_same_queries_however_many_rides(
    quartier, alice, bob, django_assert_max_num_queries
):
    for n in range(5):
        publish(quartier, bob, departs_at=in_days(1 + n))
        commute(quartier, bob, valid_from=day_in(2 + n))
        book(publish(quartier, alice, auto_accept=True, departs_at=in_days(1 + n)), bob, days=1 + n)
    client = api_as(bob)

    with django_assert_max_num_queries(5):
        body = client.get("/api/v1/me/rides/").json()

    assert sum(line["as_driver"] for line in body["upcoming"]) > 5
    assert sum(not line["as_driver"] for line in body["upcoming"]) == 5


def test_my_calendar_address_is_kept_until_renewed(quartier, bob):
    client = api_as(bob)
    first = client.get("/api/v1/me/rides/calendar/").json()["url"]
    assert first.startswith(settings.SITE_URL + "/rides/calendar/")
    assert first.endswith(".ics")
    assert client.get("/api/v1/me/rides/calendar/").json()["url"] == first

    renewed = client.post("/api/v1/me/rides/calendar/")

    assert renewed.status_code == 200
    assert renewed.json()["url"] != first
    assert client.get("/api/v1/me/rides/calendar/").json()["url"] == renewed.json()["url"]


# --- who may do what ------------------------------------------------------------------------------


OBJECT_ENDPOINTS = [
    ("delete", "/api/v1/quartiers/{slug}/meeting-points/{point_id}/"),
    ("get", "/api/v1/rides/{ride_id}/"),
    ("patch", "/api/v1/rides/{ride_id}/"),
    ("delete", "/api/v1/rides/{ride_id}/"),
    ("post", "/api/v1/rides/{ride_id}/cancel/"),
    ("post", "/api/v1/rides/{ride_id}/dates/cancel/"),
    ("get", "/api/v1/rides/{ride_id}/departures/"),
    ("get", "/api/v1/rides/{ride_id}/requests/"),
    ("get", "/api/v1/rides/{ride_id}/bookings/"),
    ("post", "/api/v1/rides/{ride_id}/bookings/"),
    ("get", "/api/v1/bookings/{booking_id}/"),
    ("post", "/api/v1/bookings/{booking_id}/accept/"),
    ("post", "/api/v1/bookings/{booking_id}/decline/"),
    ("post", "/api/v1/bookings/{booking_id}/cancel/"),
    ("get", "/api/v1/ride-requests/{request_id}/"),
    ("post", "/api/v1/ride-requests/{request_id}/close/"),
    ("get", "/api/v1/ride-requests/{request_id}/rides/"),
]
QUARTIER_ENDPOINTS = [
    ("get", "/api/v1/quartiers/{slug}/meeting-points/"),
    ("post", "/api/v1/quartiers/{slug}/meeting-points/"),
    ("get", "/api/v1/quartiers/{slug}/rides/"),
    ("post", "/api/v1/quartiers/{slug}/rides/"),
    ("get", "/api/v1/quartiers/{slug}/rides/search/"),
    ("get", "/api/v1/quartiers/{slug}/ride-requests/"),
    ("post", "/api/v1/quartiers/{slug}/ride-requests/"),
]


@pytest.fixture
def everything(quartier, alice, bob, carol):
    """A meeting point, alice's ride with bob's seat asked for, and bob's request."""
    point = meeting_point(quartier)
    offered = publish(quartier, alice)
    booking = book(offered, bob)
    wish = ask(quartier, bob)
    return {
        "slug": quartier.slug,
        "point_id": point.pk,
        "ride_id": offered.pk,
        "booking_id": booking.pk,
        "request_id": wish.pk,
    }


def outsider_payload() -> dict[str, Any]:
    """A valid body for every endpoint at once: only the access rule may refuse it."""
    return (
        ride_payload()
        | request_payload()
        | {
            "kind": "one_off",
            "name": "Chez Dave",
            "latitude": 45.77,
            "longitude": 4.83,
            "date": day_in(2).isoformat(),
            "dates": [day_in(2).isoformat()],
            "seats": 1,
            "reason": "Piraté",
            "from_lat": HOTEL_DE_VILLE[0],
            "from_lng": HOTEL_DE_VILLE[1],
            "to_lat": PART_DIEU[0],
            "to_lng": PART_DIEU[1],
        }
    )


def assert_untouched(everything) -> None:
    assert MeetingPoint.objects.count() == 1
    offered = Ride.objects.get()
    assert (offered.status, offered.seats, offered.notes) == ("active", 3, "")
    assert Booking.objects.get().status == "requested"
    assert RideRequest.objects.get().status == "active"
    assert not Trip.objects.filter(is_cancelled=True).exists()
    assert Trip.objects.get().seats_taken == 0


@pytest.mark.parametrize(("method", "path"), OBJECT_ENDPOINTS + QUARTIER_ENDPOINTS)
def test_dave_gets_404_on_every_ride_endpoint(everything, dave, method, path):
    url = path.format(**everything)
    payload = outsider_payload() | {"notes": "Piraté"} if method != "patch" else {"notes": "Piraté"}

    response = getattr(api_as(dave), method)(url, payload, format="json")

    assert response.status_code == 404
    assert "Alice" not in response.content.decode()
    assert_untouched(everything)


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("patch", "/api/v1/rides/{ride_id}/", {"seats": 1}),
        ("delete", "/api/v1/rides/{ride_id}/", {}),
        ("post", "/api/v1/rides/{ride_id}/cancel/", {"reason": "Non"}),
        ("post", "/api/v1/rides/{ride_id}/dates/cancel/", {"date": "DAY"}),
        ("get", "/api/v1/rides/{ride_id}/requests/", {}),
        ("post", "/api/v1/bookings/{booking_id}/accept/", {}),
        ("post", "/api/v1/bookings/{booking_id}/decline/", {}),
        ("post", "/api/v1/ride-requests/{request_id}/close/", {}),
        ("get", "/api/v1/ride-requests/{request_id}/rides/", {}),
        (
            "post",
            "/api/v1/quartiers/{slug}/meeting-points/",
            {"name": "X", "latitude": 45, "longitude": 4},
        ),
        ("delete", "/api/v1/quartiers/{slug}/meeting-points/{point_id}/", {}),
    ],
)
def test_a_member_gets_403_on_what_only_the_driver_author_or_a_coordinator_may_do(
    everything, quartier, alice, bob, carol, method, path, payload
):
    # bob is the passenger of the booking and the author of the request: the ride is alice's,
    # and he is no coordinator. alice is the driver, but not the author of bob's request.
    who = alice if "ride-requests" in path else bob
    if payload.get("date") == "DAY":
        payload = {"date": day_in(2).isoformat()}

    response = getattr(api_as(who), method)(path.format(**everything), payload, format="json")

    assert response.status_code == 403, response.content
    assert isinstance(response.json()["detail"], str)
    assert_untouched(everything)


def test_a_member_outside_a_booking_does_not_see_it(everything, carol):
    for suffix in ("", "accept/", "decline/", "cancel/"):
        client = api_as(carol)
        url = f"/api/v1/bookings/{everything['booking_id']}/{suffix}"
        response = client.get(url) if not suffix else client.post(url)
        assert response.status_code == 404
    assert_untouched(everything)


def test_dave_has_no_rides_of_theirs(everything, dave):
    assert api_as(dave).get("/api/v1/me/rides/").json() == {"upcoming": [], "past": []}


def test_a_former_member_loses_the_rides_of_the_quartier(everything, quartier, bob):
    api_as(bob).post(f"/api/v1/quartiers/{quartier.slug}/leave/")
    assert api_as(bob).get(f"/api/v1/rides/{everything['ride_id']}/").status_code == 404
    assert api_as(bob).get(f"/api/v1/bookings/{everything['booking_id']}/").status_code == 404
    assert api_as(bob).get(rides_url(quartier)).status_code == 404


def test_an_anonymous_visitor_cannot_publish(api, quartier):
    response = api.post(rides_url(quartier), ride_payload(), format="json")
    assert response.status_code in {401, 403}
    assert not Ride.objects.exists()


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("patch", "/api/v1/rides/{ride_id}/", {"seats": 99}),
        ("delete", "/api/v1/rides/{ride_id}/", {"reason": "x" * 5000}),
        ("post", "/api/v1/rides/{ride_id}/cancel/", {"reason": ["not", "text"]}),
        ("post", "/api/v1/rides/{ride_id}/dates/cancel/", {}),
        ("delete", "/api/v1/quartiers/{slug}/meeting-points/{point_id}/", {}),
        ("post", "/api/v1/quartiers/{slug}/meeting-points/", {"latitude": 500}),
    ],
)
def test_a_member_gets_403_before_their_input_is_read(everything, bob, method, path, payload):
    # Who may is settled first: a member learns nothing from the checks of the input.
    response = getattr(api_as(bob), method)(path.format(**everything), payload, format="json")

    assert response.status_code == 403, response.content
    assert "errors" not in response.json()
    assert_untouched(everything)
