"""Opening and changing a consultation, approving, declining or withdrawing it, and the
debate's summary. Who may do what is the services' to say (403 in words)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from exchanges.consultations import services
from exchanges.consultations.access import (
    get_consultation_for_coordinator,
    get_consultation_for_editor,
    require_may_propose,
)
from exchanges.consultations.forms import ConsultationForm, SummaryForm, initial_of
from exchanges.consultations.models import Consultation
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, act, add_service_errors, ask_first
from neighbourhood.quartiers import selectors as quartiers

Status = Consultation.Status


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    coordinating = quartiers.is_coordinator(user=request.user, quartier=quartier)
    if not coordinating:
        require_may_propose(user=request.user, quartier=quartier)
    form = ConsultationForm(
        request.POST if request.method == "POST" else None,
        quartier=quartier,
        initial={"method": Consultation.Method.SINGLE},
    )
    if form.is_valid():
        try:
            consultation = services.consultation_open(
                quartier=quartier, actor=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, form.renamed(error))
        else:
            messages.success(
                request,
                _("The consultation is open.")
                if consultation.status == Status.APPROVED
                else _("Your proposal is sent to the coordinators."),
            )
            return redirect(consultation)
    return render(
        request,
        "exchanges/consultations/form.html",
        {"quartier": quartier, "form": form, "consultation": None, "proposing": not coordinating},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    consultation = get_consultation_for_editor(user=request.user, consultation_id=consultation_id)
    quartier = consultation.quartier
    if request.method == "POST":
        form = ConsultationForm(
            request.POST,
            initial=initial_of(consultation),
            quartier=quartier,
            consultation=consultation,
        )
        if form.is_valid():
            try:
                services.consultation_update(
                    consultation=consultation, actor=request.user, **form.service_fields()
                )
            except ValidationError as error:
                add_service_errors(form, form.renamed(error))
            else:
                messages.success(request, _("The consultation is changed."))
                return redirect(consultation)
    else:
        form = ConsultationForm(
            initial=initial_of(consultation), quartier=quartier, consultation=consultation
        )
    return render(
        request,
        "exchanges/consultations/form.html",
        {"quartier": quartier, "form": form, "consultation": consultation, "proposing": False},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_approve(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    consultation = get_consultation_for_coordinator(
        user=request.user, consultation_id=consultation_id
    )
    question = Question(
        title=_("Approve “%(question)s”?") % {"question": consultation.question},
        text=_("It is published in the quartier, and moves through its phases on its dates."),
        yes=_("Yes, approve"),
        back=consultation.get_absolute_url(),
    )
    if asked := ask_first(request, question):
        return asked
    return act(
        request,
        lambda: services.consultation_approve(consultation=consultation, actor=request.user),
        _("The consultation is approved."),
        consultation.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_decline(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    consultation = get_consultation_for_editor(user=request.user, consultation_id=consultation_id)
    is_opener = consultation.opened_by_id == request.user.pk
    question = Question(
        title=(_("Take back “%(question)s”?") if is_opener else _("Decline “%(question)s”?"))
        % {"question": consultation.question},
        text=_("The proposal is not published. Whoever proposed it is told."),
        yes=_("Yes, take it back") if is_opener else _("Yes, decline"),
        back=consultation.get_absolute_url(),
    )
    if asked := ask_first(request, question):
        return asked
    return act(
        request,
        lambda: services.consultation_decline(consultation=consultation, actor=request.user),
        _("The proposal is declined."),
        reverse("consultations:list", args=[consultation.quartier.slug]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_withdraw(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    consultation = get_consultation_for_coordinator(
        user=request.user, consultation_id=consultation_id
    )
    question = Question(
        title=_("Withdraw “%(question)s”?") % {"question": consultation.question},
        text=_("It leaves the feed and its phases stop. This cannot be undone."),
        yes=_("Yes, withdraw"),
        back=consultation.get_absolute_url(),
    )
    if asked := ask_first(request, question):
        return asked
    return act(
        request,
        lambda: services.consultation_withdraw(consultation=consultation, actor=request.user),
        _("The consultation is withdrawn."),
        consultation.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_summary(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    consultation = get_consultation_for_coordinator(
        user=request.user, consultation_id=consultation_id
    )
    if request.method == "POST":
        form = SummaryForm(request.POST)
        if form.is_valid():
            try:
                services.consultation_summary_update(
                    consultation=consultation,
                    actor=request.user,
                    summary=form.cleaned_data["summary"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The summary is saved."))
                return redirect(consultation)
    else:
        form = SummaryForm(initial={"summary": consultation.summary})
    return render(
        request,
        "exchanges/consultations/summary.html",
        {"consultation": consultation, "quartier": consultation.quartier, "form": form},
        status=400 if form.errors else 200,
    )
