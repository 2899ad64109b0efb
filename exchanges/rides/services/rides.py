"""Drivers' writes: publishing a ride, changing it, cancelling it or one of its dates. Each
keeps the ride's feed entry in step, in the same transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from exchanges.rides import kinds, routes
from exchanges.rides.models import (
    MeetingPoint,
    Ride,
    Trip,
    WeeklyDeparture,
)
from exchanges.rides.schedule import departures_between, site_date
from exchanges.rides.services.places import Place, set_places
from exchanges.rides.services.seats import cancel_bookings_of, lock_ride, require_driver, trip_on
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.feed.services import feed_entry_sync
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import is_member
from neighbourhood.relais import acting

MAX_PERIOD_DAYS = 366


MAX_CONTRIBUTION_CENTS = 100_00


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
    set_places(ride, origin, destination, quartier, errors)
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
        check_period(valid_from, valid_until, errors, past_start=False)
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
            WeeklyDeparture(ride=ride, weekday=day, time=time, **reach_of(ride))
            for day, time in weekly.items()
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
        trip_on(ride, site_date(departs_at), create=True)
    ride.conversation = messaging.conversation_open(
        quartier=quartier, title=str(ride), subject=ride, participants=[driver], started_by=driver
    )
    ride.save(update_fields=["conversation"])
    _sync_ride_feed(ride)
    acting.record(actor=driver, verb=acting.Verb.RIDE_OFFERED, target=ride, summary=str(ride))
    return ride


@transaction.atomic
def ride_update(*, ride: Ride, actor: User, **fields: Any) -> Ride:
    """Seats, contribution, detour, comforts, notes and automatic acceptance. The route and
    times do not change: passengers booked on them; cancel and publish anew instead."""
    require_driver(ride, actor)
    lock_ride(ride)
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
    WeeklyDeparture.objects.filter(ride=ride).update(**reach_of(ride))
    Trip.objects.filter(ride=ride, departs_at__gt=timezone.now()).update(seats=ride.seats)
    _sync_ride_feed(ride)
    return ride


@transaction.atomic
def ride_cancel(*, ride: Ride, actor: User, reason: str = "") -> Ride:
    """The whole ride: every passenger still booked is told."""
    require_driver(ride, actor)
    lock_ride(ride)
    if ride.status == Ride.Status.CANCELLED:
        return ride
    ride.status = Ride.Status.CANCELLED
    ride.updated_at = timezone.now()
    ride.save(update_fields=["status", "updated_at"])
    upcoming = Trip.objects.filter(ride=ride, departs_at__gt=timezone.now())
    cancel_bookings_of(ride, list(upcoming), actor, reason.strip()[:300])
    _sync_ride_feed(ride)
    return ride


@transaction.atomic
def trip_cancel(*, ride: Ride, actor: User, date: datetime.date, reason: str = "") -> Trip:
    """One date of a ride (a day off of a regular ride): its passengers are told."""
    require_driver(ride, actor)
    lock_ride(ride)
    leaves = departures_between(ride, date, date)
    if date not in leaves or leaves[date] <= timezone.now():
        raise ValidationError({"date": [_("This ride does not leave on that date.")]})
    trip = trip_on(ride, date, create=True)
    assert trip is not None
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.is_cancelled:
        raise ValidationError({"date": [_("This date is already cancelled.")]})
    trip.is_cancelled = True
    trip.cancel_reason = reason.strip()[:300]
    trip.save(update_fields=["is_cancelled", "cancel_reason"])
    cancel_bookings_of(ride, [trip], actor, trip.cancel_reason)
    if ride.kind == Ride.Kind.ONE_OFF:
        ride.status = Ride.Status.CANCELLED
        ride.save(update_fields=["status"])
        _sync_ride_feed(ride)
    trip.refresh_from_db(fields=["seats_taken"])  # freed by an update in the database
    return trip


def _check_departure(
    departs_at: datetime.datetime | None, now: datetime.datetime, errors: dict[str, list[str]]
) -> None:
    if departs_at is None:
        errors.setdefault("departs_at", []).append(_("Give the date and time of departure."))
    elif departs_at <= now:
        errors.setdefault("departs_at", []).append(_("The departure cannot be in the past."))
    elif departs_at > now + datetime.timedelta(days=MAX_PERIOD_DAYS):
        errors.setdefault("departs_at", []).append(_("Publish rides at most a year ahead."))


def check_period(
    valid_from: datetime.date | None,
    valid_until: datetime.date | None,
    errors: dict[str, list[str]],
    *,
    past_start: bool,
) -> None:
    today = site_date()
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


def reach_of(ride: Ride) -> dict[str, float]:
    """The ride's reach box, as its weekly departures copy it."""
    return {
        "box_min_latitude": ride.box_min_latitude,
        "box_max_latitude": ride.box_max_latitude,
        "box_min_longitude": ride.box_min_longitude,
        "box_max_longitude": ride.box_max_longitude,
    }


def _store_box(ride: Ride, box: routes.Box) -> None:
    ride.box_min_latitude = box.min_latitude
    ride.box_max_latitude = box.max_latitude
    ride.box_min_longitude = box.min_longitude
    ride.box_max_longitude = box.max_longitude


def _set_route(ride: Ride, via: list[MeetingPoint]) -> None:
    origin = (ride.origin_latitude, ride.origin_longitude)
    destination = (ride.destination_latitude, ride.destination_longitude)
    stops = [point.position for point in via]
    ordered = [stops[i] for i in routes.order_stops(origin, destination, stops)]
    route = [origin, *ordered, destination]
    ride.route = [list(point) for point in route]
    ride.route_km = routes.route_length_km(route)
    ride.detour_km = _detour_km(ride)
    _store_box(ride, routes.reach_box(route, ride.detour_km))


def _sync_ride_feed(ride: Ride) -> None:
    # The entry is stored once for every reader, so it holds no words of one language: the
    # page of the ride says the rest.
    feed_entry_sync(
        item=ride,
        kind=kinds.FEED_OFFER,
        quartier=ride.quartier,
        author=ride.driver,
        title=feed_title(str(ride), ride.departs_at),
        summary=ride.notes,
        item_url=ride.get_absolute_url(),
        is_published=ride.status == Ride.Status.ACTIVE,
        expires_at=ride.ends_at,
    )


def feed_title(route: str, when: datetime.datetime | None) -> str:
    if when is None:
        return route
    return f"{route} · {timezone.localtime(when, timezone.get_default_timezone()):%d/%m %H:%M}"
