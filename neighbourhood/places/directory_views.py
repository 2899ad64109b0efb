"""The directory's pages: the quartier's places (by kind, service, open now, near an address),
one place, suggesting or adding one with its hours and closed periods, changing it, and the
coordinators' queue of suggestions. Rules live in the services; access in the selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from neighbourhood import limits as site_limits
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, act, add_service_errors, ask_first
from neighbourhood.photos.pages import manage_url
from neighbourhood.places import hours as opening
from neighbourhood.places import selectors, services
from neighbourhood.places.directory_forms import (
    ClosedPeriodFormSet,
    DirectoryFilterForm,
    HoursFormSet,
    PlaceForm,
    hours_initial,
    periods_initial,
    place_initial,
)
from neighbourhood.places.gatherings import gatherings_at
from neighbourhood.places.limits import LOOKUP_WINDOW_SECONDS, lookup_allowed
from neighbourhood.places.models import Place
from neighbourhood.quartiers import selectors as quartiers
from neighbourhood.quartiers.models import Quartier

PHOTO_SUBJECT = "place"


@login_required
def directory(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    if request.GET.get("near_label", "").strip() and not lookup_allowed(request):
        # Words of a place are looked up by the geocoder: at a person's pace.
        return site_limits.too_many_requests(request, LOOKUP_WINDOW_SECONDS)
    form = DirectoryFilterForm(request.GET or None, quartier=quartier)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {"kind": data["kind"], "service": data["service"], "open_now": data["open_now"]}
        if form.found is not None:
            filters["near"] = selectors.Near(form.found.latitude, form.found.longitude)
    cards = selectors.directory(quartier=quartier, **filters) if not form.errors else []
    context = {
        "quartier": quartier,
        "membership": membership,
        "form": form,
        "cards": cards,
        "limit": selectors.DIRECTORY_LIMIT,
        "near": filters.get("near"),
        # A map only when it has something to show: places without an address have no point.
        "mapped": any(card.place.latitude is not None for card in cards),
    }
    return render(request, "places/directory.html", context, status=400 if form.errors else 200)


@login_required
def place_detail(request: AuthenticatedHttpRequest, place_id: int) -> HttpResponse:
    place = selectors.get_place_for_member(user=request.user, place_id=place_id)
    coordinator = place.viewer_is_coordinator  # type: ignore[attr-defined]
    may_edit = place.status != Place.Status.WITHDRAWN and (
        coordinator
        or (place.status == Place.Status.SUGGESTED and place.suggested_by_id == request.user.pk)
    )
    today = timezone.now().astimezone(place.quartier.zone).date()
    context = {
        "place": place,
        "quartier": place.quartier,
        "status": opening.status_at(place, timezone.now()),
        "week": opening.week_table(place),
        "periods": list(place.closed_periods.filter(ends_on__gte=today)),
        "photos": list(place.photos.all()),
        "gatherings": gatherings_at(place),
        "may_edit": may_edit,
        "is_coordinator": coordinator,
        "photos_url": manage_url(PHOTO_SUBJECT, place.pk) if may_edit else "",
    }
    return render(request, "places/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def place_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A member suggests a place; a coordinator adds it (approved at once)."""
    quartier, membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    return _edit_page(request, quartier, None, coordinator=membership.is_coordinator)


@login_required
@require_http_methods(["GET", "POST"])
def place_edit(request: AuthenticatedHttpRequest, place_id: int) -> HttpResponse:
    place = selectors.get_place_for_editing(user=request.user, place_id=place_id)
    coordinator = place.viewer_is_coordinator  # type: ignore[attr-defined]
    return _edit_page(request, place.quartier, place, coordinator=coordinator)


def _edit_page(
    request: AuthenticatedHttpRequest, quartier: Quartier, place: Place | None, *, coordinator: bool
) -> HttpResponse:
    today = timezone.now().astimezone(quartier.zone).date()
    if request.method == "POST":
        if request.POST.get("address", "").strip() and not lookup_allowed(request):
            return site_limits.too_many_requests(request, LOOKUP_WINDOW_SECONDS)
        form = PlaceForm(request.POST, quartier=quartier, place=place)
        week = HoursFormSet(request.POST, prefix="hours", initial=hours_initial(None))
        periods = ClosedPeriodFormSet(request.POST, prefix="closed")
        if all([form.is_valid(), week.is_valid(), periods.is_valid()]):
            hours = [row for day in week.forms for row in day.intervals()]
            closings = [c for c in (p.closing() for p in periods.forms) if c is not None]
            try:
                if place is None:
                    place = services.place_create(
                        quartier=quartier,
                        actor=request.user,
                        hours=hours,
                        closed_periods=closings,
                        **form.service_fields(),
                    )
                    done = (
                        _("The place is in the directory.")
                        if place.is_approved
                        else _("Thank you: the coordinators will look at your suggestion.")
                    )
                else:
                    services.place_edit(
                        place=place,
                        actor=request.user,
                        hours=hours,
                        closed_periods=closings,
                        **form.service_fields(),
                    )
                    done = _("The place is changed.")
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, done)
                return redirect(place)
    else:
        form = PlaceForm(
            initial=place_initial(place) if place else None, quartier=quartier, place=place
        )
        week = HoursFormSet(prefix="hours", initial=hours_initial(place))
        periods = ClosedPeriodFormSet(prefix="closed", initial=periods_initial(place, today=today))
    invalid = bool(form.errors or any(week.errors) or any(periods.errors))
    invalid = invalid or bool(week.non_form_errors() or periods.non_form_errors())
    context = {
        "quartier": quartier,
        "place": place,
        "form": form,
        "week": week,
        "periods": periods,
        "coordinator": coordinator,
    }
    return render(request, "places/form.html", context, status=400 if invalid else 200)


@login_required
def suggestions(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The coordinators' queue: the suggestions waiting, each with approve and decline."""
    quartier, _membership = quartiers.get_quartier_for_coordinator(user=request.user, slug=slug)
    return render(
        request,
        "places/suggestions.html",
        {"quartier": quartier, "places": list(selectors.suggestions_to_decide(quartier=quartier))},
    )


@login_required
@require_POST
def place_approve(request: AuthenticatedHttpRequest, place_id: int) -> HttpResponse:
    place = selectors.get_place_for_coordinator(user=request.user, place_id=place_id)
    return act(
        request,
        lambda: services.place_approve(place=place, actor=request.user),
        _("The place is in the directory; the member who suggested it is told."),
        reverse("places:suggestions", args=[place.quartier.slug]),
    )


@login_required
@require_POST
def place_decline(request: AuthenticatedHttpRequest, place_id: int) -> HttpResponse:
    place = selectors.get_place_for_coordinator(user=request.user, place_id=place_id)
    return act(
        request,
        lambda: services.place_decline(place=place, actor=request.user),
        _("The suggestion is declined; the member who made it is told."),
        reverse("places:suggestions", args=[place.quartier.slug]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def place_withdraw(request: AuthenticatedHttpRequest, place_id: int) -> HttpResponse:
    place = selectors.get_place_for_coordinator(user=request.user, place_id=place_id)
    question = Question(
        title=_("Withdraw “%(name)s” from the directory?") % {"name": place.name},
        yes=_("Withdraw"),
        back=place.get_absolute_url(),
        text=_("Members will no longer find it. Its page stays for the coordinators."),
    )
    asking = ask_first(request, question)
    if asking is not None:
        return asking
    return act(
        request,
        lambda: services.place_withdraw(place=place, actor=request.user),
        _("The place is withdrawn from the directory."),
        reverse("places:directory", args=[place.quartier.slug]),
    )
