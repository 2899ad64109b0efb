"""A subscriber's absences and the baskets passed on: the dates I take a basket on, each with
its state and the form to mark an absence; cancelling one (asked first); the baskets offered
in the quartier, and "I take it".

Every subscription and absence is fetched through `baskets.get_*_for_member`: 404 for anyone
but the subscriber (a relais's request runs as the subscriber). The services decide the rest
(deadline, jokers, the first who asks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from exchanges.produce import baskets, subscribers
from exchanges.produce.forms.absences import AbsenceForm, neighbour_choices
from exchanges.produce.models import Subscription
from exchanges.produce.services import absences
from exchanges.produce.views.common import Note, Notes, refusal, say_at
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, act, add_service_errors, ask_first, in_site_timezone
from neighbourhood.quartiers import selectors as quartiers


@dataclass(frozen=True)
class DateRow:
    """A date I take a basket on: its state, and the form to mark an absence when I still may."""

    basket: baskets.BasketDate
    form: AbsenceForm | None
    notes: list[Note]


@login_required
@in_site_timezone
def subscription_absences(request: AuthenticatedHttpRequest, subscription_id: int) -> HttpResponse:
    subscription = subscribers.get_subscription_for_member(
        user=request.user, subscription_id=subscription_id
    )
    dates = baskets.basket_dates(subscription)
    neighbours = neighbour_choices(
        quartier_id=subscription.contract.producer.quartier_id, member=subscription.subscriber
    )
    bound: AbsenceForm | None = None
    stray = ""
    if request.method == "POST":
        posted_date = request.POST.get("date", "")
        chosen = next((row for row in dates if str(row.date.pk) == posted_date), None)
        if chosen is None:
            stray = _("Choose one of the dates you take a basket on.")
        else:
            bound = AbsenceForm(
                request.POST, neighbours=neighbours, auto_id=f"absence-{chosen.date.pk}-%s"
            )
            if bound.is_valid():
                try:
                    absences.absence_mark(
                        subscription=subscription,
                        date=chosen.date,
                        actor=request.user,
                        fate=bound.cleaned_data["fate"],
                        neighbour=bound.chosen_neighbour(),
                        association=bound.cleaned_data["association"],
                    )
                except ValidationError as error:
                    add_service_errors(bound, error)
                else:
                    place = f"date-{chosen.date.pk}"
                    say_at(request, place, _("Your absence is marked."))
                    return redirect(f"{_absences_url(subscription)}#{place}")
    notes = Notes(request)
    rows = [
        DateRow(row, _form_for(row, bound, neighbours), notes.at(f"date-{row.date.pk}"))
        for row in dates
    ]
    contract = subscription.contract
    return render(
        request,
        "exchanges/produce/absences.html",
        {
            "subscription": subscription,
            "contract": contract,
            "rows": rows,
            "jokers_left": max(0, contract.jokers - baskets.jokers_spent(subscription)),
            "stray": stray,
            "messages": notes.on_top(),
        },
        status=400 if bound is not None or stray else 200,
    )


def _form_for(
    row: baskets.BasketDate, bound: AbsenceForm | None, neighbours: list[tuple[str, str]]
) -> AbsenceForm | None:
    if row.absence is not None or row.is_past:
        return None
    if bound is not None and bound.data.get("date") == str(row.date.pk):
        return bound
    return AbsenceForm(
        initial={"date": row.date.pk}, neighbours=neighbours, auto_id=f"absence-{row.date.pk}-%s"
    )


@login_required
@in_site_timezone
def absence_cancel(request: AuthenticatedHttpRequest, absence_id: int) -> HttpResponse:
    absence = baskets.get_absence_for_member(user=request.user, absence_id=absence_id)
    subscription = absence.subscription
    place = f"date-{absence.date_id}"
    back_to = f"{_absences_url(subscription)}#{place}"
    question = Question(
        title=_("You will be there on %(day)s after all?")
        % {"day": date_format(absence.date.date, "l j F")},
        text=_("Your absence is cancelled: you collect your basket yourself."),
        yes=_("Yes, cancel my absence"),
        back=back_to,
    )
    if asked := ask_first(request, question):
        return asked
    try:
        absences.absence_cancel(absence=absence, actor=request.user)
    except ValidationError as error:
        say_at(request, place, refusal(error), level=messages.ERROR)
    else:
        say_at(request, place, _("Your absence is cancelled."))
    return redirect(back_to)


@login_required
@in_site_timezone
def quartier_baskets(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    return render(
        request,
        "exchanges/produce/baskets.html",
        {"quartier": quartier, "offered": list(baskets.offered_in(quartier=quartier))},
    )


@login_required
@in_site_timezone
def basket_take(request: AuthenticatedHttpRequest, absence_id: int) -> HttpResponse:
    absence = baskets.get_absence_for_member(user=request.user, absence_id=absence_id, offered=True)
    quartier = absence.subscription.contract.producer.quartier
    fallback = reverse("produce:baskets", kwargs={"slug": quartier.slug})
    if request.method != "POST":
        return redirect(fallback)
    return act(
        request,
        lambda: absences.basket_take(absence=absence, actor=request.user),
        _("The basket of %(member)s is yours: collect it at the distribution.")
        % {"member": absence.subscription.member_name},
        fallback,
    )


def _absences_url(subscription: Subscription) -> str:
    return reverse("produce:absences", kwargs={"subscription_id": subscription.pk})
