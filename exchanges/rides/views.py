"""Pages of carpooling: plain forms posted without JavaScript, then a redirect.

Every ride is fetched through `get_ride_for_member`, every request through
`get_request_for_member` and every booking through `get_booking_for_party` (404 for outsiders);
the services decide the rest (403 for what only the driver, the passenger or a coordinator may
do). Times show in the viewer's timezone, which the middleware has switched on.
"""

from __future__ import annotations

import copy
import datetime
import functools
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from exchanges.rides import calendar, routes, selectors, services
from exchanges.rides.forms import (
    BookingForm,
    MeetingPointForm,
    ReasonForm,
    RideEditForm,
    RideForm,
    RideRequestForm,
    RideSearchForm,
    TripCancelForm,
    cents_to_euros,
    return_ride_initial,
    ride_details_initial,
)
from exchanges.rides.matching import Occurrence, RideMatch
from exchanges.rides.models import Booking, Ride, RideRequest, Weekday
from exchanges.rides.schedule import departures_between, local_datetime
from exchanges.rides.selectors import Departure
from neighbourhood.accounts.models import User
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import add_service_errors, posted
from neighbourhood.quartiers import selectors as quartiers

# The dates of a ride its page lists and offers to book, one at a time.
DATES_SHOWN = 20
# What sorts after every date, in the lists.
LAST = datetime.datetime.max.replace(tzinfo=datetime.UTC)


# --- lists -----------------------------------------------------------------------------------


