"""The money's papers: the contract to sign and the producer's payment schedule (private to
the member and the contract's followers), and the treasurer's month (the quartier's
coordinators), as a page, a CSV and a PDF. The schedule and the month's files grow with the
quartier: they are stored files (`views.files`), built by the `reports` queue."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.produce import baskets, subscribers
from exchanges.produce.exports import contracts as papers
from exchanges.produce.exports import stored
from exchanges.produce.services import money
from exchanges.produce.views import files
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
    quartier = contract.producer.quartier
    file = stored.StoredFile.current("contract", contract.pk, "schedule", "pdf", quartier.language)
    title = papers.schedule_title(contract)
    return files.stored_file(
        request,
        file,
        files.Download(
            filename=papers.schedule_filename(contract),
            title=title,
            heading=title,
            back_url=reverse("produce:contract_subscriptions", args=[contract.pk]),
            back_label=_("Back to the subscriptions"),
        ),
    )


@login_required
@in_site_timezone
def treasury_month(request: AuthenticatedHttpRequest, slug: str, fmt: str = "") -> HttpResponse:
    """What is due in a month (`?month=YYYY-MM`, this month otherwise), per producer and member."""
    quartier, _membership = quartiers.get_quartier_for_coordinator(user=request.user, slug=slug)
    month = subscribers.month_from(request.GET.get("month"), today=timezone.localdate())
    if fmt:
        if fmt not in stored.FORMATS:
            raise Http404
        file = stored.StoredFile.current(
            "treasury", quartier.pk, month.strftime("%Y-%m"), fmt, quartier.language
        )
        title = papers.treasury_title(month)
        back = reverse("produce:treasury", args=[quartier.slug]) + f"?month={month:%Y-%m}"
        return files.stored_file(
            request,
            file,
            files.Download(
                filename=papers.treasury_filename(quartier, month, fmt),
                title=title,
                heading=f"{title} · {quartier.name}",
                back_url=back,
                back_label=_("Back to the month"),
            ),
        )
    rows = subscribers.treasury(quartier=quartier, month=month)
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
