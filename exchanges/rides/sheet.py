"""The carpool's section of the quartier sheet: the next rides of the coming two weeks that
still have a free seat, soonest first, coded "C-<id>" (C for covoiturage). A full date is left
out; a weekly ride shows its next date with a free seat.

Three queries: the rides, their weekly times, and the quartier's trips of the fortnight (read
by quartier and dates, so the count never depends on the rides found).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from exchanges.rides.models import Ride, Trip
from exchanges.rides.schedule import departures_between, site_date
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.sheet.codes import code_for
from neighbourhood.quartiers.sheet.sections import (
    MAX_LINES,
    Line,
    Moment,
    Part,
    SheetSection,
    register,
)

LETTER = "C"
AHEAD = datetime.timedelta(days=14)


@dataclass(frozen=True)
class _Next:
    departs_at: datetime.datetime
    ride: Ride
    seats_free: int


def sheet_parts(quartier: Quartier, moment: Moment) -> list[Part]:
    found = sorted(
        _next_with_seats(quartier, moment.now),
        key=lambda next_: (next_.departs_at, next_.ride.pk),
    )
    lines = [_line(next_, moment) for next_ in found[:MAX_LINES]]
    return [
        Part(
            "rides",
            _("Rides with a free seat, in the next two weeks"),
            lines,
            more=len(found) - len(lines),
            new_count=sum(1 for next_ in found if moment.is_new(next_.ride.created_at)),
            empty=_("No ride with a free seat at the moment."),
        )
    ]


def _next_with_seats(quartier: Quartier, now: datetime.datetime) -> list[_Next]:
    first, last = site_date(now), site_date(now + AHEAD)
    rides = Ride.objects.filter(
        Q(kind=Ride.Kind.ONE_OFF, departs_at__gt=now, departs_at__lte=now + AHEAD)
        | Q(kind=Ride.Kind.REGULAR, valid_from__lte=last, valid_until__gte=first),
        quartier=quartier,
        status=Ride.Status.ACTIVE,
        # Only rides still in the feed: one a coordinator hid is not printed either.
        feed_entries__is_visible=True,
    ).prefetch_related("weekly")
    trips = {
        (trip.ride_id, trip.date): trip
        for trip in Trip.objects.filter(
            ride__quartier=quartier, date__gte=first, date__lte=last
        ).only("id", "ride_id", "date", "seats", "seats_taken", "is_cancelled")
    }
    found = []
    for ride in rides:
        for day, departs_at in sorted(departures_between(ride, first, last).items()):
            trip = trips.get((ride.pk, day))
            free = trip.seats_free if trip is not None else ride.seats
            if departs_at > now and free > 0:
                found.append(_Next(departs_at, ride, free))
                break
    return found


def _line(next_: _Next, moment: Moment) -> Line:
    ride = next_.ride
    when = timezone.localtime(next_.departs_at, timezone.get_default_timezone())
    details = [
        _("%(day)s at %(time)s") % {"day": date_format(when, "l j F"), "time": f"{when:%H:%M}"},
        ngettext("%(count)d free seat", "%(count)d free seats", next_.seats_free)
        % {"count": next_.seats_free},
    ]
    if ride.is_regular:
        details.insert(1, str(Ride.Kind.REGULAR.label))
    return Line(
        code=code_for(LETTER, ride.pk),
        title=str(ride),
        details=" · ".join(details),
        url=ride.get_absolute_url(),
        is_new=moment.is_new(ride.created_at),
    )


def resolve(quartier: Quartier, ride_id: int) -> str | None:
    ride = Ride.objects.filter(quartier=quartier, pk=ride_id).only("id").first()
    return ride.get_absolute_url() if ride is not None else None


def register_sheet_sections() -> None:
    register(SheetSection("rides", 20, LETTER, gettext_lazy("a ride"), sheet_parts, resolve))
