"""The pages a member reads and the buttons they press: the quartier's gatherings, mine, one
gathering with its next dates (register, cancel, the rank on a waiting list). Rules live in the
services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from exchanges.events import selectors, services
from exchanges.events.forms import DateForm
from exchanges.events.services.common import may_cancel
from exchanges.events.words import repeat_words
from messaging.selectors import can_read
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, act, ask_first, back
from neighbourhood.photos.pages import manage_url
from neighbourhood.quartiers import selectors as quartiers

PHOTO_SUBJECT = "event"


@login_required
def event_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    rows = selectors.upcoming(quartier=quartier)
    return render(
        request,
        "exchanges/events/list.html",
        {
            "quartier": quartier,
            "membership": membership,
            "rows": [(row, repeat_words(row.event)) for row in rows],
        },
    )


@login_required
def event_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "exchanges/events/mine.html",
        {
            "registrations": selectors.my_registrations(user=request.user),
            "organised": selectors.my_organised(user=request.user),
        },
    )


@login_required
def event_detail(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = selectors.get_event_for_member(user=request.user, event_id=event_id)
    user = request.user
    is_organiser = event.organiser_id == user.pk
    dates = selectors.event_dates(event=event, viewer=user)
    # The thread is the organiser's and the registered's.
    in_thread = event.conversation is not None and can_read(
        user=user, conversation=event.conversation
    )
    context = {
        "event": event,
        "quartier": event.quartier,
        "is_organiser": is_organiser,
        "may_cancel": not event.is_cancelled and may_cancel(event, user),
        "repeat_words": repeat_words(event),
        "dates": dates,
        "chat_url": event.conversation.get_absolute_url()
        if in_thread and event.conversation
        else "",
        "photos": list(event.photos.all()),
        "photos_url": manage_url(PHOTO_SUBJECT, event.pk)
        if is_organiser and not event.is_cancelled
        else "",
    }
    return render(request, "exchanges/events/detail.html", context)


@login_required
@require_POST
def event_register(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = selectors.get_event_for_member(user=request.user, event_id=event_id)
    form = DateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the dates of this gathering."))
        return redirect(back(request, event.get_absolute_url()))
    day = form.cleaned_data["date"]
    try:
        registration = services.event_register(event=event, member=request.user, day=day)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        when = date_format(day, "l j F")
        if registration.status == registration.Status.REGISTERED:
            messages.success(
                request, _("You are registered for %(date)s. See you there!") % {"date": when}
            )
        else:
            messages.success(
                request,
                _(
                    "%(date)s is full: you are on the waiting list. If a place frees up, it is "
                    "yours and you are told."
                )
                % {"date": when},
            )
    return redirect(back(request, event.get_absolute_url()))


@login_required
@require_http_methods(["GET", "POST"])
def registration_cancel(request: AuthenticatedHttpRequest, registration_id: int) -> HttpResponse:
    registration = selectors.get_registration_for_member(
        user=request.user, registration_id=registration_id
    )
    occurrence = registration.occurrence
    event = occurrence.event
    when = date_format(occurrence.date, "l j F")
    waiting = registration.status == registration.Status.WAITING
    question = Question(
        title=(
            _("Leave the waiting list of “%(title)s” on %(date)s?")
            if waiting
            else _("Cancel your registration for “%(title)s” on %(date)s?")
        )
        % {"title": event.title, "date": when},
        text=_("Your place goes to the first neighbour waiting, if any."),
        yes=_("Yes, cancel"),
        back=event.get_absolute_url(),
    )
    if asked := ask_first(request, question):
        return asked
    return act(
        request,
        lambda: services.registration_cancel(registration=registration, actor=request.user),
        _("Your registration is cancelled."),
        event.get_absolute_url(),
    )