def in_site_timezone(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Rides happen in the quartier: their pages show and read times in the site's timezone,
    whoever looks (see exchanges/rides/schedule.py)."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> HttpResponse:
        with timezone.override(timezone.get_default_timezone()):
            return view(*args, **kwargs)

    return wrapped


@login_required
@in_site_timezone
def ride_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    now = timezone.now()
    rides = sorted(selectors.ride_list(quartier=quartier), key=lambda ride: _next_ride(ride, now))
    requests = sorted(
        selectors.request_list(quartier=quartier), key=lambda wish: _next_request(wish, now)
    )
    return _render(
        request,
        "exchanges/rides/ride_list.html",
        {"quartier": quartier, "membership": membership, "rides": rides, "requests": requests},
    )


@login_required
@in_site_timezone
def my_rides(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    upcoming, past = selectors.my_trips(user=user)
    return _render(
        request,
        "exchanges/rides/my_rides.html",
        {
            "upcoming": upcoming,
            "past": past,
            "rides": selectors.my_rides(user=user),
            "requests": selectors.my_requests(user=user),
            "memberships": list(quartiers.my_memberships(user=user)),
        },
    )


# --- publishing ------------------------------------------------------------------------------


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def ride_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    outbound = _outbound(request)
    points = selectors.meeting_points(quartier=quartier)
    # The form posts back to this address, ?return_of= included.
    form = RideForm(
        posted(request),
        points=points,
        initial=return_ride_initial(outbound) if outbound else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            ride = services.ride_create(
                quartier=quartier,
                driver=request.user,
                return_of=outbound,
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, form.renamed(error))
        else:
            messages.success(request, _("Your ride is published. Your neighbours can see it."))
            return redirect(ride)
    return _render(
        request,
        "exchanges/rides/ride_form.html",
        {"form": form, "quartier": quartier, "outbound": outbound, "points": _map_points(points)},
        status=400 if form.is_bound else 200,
    )


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def request_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    points = selectors.meeting_points(quartier=quartier)
    form = RideRequestForm(posted(request), points=points)
    if request.method == "POST" and form.is_valid():
        try:
            wish = services.ride_request_create(
                quartier=quartier, passenger=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, form.renamed(error))
        else:
            messages.success(
                request, _("Your request is published. Drivers going your way can see it.")
            )
            return redirect(wish)
    return _render(
        request,
        "exchanges/rides/request_form.html",
        {"form": form, "quartier": quartier, "points": _map_points(points)},
        status=400 if form.is_bound else 200,
    )


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def ride_edit(request: AuthenticatedHttpRequest, ride_id: int) -> HttpResponse:
    ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
    if ride.driver_id != request.user.pk:
        # The service refuses the change too; this spares others a form they cannot send.
        raise PermissionDenied(_("Only the driver of this ride can do this."))
    form = RideEditForm(posted(request), initial=ride_details_initial(ride))
    if request.method == "POST" and form.is_valid():
        try:
            # A copy, so a refused change does not show in the page's header.
            services.ride_update(ride=copy.copy(ride), actor=request.user, **form.details())
        except ValidationError as error:
            add_service_errors(form, form.renamed(error))
        else:
            messages.success(request, _("Your ride is saved."))
            return redirect(ride)
    return _render(
        request,
        "exchanges/rides/ride_edit.html",
        {"form": form, "ride": ride},
        status=400 if form.is_bound else 200,
    )


# --- searching ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchView:
    """A ride found for a passenger, and the form to ask for a seat on one of its dates."""

    match: RideMatch
    form: BookingForm


@login_required
@in_site_timezone
def ride_search(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    points = selectors.meeting_points(quartier=quartier)
    form = RideSearchForm(
        request.GET or None,
        points=points,
        initial={"date": timezone.localdate(), "earliest": _next_hour(), "seats": 1},
    )
    results: list[MatchView] | None = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        matches = selectors.search_rides(
            quartier=quartier,
            passenger=request.user,
            origin=data["origin_point"],
            destination=data["destination_point"],
            date=data["date"],
            earliest=data["earliest"],
            latest=data["latest"],
            seats=data["seats"],
        )
        results = [_match_view(match, seats=data["seats"]) for match in matches]
    return _render(
        request,
        "exchanges/rides/ride_search.html",
        {"form": form, "quartier": quartier, "results": results, "points": _map_points(points)},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- a ride ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesView:
    """One passenger's request for seats (one date, or every date of a period), as the page
    shows it: the driver answers it at once; either side can call off its dates to come."""

    passenger: User
    bookings: list[Booking]
    # What the viewer may call off: a passenger, what is asked or confirmed; the driver, the
    # seats confirmed (a request still open is declined, not cancelled).
    cancellable: list[Booking]

    @property
    def requested(self) -> Booking | None:
        return next((b for b in self.bookings if b.status == Booking.Status.REQUESTED), None)

    @property
    def seats(self) -> int:
        return self.bookings[0].seats


@login_required
@in_site_timezone
def ride_detail(request: AuthenticatedHttpRequest, ride_id: int) -> HttpResponse:
    ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
    return _render_detail(request, ride)


def _render_detail(
    request: AuthenticatedHttpRequest,
    ride: Ride,
    *,
    status: int = 200,
    booking_form: BookingForm | None = None,
) -> HttpResponse:
    """The ride's page; a refused booking comes back bound, with its errors, in its place."""
    user = request.user
    is_driver = ride.driver_id == user.pk
    departures = _departures(ride)
    shown = departures[:DATES_SHOWN]
    bookable = [d for d in shown if d.seats_free > 0]
    series = _series(selectors.bookings_of(ride=ride, viewer=user), as_driver=is_driver)
    confirmed = any(b.status == Booking.Status.CONFIRMED for s in series for b in s.bookings)
    if booking_form is None and not is_driver and ride.is_active and bookable:
        booking_form = _booking_form(ride, bookable)
    return _render(
        request,
        "exchanges/rides/ride_detail.html",
        {
            "ride": ride,
            "is_driver": is_driver,
            "departures": shown,
            "more_dates": len(departures) > len(shown),
            "cancelled": [d for d in departures if d.is_cancelled],
            "cancellable": [d for d in shown if not d.is_cancelled],
            "series": series,
            "matches": selectors.requests_for_ride(ride=ride) if is_driver else [],
            "booking_form": booking_form,
            "contribution": cents_to_euros(ride.contribution_cents),
            "suggestion": cents_to_euros(routes.suggested_contribution_cents(ride.route_km)),
            "chat_url": ride.conversation.get_absolute_url()
            if ride.conversation is not None and (is_driver or confirmed)
            else "",
            "return_ride": _return_ride(ride),
        },
        status=status,
    )


@login_required
@in_site_timezone
@require_POST
def ride_cancel(request: AuthenticatedHttpRequest, ride_id: int) -> HttpResponse:
    ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_refusal(form))
    else:
        services.ride_cancel(ride=ride, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Your ride is cancelled. Its passengers are told."))
    return redirect(_back(request, ride.get_absolute_url()))


@login_required
@in_site_timezone
@require_POST
def trip_cancel(request: AuthenticatedHttpRequest, ride_id: int) -> HttpResponse:
    ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
    if ride.driver_id != request.user.pk:
        raise PermissionDenied(_("Only the driver of this ride can do this."))
    form = TripCancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_refusal(form))
        return redirect(_back(request, ride.get_absolute_url()))
    day = form.cleaned_data["date"]
    try:
        services.trip_cancel(
            ride=ride, actor=request.user, date=day, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The ride of %(date)s is cancelled. Its passengers are told.")
            % {"date": date_format(day, "DATE_FORMAT")},
        )
    return redirect(_back(request, ride.get_absolute_url()))


# --- bookings -------------------------------------------------------------------------------


@login_required
@in_site_timezone
@require_POST
def booking_request(request: AuthenticatedHttpRequest, ride_id: int) -> HttpResponse:
    ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
    departures = _departures(ride)
    form = _booking_form(ride, departures[:DATES_SHOWN], data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if form.period:
            days = [
                d.date
                for d in departures
                if data["first"] <= d.date <= data["last"] and not d.is_cancelled
            ]
        else:
            days = [data["date"]]
        try:
            bookings = services.booking_request(
                ride=ride,
                passenger=request.user,
                dates=days,
                seats=data["seats"],
                message=data["message"],
            )
        except ValidationError as error:
            add_service_errors(form, form.renamed(error))
        else:
            messages.success(request, _booked(ride, bookings))
            return redirect(_back(request, ride.get_absolute_url()))
    return _render_detail(request, ride, status=400, booking_form=form)


@login_required
@in_site_timezone
@require_POST
def booking_accept(request: AuthenticatedHttpRequest, booking_id: int) -> HttpResponse:
    booking = selectors.get_booking_for_party(user=request.user, booking_id=booking_id)
    ride = booking.trip.ride
    try:
        accepted = services.booking_accept(booking=booking, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(name)s has a seat on %(count)s date. They are told.",
                "%(name)s has a seat on %(count)s dates. They are told.",
                len(accepted),
            )
            % {"name": booking.passenger.public_name, "count": len(accepted)},
        )
    return redirect(_back(request, ride.get_absolute_url()))


@login_required
@in_site_timezone
@require_POST
def booking_decline(request: AuthenticatedHttpRequest, booking_id: int) -> HttpResponse:
    booking = selectors.get_booking_for_party(user=request.user, booking_id=booking_id)
    ride = booking.trip.ride
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_refusal(form))
        return redirect(_back(request, ride.get_absolute_url()))
    try:
        services.booking_decline(
            booking=booking, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You declined the request of %(name)s. They are told.")
            % {"name": booking.passenger.public_name},
        )
    return redirect(_back(request, ride.get_absolute_url()))


@login_required
@in_site_timezone
@require_POST
def booking_cancel(request: AuthenticatedHttpRequest, booking_id: int) -> HttpResponse:
    booking = selectors.get_booking_for_party(user=request.user, booking_id=booking_id)
    ride = booking.trip.ride
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_refusal(form))
        return redirect(_back(request, ride.get_absolute_url()))
    try:
        cancelled = services.booking_cancel(
            booking=booking,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            whole_series=request.POST.get("whole_series") == "1",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        other = ride.driver if request.user.pk == booking.passenger_id else booking.passenger
        messages.success(
            request,
            ngettext(
                "%(count)s date is cancelled. %(name)s is told.",
                "%(count)s dates are cancelled. %(name)s is told.",
                len(cancelled),
            )
            % {"count": len(cancelled), "name": other.public_name},
        )
    return redirect(_back(request, ride.get_absolute_url()))


# --- requests -------------------------------------------------------------------------------


@login_required
@in_site_timezone
def request_detail(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    wish = selectors.get_request_for_member(user=request.user, request_id=request_id)
    is_author = wish.passenger_id == request.user.pk
    results: list[MatchView] = []
    if is_author and wish.is_open:
        matches = selectors.rides_for_request(request=wish)
        results = [_match_view(match, seats=wish.seats) for match in matches]
    return _render(
        request,
        "exchanges/rides/request_detail.html",
        {"wish": wish, "is_author": is_author, "results": results},
    )


@login_required
@in_site_timezone
@require_POST
def request_close(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    wish = selectors.get_request_for_member(user=request.user, request_id=request_id)
    services.ride_request_close(request=wish, actor=request.user)
    messages.success(request, _("Your request is closed: it no longer shows in the feed."))
    return redirect(_back(request, wish.get_absolute_url()))


# --- meeting points -------------------------------------------------------------------------


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def meeting_points(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_coordinator(user=request.user, slug=slug)
    form = MeetingPointForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            point = services.meeting_point_create(
                quartier=quartier, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("“%(name)s” is now a meeting point.") % {"name": point.name}
            )
            return redirect("rides:meeting_points", slug=quartier.slug)
    return _render(
        request,
        "exchanges/rides/meeting_points.html",
        {
            "form": form,
            "quartier": quartier,
            "points": list(selectors.meeting_points(quartier=quartier)),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@in_site_timezone
@require_POST
def meeting_point_delete(
    request: AuthenticatedHttpRequest, slug: str, point_id: int
) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_coordinator(user=request.user, slug=slug)
    point = selectors.get_meeting_point_in(quartier=quartier, point_id=point_id)
    services.meeting_point_delete(point=point, actor=request.user)
    messages.success(
        request,
        _("“%(name)s” is no longer a meeting point. Rides that used it keep their place.")
        % {"name": point.name},
    )
    return redirect("rides:meeting_points", slug=quartier.slug)


# --- the calendar ---------------------------------------------------------------------------


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def calendar_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.calendar_feed_renew(user=request.user)
        messages.success(
            request, _("Your calendar has a new address. The old one no longer works.")
        )
        return redirect("rides:calendar_settings")
    feed = services.calendar_feed_for(user=request.user)
    return _render(
        request,
        "exchanges/rides/calendar_settings.html",
        {"feed_url": request.build_absolute_uri(feed.get_absolute_url())},
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No sign-in: calendar apps cannot sign in. The secret address is the key, and the
    calendar speaks its owner's language and timezone, whoever fetches it."""
    owner = selectors.get_calendar_owner(token=token)
    with translation.override(owner.language), timezone.override(zoneinfo.ZoneInfo(owner.timezone)):
        body = calendar.calendar_for(user=owner)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="rides.ics"'
    # Personal: no shared cache may keep it, and search engines may not list it.
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- inside ---------------------------------------------------------------------------------


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    # The weekdays of a request are a bit mask: the page names them from these.
    return render(request, template, {"weekday_choices": Weekday.choices, **context}, status=status)


def _outbound(request: AuthenticatedHttpRequest) -> Ride | None:
    """The ride the new one returns from (?return_of=), which must be the driver's own."""
    raw = request.GET.get("return_of", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    outbound = selectors.get_ride_for_member(user=request.user, ride_id=int(raw))
    if outbound.driver_id != request.user.pk:
        raise PermissionDenied(_("Only the driver of this ride can do this."))
    return outbound


def _return_ride(ride: Ride) -> Ride | None:
    try:
        return ride.return_ride
    except ObjectDoesNotExist:
        return None


def _map_points(points: Any) -> list[dict[str, object]]:
    """The meeting points for the map and the live contribution, when JavaScript runs."""
    return [
        {"id": p.pk, "name": p.name, "latitude": p.latitude, "longitude": p.longitude}
        for p in points
    ]


def _departures(ride: Ride) -> list[Departure]:
    """Every date still to come of the ride, to the end of its period."""
    today = timezone.localdate()
    if ride.is_regular:
        assert ride.valid_until is not None
        last = ride.valid_until
    else:
        assert ride.departs_at is not None
        last = timezone.localdate(ride.departs_at)
    return selectors.upcoming_departures(ride=ride, days=max(0, (last - today).days))


def _date_label(moment: datetime.datetime, seats_free: int) -> str:
    local = timezone.localtime(moment)
    return ngettext(
        "%(date)s at %(time)s (%(count)s seat free)",
        "%(date)s at %(time)s (%(count)s seats free)",
        seats_free,
    ) % {
        "date": date_format(local, "l j F"),
        "time": time_format(local, "H:i"),
        "count": seats_free,
    }


def _booking_form(
    ride: Ride, dates: list[Departure] | list[Occurrence], **kwargs: Any
) -> BookingForm:
    choices = [(d.date, _date_label(d.departs_at, d.seats_free)) for d in dates if d.seats_free > 0]
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


def _match_view(match: RideMatch, *, seats: int) -> MatchView:
    form = _booking_form(match.ride, match.occurrences)
    form.initial["seats"] = seats
    return MatchView(match, form)


def _series(bookings: list[Booking], *, as_driver: bool) -> list[SeriesView]:
    grouped: dict[object, list[Booking]] = {}
    for booking in bookings:
        grouped.setdefault(booking.series, []).append(booking)
    cancellable = [Booking.Status.CONFIRMED] if as_driver else selectors.LIVE
    return [
        SeriesView(
            group[0].passenger,
            group,
            [b for b in group if b.status in cancellable and not b.trip.is_cancelled],
        )
        for group in grouped.values()
    ]


def _booked(ride: Ride, bookings: list[Booking]) -> str:
    if bookings and bookings[0].status == Booking.Status.CONFIRMED:
        return ngettext(
            "Your seat is confirmed for %(count)s date. Have a good trip!",
            "Your seat is confirmed for %(count)s dates. Have a good trip!",
            len(bookings),
        ) % {"count": len(bookings)}
    return ngettext(
        "Your request for %(count)s date is sent to %(name)s, who will answer it.",
        "Your request for %(count)s dates is sent to %(name)s, who will answer it.",
        len(bookings),
    ) % {"count": len(bookings), "name": ride.driver.public_name}


def _next_ride(ride: Ride, now: datetime.datetime) -> datetime.datetime:
    """When the ride next leaves, to list the soonest first (weekly rides, within a week)."""
    if not ride.is_regular:
        assert ride.departs_at is not None
        return ride.departs_at
    assert ride.valid_from is not None
    start = max(timezone.localdate(now), ride.valid_from)
    for moment in departures_between(ride, start, start + datetime.timedelta(days=7)).values():
        if moment > now:
            return moment
    return LAST


def _next_request(wish: RideRequest, now: datetime.datetime) -> datetime.datetime:
    if wish.earliest_at is not None:
        return wish.earliest_at
    assert wish.valid_from is not None
    start = max(timezone.localdate(now), wish.valid_from)
    for n in range(7):
        day = start + datetime.timedelta(days=n)
        if day.weekday() in wish.weekday_list and wish.earliest_time is not None:
            return local_datetime(day, wish.earliest_time)
    return LAST


def _next_hour() -> datetime.time:
    now = timezone.localtime()
    return (now.replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)).time()


def _form_refusal(form: Any) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def _back(request: HttpRequest, fallback: str) -> str:
    """Where an action's button was (it says so in ``next``), if on this site; else ``fallback``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
