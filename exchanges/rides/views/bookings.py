"""Seats on a ride: a passenger asks for them, the driver accepts or declines, either side
calls them off."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from exchanges.rides import selectors, services
from exchanges.rides.forms import ReasonForm
from exchanges.rides.models import Booking, Ride
from exchanges.rides.views.common import booking_form_for, form_refusal
from exchanges.rides.views.rides import (
    DATES_SHOWN,
    departures_to_come,
    full_message,
    live_dates,
    render_detail,
)
from neighbourhood.accounts.models import User
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, add_service_errors, ask_first, back, in_site_timezone


@login_required
@in_site_timezone
@require_POST
def booking_request(request: AuthenticatedHttpRequest, ride_id: int) -> HttpResponse:
    ride = selectors.get_ride_for_member(user=request.user, ride_id=ride_id)
    departures = departures_to_come(ride)
    booked = _booked(ride, request.user)
    form = booking_form_for(ride, departures[:DATES_SHOWN], booked=booked, data=request.POST)
    days: list[datetime.date] = []
    refusal: ValidationError | None = None
    if form.is_valid():
        data = form.cleaned_data
        if form.period:
            # Every date of the period the passenger can still ask for.
            days = [
                d.date
                for d in departures
                if data["first"] <= d.date <= data["last"]
                and not d.is_cancelled
                and d.date not in booked
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
            refusal = error
        else:
            messages.success(request, _sent(ride, bookings))
            return redirect(back(request, ride.get_absolute_url()))
    dead_end = _without_remedy(ride, request.user, days, refusal)
    if dead_end:
        # Nothing in the form could change the answer: say it on the ride's page as it is now.
        messages.error(request, dead_end)
        return redirect(ride.get_absolute_url())
    if refusal is not None:
        add_service_errors(form, form.renamed(refusal))
    return render_detail(request, ride, status=400, booking_form=form)


def _booked(ride: Ride, viewer: User) -> set[datetime.date]:
    if ride.driver_id == viewer.pk:
        return set()
    return live_dates(selectors.bookings_of(ride=ride, viewer=viewer))


def _without_remedy(
    ride: Ride, viewer: User, days: list[datetime.date], refusal: ValidationError | None
) -> str:
    """Why a request for seats cannot succeed whatever the form says, or "" if it could: the
    ride is cancelled, the dates asked have no seat left, or no date is left to ask for. Read
    afresh: seats may have gone since the page was shown."""
    if ride.driver_id == viewer.pk:
        return ""  # the form is not theirs; the service's word shows above it
    if not ride.is_active:
        return _("This ride is cancelled: it takes no more passengers.")
    departures = departures_to_come(ride)
    booked = _booked(ride, viewer)
    by_date = {d.date: d for d in departures}
    asked = [by_date.get(day) for day in days]
    about_dates = refusal is not None and "dates" in getattr(refusal, "error_dict", {})
    if about_dates and asked and all(d is None or d.seats_free == 0 for d in asked):
        full = [d.date for d in asked if d and not d.is_cancelled and d.date not in booked]
        if full:
            return _("This ride is full on %(dates)s: no seat is left.") % {
                "dates": ", ".join(date_format(day, "SHORT_DATE_FORMAT") for day in full)
            }
        assert refusal is not None
        return " ".join(refusal.messages)  # dates cancelled, gone, or already mine
    to_come = [d for d in departures[:DATES_SHOWN] if not d.is_cancelled]
    others = [d for d in to_come if d.date not in booked]
    if any(d.seats_free > 0 for d in others):
        return ""
    if not to_come:
        return _("This ride has no more dates to come.")
    if not others:
        return _("You already have a seat or a request on every date to come.")
    return full_message(ride)


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
    return redirect(back(request, ride.get_absolute_url()))


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def booking_decline(request: AuthenticatedHttpRequest, booking_id: int) -> HttpResponse:
    booking = selectors.get_booking_for_party(user=request.user, booking_id=booking_id)
    ride = booking.trip.ride
    question = Question(
        title=_("Decline the request of %(name)s?") % {"name": booking.passenger.public_name},
        text=_("They will be told, with your word of explanation if you write one."),
        yes=_("Decline the request"),
        back=ride.get_absolute_url(),
    )
    if asked := ask_first(request, question, form=ReasonForm()):
        return asked
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_refusal(form))
        return redirect(back(request, ride.get_absolute_url()))
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
    return redirect(back(request, ride.get_absolute_url()))


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def booking_cancel(request: AuthenticatedHttpRequest, booking_id: int) -> HttpResponse:
    booking = selectors.get_booking_for_party(user=request.user, booking_id=booking_id)
    ride = booking.trip.ride
    if asked := ask_first(
        request, _cancel_question(request, booking), form=ReasonForm(), keep=["whole_series"]
    ):
        return asked
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_refusal(form))
        return redirect(back(request, ride.get_absolute_url()))
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
    return redirect(back(request, ride.get_absolute_url()))


def _sent(ride: Ride, bookings: list[Booking]) -> str:
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


def _cancel_question(request: AuthenticatedHttpRequest, booking: Booking) -> Question:
    ride = booking.trip.ride
    other = ride.driver if request.user.pk == booking.passenger_id else booking.passenger
    told = _("%(name)s will be told.") % {"name": other.public_name}
    if request.GET.get("whole_series") == "1":
        return Question(
            title=_("Cancel every date still to come?"),
            text=told,
            yes=_("Yes, cancel these seats"),
            back=ride.get_absolute_url(),
        )
    return Question(
        title=_("Cancel the seat of %(date)s?")
        % {"date": date_format(booking.trip.departs_at, "l j F, H:i")},
        text=told,
        yes=_("Yes, cancel this date"),
        back=ride.get_absolute_url(),
    )
