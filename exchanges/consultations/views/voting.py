"""The voting pages, without a script: my ballot (by the consultation's id, or by a public
survey's link), and the paper ballots a coordinator enters. Rules live in
`services.ballots`; these pages show the form, call one service and say what happened."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from exchanges.consultations import access, ballot_selectors
from exchanges.consultations.ballot_form import BallotForm, value_words
from exchanges.consultations.models import Consultation
from exchanges.consultations.services import ballots
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, act, add_service_errors, ask_first


def _ballot_page(
    request: AuthenticatedHttpRequest, consultation: Consultation, action: str, survey: bool
) -> HttpResponse:
    mine = ballot_selectors.my_ballot(consultation, request.user)
    options = list(consultation.options.all())
    status = 200
    if request.method == "POST" and consultation.vote_is_open:
        form = BallotForm(request.POST, consultation=consultation, options=options, prefix="ballot")
        if form.is_valid():
            try:
                ballots.ballot_cast(
                    consultation=consultation,
                    member=request.user,
                    marks=form.marks(),
                    answer=form.answer(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your ballot is recorded."))
                return redirect(action)
        status = 400
    else:
        if request.method == "POST":
            status = 400
            messages.error(request, " ".join(_closed_words(consultation)))
        form = BallotForm(
            consultation=consultation,
            options=options,
            initial_marks=mine.marks,
            initial_answer=mine.answer,
            prefix="ballot",
        )
    context = {
        "consultation": consultation,
        "quartier": consultation.quartier,
        "form": form,
        "mine": mine,
        "action": action,
        "survey": survey,
        "open": consultation.vote_is_open,
        "closed_words": _closed_words(consultation),
    }
    return render(request, "exchanges/consultations/vote.html", context, status=status)


def _closed_words(consultation: Consultation) -> list[str]:
    try:
        ballots.refuse_unless_open(consultation)
    except ValidationError as error:
        return list(error.messages)
    return []


@login_required
@require_http_methods(["GET", "POST"])
def vote(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    consultation = access.get_consultation_for_member(
        user=request.user, consultation_id=consultation_id
    )
    return _ballot_page(
        request, consultation, reverse("consultations:vote", args=[consultation.pk]), False
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    consultation = access.get_consultation_by_link(user=request.user, token=token)
    return _ballot_page(request, consultation, reverse("consultations:survey", args=[token]), True)


@login_required
@require_http_methods(["GET", "POST"])
def paper(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    """A coordinator enters the paper ballots one after the other: the form comes back empty
    after each, with how many were entered."""
    consultation = access.get_consultation_for_coordinator(
        user=request.user, consultation_id=consultation_id
    )
    action = reverse("consultations:paper", args=[consultation.pk])
    options = list(consultation.options.all())
    status = 200
    if request.method == "POST" and consultation.vote_is_open:
        form = BallotForm(request.POST, consultation=consultation, options=options, prefix="ballot")
        if form.is_valid():
            try:
                ballots.paper_ballot_enter(
                    consultation=consultation,
                    coordinator=request.user,
                    marks=form.marks(),
                    answer=form.answer(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The paper ballot is entered. Enter the next one."))
                return redirect(action)
        status = 400
    else:
        if request.method == "POST":
            status = 400
            messages.error(request, " ".join(_closed_words(consultation)))
        form = BallotForm(consultation=consultation, options=options, prefix="ballot")
    context = {
        "consultation": consultation,
        "quartier": consultation.quartier,
        "form": form,
        "action": action,
        "open": consultation.vote_is_open,
        "closed_words": _closed_words(consultation),
        "paper_ballots": [
            (
                ballot,
                [
                    (mark.option.label, value_words(consultation.method, mark.value))
                    for mark in ballot.marks.all()
                ],
            )
            for ballot in ballot_selectors.paper_ballots(consultation)
        ],
    }
    return render(request, "exchanges/consultations/paper.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def paper_remove(
    request: AuthenticatedHttpRequest, consultation_id: int, ballot_id: uuid.UUID
) -> HttpResponse:
    consultation = access.get_consultation_for_coordinator(
        user=request.user, consultation_id=consultation_id
    )
    ballot = ballot_selectors.get_paper_ballot(consultation, ballot_id)
    back = reverse("consultations:paper", args=[consultation.pk])
    question = Question(
        title=_("Remove this paper ballot?"),
        text=_("It will no longer be counted. Enter it again if it was right."),
        yes=_("Yes, remove it"),
        back=back,
    )
    if asked := ask_first(request, question):
        return asked
    return act(
        request,
        lambda: ballots.paper_ballot_remove(ballot=ballot, coordinator=request.user),
        _("The paper ballot is removed."),
        back,
    )
