"""Rides, requests and bookings through their services: the state machine, the notices, the
chat thread, the feed, and bad input refused with nothing stored."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from exchanges.rides import kinds as ride_kinds
from exchanges.rides import services
from exchanges.rides.models import Booking, MeetingPoint, Ride, RideRequest, Trip
from messaging.models import Notification, Participant
from neighbourhood.feed.models import FeedEntry
from neighbourhood.feed.selectors import feed_page
from tests.factories import (
    CROIX_ROUSSE,
    PART_DIEU,
    Place,
    in_days,
    place,
    request_fields,
    ride_fields,
)

pytestmark = pytest.mark.django_db


def ride(quartier, driver, **overrides) -> Ride:
    return services.ride_create(quartier=quartier, driver=driver, **ride_fields(**overrides))


def commute(quartier, driver, **overrides) -> Ride:
    return ride(
        quartier,
        driver,
        **{
            "kind": "regular",
            "departs_at": None,
            "weekly": {day: datetime.time(8) for day in range(7)},
            "valid_from": timezone.localdate(),
            "valid_until": timezone.localdate() + datetime.timedelta(days=13),
        }
        | overrides,
    )


def day_of(offered: Ride) -> datetime.date:
    assert offered.departs_at is not None
    return timezone.localdate(offered.departs_at)


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def thread_people(offered: Ride) -> set[str]:
    return set(
        Participant.objects.filter(conversation=offered.conversation).values_list(
            "user__display_name", flat=True
        )
    )


# --- publishing ----------------------------------------------------------------------------


def test_a_ride_is_published_with_its_route_its_trip_its_thread_and_its_feed_entry(quartier, alice):
    offered = ride(quartier, alice, notes="Place pour un vélo pliant")
    assert offered.route == [list(CROIX_ROUSSE), list(PART_DIEU)]
    assert offered.route_km == pytest.approx(2.4, abs=0.3)
    assert offered.detour_km == pytest.approx(10 / 60 * 40)
    assert offered.box_min_latitude < PART_DIEU[0] < CROIX_ROUSSE[0] < offered.box_max_latitude
    trip = Trip.objects.get(ride=offered)
    assert (trip.date, trip.seats, trip.seats_taken) == (day_of(offered), 3, 0)
    assert thread_people(offered) == {"Alice"}
    entry = FeedEntry.objects.get(kind=ride_kinds.FEED_OFFER)
    assert entry.item == offered
    assert entry.title.startswith("Place de la Croix-Rousse → Gare Part-Dieu · ")
    assert entry.summary == "Place pour un vélo pliant"
    assert entry.expires_at == offered.departs_at


def test_a_ride_between_two_long_addresses_is_published_with_the_first_words_in_the_feed(
    quartier, alice
):
    # Two labels of 190 characters each make a route of 383: the feed's title column holds 200.
    far = "Résidence des Tilleuls, bâtiment C, escalier 4, " * 4
    offered = ride(
        quartier,
        alice,
        origin=Place(far[:190], *CROIX_ROUSSE),
        destination=Place(far[:190], *PART_DIEU),
    )
    entry = FeedEntry.objects.get(kind=ride_kinds.FEED_OFFER)
    assert entry.item == offered
    assert len(entry.title) <= 200
    assert entry.title.startswith("Résidence des Tilleuls, bâtiment C")
    assert entry.title.endswith("…")


def test_a_ride_leaves_the_feed_once_it_has_left(quartier, alice, bob):
    offered = ride(quartier, alice, departs_at=timezone.now() + datetime.timedelta(hours=1))
    assert [e.item for e in feed_page(quartier=quartier, viewer=bob).entries] == [offered]
    services.ride_request_create(quartier=quartier, passenger=bob, **request_fields())
    later = timezone.now() + datetime.timedelta(hours=2)
    with pytest.MonkeyPatch.context() as clock:
        clock.setattr(timezone, "now", lambda: later)
        kinds = [e.kind for e in feed_page(quartier=quartier, viewer=bob).entries]
    assert kinds == ["ride_request"]


def test_a_regular_ride_stores_its_weekdays_and_its_dates_off(quartier, alice):
    off = timezone.localdate() + datetime.timedelta(days=1)
    while off.weekday() != 0:
        off += datetime.timedelta(days=1)
    offered = commute(
        quartier, alice, weekly={0: datetime.time(7, 30), 4: datetime.time(17)}, dates_off=[off]
    )
    assert [(d.weekday, d.time) for d in offered.weekly.all()] == [
        (0, datetime.time(7, 30)),
        (4, datetime.time(17)),
    ]
    assert Trip.objects.get(ride=offered).is_cancelled  # the date off
    assert offered.valid_until is not None
    assert FeedEntry.objects.get().expires_at == timezone.make_aware(
        datetime.datetime.combine(offered.valid_until + datetime.timedelta(days=1), datetime.time())
    )


def test_a_return_ride_is_linked_to_its_outbound_ride(quartier, alice, bob):
    outbound = ride(quartier, alice)
    back = ride(
        quartier,
        alice,
        origin=place(PART_DIEU),
        destination=place(CROIX_ROUSSE),
        departs_at=in_days(2, 18),
        return_of=outbound,
    )
    assert outbound.return_ride == back
    with pytest.raises(ValidationError) as second:
        ride(quartier, alice, return_of=outbound)
    assert "return_of" in second.value.message_dict
    with pytest.raises(ValidationError):
        ride(quartier, bob, return_of=outbound)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"destination": place(CROIX_ROUSSE)}, "destination", "somewhere else than the departure"),
        (
            {"departs_at": timezone.now() - datetime.timedelta(minutes=1)},
            "departs_at",
            "cannot be in the past",
        ),
        ({"seats": 0}, "seats", "greater than or equal to 1"),
        ({"seats": 50}, "seats", "less than or equal to 8"),
        ({"origin": Place("Nulle part", 200.0, 4.8)}, "origin_latitude", "between -90 and 90"),
        ({"origin": Place("Nulle part", 45.0, -181.0)}, "origin_longitude", "-180 and 180"),
        ({"origin": Place("", None, None)}, "origin", "Choose a meeting point"),
        ({"departs_at": None}, "departs_at", "Give the date and time"),
        ({"contribution_cents": 100_01}, "contribution_cents", "between 0 and 100 euros"),
        ({"kind": "sometimes"}, "kind", "Choose once or every week"),
        (
            {
                "kind": "regular",
                "departs_at": None,
                "weekly": {},
                "valid_from": timezone.localdate(),
                "valid_until": timezone.localdate(),
            },
            "weekly",
            "at least one weekday",
        ),
        (
            {
                "kind": "regular",
                "departs_at": None,
                "weekly": {0: datetime.time(8)},
                "valid_from": timezone.localdate() + datetime.timedelta(days=5),
                "valid_until": timezone.localdate(),
            },
            "valid_until",
            "must come after the first",
        ),
    ],
)
def test_it_refuses_a_bad_ride_clearly_and_stores_nothing(
    quartier, alice, overrides, field, message
):
    with pytest.raises(ValidationError) as refused:
        ride(quartier, alice, **overrides)
    assert field in refused.value.message_dict, refused.value.message_dict
    assert message in " ".join(refused.value.message_dict[field])
    assert not Ride.objects.exists()
    assert not Trip.objects.exists()
    assert not FeedEntry.objects.exists()


def test_only_members_publish_and_only_coordinators_define_meeting_points(
    quartier, alice, carol, dave
):
    with pytest.raises(PermissionDenied):
        ride(quartier, dave)
    with pytest.raises(PermissionDenied):
        services.ride_request_create(quartier=quartier, passenger=dave, **request_fields())
    with pytest.raises(PermissionDenied):
        services.meeting_point_create(
            quartier=quartier, actor=alice, name="Gare", latitude=45.76, longitude=4.86
        )
    station = services.meeting_point_create(
        quartier=quartier, actor=carol, name="Gare Part-Dieu", latitude=45.7606, longitude=4.8593
    )
    with pytest.raises(ValidationError) as twice:
        services.meeting_point_create(
            quartier=quartier, actor=carol, name="gare part-dieu", latitude=45.0, longitude=4.0
        )
    assert "name" in twice.value.message_dict
    offered = ride(quartier, alice, destination=Place(point=station))
    assert (offered.destination_label, offered.destination_point) == ("Gare Part-Dieu", station)
    services.meeting_point_delete(point=station, actor=carol)
    offered.refresh_from_db()
    assert offered.destination_point is None
    assert offered.destination_label == "Gare Part-Dieu"
    assert not MeetingPoint.objects.exists()


def test_a_request_is_published_and_closed_by_its_author_only(quartier, alice, bob):
    wanted = services.ride_request_create(quartier=quartier, passenger=bob, **request_fields())
    assert FeedEntry.objects.get().item == wanted
    with pytest.raises(PermissionDenied):
        services.ride_request_close(request=wanted, actor=alice)
    services.ride_request_close(request=wanted, actor=bob)
    assert not FeedEntry.objects.get().is_visible


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"latest_at": in_days(2, 7)}, "latest_at"),
        (
            {
                "earliest_at": timezone.now() - datetime.timedelta(hours=2),
                "latest_at": timezone.now() - datetime.timedelta(hours=1),
            },
            "latest_at",
        ),
        ({"seats": 0}, "seats"),
        ({"seats": 50}, "seats"),
        ({"destination": place((45.7676, 4.8345))}, "destination"),
        (
            {
                "kind": "regular",
                "weekdays": [],
                "earliest_time": datetime.time(8),
                "latest_time": datetime.time(9),
                "valid_from": timezone.localdate(),
                "valid_until": timezone.localdate(),
            },
            "weekdays",
        ),
    ],
)
def test_it_refuses_a_bad_request_and_stores_nothing(quartier, bob, overrides, field):
    with pytest.raises(ValidationError) as refused:
        services.ride_request_create(
            quartier=quartier, passenger=bob, **request_fields(**overrides)
        )
    assert field in refused.value.message_dict, refused.value.message_dict
    assert not RideRequest.objects.exists()
    assert not FeedEntry.objects.exists()


# --- booking -------------------------------------------------------------------------------


def test_a_seat_goes_from_requested_to_confirmed_and_the_passenger_joins_the_thread(
    quartier, alice, bob
):
    offered = ride(quartier, alice)
    [asked] = services.booking_request(
        ride=offered, passenger=bob, dates=[day_of(offered)], seats=2, message="Merci !"
    )
    assert asked.status == Booking.Status.REQUESTED
    assert Trip.objects.get().seats_taken == 0  # a request holds no seat
    assert kinds_for(alice) == [ride_kinds.BOOKING_REQUESTED]
    assert thread_people(offered) == {"Alice"}
    with pytest.raises(PermissionDenied):
        services.booking_accept(booking=asked, actor=bob)
    services.booking_accept(booking=asked, actor=alice)
    asked.refresh_from_db()
    assert asked.status == Booking.Status.CONFIRMED
    assert Trip.objects.get().seats_taken == 2
    assert kinds_for(bob) == [ride_kinds.BOOKING_CONFIRMED]
    assert thread_people(offered) == {"Alice", "Bob"}


def test_a_declined_seat_is_told_with_its_reason(quartier, alice, bob):
    offered = ride(quartier, alice)
    [asked] = services.booking_request(ride=offered, passenger=bob, dates=[day_of(offered)])
    services.booking_decline(booking=asked, actor=alice, reason="Coffre plein")
    asked.refresh_from_db()
    assert (asked.status, asked.reason) == (Booking.Status.DECLINED, "Coffre plein")
    assert kinds_for(bob) == [ride_kinds.BOOKING_DECLINED]
    with pytest.raises(ValidationError):
        services.booking_accept(booking=asked, actor=alice)
    # Declined, bob may ask again.
    services.booking_request(ride=offered, passenger=bob, dates=[day_of(offered)])


def test_automatic_acceptance_confirms_at_once(quartier, alice, bob):
    offered = ride(quartier, alice, auto_accept=True)
    [asked] = services.booking_request(ride=offered, passenger=bob, dates=[day_of(offered)])
    assert asked.status == Booking.Status.CONFIRMED
    assert Trip.objects.get().seats_taken == 1
    assert kinds_for(bob) == [ride_kinds.BOOKING_CONFIRMED]
    assert kinds_for(alice) == [ride_kinds.BOOKING_TAKEN]
    assert thread_people(offered) == {"Alice", "Bob"}


def test_either_side_cancels_and_the_seat_is_freed(quartier, alice, bob):
    offered = ride(quartier, alice, auto_accept=True)
    [asked] = services.booking_request(ride=offered, passenger=bob, dates=[day_of(offered)])
    services.booking_cancel(booking=asked, actor=bob, reason="Malade")
    asked.refresh_from_db()
    assert (asked.status, asked.reason, asked.changed_by) == ("cancelled", "Malade", bob)
    assert Trip.objects.get().seats_taken == 0
    assert ride_kinds.BOOKING_CANCELLED in kinds_for(alice)
    assert thread_people(offered) == {"Alice"}
    [again] = services.booking_request(ride=offered, passenger=bob, dates=[day_of(offered)])
    services.booking_cancel(booking=again, actor=alice, reason="Panne")
    assert kinds_for(bob).count(ride_kinds.BOOKING_CANCELLED) == 1
    with pytest.raises(ValidationError):
        services.booking_cancel(booking=again, actor=alice)


def test_nobody_else_may_cancel_a_seat(quartier, alice, bob, carol):
    offered = ride(quartier, alice)
    [asked] = services.booking_request(ride=offered, passenger=bob, dates=[day_of(offered)])
    with pytest.raises(PermissionDenied):
        services.booking_cancel(booking=asked, actor=carol)
    with pytest.raises(PermissionDenied):
        services.booking_decline(booking=asked, actor=carol)


def test_it_refuses_a_seat_on_a_full_ride(quartier, alice, bob, carol):
    offered = ride(quartier, alice, seats=1, auto_accept=True)
    services.booking_request(ride=offered, passenger=carol, dates=[day_of(offered)])
    with pytest.raises(ValidationError) as full:
        services.booking_request(ride=offered, passenger=bob, dates=[day_of(offered)])
    assert "Not enough seats left" in str(full.value)
    assert Booking.objects.filter(passenger=bob).count() == 0


def test_accepting_after_the_ride_filled_up_names_the_date_and_changes_nothing(
    quartier, alice, bob, carol
):
    offered = ride(quartier, alice, seats=1)
    [first] = services.booking_request(ride=offered, passenger=bob, dates=[day_of(offered)])
    [second] = services.booking_request(ride=offered, passenger=carol, dates=[day_of(offered)])
    services.booking_accept(booking=first, actor=alice)
    with pytest.raises(ValidationError) as full:
        services.booking_accept(booking=second, actor=alice)
    assert "Not enough seats left on" in str(full.value)
    second.refresh_from_db()
    assert second.status == Booking.Status.REQUESTED
    assert Trip.objects.get().seats_taken == 1


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        ([], "Choose at least one date"),
        (["tomorrow-but-wrong-weekday"], "does not leave on"),
    ],
)
def test_it_refuses_dates_the_ride_does_not_run(quartier, alice, bob, dates, message):
    offered = ride(quartier, alice)
    wrong = [day_of(offered) + datetime.timedelta(days=1) for _ in dates]
    with pytest.raises(ValidationError) as refused:
        services.booking_request(ride=offered, passenger=bob, dates=wrong)
    assert message in str(refused.value)
    assert not Booking.objects.exists()


def test_own_ride_cancelled_ride_outsider_and_too_many_seats_are_refused(
    quartier, alice, bob, dave
):
    offered = ride(quartier, alice, seats=2)
    day = day_of(offered)
    with pytest.raises(ValidationError):
        services.booking_request(ride=offered, passenger=alice, dates=[day])
    with pytest.raises(PermissionDenied):
        services.booking_request(ride=offered, passenger=dave, dates=[day])
    with pytest.raises(ValidationError) as too_many:
        services.booking_request(ride=offered, passenger=bob, dates=[day], seats=3)
    assert "seats" in too_many.value.message_dict
    services.ride_cancel(ride=offered, actor=alice)
    with pytest.raises(ValidationError):
        services.booking_request(ride=offered, passenger=bob, dates=[day])
    assert not Booking.objects.exists()


def test_a_period_of_a_regular_ride_is_one_series_answered_once(quartier, alice, bob):
    offered = commute(quartier, alice, weekly={1: datetime.time(8), 3: datetime.time(8)})
    today = timezone.localdate()
    period = [today + datetime.timedelta(days=n) for n in range(1, 14)]
    dates = [day for day in period if day.weekday() in {1, 3}]
    asked = services.booking_request(ride=offered, passenger=bob, dates=dates)
    assert len(asked) == len(dates) and len({b.series for b in asked}) == 1
    assert kinds_for(alice) == [ride_kinds.BOOKING_REQUESTED]  # one notice, not four
    services.booking_accept(booking=asked[0], actor=alice)
    assert set(Booking.objects.values_list("status", flat=True)) == {"confirmed"}
    assert list(Trip.objects.values_list("seats_taken", flat=True)) == [1] * len(dates)
    # Cancelling one date keeps the others, and bob stays in the thread.
    services.booking_cancel(booking=asked[0], actor=bob)
    assert Booking.objects.filter(status="confirmed").count() == len(dates) - 1
    assert "Bob" in thread_people(offered)
    services.booking_cancel(booking=asked[1], actor=bob, whole_series=True)
    assert not Booking.objects.filter(status="confirmed").exists()
    assert "Bob" not in thread_people(offered)


def test_a_full_date_in_a_period_refuses_the_whole_request(quartier, alice, bob, carol):
    offered = commute(quartier, alice, seats=1, auto_accept=True)
    tomorrow, after = (timezone.localdate() + datetime.timedelta(days=n) for n in (1, 2))
    services.booking_request(ride=offered, passenger=carol, dates=[after])
    with pytest.raises(ValidationError) as full:
        services.booking_request(ride=offered, passenger=bob, dates=[tomorrow, after])
    assert "Not enough seats left on" in str(full.value)
    assert not Booking.objects.filter(passenger=bob).exists()


# --- the driver cancels ----------------------------------------------------------------------


def test_cancelling_one_date_tells_its_passengers_and_keeps_the_other_dates(
    quartier, alice, bob, carol
):
    offered = commute(quartier, alice, auto_accept=True)
    tomorrow, after = (timezone.localdate() + datetime.timedelta(days=n) for n in (1, 2))
    services.booking_request(ride=offered, passenger=bob, dates=[tomorrow, after])
    services.booking_request(ride=offered, passenger=carol, dates=[after])
    Notification.objects.all().delete()
    services.trip_cancel(ride=offered, actor=alice, date=after, reason="Rendez-vous")
    assert kinds_for(bob) == [ride_kinds.RIDE_CANCELLED]
    assert kinds_for(carol) == [ride_kinds.RIDE_CANCELLED]
    trip = Trip.objects.get(ride=offered, date=after)
    assert (trip.is_cancelled, trip.seats_taken, trip.cancel_reason) == (True, 0, "Rendez-vous")
    assert Booking.objects.get(passenger=bob, trip__date=tomorrow).status == "confirmed"
    assert thread_people(offered) == {"Alice", "Bob"}
    with pytest.raises(ValidationError):
        services.trip_cancel(ride=offered, actor=alice, date=after)
    with pytest.raises(PermissionDenied):
        services.trip_cancel(ride=offered, actor=bob, date=tomorrow)


def test_cancelling_the_whole_ride_tells_every_passenger_once(quartier, alice, bob):
    offered = commute(quartier, alice, auto_accept=True)
    days = [timezone.localdate() + datetime.timedelta(days=n) for n in (1, 2, 3)]
    services.booking_request(ride=offered, passenger=bob, dates=days)
    Notification.objects.all().delete()
    services.ride_cancel(ride=offered, actor=alice, reason="Je déménage")
    assert kinds_for(bob) == [ride_kinds.RIDE_CANCELLED]
    assert set(Booking.objects.values_list("status", "reason")) == {("cancelled", "Je déménage")}
    assert set(Trip.objects.values_list("seats_taken", flat=True)) == {0}
    assert not FeedEntry.objects.get().is_visible


def test_seats_cannot_drop_below_those_already_booked(quartier, alice, bob):
    offered = ride(quartier, alice, seats=3, auto_accept=True)
    services.booking_request(ride=offered, passenger=bob, dates=[day_of(offered)], seats=2)
    with pytest.raises(ValidationError) as refused:
        services.ride_update(ride=offered, actor=alice, seats=1)
    assert "already booked" in " ".join(refused.value.message_dict["seats"])
    services.ride_update(ride=offered, actor=alice, seats=2, notes="Plus de place")
    assert Trip.objects.get().seats == 2
    with pytest.raises(ValidationError):
        services.ride_update(ride=offered, actor=alice, departs_at=in_days(3))
    with pytest.raises(PermissionDenied):
        services.ride_update(ride=offered, actor=bob, seats=4)


def test_a_calendar_address_is_revoked_by_a_new_one(quartier, alice):
    first = services.calendar_feed_for(user=alice)
    assert services.calendar_feed_for(user=alice).token == first.token
    renewed = services.calendar_feed_renew(user=alice)
    assert renewed.token != first.token and len(renewed.token) >= 40


def test_the_database_itself_refuses_more_seats_than_offered(quartier, alice):
    from django.db import IntegrityError, transaction
    from django.db.models import F

    offered = ride(quartier, alice, seats=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Trip.objects.filter(ride=offered).update(seats_taken=F("seats") + 1)
    assert Trip.objects.get().seats_taken == 0


def test_times_of_rides_are_the_sites_whatever_the_readers_timezone(quartier, alice, bob):
    """A member abroad sees the same trip: a weekly 8:00 is 8:00 in Lyon, on the same date."""
    import zoneinfo

    from exchanges.rides.schedule import departures_between

    paris = zoneinfo.ZoneInfo("Europe/Paris")
    with timezone.override(zoneinfo.ZoneInfo("Pacific/Auckland")):
        offered = commute(quartier, alice, weekly={day: datetime.time(8) for day in range(7)})
        tomorrow = datetime.datetime.now(paris).date() + datetime.timedelta(days=1)
        moment = departures_between(offered, tomorrow, tomorrow)[tomorrow]
        assert moment.astimezone(paris).time() == datetime.time(8)
        [asked] = services.booking_request(ride=offered, passenger=bob, dates=[tomorrow])
    assert asked.trip.date == tomorrow
    assert asked.trip.departs_at.astimezone(paris) == datetime.datetime.combine(
        tomorrow, datetime.time(8), tzinfo=paris
    )


def test_a_meeting_point_is_refused_the_name_of_any_place_of_the_quartier(quartier, alice, carol):
    """A meeting point is a place: its name is free among the directory's places and the
    suggestions waiting too, or the database's unique name would answer a server error."""
    from neighbourhood.places.services import place_create, place_decline

    place_create(quartier=quartier, actor=carol, kind="public_service", name="Mairie")
    suggested = place_create(quartier=quartier, actor=alice, kind="shop", name="Boulangerie")
    old = place_create(quartier=quartier, actor=alice, kind="shop", name="Ancienne poste")
    place_decline(place=old, actor=carol)

    for name in ("Mairie", "boulangerie"):
        with pytest.raises(ValidationError) as taken:
            services.meeting_point_create(
                quartier=quartier, actor=carol, name=name, latitude=45.76, longitude=4.86
            )
        # The same words whoever holds the name: nothing of alice's suggestion.
        assert taken.value.message_dict == {
            "name": ["This quartier already has a place by that name."]
        }
    assert not MeetingPoint.objects.exists()
    assert suggested.status == "suggested"
    # A withdrawn place leaves its name free.
    point = services.meeting_point_create(
        quartier=quartier, actor=carol, name="Ancienne poste", latitude=45.76, longitude=4.86
    )
    assert point.kind == "meeting_point"
