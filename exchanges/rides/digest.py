"""The carpool's sections of the digest: the rides offered during the reader's period (those
that serve one of their open requests first), and their own trips of the coming week.

Each answers a whole chunk of readers in a fixed number of queries; matching is then done in
memory with the pure functions of `matching` and `routes`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from exchanges.rides import matching, selectors
from exchanges.rides.models import Ride, RideRequest
from exchanges.rides.schedule import departures_between, site_date
from messaging.digests.sections import Item, Reader, Section, page_of, register

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

AHEAD = datetime.timedelta(days=7)
# The reader's best match on each ride: (passenger, ride) → the match and the request it serves.
Served = dict[tuple[int, int], tuple[matching.RideMatch, RideRequest]]


class NewRide(NamedTuple):
    """A new ride as each reader's list needs it, read once for the chunk."""

    order: int  # its place among the chunk's new rides, newest first
    ride: Ride
    driver_id: int
    created_at: datetime.datetime
    plain: Item  # its item when it serves none of the reader's requests


def new_rides(readers: list[Reader]) -> dict[int, list[Item]]:
    """Rides published in the reader's quartiers during their period, by others, still to
    come; those that serve one of the reader's open requests first, best fit first.

    Four queries: the new rides, the weekly times of the regular ones, the readers' open
    requests, and the seats of those rides on every date the requests need. Each reader then
    goes through the new rides of their own quartiers only."""
    if not readers:
        return {}
    now = timezone.now()
    quartier_ids = {quartier for reader in readers for quartier in reader.quartier_ids}
    rides = list(
        _new_rides(
            quartier_ids,
            since=min(reader.since for reader in readers),
            until=max(reader.until for reader in readers),
            now=now,
        )
    )
    # Only a regular ride reads its weekly times (a ride leaving once has its departure).
    prefetch_related_objects([ride for ride in rides if ride.is_regular], "weekly")
    requests = list(_open_requests([reader.user.pk for reader in readers], quartier_ids, now))
    wishes = [matching.wish_of(request, now=now) for request in requests]
    served: Served = {}
    for request, matches in zip(
        requests, matching.rides_for_wishes(wishes, rides, now=now), strict=True
    ):
        for match in matches:
            key = (request.passenger_id, match.ride.pk)
            if key not in served or match.rank < served[key][0].rank:
                served[key] = (match, request)
    # The same item for every reader a ride does not serve: built once.
    by_quartier: dict[int, list[NewRide]] = defaultdict(list)
    for order, ride in enumerate(rides):
        plain = _plain_item(ride, now)
        by_quartier[ride.quartier_id].append(
            NewRide(order, ride, ride.driver_id, ride.created_at, plain)
        )
    return {reader.user.pk: _new_for(reader, by_quartier, served) for reader in readers}


def _new_rides(
    quartier_ids: Collection[int],
    *,
    since: datetime.datetime,
    until: datetime.datetime,
    now: datetime.datetime,
) -> QuerySet[Ride]:
    # Only rides still in the feed: one a coordinator hid is not announced by mail either.
    return Ride.objects.filter(
        Q(kind=Ride.Kind.ONE_OFF, departs_at__gt=now)
        | Q(kind=Ride.Kind.REGULAR, valid_until__gte=site_date(now)),
        quartier_id__in=quartier_ids,
        status=Ride.Status.ACTIVE,
        created_at__gte=since,
        created_at__lt=until,
        feed_entries__is_visible=True,
    ).order_by("-created_at", "-id")


def _open_requests(
    user_ids: list[int], quartier_ids: Collection[int], now: datetime.datetime
) -> QuerySet[RideRequest]:
    still_open = Q(kind=Ride.Kind.ONE_OFF, latest_at__gte=now - matching.MARGIN) | Q(
        kind=Ride.Kind.REGULAR, valid_until__gte=site_date(now)
    )
    return RideRequest.objects.filter(
        still_open,
        passenger_id__in=user_ids,
        quartier_id__in=quartier_ids,
        status=RideRequest.Status.ACTIVE,
    ).order_by("id")


