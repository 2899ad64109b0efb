"""A ride's page and a request's page, and what their author calls off from them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from exchanges.rides import routes, selectors, services
from exchanges.rides.forms import BookingForm, ReasonForm, TripCancelForm, cents_to_euros
from exchanges.rides.models import Booking, Ride
from exchanges.rides.selectors import Departure
from exchanges.rides.views.common import (
    MatchView,
    booking_form_for,
    form_refusal,
    match_views,
    render,
)
from neighbourhood.accounts.models import User
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, ask_first, back, in_site_timezone

# The dates of a ride its page lists and offers to book, one at a time.
DATES_SHOWN = 20


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
    return render_detail(request, ride)


def render_detail(
    request: AuthenticatedHttpRequest,
    ride: Ride,
    *,
    status: int = 200,
    booking_form: BookingForm | None = None,
) -> HttpResponse:
    """The ride's page; a refused booking comes back bound, with its errors, in its place."""
    user = request.user
    is_driver = ride.driver_id == user.pk
    departures = departures_to_come(ride)
    shown = departures[:DATES_SHOWN]
    bookings = selectors.bookings_of(ride=ride, viewer=user)
    series = _series(bookings, as_driver=is_driver)
    confirmed = any(b.status == Booking.Status.CONFIRMED for s in series for b in s.bookings)
    # The dates a passenger could still ask for: not those they already have a seat or a
    # request on (the service would refuse them), nor those cancelled.
    booked = set() if is_driver else live_dates(bookings)
    others = [d for d in shown if not d.is_cancelled and d.date not in booked]
    bookable = [d for d in others if d.seats_free > 0]
    if booking_form is None and not is_driver and ride.is_active and bookable:
        booking_form = booking_form_for(ride, bookable)
    return render(
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
            # Said in words, in place of the form: no seat is left on any date to ask for.
            "full": full_message(ride)
            if not is_driver and ride.is_active and others and not bookable
            else "",
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
@require_http_methods(["GET", "POST"])
def ride_cancel(request: AuthenticatedHttpRequest, ride_id: int) -> HttpResponse:
    ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
    if ride.driver_id != request.user.pk:
        raise PermissionDenied(_("Only the driver of this ride can do this."))
    question = Question(
        title=_("Cancel the ride “%(title)s”?") % {"title": ride},
        text=_(
            "Every date still to come is cancelled, and its passengers are told. "
            "This cannot be undone."
        ),
        yes=_("Yes, cancel the ride"),
        back=ride.get_absolute_url(),
    )
    if asked := ask_first(request, question, form=ReasonForm()):
        return asked
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_refusal(form))
    else:
        services.ride_cancel(ride=ride, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Your ride is cancelled. Its passengers are told."))
    return redirect(back(request, ride.get_absolute_url()))


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def trip_cancel(request: AuthenticatedHttpRequest, ride_id: int) -> HttpResponse:
    ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
    if ride.driver_id != request.user.pk:
        raise PermissionDenied(_("Only the driver of this ride can do this."))
    if request.method == "GET":
        question = Question(
            title=_("Cancel one date of your ride?"),
            text=_("The passengers of that date are told."),
            yes=_("Cancel this date"),
            back=ride.get_absolute_url(),
        )
        return ask_first(request, question, form=_trip_cancel_form(request, ride)) or redirect(
            ride.get_absolute_url()
        )
    form = TripCancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_refusal(form))
        return redirect(back(request, ride.get_absolute_url()))
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
    return redirect(back(request, ride.get_absolute_url()))


@login_required
@in_site_timezone
def request_detail(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    wish = selectors.get_request_for_member(user=request.user, request_id=request_id)
    is_author = wish.passenger_id == request.user.pk
    results: list[MatchView] = []
    if is_author and wish.is_open:
        matches = selectors.rides_for_request(request=wish)
        results = match_views(matches, viewer=request.user, seats=wish.seats)
    return render(
        request,
        "exchanges/rides/request_detail.html",
        {"wish": wish, "is_author": is_author, "results": results},
    )


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def request_close(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    wish = selectors.get_request_for_member(user=request.user, request_id=request_id)
    if wish.passenger_id != request.user.pk:
        raise PermissionDenied(_("Only the author of this request can close it."))
    question = Question(
        title=_("Close your request?"),
        text=_("It will no longer show in the quartier’s news."),
        yes=_("Yes, close it: I no longer need a ride"),
        back=wish.get_absolute_url(),
    )
    if asked := ask_first(request, question):
        return asked
    services.ride_request_close(request=wish, actor=request.user)
    messages.success(request, _("Your request is closed: it no longer shows in the feed."))
    return redirect(back(request, wish.get_absolute_url()))


def _trip_cancel_form(request: AuthenticatedHttpRequest, ride: Ride) -> TripCancelForm:
    """The dates the driver may call off, to choose from (the one tapped, chosen already)."""
    form = TripCancelForm(initial={"date": request.GET.get("date", "")})
    form.order_fields(["date", "reason"])
    form.fields["date"].widget = forms.Select(
        choices=[
            (d.date.isoformat(), date_format(d.departs_at, "l j F, H:i"))
            for d in departures_to_come(ride)[:DATES_SHOWN]
            if not d.is_cancelled
        ]
    )
    return form


def departures_to_come(ride: Ride) -> list[Departure]:
    """Every date still to come of the ride, to the end of its period."""
    today = timezone.localdate()
    if ride.is_regular:
        assert ride.valid_until is not None
        last = ride.valid_until
    else:
        assert ride.departs_at is not None
        last = timezone.localdate(ride.departs_at)
    return selectors.upcoming_departures(ride=ride, days=max(0, (last - today).days))


def full_message(ride: Ride) -> str:
    if ride.is_regular:
        return _("This ride is full on every date to come: no seat is left.")
    return _("This ride is full: no seat is left.")


def live_dates(bookings: list[Booking]) -> set[datetime.date]:
    """The dates of the bookings still requested or confirmed."""
    return {b.trip.date for b in bookings if b.status in selectors.LIVE}


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


def _return_ride(ride: Ride) -> Ride | None:
    try:
        return ride.return_ride
    except ObjectDoesNotExist:
        return None
