"""What there is to find: the rides and requests of a quartier, a resident's own, and a
search for a ride on one date."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone

from exchanges.rides import selectors
from exchanges.rides.forms import RideSearchForm
from exchanges.rides.models import Ride, RideRequest
from exchanges.rides.schedule import departures_between, local_datetime
from exchanges.rides.views.common import MatchView, map_points, match_views, render
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import in_site_timezone
from neighbourhood.quartiers import selectors as quartiers

# What sorts after every date, in the lists.
LAST = datetime.datetime.max.replace(tzinfo=datetime.UTC)


@login_required
@in_site_timezone
def ride_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    now = timezone.now()
    rides = sorted(selectors.ride_list(quartier=quartier), key=lambda ride: _next_ride(ride, now))
    requests = sorted(
        selectors.request_list(quartier=quartier), key=lambda wish: _next_request(wish, now)
    )
    return render(
        request,
        "exchanges/rides/ride_list.html",
        {"quartier": quartier, "membership": membership, "rides": rides, "requests": requests},
    )


@login_required
@in_site_timezone
def my_rides(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    upcoming, past = selectors.my_trips(user=user)
    return render(
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


@login_required
@in_site_timezone
def ride_search(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    points = selectors.meeting_points(quartier=quartier)
    form = RideSearchForm(
        request.GET or None,
        points=points,
        quartier=quartier,
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
        results = match_views(matches, viewer=request.user, seats=data["seats"])
    return render(
        request,
        "exchanges/rides/ride_search.html",
        {"form": form, "quartier": quartier, "results": results, "points": map_points(points)},
        status=400 if form.is_bound and form.errors else 200,
    )


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
