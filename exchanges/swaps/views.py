"""Pages of knowledge swaps: plain forms posted without JavaScript, then a redirect.

Every swap is fetched through `get_swap_for_member` (404 for outsiders) and every exchange
through `get_exchange_for_party`; the services decide the rest (403 for what only the author or
a coordinator may do).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from exchanges.swaps import selectors, services
from exchanges.swaps.forms import (
    EvaluationForm,
    InterestForm,
    IntroduceForm,
    SwapEditForm,
    SwapForm,
)
from exchanges.swaps.models import Evaluation, Exchange, Swap
from neighbourhood.accounts.models import User
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, add_service_errors, ask_first, back, posted
from neighbourhood.quartiers import selectors as quartiers

STATUS_DONE = {
    Swap.Status.ACTIVE: gettext_lazy("Your swap is back in the feed."),
    Swap.Status.PAUSED: gettext_lazy("Your swap is paused: it no longer shows in the feed."),
    Swap.Status.CLOSED: gettext_lazy("Your swap is closed. Thank you for sharing!"),
}


@login_required
@require_http_methods(["GET", "POST"])
def swap_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    kind = request.GET.get("kind", "")
    if kind not in Swap.Kind.values:
        kind = ""
    # The form posts back to this address, ?kind= included.
    form = SwapForm(posted(request), kind=kind)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        kind = fields.pop("kind", kind)
        try:
            swap = services.swap_create(quartier=quartier, author=request.user, kind=kind, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your swap is published. Your neighbours can see it."))
            return redirect(swap)
    return render(
        request,
        "exchanges/swaps/swap_form.html",
        {"form": form, "quartier": quartier, "kind": kind},
        status=400 if form.is_bound else 200,
    )


@login_required
def swap_detail(request: AuthenticatedHttpRequest, swap_id: int) -> HttpResponse:
    swap = selectors.get_swap_for_member(user=request.user, swap_id=swap_id)
    return _render_detail(request, swap)


@login_required
@require_http_methods(["GET", "POST"])
def swap_edit(request: AuthenticatedHttpRequest, swap_id: int) -> HttpResponse:
    swap = selectors.get_swap_for_member(user=request.user, swap_id=swap_id)
    if swap.author_id != request.user.pk:
        # The service refuses the change too; this spares others a form they cannot send.
        raise PermissionDenied(_("Only the author of this swap can change it."))
    form = SwapEditForm(posted(request), swap=swap)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        if fields.get("ends_on") is None:
            fields.pop("ends_on", None)
        try:
            # A copy, so a refused change does not show in the page's header.
            services.swap_update(swap=copy.copy(swap), actor=request.user, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your swap is saved."))
            return redirect(swap)
    return render(
        request,
        "exchanges/swaps/swap_edit.html",
        {"form": form, "swap": swap},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def swap_status(request: AuthenticatedHttpRequest, swap_id: int) -> HttpResponse:
    """Pausing is one tap (it is undone as easily); closing asks first, on a page of its own."""
    swap = selectors.get_swap_for_member(user=request.user, swap_id=swap_id)
    if request.method == "GET":
        if swap.author_id != request.user.pk:
            raise PermissionDenied(_("Only the author of this swap can do this."))
        if request.GET.get("status") != Swap.Status.CLOSED:
            # Only closing is asked (and posted back as it is): the page's words and its Yes
            # never disagree.
            return redirect(swap)
        question = Question(
            title=_("Close your swap “%(title)s”?") % {"title": swap.title},
            text=_("A closed swap cannot be opened again. The exchanges already started go on."),
            yes=_("Yes, close it"),
            back=swap.get_absolute_url(),
        )
        return ask_first(request, question, keep=["status"]) or redirect(swap)
    status = request.POST.get("status", "")
    try:
        services.swap_set_status(swap=swap, actor=request.user, status=status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, STATUS_DONE[Swap.Status(status)])
    return redirect(_back(request, swap))


@login_required
@require_POST
def swap_renew(request: AuthenticatedHttpRequest, swap_id: int) -> HttpResponse:
    swap = selectors.get_swap_for_member(user=request.user, swap_id=swap_id)
    try:
        services.swap_renew(swap=swap, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Your swap is renewed until %(date)s.")
            % {"date": date_format(swap.ends_on, "DATE_FORMAT")},
        )
    return redirect(_back(request, swap))


@login_required
@require_POST
def swap_interest(request: AuthenticatedHttpRequest, swap_id: int) -> HttpResponse:
    swap = selectors.get_swap_for_member(user=request.user, swap_id=swap_id)
    form = InterestForm(request.POST, auto_id="interest_%s")
    if form.is_valid():
        try:
            exchange = services.swap_express_interest(
                swap=swap, member=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is told. You can write to them here.")
                % {"name": swap.author.public_name},
            )
            return redirect(exchange.conversation.get_absolute_url())
    return _render_detail(request, swap, status=400, interest_form=form)


@login_required
@require_POST
def swap_introduce(request: AuthenticatedHttpRequest, swap_id: int) -> HttpResponse:
    swap = selectors.get_swap_for_member(user=request.user, swap_id=swap_id)
    quartiers.get_quartier_for_coordinator(user=request.user, slug=swap.quartier.slug)
    form = _introduce_form(swap, request.user, data=request.POST)
    if form.is_valid():
        member = form.memberships[form.cleaned_data["member"]].user
        try:
            services.swap_introduce(
                swap=swap,
                member=member,
                coordinator=request.user,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(member)s and %(author)s are in touch. They have each been told.")
                % {"member": member.public_name, "author": swap.author.public_name},
            )
            return redirect(swap)
    return _render_detail(request, swap, status=400, introduce_form=form)


@login_required
@require_POST
def exchange_held(request: AuthenticatedHttpRequest, exchange_id: int) -> HttpResponse:
    exchange = selectors.get_exchange_for_party(user=request.user, exchange_id=exchange_id)
    services.exchange_mark_held(exchange=exchange, actor=request.user)
    messages.success(request, _("Noted: the exchange took place. You can now say how it went."))
    return redirect(exchange.swap)


@login_required
@require_POST
def exchange_evaluate(request: AuthenticatedHttpRequest, exchange_id: int) -> HttpResponse:
    exchange = selectors.get_exchange_for_party(user=request.user, exchange_id=exchange_id)
    form = EvaluationForm(request.POST, auto_id=_evaluation_id(exchange))
    if form.is_valid():
        try:
            services.exchange_evaluate(
                exchange=exchange, author=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you for your words."))
            return redirect(exchange.swap)
    swap = selectors.get_swap_for_member(user=request.user, swap_id=exchange.swap_id)
    return _render_detail(request, swap, status=400, evaluation=(exchange.pk, form))


@login_required
def my_swaps(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    suggestions = selectors.suggestions_for(user=user)
    return render(
        request,
        "exchanges/swaps/my_swaps.html",
        {
            "swaps": selectors.my_swaps(user=user),
            "suggestions": suggestions.swaps,
            "cycles": _cycles(suggestions),
            "nudge": selectors.has_asked_but_never_offered(user=user),
            "memberships": list(quartiers.my_memberships(user=user)),
            "renew_before": services.default_end(),
        },
    )


@login_required
def category_overview(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_coordinator(user=request.user, slug=slug)
    return render(
        request,
        "exchanges/swaps/category_overview.html",
        {"quartier": quartier, "rows": selectors.category_overview(quartier=quartier)},
    )


@dataclass(frozen=True)
class ExchangeRow:
    """An exchange as the viewer sees it: the other person, and what the viewer may do."""

    exchange: Exchange
    other: User
    evaluations: list[Evaluation]
    evaluation_form: EvaluationForm | None


def _render_detail(
    request: AuthenticatedHttpRequest,
    swap: Swap,
    *,
    status: int = 200,
    interest_form: InterestForm | None = None,
    introduce_form: IntroduceForm | None = None,
    evaluation: tuple[int, EvaluationForm] | None = None,
) -> HttpResponse:
    """The swap page; a refused form comes back bound, with its errors, in its place."""
    user = request.user
    is_author = swap.author_id == user.pk
    exchanges = selectors.exchanges_of(swap=swap, viewer=user)
    rows = [_exchange_row(swap, exchange, user, evaluation) for exchange in exchanges]
    in_touch = not is_author and bool(exchanges)
    if interest_form is None and not is_author and not in_touch and swap.is_open:
        interest_form = InterestForm(auto_id="interest_%s")
    is_coordinator = quartiers.is_coordinator(user=user, quartier=swap.quartier)
    if introduce_form is None and is_coordinator and swap.is_open:
        introduce_form = _introduce_form(swap, user)
    return render(
        request,
        "exchanges/swaps/swap_detail.html",
        {
            "swap": swap,
            "is_author": is_author,
            "in_touch": in_touch,
            "rows": rows,
            "interest_form": interest_form,
            "introduce_form": introduce_form,
            "renew_before": services.default_end(),
        },
        status=status,
    )


def _exchange_row(
    swap: Swap,
    exchange: Exchange,
    viewer: User,
    evaluation: tuple[int, EvaluationForm] | None,
) -> ExchangeRow:
    evaluations = list(exchange.evaluations.all())
    form: EvaluationForm | None = None
    if evaluation is not None and evaluation[0] == exchange.pk:
        form = evaluation[1]
    elif exchange.held_at is not None and all(e.author_id != viewer.pk for e in evaluations):
        form = EvaluationForm(auto_id=_evaluation_id(exchange))
    other = exchange.member if swap.author_id == viewer.pk else swap.author
    return ExchangeRow(exchange, other, evaluations, form)


def _evaluation_id(exchange: Exchange) -> str:
    # Several exchanges on one page: each form's fields need their own ids.
    return f"evaluation-{exchange.pk}-%s"


def _introduce_form(swap: Swap, coordinator: User, data: QueryDict | None = None) -> IntroduceForm:
    members = [
        m
        for m in quartiers.member_list(quartier=swap.quartier)
        if m.user_id not in {swap.author_id, coordinator.pk}
    ]
    return IntroduceForm(data, memberships=members, auto_id="introduce_%s")


@dataclass(frozen=True)
class CycleView:
    """You teach `learner`, who teaches `third`, who teaches you; with the swaps that say so,
    when they are among the suggestions shown."""

    learner: User
    third: User
    learner_request: Swap | None
    third_offer: Swap | None


def _cycles(suggestions: selectors.MySuggestions) -> list[CycleView]:
    shown: dict[tuple[int, str], Swap] = {}
    for _mine, matches in suggestions.swaps:
        for match in matches:
            shown.setdefault((match.swap.author_id, match.swap.kind), match.swap)
    return [
        CycleView(
            cycle.learner,
            cycle.third,
            shown.get((cycle.learner.pk, Swap.Kind.REQUEST)),
            shown.get((cycle.third.pk, Swap.Kind.OFFER)),
        )
        for cycle in suggestions.cycles
    ]


def _back(request: AuthenticatedHttpRequest, swap: Swap) -> str:
    """Where an action's button was: the swap page, or "my swaps" when it says so."""
    return back(request, swap.get_absolute_url())
