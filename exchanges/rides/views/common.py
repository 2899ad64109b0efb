"""What the carpooling pages share: the page context and the form to ask for seats on a
ride's dates."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django import shortcuts
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import ngettext, pgettext

from exchanges.rides import selectors
from exchanges.rides.forms import BookingForm
from exchanges.rides.matching import Occurrence, RideMatch
from exchanges.rides.models import Ride
from exchanges.rides.selectors import Departure
from neighbourhood.accounts.models import User
from neighbourhood.places.models import Weekday


def render(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    # The weekdays of a request are a bit mask: the page names them from these.
    return shortcuts.render(
        request, template, {"weekday_choices": Weekday.choices, **context}, status=status
    )


def form_refusal(form: Any) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def map_points(points: Any) -> list[dict[str, object]]:
    """The meeting points for the map and the live contribution, when JavaScript runs."""
    return [
        {"id": p.pk, "name": p.name, "latitude": p.latitude, "longitude": p.longitude}
        for p in points
    ]


@dataclass(frozen=True)
class MatchView:
    """A ride found for a passenger, and the form to ask for a seat on one of its dates."""

    match: RideMatch
    form: BookingForm


def match_views(matches: list[RideMatch], *, viewer: User, seats: int) -> list[MatchView]:
    """Search results with their booking forms, leaving out the dates the viewer already asked
    for (one query for all of them)."""
    booked = selectors.booked_dates(passenger=viewer, ride_ids=[m.ride.pk for m in matches])
    return [match_view(m, seats=seats, booked=booked.get(m.ride.pk, set())) for m in matches]


def match_view(
    match: RideMatch, *, seats: int, booked: Collection[datetime.date] = ()
) -> MatchView:
    form = booking_form_for(match.ride, match.occurrences, booked=booked)
    form.initial["seats"] = seats
    return MatchView(match, form)


def booking_form_for(
    ride: Ride,
    dates: list[Departure] | list[Occurrence],
    *,
    booked: Collection[datetime.date] = (),
    **kwargs: Any,
) -> BookingForm:
    """The form to ask for seats on the dates with a seat free, but for those the viewer has
    already asked for (``booked``): the service would refuse them."""
    free = [d for d in dates if d.seats_free > 0 and d.date not in booked]
    # A select on a small phone cuts what passes "Mon 23 Nov, 08:00": each date's free seats
    # are in the list of dates above the form. One date alone is written out, seats and all.
    alone = len(free) == 1
    choices = [(d.date, _date_label(d.departs_at, d.seats_free if alone else None)) for d in free]
    last = ride.valid_until
    initial = {"first": choices[0][0] if choices else None, "last": last}
    # Several forms on one page (search results): each form's fields need their own ids.
    return BookingForm(
        dates=choices,
        period=ride.is_regular,
        initial=initial,
        auto_id=f"book-{ride.pk}-%s",
        **kwargs,
    )


def _date_label(moment: datetime.datetime, seats_free: int | None) -> str:
    """The date and time, "Mon 23 Nov, 08:00"; then "— 1 seat free" if ``seats_free`` is given."""
    local = timezone.localtime(moment)
    when = pgettext("date and time of a ride", "%(date)s, %(time)s") % {
        # A format, translated: French writes "lun 23 nov.".
        "date": date_format(local, pgettext("short date with weekday", "D j M")),
        "time": time_format(local, "H:i"),
    }
    if seats_free is None:
        return when
    return ngettext(
        "%(when)s — %(count)s seat free", "%(when)s — %(count)s seats free", seats_free
    ) % {"when": when, "count": seats_free}
