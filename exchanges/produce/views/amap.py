"""What a coordinator sets for the quartier's AMAP: its distribution days (from which contracts
make their dates) and the year's membership fee with each member's payment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from exchanges.produce import selectors, services
from exchanges.produce.forms import DistributionDayForm, FeeForm, FeePaymentForm
from exchanges.produce.forms.common import cents_to_euros
from exchanges.produce.models import DistributionDay, FeePayment, MembershipFee
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, add_service_errors, ask_first, in_site_timezone
from neighbourhood.quartiers import selectors as quartiers


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def distribution_days(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A form a day to change it, and one to add a day. The form posted says which (`day`)."""
    quartier, _membership = quartiers.get_quartier_for_coordinator(user=request.user, slug=slug)
    days = selectors.distribution_days_of(quartier=quartier)
    posted = request.POST.get("day", "") if request.method == "POST" else ""
    rows = [
        (
            day,
            DistributionDayForm(
                request.POST if posted == str(day.pk) else None,
                prefix=f"day{day.pk}",
                initial={
                    "weekday": day.weekday,
                    "starts_at": day.starts_at,
                    "ends_at": day.ends_at,
                    "place": day.place,
                },
            ),
        )
        for day in days
    ]
    new = DistributionDayForm(request.POST if posted == "new" else None, prefix="new")
    # The form posted: the new day's, or that of the day it names (None: a day gone since).
    chosen: list[tuple[DistributionDay | None, DistributionDayForm]] = (
        [(None, new)] if posted == "new" else [row for row in rows if str(row[0].pk) == posted]
    )
    for day, form in chosen:
        if not form.is_valid():
            continue
        try:
            services.distribution_day_set(
                quartier=quartier, actor=request.user, day=day, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The distribution day is saved."))
            return redirect("produce:distribution_days", slug=quartier.slug)
    return render(
        request,
        "exchanges/produce/distribution_days.html",
        {"quartier": quartier, "rows": rows, "new": new},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@in_site_timezone
def distribution_day_delete(
    request: AuthenticatedHttpRequest, slug: str, day_id: int
) -> HttpResponse:
    day = selectors.get_distribution_day_for_coordinator(
        user=request.user, slug=slug, day_id=day_id
    )
    back = redirect("produce:distribution_days", slug=slug)
    question = Question(
        title=_("Remove the distribution of %(day)s?") % {"day": day.get_weekday_display()},
        text=_("Contracts already made keep their dates; new ones will not take this day."),
        yes=_("Yes, remove it"),
        back=back.url,
    )
    if asked := ask_first(request, question):
        return asked
    services.distribution_day_remove(day=day, actor=request.user)
    messages.success(request, _("The distribution day is removed."))
    return back


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def membership(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The year's fee (`?year=`, this year by default) and each member's payment of it."""
    quartier, _membership = quartiers.get_quartier_for_coordinator(user=request.user, slug=slug)
    year = _year(request.GET.get("year", ""))
    fee = MembershipFee.objects.filter(quartier=quartier, year=year).first()
    posted = request.POST.get("form", "") if request.method == "POST" else ""
    fee_form = FeeForm(
        request.POST if posted == "fee" else None,
        prefix="fee",
        initial={
            "year": year,
            "amount": cents_to_euros(fee.amount_cents) if fee else None,
            "required": fee.required if fee else True,
        },
    )
    members = list(quartiers.member_list(quartier=quartier))
    payments = (
        {payment.member_id: payment for payment in FeePayment.objects.filter(fee=fee)}
        if fee
        else {}
    )
    rows = []
    for member in members:
        paid = payments.get(member.user_id)
        mine = posted == f"member{member.user_id}"
        rows.append(
            (
                member.user,
                paid,
                FeePaymentForm(
                    request.POST if mine else None,
                    prefix=f"member{member.user_id}",
                    initial=_payment_initial(paid),
                ),
            )
        )
    if posted == "fee" and fee_form.is_valid():
        try:
            fee = services.membership_fee_set(
                quartier=quartier, actor=request.user, **fee_form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(fee_form, fee_form.renamed(error))
        else:
            messages.success(request, _("The membership fee is saved."))
            return redirect(f"{request.path}?year={fee.year}")
    for user, _paid, form in rows:
        if posted == form.prefix and fee is not None and form.is_valid():
            try:
                services.fee_payment_record(
                    fee=fee, member=user, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("%(name)s's membership is recorded.") % {"name": user.display_name}
                )
                return redirect(f"{request.path}?year={fee.year}")
        elif posted == form.prefix and fee is None:
            messages.error(request, _("Set the year's fee first."))
    return render(
        request,
        "exchanges/produce/membership.html",
        {"quartier": quartier, "year": year, "fee": fee, "fee_form": fee_form, "rows": rows},
        status=400 if posted else 200,
    )


def _year(text: str) -> int:
    this_year = timezone.localdate().year
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else this_year


def _payment_initial(payment: FeePayment | None) -> dict[str, str]:
    if payment is None:
        return {}
    return {
        "method": payment.method,
        "cheque_number": payment.cheque_number,
        "bank": payment.bank,
        "state": payment.state,
    }
