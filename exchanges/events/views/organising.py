"""The organiser's pages: publishing and changing a gathering, cancelling it (a coordinator
too), its dates off, and the attendance list of a date, printable."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from exchanges.events import selectors, services
from exchanges.events.forms import DateForm, EventForm, initial_of
from exchanges.events.recurrence import next_dates
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, act, add_service_errors, ask_first
from neighbourhood.quartiers import selectors as quartiers

DATES_OFF_SHOWN = 12


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    form = EventForm(request.POST if request.method == "POST" else None, quartier=quartier)
    if form.is_valid():
        try:
            event = services.event_create(
                quartier=quartier, organiser=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, form.renamed(error))
        else:
            messages.success(request, _("Your gathering is published."))
            return redirect(event)
    return render(
        request,
        "exchanges/events/form.html",
        {"quartier": quartier, "form": form, "event": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = selectors.get_event_for_organiser(user=request.user, event_id=event_id)
    quartier = event.quartier
    if request.method == "POST":
        form = EventForm(request.POST, quartier=quartier)
        if form.is_valid():
            try:
                services.event_edit(event=event, actor=request.user, **form.service_fields())
            except ValidationError as error:
                add_service_errors(form, form.renamed(error))
            else:
                messages.success(request, _("Your gathering is changed."))
                return redirect(event)
    else:
        form = EventForm(initial=initial_of(event), quartier=quartier)
    return render(
        request,
        "exchanges/events/form.html",
        {"quartier": quartier, "form": form, "event": event},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = selectors.get_event_for_canceller(user=request.user, event_id=event_id)
    question = Question(
        title=_("Cancel “%(title)s”?") % {"title": event.title},
        text=_(
            "Every date to come is cancelled; those registered or waiting are told. This cannot "
            "be undone."
        ),
        yes=_("Yes, cancel the gathering"),
        back=event.get_absolute_url(),
    )
    if asked := ask_first(request, question):
        return asked
    return act(
        request,
        lambda: services.event_cancel(event=event, actor=request.user),
        _("The gathering is cancelled; those registered are told."),
        event.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def dates_off(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    """The dates off of a repeating gathering, and the next dates, each with a button that
    takes it off (a date typed takes off one further ahead)."""
    event = selectors.get_event_for_organiser(user=request.user, event_id=event_id)
    form = DateForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        day = form.cleaned_data["date"]
        try:
            services.exception_add(event=event, actor=request.user, day=day)
        except ValidationError as error:
            form.add_error("date", error.messages)
        else:
            messages.success(
                request,
                _("%(date)s is off; those registered for it are told.")
                % {"date": date_format(day, "l j F Y")},
            )
            return redirect("events:dates_off", event.pk)
    off = list(event.exceptions.order_by("date"))
    return render(
        request,
        "exchanges/events/dates_off.html",
        {
            "event": event,
            "quartier": event.quartier,
            "form": form,
            "off": off,
            "coming": next_dates(event, datetime.datetime.now(datetime.UTC), DATES_OFF_SHOWN),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def date_back(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = selectors.get_event_for_organiser(user=request.user, event_id=event_id)
    form = DateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the dates of this gathering."))
        return redirect("events:dates_off", event.pk)
    day = form.cleaned_data["date"]
    return act(
        request,
        lambda: services.exception_remove(event=event, actor=request.user, day=day),
        _("%(date)s takes place again.") % {"date": date_format(day, "l j F Y")},
        reverse("events:dates_off", args=[event.pk]),
    )


@login_required
def attendance(request: AuthenticatedHttpRequest, event_id: int, day: str) -> HttpResponse:
    """The list of a date for its organiser: the registered, then the waiting in their order;
    printed, it is a sheet to tick."""
    event = selectors.get_event_for_organiser(user=request.user, event_id=event_id)
    try:
        date = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    occurrence, people = selectors.attendance(event=event, day=date)
    return render(
        request,
        "exchanges/events/attendance.html",
        {
            "event": event,
            "quartier": event.quartier,
            "date": date,
            "occurrence": occurrence,
            "registered": [r for r in people if r.status == "registered"],
            "waiting": [r for r in people if r.status == "waiting"],
        },
    )
