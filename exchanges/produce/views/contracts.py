"""Seasonal contracts: the quartier's list and a contract's page for members; creating and
changing one, and its dates off, for coordinators."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from exchanges.produce import selectors, services, subscribers
from exchanges.produce.forms import ContractForm, contract_initial
from exchanges.produce.models import ShareSize, Subscription
from exchanges.produce.services import money
from exchanges.produce.services.contracts import is_subscribed
from exchanges.produce.services.subscriptions import fee_is_due
from exchanges.produce.views.common import refusal
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import add_service_errors, in_site_timezone, posted
from neighbourhood.quartiers import selectors as quartiers
from neighbourhood.quartiers.models import Quartier


@dataclass(frozen=True)
class SizePrice:
    """A share size with what the whole season costs, from its first date."""

    size: ShareSize
    season_cents: int
    baskets: int


@login_required
@in_site_timezone
def contract_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    return render(
        request,
        "exchanges/produce/contract_list.html",
        {
            "quartier": quartier,
            "membership": membership,
            "contracts": list(selectors.contracts_of(quartier=quartier)),
        },
    )


@login_required
@in_site_timezone
def contract_detail(request: AuthenticatedHttpRequest, contract_id: int) -> HttpResponse:
    contract = selectors.get_contract_for_member(user=request.user, contract_id=contract_id)
    quartier = contract.producer.quartier
    dates = selectors.dates_of(contract=contract)
    taken = [date.date for date in dates if not date.off]
    prices = []
    for size in contract.sizes.order_by("price_cents", "id"):
        price = money.price_from(
            taken, starts_on=contract.starts_on, price_cents=size.price_cents, every=size.every
        )
        prices.append(SizePrice(size, price.total_cents, price.baskets))
    return render(
        request,
        "exchanges/produce/contract_detail.html",
        {
            "contract": contract,
            "quartier": quartier,
            "prices": prices,
            "dates": dates,
            "is_coordinator": quartiers.is_coordinator(user=request.user, quartier=quartier),
            "fee_due": fee_is_due(
                contract=contract, member=request.user, year=contract.starts_on.year
            ),
            "follows": subscribers.follows(user=request.user, contract=contract),
            "mine": Subscription.objects.filter(
                contract=contract, member=request.user, status__in=["waiting", "active"]
            ).first(),
            "signing_open": contract.signing_is_open,
            "signing_ahead": timezone.now() < contract.signing_opens_at,
        },
    )


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def contract_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_coordinator(user=request.user, slug=slug)
    initial = {"producer": request.GET.get("producer")} if request.GET.get("producer") else {}
    form = ContractForm(posted(request), quartier=quartier, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(
                producer=form.cleaned_data["producer"],
                actor=request.user,
                sizes=form.service_sizes(),
                dates_off=form.cleaned_data["dates_off"],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, form.renamed(error))
        else:
            messages.success(
                request,
                # The clock tells the members within a minute of signing opening.
                _("The contract is ready. Signing is open: members are told in a minute.")
                if contract.signing_is_open
                else _("The contract is ready. Members are told when signing opens."),
            )
            return redirect(contract)
    return render(
        request,
        "exchanges/produce/contract_form.html",
        {"form": form, "quartier": quartier, "contract": None, "has_days": _has_days(quartier)},
        status=400 if form.is_bound else 200,
    )


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def contract_edit(request: AuthenticatedHttpRequest, contract_id: int) -> HttpResponse:
    contract = selectors.get_contract_for_coordinator(user=request.user, contract_id=contract_id)
    quartier = contract.producer.quartier
    fixed = is_subscribed(contract)
    form = ContractForm(
        posted(request),
        quartier=quartier,
        contract=contract,
        fixed=fixed,
        initial=contract_initial(contract),
    )
    if request.method == "POST" and form.is_valid():
        try:
            # A copy, so a refused change does not show in the page's header.
            services.contract_update(
                contract=copy.copy(contract),
                actor=request.user,
                sizes=None if fixed else form.service_sizes(),
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, form.renamed(error))
        else:
            messages.success(request, _("The contract is saved."))
            return redirect(contract)
    return render(
        request,
        "exchanges/produce/contract_form.html",
        {
            "form": form,
            "quartier": quartier,
            "contract": contract,
            "dates": selectors.dates_of(contract=contract),
            "fixed": fixed,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@in_site_timezone
@require_POST
def contract_date_off(
    request: AuthenticatedHttpRequest, contract_id: int, date_id: int
) -> HttpResponse:
    date = selectors.get_contract_date_for_coordinator(
        user=request.user, contract_id=contract_id, date_id=date_id
    )
    off = request.POST.get("off") == "1"
    try:
        services.contract_date_set_off(date=date, actor=request.user, off=off)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(
            request, _("No distribution on that date.") if off else _("The date is on again.")
        )
    return redirect("produce:contract_edit", contract_id=contract_id)


def _has_days(quartier: Quartier) -> bool:
    return bool(selectors.distribution_days_of(quartier=quartier))
