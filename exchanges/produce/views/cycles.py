"""The order cycles of a quartier, a member's orders, and what coordinators do with a cycle:
open it, copy it for the next distribution, close it early, reopen it, send its totals again."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from exchanges.produce import selectors, services
from exchanges.produce.forms import CycleForm, ReopenForm
from exchanges.produce.views.common import refusal
from exchanges.produce.views.detail import render_detail
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, add_service_errors, ask_first, in_site_timezone, posted
from neighbourhood.quartiers import selectors as quartiers


@login_required
@in_site_timezone
def cycle_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    return render(
        request,
        "exchanges/produce/cycle_list.html",
        {
            "quartier": quartier,
            "membership": membership,
            "cycles": selectors.cycles_of(quartier=quartier),
            "ordered": {order.cycle_id for order in selectors.my_orders(user=request.user)},
        },
    )


@login_required
@in_site_timezone
def my_orders(request: AuthenticatedHttpRequest) -> HttpResponse:
    orders = selectors.my_orders(user=request.user)
    return render(
        request,
        "exchanges/produce/my_orders.html",
        {
            "orders": orders,
            "open_cycles": selectors.open_cycles_for(user=request.user),
            "ordered": {order.cycle_id for order in orders},
        },
    )


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def cycle_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_coordinator(user=request.user, slug=slug)
    products = list(selectors.active_products(quartier=quartier))
    # Orders open from the next hour by default; the coordinator says when they close.
    next_hour = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    form = CycleForm(
        posted(request),
        products=products,
        initial={"opens_at": next_hour + datetime.timedelta(hours=1)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(
                quartier=quartier,
                actor=request.user,
                offers=form.service_offers(),
                roles=form.service_roles(),
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, form.renamed(error))
        else:
            messages.success(
                request,
                _("The cycle is ready. Members are told when orders open."),
            )
            return redirect(cycle)
    return render(
        request,
        "exchanges/produce/cycle_form.html",
        {"form": form, "quartier": quartier},
        status=400 if form.is_bound else 200,
    )


@login_required
@in_site_timezone
def cycle_copy(request: AuthenticatedHttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
    if request.method != "POST":
        return redirect(cycle)
    try:
        copy = services.cycle_copy(cycle=cycle, actor=request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
        return redirect(cycle)
    messages.success(
        request,
        _("The next cycle is ready, with the same products and roles. Check its dates."),
    )
    return redirect(copy)


@login_required
@in_site_timezone
def cycle_close(request: AuthenticatedHttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
    question = Question(
        title=_("Close the orders of “%(title)s” now?") % {"title": cycle.title},
        text=_(
            "Members can no longer order or change their orders; the producers get their totals."
        ),
        yes=_("Yes, close orders now"),
        back=cycle.get_absolute_url(),
    )
    if asked := ask_first(request, question):
        return asked
    try:
        services.cycle_close_early(cycle=cycle, actor=request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(
            request, _("Orders are closed. The producers get their totals in a minute.")
        )
    return redirect(cycle)


@login_required
@in_site_timezone
def cycle_reopen(request: AuthenticatedHttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
    if request.method != "POST":
        return redirect(cycle)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.cycle_reopen(
                cycle=cycle, actor=request.user, closes_at=form.cleaned_data["closes_at"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Orders are open again. Members can change theirs."))
            return redirect(cycle)
    return render_detail(request, cycle, reopen_form=form, status=400)


@login_required
@in_site_timezone
def cycle_send_reports(request: AuthenticatedHttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
    if request.method != "POST":
        return redirect(cycle)
    try:
        services.cycle_send_reports(cycle=cycle, actor=request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, _("The totals are sent again to the producers and to you."))
    return redirect(cycle)
