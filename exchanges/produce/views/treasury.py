"""The money's papers: the contract to sign and the producer's payment schedule (private to
the member and the contract's followers), and the treasurer's month (the quartier's
coordinators), as a page, a CSV and a PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from exchanges.produce import baskets, subscribers
from exchanges.produce.exports import contracts as papers
from exchanges.produce.services import money
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import in_site_timezone
from neighbourhood.quartiers import selectors as quartiers


@login_required
@in_site_timezone
def contract_pdf(request: AuthenticatedHttpRequest, subscription_id: int) -> HttpResponse:
    subscription = subscribers.get_subscription_for_viewer(
        user=request.user, subscription_id=subscription_id
    )
    return papers.contract_pdf(
        subscription,
        baskets=baskets.subscription_dates(subscription),
        instalments=list(subscription.instalments.order_by("position")),
    )


@login_required
@in_site_timezone
def schedule_pdf(request: AuthenticatedHttpRequest, contract_id: int) -> HttpResponse:
    contract = subscribers.get_contract_for_follower(user=request.user, contract_id=contract_id)
    return papers.schedule_pdf(contract, subscribers.subscriptions_of(contract))


@login_required
@in_site_timezone
def treasury_month(request: AuthenticatedHttpRequest, slug: str, fmt: str = "") -> HttpResponse:
    """What is due in a month (`?month=YYYY-MM`, this month otherwise), per producer and member."""
    quartier, _membership = quartiers.get_quartier_for_coordinator(user=request.user, slug=slug)
    month = subscribers.month_from(request.GET.get("month"), today=timezone.localdate())
    rows = subscribers.treasury(quartier=quartier, month=month)
    if fmt == "csv":
        return papers.treasury_csv(quartier, month, rows)
    if fmt == "pdf":
        return papers.treasury_pdf(quartier, month, rows)
    if fmt:
        raise Http404
    return render(
        request,
        "exchanges/produce/treasury.html",
        {
            "quartier": quartier,
            "month": month,
            "rows": rows,
            "previous": money.add_months(month, -1),
            "next": money.add_months(month, 1),
        },
    )
