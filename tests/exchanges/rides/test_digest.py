"""The digest's "New rides" (those serving the reader's requests first) and "Your upcoming
rides" (the reader's own trips of the coming week)."""

import datetime

import pytest
from django.utils import timezone

from exchanges.rides import digest, services
from exchanges.rides.models import Ride
from messaging.digests.sections import Reader, registered
from tests.factories import (
    VAISE,
    MembershipFactory,
    QuartierFactory,
    UserFactory,
    in_days,
    place,
    request_fields,
    ride_fields,
)

pytestmark = pytest.mark.django_db

SERVES_BOBS_REQUEST = "Serves your request “Hôtel de Ville → Gare Part-Dieu”"


def ride(quartier, driver, **overrides) -> Ride:
    return services.ride_create(quartier=quartier, driver=driver, **ride_fields(**overrides))


def to_vaise(quartier, driver, **overrides) -> Ride:
    """A ride that serves no one going to Part-Dieu."""
    return ride(quartier, driver, destination=place(VAISE, "Vaise"), **overrides)


def weekly(quartier, driver, day: datetime.date, **overrides) -> Ride:
    """Every week on ``day``'s weekday at 8:00, for five weeks from today."""
    return ride(
        quartier,
        driver,
        kind="regular",
        departs_at=None,
        weekly={day.weekday(): datetime.time(8)},
        valid_from=timezone.localdate(),
        valid_until=timezone.localdate() + datetime.timedelta(days=35),
        **overrides,
    )


