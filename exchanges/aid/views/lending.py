"""Asking to borrow or take an object, and the buttons that move a loan or a gift along:
plain forms, POST and redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from exchanges.aid.forms.objects import GiftForm, LoanForm
from exchanges.aid.selectors import objects as selectors
from exchanges.aid.services import objects as services
from exchanges.aid.views.objects import render_detail
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import act, add_service_errors, in_site_timezone

LOAN_ACTIONS: dict[str, tuple[Callable[..., Any], Any]] = {
    "accept": (services.loan_accept, gettext_lazy("The loan is accepted.")),
    "decline": (services.loan_decline, gettext_lazy("The request is declined.")),
    "cancel": (services.loan_cancel, gettext_lazy("The loan is cancelled.")),
    "hand-over": (services.loan_hand_over, gettext_lazy("Your confirmation is noted.")),
    "return": (services.loan_return, gettext_lazy("Your confirmation is noted.")),
}
GIFT_ACTIONS: dict[str, tuple[Callable[..., Any], Any]] = {
    "reserve": (services.gift_reserve, gettext_lazy("The object is reserved.")),
    "collect": (services.gift_collect, gettext_lazy("The object is given. Thank you!")),
    "cancel": (services.gift_cancel, gettext_lazy("The gift is called off.")),
}


@login_required
@in_site_timezone
@require_POST
def loan_ask(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = selectors.get_item_for_member(user=request.user, item_id=item_id)
    form = LoanForm(request.POST)
    if form.is_valid():
        try:
            services.loan_ask(item=item, borrower=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your request is sent to the owner."))
            return redirect(item)
    return render_detail(request, item, status=400, loan_form=form)


@login_required
@in_site_timezone
@require_POST
def gift_ask(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = selectors.get_item_for_member(user=request.user, item_id=item_id)
    form = GiftForm(request.POST)
    if form.is_valid():
        try:
            services.gift_ask(item=item, taker=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your request is sent to the giver."))
            return redirect(item)
    return render_detail(request, item, status=400, gift_form=form)


@login_required
@in_site_timezone
@require_POST
def loan_action(request: AuthenticatedHttpRequest, loan_id: int, action: str) -> HttpResponse:
    loan = selectors.get_loan_for_party(user=request.user, loan_id=loan_id)
    if action not in LOAN_ACTIONS:
        raise Http404
    service, done = LOAN_ACTIONS[action]
    return act(
        request, lambda: service(loan=loan, actor=request.user), done, loan.item.get_absolute_url()
    )


@login_required
@in_site_timezone
@require_POST
def gift_action(request: AuthenticatedHttpRequest, gift_id: int, action: str) -> HttpResponse:
    gift = selectors.get_gift_for_party(user=request.user, gift_id=gift_id)
    if action not in GIFT_ACTIONS:
        raise Http404
    service, done = GIFT_ACTIONS[action]
    return act(
        request, lambda: service(gift=gift, actor=request.user), done, gift.item.get_absolute_url()
    )
