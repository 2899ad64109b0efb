"""Taking and freeing seats, one trip (one date of a ride) at a time, and telling people.

Every write that changes seats first takes the ride's row lock (`lock_ride`), so locks are
always taken in the same order (ride, bookings, trip) and a ride being cancelled takes no new
seat. Seats are taken by one conditional update of the trip, under its check constraint."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from exchanges.rides import kinds
from exchanges.rides.models import (
    Booking,
    Ride,
    Trip,
)
from exchanges.rides.schedule import departures_between
from messaging import services as messaging
from neighbourhood.accounts.models import User


def lock_ride(ride: Ride) -> None:
    """Takes the ride's row lock and reads it afresh: a ride being cancelled takes no new
    seats, and bookings on one ride are decided one at a time. Every write that touches seats
    takes it first, so locks are always taken in the same order (ride, bookings, trips)."""
    list(Ride.objects.select_for_update().filter(pk=ride.pk).values_list("pk", flat=True))
    ride.refresh_from_db(fields=["status", "seats", "auto_accept"])


def require_driver(ride: Ride, actor: User) -> None:
    if ride.driver_id != actor.pk:
        raise PermissionDenied(_("Only the driver of this ride can do this."))


def trip_on(ride: Ride, day: datetime.date, *, create: bool) -> Trip | None:
    """The trip of ``ride`` on ``day``, created the first time it is needed."""
    trip = Trip.objects.filter(ride=ride, date=day).first()
    if trip is not None or not create:
        return trip
    try:
        with transaction.atomic():
            return Trip.objects.create(
                ride=ride,
                date=day,
                departs_at=departures_between(ride, day, day)[day],
                seats=ride.seats,
            )
    except IntegrityError:  # created by someone else at the same moment
        return Trip.objects.get(ride=ride, date=day)


def pending(booking: Booking, whole_series: bool) -> list[Booking]:
    chosen = (
        Booking.objects.filter(series=booking.series)
        if whole_series
        else Booking.objects.filter(pk=booking.pk)
    )
    return list(
        chosen.select_for_update(of=("self",))
        .filter(status=Booking.Status.REQUESTED, trip__departs_at__gt=timezone.now())
        .select_related("trip")
    )


def confirm(ride: Ride, bookings: list[Booking], *, actor: User) -> None:
    """Takes the seats, each with one conditional update: of many people asking for the last
    seat at once, exactly one gets it. All of them or none."""
    full = []
    for booking in bookings:
        taken = Trip.objects.filter(
            pk=booking.trip_id,
            is_cancelled=False,
            seats_taken__lte=F("seats") - booking.seats,
        ).update(seats_taken=F("seats_taken") + booking.seats)
        if not taken:
            full.append(booking.trip.date)
    if full:
        raise ValidationError(
            {"dates": [_("Not enough seats left on %(dates)s.") % {"dates": format_dates(full)}]}
        )
    set_status(bookings, Booking.Status.CONFIRMED, actor, "")
    assert ride.conversation is not None
    messaging.conversation_add_participant(
        conversation=ride.conversation, user=bookings[0].passenger
    )


def release(bookings: list[Booking]) -> None:
    for booking in bookings:
        if booking.status == Booking.Status.CONFIRMED:
            Trip.objects.filter(pk=booking.trip_id, seats_taken__gte=booking.seats).update(
                seats_taken=F("seats_taken") - booking.seats
            )


def set_status(bookings: list[Booking], status: str, actor: User, reason: str) -> None:
    now = timezone.now()
    for booking in bookings:
        booking.status = status
        booking.changed_by = actor
        booking.reason = reason.strip()[:300]
        booking.updated_at = now
    Booking.objects.bulk_update(bookings, ["status", "changed_by", "reason", "updated_at"])


def leave_thread_if_done(ride: Ride, passenger: User) -> None:
    still_riding = Booking.objects.filter(
        trip__ride=ride, passenger=passenger, status=Booking.Status.CONFIRMED
    ).exists()
    if not still_riding and ride.conversation is not None:
        messaging.conversation_remove_participant(conversation=ride.conversation, user=passenger)


def cancel_bookings_of(ride: Ride, trips: list[Trip], actor: User, reason: str) -> None:
    bookings = list(
        Booking.objects.select_for_update(of=("self",))
        .filter(trip__in=trips, status__in=[Booking.Status.REQUESTED, Booking.Status.CONFIRMED])
        .select_related("trip", "passenger")
    )
    release(bookings)
    set_status(bookings, Booking.Status.CANCELLED, actor, reason)
    by_passenger: dict[int, list[Booking]] = {}
    for booking in bookings:
        by_passenger.setdefault(booking.passenger_id, []).append(booking)
    for passenger_bookings in by_passenger.values():
        passenger = passenger_bookings[0].passenger
        leave_thread_if_done(ride, passenger)
        notify(passenger, kinds.RIDE_CANCELLED, actor, ride, passenger_bookings)


def format_dates(days: Iterable[datetime.date]) -> str:
    return ", ".join(date_format(day, "SHORT_DATE_FORMAT") for day in days)


def notify(user: User, kind: str, actor: User, ride: Ride, bookings: list[Booking]) -> None:
    days = sorted(booking.trip.date for booking in bookings)
    when = format_dates(days[:3]) + ("…" if len(days) > 3 else "")
    messaging.notification_create(
        user=user,
        kind=kind,
        actor=actor,
        title=f"{ride} · {when}",
        url=ride.get_absolute_url(),
    )