def _new_for(reader: Reader, by_quartier: dict[int, list[NewRide]], served: Served) -> list[Item]:
    news = [fresh for quartier in reader.quartier_ids for fresh in by_quartier.get(quartier, ())]
    if len(reader.quartier_ids) > 1:
        news.sort(key=lambda fresh: fresh.order)  # newest first, whatever the quartier
    matched: list[tuple[tuple[float, datetime.timedelta, int], Item]] = []
    rest: list[Item] = []
    reader_id, since, until = reader.user.pk, reader.since, reader.until
    for fresh in news:
        if fresh.driver_id == reader_id or not since <= fresh.created_at < until:
            continue
        found = served.get((reader_id, fresh.ride.pk)) if served else None
        if found is None:
            rest.append(fresh.plain)
            continue
        match, request = found
        note = format_lazy(_("Serves your request “{request}”"), request=str(request))
        # The first date it serves the request is the item's time, printed after the note.
        matched.append((match.rank, _item(fresh.ride, note, match.occurrences[0].departs_at)))
    matched.sort(key=lambda pair: pair[0])
    return [item for _rank, item in matched] + rest


def _item(ride: Ride, note: StrOrPromise, when: datetime.datetime | None) -> Item:
    return Item(str(ride), page_of(Ride, ride.pk), ride.quartier_id, note, when)


def _plain_item(ride: Ride, now: datetime.datetime) -> Item:
    note: StrOrPromise = Ride.Kind.REGULAR.label if ride.is_regular else ""
    return _item(ride, note, _next_departure(ride, now))


def _next_departure(ride: Ride, now: datetime.datetime) -> datetime.datetime | None:
    if ride.departs_at is not None:
        return ride.departs_at
    assert ride.valid_from is not None
    first = max(site_date(now), ride.valid_from)
    leaves = departures_between(ride, first, first + AHEAD).values()
    return min((moment for moment in leaves if moment > now), default=None)


def upcoming_rides(readers: list[Reader]) -> dict[int, list[Item]]:
    """The reader's own trips leaving in the week after their period, as the driver or with a
    confirmed seat, soonest first. Four queries (see `selectors.trips_ahead`)."""
    if not readers:
        return {}
    lines = selectors.trips_ahead(
        user_ids=[reader.user.pk for reader in readers],
        quartier_ids={quartier for reader in readers for quartier in reader.quartier_ids},
        start=min(reader.until for reader in readers),
        end=max(reader.until for reader in readers) + AHEAD,
    )
    found: dict[int, list[Item]] = defaultdict(list)
    for reader in readers:
        for line in lines.get(reader.user.pk, []):
            if line.ride.quartier_id not in reader.quartier_ids or not (
                reader.until < line.departs_at <= reader.until + AHEAD
            ):
                continue
            found[reader.user.pk].append(_item(line.ride, _trip_note(line), line.departs_at))
    return found


def _trip_note(line: selectors.MyTrip) -> StrOrPromise:
    if line.booking is not None:
        return _seats_note(line.booking.seats)
    if not line.seats_taken:
        return _("You drive; no seat taken yet")
    return _taken_note(line.seats_taken)


# Translated when the mail is written, in the reader's language: `ngettext_lazy(…) % values`
# would translate at once, in whichever language the chunk happens to run.
def _seats(count: int) -> str:
    return ngettext("Your seat is confirmed", "Your %(count)d seats are confirmed", count) % {
        "count": count
    }


def _taken(count: int) -> str:
    return ngettext(
        "You drive; %(count)d seat taken", "You drive; %(count)d seats taken", count
    ) % {"count": count}


_seats_note, _taken_note = lazy(_seats, str), lazy(_taken, str)


def register_sections() -> None:
    register(Section("rides", _("New rides"), 20, new_rides))
    register(Section("rides.upcoming", _("Your upcoming rides"), 25, upcoming_rides, news=False))