def published_days_ago(offered: Ride, days: int) -> None:
    Ride.objects.filter(pk=offered.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def reader(user, *quartiers) -> Reader:
    now = timezone.now()
    return Reader(
        user=user,
        since=now - datetime.timedelta(days=1),
        until=now + datetime.timedelta(minutes=1),
        quartier_ids=frozenset(quartier.pk for quartier in quartiers),
    )


def lines(found, user) -> list[tuple[str, str, datetime.datetime | None]]:
    return [(item.title, str(item.note), item.when) for item in found.get(user.pk, [])]


def day_of(moment: datetime.datetime | None) -> datetime.date:
    assert moment is not None
    return timezone.localdate(moment)


@pytest.fixture
def bobs_request(quartier, bob):
    """From the Hôtel de Ville to Part-Dieu, in two days between 7:45 and 8:30."""
    return services.ride_request_create(quartier=quartier, passenger=bob, **request_fields())


def test_a_ride_that_serves_the_readers_request_comes_first_with_its_note(
    quartier, alice, bob, carol, bobs_request
):
    serving = ride(quartier, alice)
    # Older than Carol's, yet of the period: the match comes first all the same.
    Ride.objects.filter(pk=serving.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    other = to_vaise(quartier, carol, departs_at=in_days(3))

    found = digest.new_rides([reader(bob, quartier)])

    assert lines(found, bob) == [
        ("Place de la Croix-Rousse → Gare Part-Dieu", SERVES_BOBS_REQUEST, serving.departs_at),
        ("Place de la Croix-Rousse → Vaise", "", other.departs_at),
    ]
    assert found[bob.pk][0].url == f"/rides/{serving.pk}/"
    assert found[bob.pk][0].quartier_id == quartier.pk


def test_a_weekly_ride_is_timed_at_the_first_date_it_serves(quartier, alice, bob):
    first = timezone.localdate() + datetime.timedelta(days=2)
    commute = weekly(quartier, alice, first)
    services.trip_cancel(ride=commute, actor=alice, date=first, reason="garage")
    services.ride_request_create(
        quartier=quartier,
        passenger=bob,
        **request_fields(
            kind="regular",
            earliest_at=None,
            latest_at=None,
            weekdays=[first.weekday()],
            earliest_time=datetime.time(7, 45),
            latest_time=datetime.time(8, 30),
            valid_from=first,
            valid_until=first + datetime.timedelta(days=20),
        ),
    )

    [item] = digest.new_rides([reader(bob, quartier)])[bob.pk]

    assert str(item.note) == SERVES_BOBS_REQUEST
    assert item.when is not None
    # The cancelled date is skipped: the next week's.
    assert day_of(item.when) == first + datetime.timedelta(days=7)
    assert timezone.localtime(item.when).time() == datetime.time(8)


def test_it_lists_only_new_rides_of_others_in_the_readers_quartiers(
    quartier, alice, bob, elsewhere, eve
):
    ride(elsewhere, eve)
    ride(quartier, bob)
    old = ride(quartier, alice, departs_at=in_days(3))
    published_days_ago(old, 2)
    new = to_vaise(quartier, alice)

    found = digest.new_rides([reader(bob, quartier), reader(eve, elsewhere)])

    assert [item.url for item in found[bob.pk]] == [f"/rides/{new.pk}/"]
    assert found[eve.pk] == []


def test_a_reader_of_two_quartiers_reads_both_newest_first_each_with_its_own_page(
    quartier, alice, bob, elsewhere, eve
):
    MembershipFactory.create(quartier=elsewhere, user=bob)
    oldest = to_vaise(quartier, alice)
    middle = weekly(elsewhere, eve, day_of(in_days(2)))
    newest = to_vaise(quartier, alice, departs_at=in_days(3))
    for hours, offered in ((3, oldest), (2, middle), (1, newest)):
        Ride.objects.filter(pk=offered.pk).update(
            created_at=timezone.now() - datetime.timedelta(hours=hours)
        )

    found = digest.new_rides([reader(bob, quartier, elsewhere)])

    assert [(item.url, item.quartier_id) for item in found[bob.pk]] == [
        (f"/rides/{newest.pk}/", quartier.pk),
        (f"/rides/{middle.pk}/", elsewhere.pk),
        (f"/rides/{oldest.pk}/", quartier.pk),
    ]
    # The regular ride is timed at its next departure, read from its weekly times.
    assert day_of(found[bob.pk][1].when) == day_of(in_days(2))


def test_a_cancelled_ride_or_a_full_date_is_not_announced_as_matching(
    quartier, alice, bob, carol, bobs_request
):
    full = ride(quartier, alice, seats=1, auto_accept=True)
    services.booking_request(ride=full, passenger=carol, dates=[day_of(in_days(2))])
    cancelled = ride(quartier, carol, departs_at=in_days(2, 8, 10))
    services.ride_cancel(ride=cancelled, actor=carol, reason="panne")

    found = digest.new_rides([reader(bob, quartier)])

    assert lines(found, bob) == [("Place de la Croix-Rousse → Gare Part-Dieu", "", full.departs_at)]


def test_the_readers_upcoming_trips_as_driver_or_confirmed_passenger(
    quartier, alice, bob, carol, dave
):
    MembershipFactory.create(quartier=quartier, user=dave)
    soon = ride(quartier, alice)
    [seat] = services.booking_request(ride=soon, passenger=bob, dates=[day_of(soon.departs_at)])
    services.booking_accept(booking=seat, actor=alice)
    services.booking_request(ride=soon, passenger=dave, dates=[day_of(soon.departs_at)])
    ride(quartier, alice, departs_at=in_days(10))  # beyond the week
    cancelled_date = in_days(3)
    regular = weekly(quartier, carol, day_of(cancelled_date))
    services.trip_cancel(ride=regular, actor=carol, date=day_of(cancelled_date), reason="congés")

    found = digest.upcoming_rides([reader(user, quartier) for user in (alice, bob, carol, dave)])

    title = "Place de la Croix-Rousse → Gare Part-Dieu"
    assert lines(found, alice) == [(title, "You drive; 1 seat taken", soon.departs_at)]
    assert lines(found, bob) == [(title, "Your seat is confirmed", soon.departs_at)]
    assert lines(found, carol) == []
    assert lines(found, dave) == []  # asked, not confirmed


def test_a_trip_in_a_quartier_the_reader_left_is_not_recalled(quartier, alice):
    ride(quartier, alice)
    elsewhere = QuartierFactory.create(name="Guillotière")

    assert lines(digest.upcoming_rides([reader(alice, elsewhere)]), alice) == []


def test_new_rides_cost_the_same_queries_for_3_readers_as_for_30(
    quartier, alice, carol, django_assert_num_queries
):
    readers = []
    for _n in range(30):
        user = UserFactory.create()
        MembershipFactory.create(quartier=quartier, user=user)
        services.ride_request_create(quartier=quartier, passenger=user, **request_fields())
        readers.append(reader(user, quartier))
    ride(quartier, alice)
    weekly(quartier, carol, day_of(in_days(2)))

    # The new rides, their weekly times, the readers' open requests, the seats of the rides.
    with django_assert_num_queries(4):
        few = digest.new_rides(readers[:3])
    with django_assert_num_queries(4):
        many = digest.new_rides(readers)

    assert len(few) == 3
    assert all(len(items) == 2 for items in many.values())
    assert all(str(items[0].note) == SERVES_BOBS_REQUEST for items in many.values())


def test_upcoming_rides_cost_the_same_queries_for_3_readers_as_for_30(
    quartier, alice, django_assert_num_queries
):
    users = []
    for _n in range(30):
        user = UserFactory.create()
        MembershipFactory.create(quartier=quartier, user=user)
        users.append(user)
    soon = ride(quartier, users[0])
    [seat] = services.booking_request(ride=soon, passenger=users[1], dates=[day_of(in_days(2))])
    services.booking_accept(booking=seat, actor=users[0])
    for user in users[2:]:
        weekly(quartier, user, day_of(in_days(3)))
    readers = [reader(user, quartier) for user in users]

    # The rides driven, their weekly times, their dates' trips, the confirmed seats.
    with django_assert_num_queries(4):
        few = digest.upcoming_rides(readers[:3])
    with django_assert_num_queries(4):
        many = digest.upcoming_rides(readers)

    assert len(few) == 3
    assert len(many) == 30
    assert all(len(items) == 1 for items in many.values())


def test_they_are_registered_with_the_digest():
    sections = {section.key: section for section in registered()}
    assert (sections["rides"].collect, sections["rides"].news) == (digest.new_rides, True)
    upcoming = sections["rides.upcoming"]
    assert (upcoming.collect, upcoming.order, upcoming.news) == (digest.upcoming_rides, 25, False)
