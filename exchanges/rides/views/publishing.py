"""Publishing: a ride (or its way back), a request, a ride's changes; and the quartier's
meeting points, which its coordinators keep."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from exchanges.rides import selectors, services
from exchanges.rides.forms import (
    MeetingPointForm,
    RideEditForm,
    RideForm,
    RideRequestForm,
    return_ride_initial,
    ride_details_initial,
)
from exchanges.rides.models import Ride
from exchanges.rides.views.common import map_points, render
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, add_service_errors, ask_first, in_site_timezone, posted
from neighbourhood.quartiers import selectors as quartiers


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
        quartier=quartier,
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
    return render(
        request,
        "exchanges/rides/ride_form.html",
        {"form": form, "quartier": quartier, "outbound": outbound, "points": map_points(points)},
        status=400 if form.is_bound else 200,
    )


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def request_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    points = selectors.meeting_points(quartier=quartier)
    form = RideRequestForm(posted(request), points=points, quartier=quartier)
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
    return render(
        request,
        "exchanges/rides/request_form.html",
        {"form": form, "quartier": quartier, "points": map_points(points)},
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
    return render(
        request,
        "exchanges/rides/ride_edit.html",
        {"form": form, "ride": ride},
        status=400 if form.is_bound else 200,
    )


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def meeting_points(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_coordinator(user=request.user, slug=slug)
    form = MeetingPointForm(posted(request), quartier=quartier)
    if request.method == "POST" and form.is_valid():
        try:
            point = services.meeting_point_create(
                quartier=quartier, actor=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("“%(name)s” is now a meeting point.") % {"name": point.name}
            )
            return redirect("rides:meeting_points", slug=quartier.slug)
    return render(
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
@require_http_methods(["GET", "POST"])
def meeting_point_delete(
    request: AuthenticatedHttpRequest, slug: str, point_id: int
) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_coordinator(user=request.user, slug=slug)
    point = selectors.get_meeting_point_in(quartier=quartier, point_id=point_id)
    question = Question(
        title=_("Delete the meeting point “%(name)s”?") % {"name": point.name},
        text=_(
            "Drivers and passengers will no longer find it in the list. "
            "Rides that used it keep their place."
        ),
        yes=_("Yes, delete this meeting point"),
        back=reverse("rides:meeting_points", kwargs={"slug": quartier.slug}),
    )
    if asked := ask_first(request, question):
        return asked
    services.meeting_point_delete(point=point, actor=request.user)
    messages.success(
        request,
        _("“%(name)s” is no longer a meeting point. Rides that used it keep their place.")
        % {"name": point.name},
    )
    return redirect("rides:meeting_points", slug=quartier.slug)


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
