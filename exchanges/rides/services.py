"""Every write to carpooling. Rides and requests keep their feed entry in step, in the same
transaction; seats are taken by a conditional update of the trip, under its check constraint."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from exchanges.rides import routes
from exchanges.rides.models import (
    Booking,
    CalendarFeed,
    MeetingPoint,
    Ride,
    RideRequest,
    Trip,
    WeeklyDeparture,
    new_calendar_token,
)
from exchanges.rides.schedule import departures_between
from messaging import services as messaging
from messaging.models import Notification
from neighbourhood.accounts.models import User
from neighbourhood.feed.models import FeedEntry
from neighbourhood.feed.services import feed_entry_sync
from neighbourhood.geo import haversine_km
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import is_coordinator, is_member

MIN_TRIP_KM = 0.2
MAX_PERIOD_DAYS = 366
MAX_CONTRIBUTION_CENTS = 100_00
MAX_BOOKING_DATES = 120
RIDE_EDITABLE = [
    "seats",
    "contribution_cents",
    "detour_value",
    "detour_unit",
    "luggage",
    "bikes",
    "pets",
    "smoking",
    "notes",
    "auto_accept",
]


@dataclass(frozen=True)
class Place:
    """A point of a ride or request: a meeting point of the quartier, or a label and
    coordinates typed or picked on the map."""

    label: str = ""
    latitude: float | None = None
    longitude: float | None = None
    point: MeetingPoint | None = None


# --- meeting points -------------------------------------------------------------------------


@transaction.atomic
def meeting_point_create(
    *,
    quartier: Quartier,
    actor: User,
    name: str,
    latitude: float,
    longitude: float,
    address: str = "",
) -> MeetingPoint:
    _require_coordinator(quartier, actor)
    point = MeetingPoint(
        quartier=quartier,
        name=name.strip(),
        address=address.strip(),
        latitude=latitude,
        longitude=longitude,
    )
    point.full_clean(exclude=["quartier"], validate_unique=False)
    if MeetingPoint.objects.filter(quartier=quartier, name__iexact=point.name).exists():
        raise ValidationError(
            {"name": [_("This quartier already has a meeting point by that name.")]}
        )
    point.save()
    return point


@transaction.atomic
def meeting_point_delete(*, point: MeetingPoint, actor: User) -> None:
    """Rides and requests keep their label and coordinates; they lose only the link."""
    _require_coordinator(point.quartier, actor)
    point.delete()


# --- rides ---------------------------------------------------------------------------------


@transaction.atomic
def ride_create(
    *,
    quartier: Quartier,
    driver: User,
    kind: str,
    origin: Place,
    destination: Place,
    via: Iterable[MeetingPoint] = (),
    departs_at: datetime.datetime | None = None,
    weekly: dict[int, datetime.time] | None = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    dates_off: Iterable[datetime.date] = (),
    return_of: Ride | None = None,
    **fields: Any,
) -> Ride:
    """Publishes a ride: once at ``departs_at``, or every week at the ``weekly`` times
    (weekday 0 is Monday) from ``valid_from`` to ``valid_until`` except the ``dates_off``."""
    if not is_member(user=driver, quartier=quartier):
        raise PermissionDenied(_("Only members of this quartier can publish in it."))
    unknown = set(fields) - set(RIDE_EDITABLE)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    now = timezone.now()
    ride = Ride(quartier=quartier, driver=driver, kind=kind, created_at=now, updated_at=now)
    errors: dict[str, list[str]] = {}
    _set_places(ride, origin, destination, quartier, errors)
    via = list(via)
    if any(point.quartier_id != quartier.pk for point in via):
        errors.setdefault("via", []).append(_("Choose meeting points of this quartier."))
    weekly = dict(weekly or {})
    dates_off = sorted(set(dates_off))
    if kind == Ride.Kind.ONE_OFF:
        ride.departs_at = departs_at
        _check_departure(departs_at, now, errors)
    elif kind == Ride.Kind.REGULAR:
        ride.valid_from, ride.valid_until = valid_from, valid_until
        _check_period(valid_from, valid_until, errors, past_start=False)
        if not weekly:
            errors.setdefault("weekly", []).append(_("Choose at least one weekday and its time."))
        if any(not 0 <= day <= 6 for day in weekly):
            errors.setdefault("weekly", []).append(_("Weekdays go from 0 (Monday) to 6 (Sunday)."))
        if (
            valid_from
            and valid_until
            and any(not valid_from <= d <= valid_until for d in dates_off)
        ):
            errors.setdefault("dates_off", []).append(
                _("Dates off must fall within the ride's period.")
            )
    else:
        errors.setdefault("kind", []).append(_("Choose once or every week."))
    if return_of is not None and (
        return_of.driver_id != driver.pk
        or return_of.quartier_id != quartier.pk
        or Ride.objects.filter(return_of=return_of).exists()
    ):
        errors.setdefault("return_of", []).append(
            _("A return ride belongs to one of your own rides, which has no return yet.")
        )
    ride.return_of = return_of
    _apply_editable(ride, fields, errors)
    if errors:
        raise ValidationError(errors)
    _set_route(ride, via)
    ride.save()
    ride.via.set(via)
    if kind == Ride.Kind.REGULAR:
        WeeklyDeparture.objects.bulk_create(
            WeeklyDeparture(ride=ride, weekday=day, time=time) for day, time in weekly.items()
        )
        # A date off the ride would not run anyway (a holiday typed as a whole week) is
        # simply not needed.
        runs = departures_between(ride, dates_off[0], dates_off[-1]) if dates_off else {}
        for day in dates_off:
            if day in runs:
                Trip.objects.create(
                    ride=ride, date=day, departs_at=runs[day], seats=ride.seats, is_cancelled=True
                )
    else:
        _trip_on(ride, timezone.localdate(departs_at), create=True)
    ride.conversation = messaging.conversation_open(
        quartier=quartier, title=str(ride), subject=ride, participants=[driver], started_by=driver
    )
    ride.save(update_fields=["conversation"])
    _sync_ride_feed(ride)
    return ride


@transaction.atomic
def ride_update(*, ride: Ride, actor: User, **fields: Any) -> Ride:
    """Seats, contribution, detour, comforts, notes and automatic acceptance. The route and
    times do not change: passengers booked on them; cancel and publish anew instead."""
    _require_driver(ride, actor)
    _lock(ride)
    errors: dict[str, list[str]] = {}
    unknown = set(fields) - set(RIDE_EDITABLE)
    if unknown:
        errors.update({name: [_("This cannot be changed.")] for name in sorted(unknown)})
    _apply_editable(ride, fields, errors)
    if "seats" in fields and not errors:
        crowded = Trip.objects.filter(
            ride=ride, departs_at__gt=timezone.now(), seats_taken__gt=ride.seats
        ).first()
        if crowded is not None:
            errors["seats"] = [
                _("%(count)s seats are already booked on %(date)s.")
                % {"count": crowded.seats_taken, "date": date_format(crowded.date)}
            ]
    if errors:
        raise ValidationError(errors)
    ride.detour_km = _detour_km(ride)
    box = routes.reach_box(ride.route, ride.detour_km)
    _store_box(ride, box)
    ride.updated_at = timezone.now()
    ride.save()
    Trip.objects.filter(ride=ride, departs_at__gt=timezone.now()).update(seats=ride.seats)
    _sync_ride_feed(ride)
    return ride


@transaction.atomic
def ride_cancel(*, ride: Ride, actor: User, reason: str = "") -> Ride:
    """The whole ride: every passenger still booked is told."""
    _require_driver(ride, actor)
    _lock(ride)
    if ride.status == Ride.Status.CANCELLED:
        return ride
    ride.status = Ride.Status.CANCELLED
    ride.updated_at = timezone.now()
    ride.save(update_fields=["status", "updated_at"])
    upcoming = Trip.objects.filter(ride=ride, departs_at__gt=timezone.now())
    _cancel_bookings_of(ride, list(upcoming), actor, reason.strip()[:300])
    _sync_ride_feed(ride)
    return ride


@transaction.atomic
def trip_cancel(*, ride: Ride, actor: User, date: datetime.date, reason: str = "") -> Trip:
    """One date of a ride (a day off of a regular ride): its passengers are told."""
    _require_driver(ride, actor)
    _lock(ride)
    leaves = departures_between(ride, date, date)
    if date not in leaves or leaves[date] <= timezone.now():
        raise ValidationError({"date": [_("This ride does not leave on that date.")]})
    trip = _trip_on(ride, date, create=True)
    assert trip is not None
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.is_cancelled:
        raise ValidationError({"date": [_("This date is already cancelled.")]})
    trip.is_cancelled = True
    trip.cancel_reason = reason.strip()[:300]
    trip.save(update_fields=["is_cancelled", "cancel_reason"])
    _cancel_bookings_of(ride, [trip], actor, trip.cancel_reason)
    if ride.kind == Ride.Kind.ONE_OFF:
        ride.status = Ride.Status.CANCELLED
        ride.save(update_fields=["status"])
        _sync_ride_feed(ride)
    trip.refresh_from_db(fields=["seats_taken"])  # freed by an update in the database
    return trip


# --- requests ------------------------------------------------------------------------------


@transaction.atomic
def ride_request_create(
    *,
    quartier: Quartier,
    passenger: User,
    kind: str,
    origin: Place,
    destination: Place,
    seats: int = 1,
    earliest_at: datetime.datetime | None = None,
    latest_at: datetime.datetime | None = None,
    weekdays: Iterable[int] = (),
    earliest_time: datetime.time | None = None,
    latest_time: datetime.time | None = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    notes: str = "",
) -> RideRequest:
    if not is_member(user=passenger, quartier=quartier):
        raise PermissionDenied(_("Only members of this quartier can publish in it."))
    now = timezone.now()
    request = RideRequest(
        quartier=quartier,
        passenger=passenger,
        kind=kind,
        seats=seats,
        notes=(notes or "").strip(),
        created_at=now,
        updated_at=now,
    )
    errors: dict[str, list[str]] = {}
    _set_places(request, origin, destination, quartier, errors)
    if kind == Ride.Kind.ONE_OFF:
        request.earliest_at, request.latest_at = earliest_at, latest_at
        if earliest_at is None or latest_at is None:
            errors.setdefault("earliest_at", []).append(
                _("Give the earliest and latest departure.")
            )
        elif latest_at < earliest_at:
            errors.setdefault("latest_at", []).append(
                _("The latest departure must come after the earliest.")
            )
        elif latest_at <= now:
            errors.setdefault("latest_at", []).append(_("This time is already past."))
        elif latest_at - earliest_at > datetime.timedelta(hours=24):
            errors.setdefault("latest_at", []).append(_("Give a window of at most 24 hours."))
    elif kind == Ride.Kind.REGULAR:
        days = set(weekdays)
        if not days or any(not 0 <= day <= 6 for day in days):
            errors.setdefault("weekdays", []).append(_("Choose at least one weekday."))
        request.weekdays = sum(1 << day for day in days if 0 <= day <= 6)
        request.earliest_time, request.latest_time = earliest_time, latest_time
        if earliest_time is None or latest_time is None:
            errors.setdefault("earliest_time", []).append(
                _("Give the earliest and latest departure.")
            )
        elif latest_time < earliest_time:
            errors.setdefault("latest_time", []).append(
                _("The latest departure must come after the earliest.")
            )
        request.valid_from, request.valid_until = valid_from, valid_until
        _check_period(valid_from, valid_until, errors, past_start=True)
    else:
        errors.setdefault("kind", []).append(_("Choose once or every week."))
    try:
        request.full_clean(exclude=["quartier", "passenger", "origin_point", "destination_point"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    request.save()
    _sync_request_feed(request)
    return request


@transaction.atomic
def ride_request_close(*, request: RideRequest, actor: User) -> RideRequest:
    if request.passenger_id != actor.pk:
        raise PermissionDenied(_("Only the author of this request can close it."))
    request.status = RideRequest.Status.CLOSED
    request.updated_at = timezone.now()
    request.save(update_fields=["status", "updated_at"])
    _sync_request_feed(request)
    return request


# --- bookings ------------------------------------------------------------------------------


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
    _lock(ride)
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
            {"dates": [_("The ride does not leave on %(dates)s.") % {"dates": _dates(wrong)}]}
        )
    trips = [_trip_on(ride, day, create=True) for day in days]
    off = [trip.date for trip in trips if trip is not None and trip.is_cancelled]
    if off:
        raise ValidationError(
            {"dates": [_("The driver cancelled the ride on %(dates)s.") % {"dates": _dates(off)}]}
        )
    full = [trip.date for trip in trips if trip is not None and trip.seats_free < seats]
    if full:
        raise ValidationError(
            {"dates": [_("Not enough seats left on %(dates)s.") % {"dates": _dates(full)}]}
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
        _confirm(ride, bookings, actor=ride.driver)
        _notify(ride.driver, Notification.Kind.BOOKING_CONFIRMED, passenger, ride, bookings)
        _notify(passenger, Notification.Kind.BOOKING_CONFIRMED, ride.driver, ride, bookings)
    else:
        _notify(ride.driver, Notification.Kind.BOOKING_REQUESTED, passenger, ride, bookings)
    return bookings


@transaction.atomic
def booking_accept(*, booking: Booking, actor: User, whole_series: bool = True) -> list[Booking]:
    """The driver says yes: for every date still requested in the series, or this one. All of
    them or none: a date that has filled up in the meantime is named."""
    ride = booking.trip.ride
    _require_driver(ride, actor)
    _lock(ride)
    bookings = _pending(booking, whole_series)
    if not bookings:
        raise ValidationError(_("There is nothing left to accept in this request."))
    _confirm(ride, bookings, actor=actor)
    _notify(booking.passenger, Notification.Kind.BOOKING_CONFIRMED, actor, ride, bookings)
    return bookings


@transaction.atomic
def booking_decline(
    *, booking: Booking, actor: User, reason: str = "", whole_series: bool = True
) -> list[Booking]:
    ride = booking.trip.ride
    _require_driver(ride, actor)
    _lock(ride)
    bookings = _pending(booking, whole_series)
    if not bookings:
        raise ValidationError(_("There is nothing left to decline in this request."))
    _set_status(bookings, Booking.Status.DECLINED, actor, reason)
    _notify(booking.passenger, Notification.Kind.BOOKING_DECLINED, actor, ride, bookings)
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
    _lock(ride)
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
    _release(bookings)
    _set_status(bookings, Booking.Status.CANCELLED, actor, reason)
    _leave_thread_if_done(ride, booking.passenger)
    other = ride.driver if actor.pk == booking.passenger_id else booking.passenger
    _notify(other, Notification.Kind.BOOKING_CANCELLED, actor, ride, bookings)
    return bookings


# --- the calendar --------------------------------------------------------------------------


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


# --- inside --------------------------------------------------------------------------------


def _lock(ride: Ride) -> None:
    """Takes the ride's row lock and reads it afresh: a ride being cancelled takes no new
    seats, and bookings on one ride are decided one at a time. Every write that touches seats
    takes it first, so locks are always taken in the same order (ride, bookings, trips)."""
    list(Ride.objects.select_for_update().filter(pk=ride.pk).values_list("pk", flat=True))
    ride.refresh_from_db(fields=["status", "seats", "auto_accept"])


def _require_driver(ride: Ride, actor: User) -> None:
    if ride.driver_id != actor.pk:
        raise PermissionDenied(_("Only the driver of this ride can do this."))


def _require_coordinator(quartier: Quartier, actor: User) -> None:
    if not is_coordinator(user=actor, quartier=quartier):
        raise PermissionDenied(_("Only a coordinator of this quartier can do this."))


def _set_places(
    item: Ride | RideRequest,
    origin: Place,
    destination: Place,
    quartier: Quartier,
    errors: dict[str, list[str]],
) -> None:
    for prefix, place in (("origin", origin), ("destination", destination)):
        point = place.point
        if point is not None and point.quartier_id != quartier.pk:
            errors.setdefault(prefix, []).append(_("Choose a meeting point of this quartier."))
            continue
        label = (place.label or (point.name if point else "")).strip()
        latitude = point.latitude if point else place.latitude
        longitude = point.longitude if point else place.longitude
        if not label:
            errors.setdefault(f"{prefix}_label", []).append(_("Say where, in a few words."))
        if latitude is None or longitude is None:
            errors.setdefault(prefix, []).append(
                _("Choose a meeting point, pick the place on the map or type its coordinates.")
            )
            continue
        if not -90 <= latitude <= 90:
            errors.setdefault(f"{prefix}_latitude", []).append(
                _("A latitude lies between -90 and 90.")
            )
        if not -180 <= longitude <= 180:
            errors.setdefault(f"{prefix}_longitude", []).append(
                _("A longitude lies between -180 and 180.")
            )
        setattr(item, f"{prefix}_label", label[:200])
        setattr(item, f"{prefix}_latitude", latitude)
        setattr(item, f"{prefix}_longitude", longitude)
        setattr(item, f"{prefix}_point", point)
    if errors:
        return
    distance = haversine_km(
        item.origin_latitude,
        item.origin_longitude,
        item.destination_latitude,
        item.destination_longitude,
    )
    if distance < MIN_TRIP_KM:
        errors.setdefault("destination", []).append(
            _("The destination must be somewhere else than the departure.")
        )


def _check_departure(
    departs_at: datetime.datetime | None, now: datetime.datetime, errors: dict[str, list[str]]
) -> None:
    if departs_at is None:
        errors.setdefault("departs_at", []).append(_("Give the date and time of departure."))
    elif departs_at <= now:
        errors.setdefault("departs_at", []).append(_("The departure cannot be in the past."))
    elif departs_at > now + datetime.timedelta(days=MAX_PERIOD_DAYS):
        errors.setdefault("departs_at", []).append(_("Publish rides at most a year ahead."))


def _check_period(
    valid_from: datetime.date | None,
    valid_until: datetime.date | None,
    errors: dict[str, list[str]],
    *,
    past_start: bool,
) -> None:
    today = timezone.localdate()
    if valid_from is None or valid_until is None:
        errors.setdefault("valid_from", []).append(_("Give the first and last dates."))
    elif valid_until < valid_from:
        errors.setdefault("valid_until", []).append(_("The last date must come after the first."))
    elif valid_until < today or (not past_start and valid_from < today):
        errors.setdefault("valid_from", []).append(_("The dates cannot be in the past."))
    elif (valid_until - valid_from).days > MAX_PERIOD_DAYS:
        errors.setdefault("valid_until", []).append(_("A period lasts a year at most."))


def _apply_editable(ride: Ride, fields: dict[str, Any], errors: dict[str, list[str]]) -> None:
    for name in RIDE_EDITABLE:
        if name in fields:
            setattr(ride, name, fields[name])
    ride.notes = (ride.notes or "").strip()
    if (
        ride.contribution_cents is not None
        and not 0 <= ride.contribution_cents <= MAX_CONTRIBUTION_CENTS
    ):
        errors.setdefault("contribution_cents", []).append(
            _("A contribution lies between 0 and 100 euros.")
        )
    try:
        ride.full_clean(
            exclude=[
                "quartier",
                "driver",
                "origin_point",
                "destination_point",
                "return_of",
                "conversation",
                "contribution_cents",
            ],
            validate_constraints=False,
            validate_unique=False,
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name not in errors:
                errors.setdefault(name, []).extend(messages)


def _detour_km(ride: Ride) -> float:
    if ride.detour_unit == Ride.DetourUnit.KILOMETRES:
        return float(ride.detour_value)
    return routes.km_for_minutes(ride.detour_value)


def _store_box(ride: Ride, box: routes.Box) -> None:
    ride.box_min_latitude = box.min_latitude
    ride.box_max_latitude = box.max_latitude
    ride.box_min_longitude = box.min_longitude
    ride.box_max_longitude = box.max_longitude


def _set_route(ride: Ride, via: list[MeetingPoint]) -> None:
    origin = (ride.origin_latitude, ride.origin_longitude)
    destination = (ride.destination_latitude, ride.destination_longitude)
    stops = [(point.latitude, point.longitude) for point in via]
    ordered = [stops[i] for i in routes.order_stops(origin, destination, stops)]
    route = [origin, *ordered, destination]
    ride.route = [list(point) for point in route]
    ride.route_km = routes.route_length_km(route)
    ride.detour_km = _detour_km(ride)
    _store_box(ride, routes.reach_box(route, ride.detour_km))


def _trip_on(ride: Ride, day: datetime.date, *, create: bool) -> Trip | None:
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


def _pending(booking: Booking, whole_series: bool) -> list[Booking]:
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


def _confirm(ride: Ride, bookings: list[Booking], *, actor: User) -> None:
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
            {"dates": [_("Not enough seats left on %(dates)s.") % {"dates": _dates(full)}]}
        )
    _set_status(bookings, Booking.Status.CONFIRMED, actor, "")
    assert ride.conversation is not None
    messaging.conversation_add_participant(
        conversation=ride.conversation, user=bookings[0].passenger
    )


def _release(bookings: list[Booking]) -> None:
    for booking in bookings:
        if booking.status == Booking.Status.CONFIRMED:
            Trip.objects.filter(pk=booking.trip_id, seats_taken__gte=booking.seats).update(
                seats_taken=F("seats_taken") - booking.seats
            )


def _set_status(bookings: list[Booking], status: str, actor: User, reason: str) -> None:
    now = timezone.now()
    for booking in bookings:
        booking.status = status
        booking.changed_by = actor
        booking.reason = reason.strip()[:300]
        booking.updated_at = now
    Booking.objects.bulk_update(bookings, ["status", "changed_by", "reason", "updated_at"])


def _leave_thread_if_done(ride: Ride, passenger: User) -> None:
    still_riding = Booking.objects.filter(
        trip__ride=ride, passenger=passenger, status=Booking.Status.CONFIRMED
    ).exists()
    if not still_riding and ride.conversation is not None:
        messaging.conversation_remove_participant(conversation=ride.conversation, user=passenger)


def _cancel_bookings_of(ride: Ride, trips: list[Trip], actor: User, reason: str) -> None:
    bookings = list(
        Booking.objects.select_for_update(of=("self",))
        .filter(trip__in=trips, status__in=[Booking.Status.REQUESTED, Booking.Status.CONFIRMED])
        .select_related("trip", "passenger")
    )
    _release(bookings)
    _set_status(bookings, Booking.Status.CANCELLED, actor, reason)
    by_passenger: dict[int, list[Booking]] = {}
    for booking in bookings:
        by_passenger.setdefault(booking.passenger_id, []).append(booking)
    for passenger_bookings in by_passenger.values():
        passenger = passenger_bookings[0].passenger
        _leave_thread_if_done(ride, passenger)
        _notify(passenger, Notification.Kind.RIDE_CANCELLED, actor, ride, passenger_bookings)


def _dates(days: Iterable[datetime.date]) -> str:
    return ", ".join(date_format(day, "SHORT_DATE_FORMAT") for day in days)


def _notify(user: User, kind: str, actor: User, ride: Ride, bookings: list[Booking]) -> None:
    days = sorted(booking.trip.date for booking in bookings)
    when = _dates(days[:3]) + ("…" if len(days) > 3 else "")
    messaging.notification_create(
        user=user,
        kind=kind,
        actor=actor,
        title=f"{ride} · {when}",
        url=ride.get_absolute_url(),
    )


def _sync_ride_feed(ride: Ride) -> None:
    # The entry is stored once for every reader, so it holds no words of one language: the
    # page of the ride says the rest.
    feed_entry_sync(
        item=ride,
        kind=FeedEntry.Kind.RIDE_OFFER,
        quartier=ride.quartier,
        author=ride.driver,
        title=_feed_title(str(ride), ride.departs_at),
        summary=ride.notes,
        item_url=ride.get_absolute_url(),
        is_published=ride.status == Ride.Status.ACTIVE,
        expires_at=ride.ends_at,
    )


def _sync_request_feed(request: RideRequest) -> None:
    feed_entry_sync(
        item=request,
        kind=FeedEntry.Kind.RIDE_REQUEST,
        quartier=request.quartier,
        author=request.passenger,
        title=_feed_title(str(request), request.earliest_at),
        summary=request.notes,
        item_url=request.get_absolute_url(),
        is_published=request.status == RideRequest.Status.ACTIVE,
        expires_at=request.ends_at,
    )


def _feed_title(route: str, when: datetime.datetime | None) -> str:
    if when is None:
        return route
    return f"{route} · {timezone.localtime(when):%d/%m %H:%M}"
