"""Seats asked for, accepted, declined and cancelled; the private calendar address."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.rides import kinds
from exchanges.rides.models import (
    Booking,
    CalendarFeed,
    Ride,
    new_calendar_token,
)
from exchanges.rides.schedule import departures_between
from exchanges.rides.services.seats import (
    confirm,
    format_dates,
    leave_thread_if_done,
    lock_ride,
    notify,
    pending,
    release,
    require_driver,
    set_status,
    trip_on,
)
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import is_member
from neighbourhood.relais import acting

MAX_BOOKING_DATES = 120


@transaction.atomic
def booking_request(
    *,
    ride: Ride,
    passenger: User,
    dates: Iterable[datetime.date],
    seats: int = 1,
    pickup_label: str = "",
    dropoff_label: str = "",
    message: str = "",
) -> list[Booking]:
    """Asks for ``seats`` on each of ``dates``; all of them or none. With automatic acceptance
    the seats are taken at once."""
    if ride.driver_id == passenger.pk:
        raise ValidationError(_("This is your own ride."))
    if not is_member(user=passenger, quartier=ride.quartier):
        raise PermissionDenied(_("Only members of this quartier can book a seat."))
    lock_ride(ride)
    if ride.status != Ride.Status.ACTIVE:
        raise ValidationError(_("This ride is cancelled."))
    if not 1 <= seats <= ride.seats:
        raise ValidationError(
            {"seats": [_("Ask for 1 to %(count)s seats.") % {"count": ride.seats}]}
        )
    days = sorted(set(dates))
    if not days:
        raise ValidationError({"dates": [_("Choose at least one date.")]})
    if len(days) > MAX_BOOKING_DATES:
        raise ValidationError(
            {"dates": [_("At most %(count)s dates at once.") % {"count": MAX_BOOKING_DATES}]}
        )
    leaves = departures_between(ride, days[0], days[-1])
    now = timezone.now()
    wrong = [day for day in days if day not in leaves or leaves[day] <= now]
    if wrong:
        raise ValidationError(
            {"dates": [_("The ride does not leave on %(dates)s.") % {"dates": format_dates(wrong)}]}
        )
    trips = [trip_on(ride, day, create=True) for day in days]
    off = [trip.date for trip in trips if trip is not None and trip.is_cancelled]
    if off:
        raise ValidationError(
            {
                "dates": [
                    _("The driver cancelled the ride on %(dates)s.") % {"dates": format_dates(off)}
                ]
            }
        )
    full = [trip.date for trip in trips if trip is not None and trip.seats_free < seats]
    if full:
        raise ValidationError(
            {"dates": [_("Not enough seats left on %(dates)s.") % {"dates": format_dates(full)}]}
        )
    series = uuid.uuid4()
    bookings = []
    try:
        with transaction.atomic():
            for trip in trips:
                assert trip is not None
                bookings.append(
                    Booking.objects.create(
                        trip=trip,
                        passenger=passenger,
                        series=series,
                        seats=seats,
                        pickup_label=pickup_label.strip()[:200],
                        dropoff_label=dropoff_label.strip()[:200],
                        message=message.strip()[:500],
                        changed_by=passenger,
                    )
                )
    except IntegrityError:
        raise ValidationError(
            {"dates": [_("You already have a seat or a request on one of these dates.")]}
        ) from None
    if ride.auto_accept:
        confirm(ride, bookings, actor=ride.driver)
        notify(ride.driver, kinds.BOOKING_TAKEN, passenger, ride, bookings)
        notify(passenger, kinds.BOOKING_CONFIRMED, ride.driver, ride, bookings)
    else:
        notify(ride.driver, kinds.BOOKING_REQUESTED, passenger, ride, bookings)
    for booking in bookings:
        acting.record(
            actor=passenger,
            verb=acting.Verb.SEAT_REQUESTED,
            target=booking,
            summary=f"{ride} · {booking.trip.date:%d/%m/%Y}",
        )
    return bookings


@transaction.atomic
def booking_accept(*, booking: Booking, actor: User, whole_series: bool = True) -> list[Booking]:
    """The driver says yes: for every date still requested in the series, or this one. All of
    them or none: a date that has filled up in the meantime is named."""
    ride = booking.trip.ride
    require_driver(ride, actor)
    lock_ride(ride)
    bookings = pending(booking, whole_series)
    if not bookings:
        raise ValidationError(_("There is nothing left to accept in this request."))
    confirm(ride, bookings, actor=actor)
    notify(booking.passenger, kinds.BOOKING_CONFIRMED, actor, ride, bookings)
    return bookings


@transaction.atomic
def booking_decline(
    *, booking: Booking, actor: User, reason: str = "", whole_series: bool = True
) -> list[Booking]:
    ride = booking.trip.ride
    require_driver(ride, actor)
    lock_ride(ride)
    bookings = pending(booking, whole_series)
    if not bookings:
        raise ValidationError(_("There is nothing left to decline in this request."))
    set_status(bookings, Booking.Status.DECLINED, actor, reason)
    notify(booking.passenger, kinds.BOOKING_DECLINED, actor, ride, bookings)
    return bookings


@transaction.atomic
def booking_cancel(
    *, booking: Booking, actor: User, reason: str = "", whole_series: bool = False
) -> list[Booking]:
    """The passenger or the driver calls off a seat (or every date of the series still to
    come); confirmed seats are freed and the other side is told."""
    ride = booking.trip.ride
    if actor.pk not in {booking.passenger_id, ride.driver_id}:
        raise PermissionDenied(_("Only the passenger or the driver can cancel this booking."))
    lock_ride(ride)
    chosen = (
        Booking.objects.filter(series=booking.series)
        if whole_series
        else Booking.objects.filter(pk=booking.pk)
    )
    bookings = list(
        chosen.select_for_update(of=("self",))
        .filter(status__in=[Booking.Status.REQUESTED, Booking.Status.CONFIRMED])
        .filter(trip__departs_at__gt=timezone.now())
        .select_related("trip")
    )
    if not bookings:
        raise ValidationError(_("There is nothing left to cancel in this booking."))
    release(bookings)
    set_status(bookings, Booking.Status.CANCELLED, actor, reason)
    leave_thread_if_done(ride, booking.passenger)
    other = ride.driver if actor.pk == booking.passenger_id else booking.passenger
    notify(other, kinds.BOOKING_CANCELLED, actor, ride, bookings)
    return bookings


def calendar_feed_for(*, user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """A new secret address; the old one stops working."""
    feed = calendar_feed_for(user=user)
    feed.token = new_calendar_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed
