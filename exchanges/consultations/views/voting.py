"""The voting pages, without a script: my ballot (by the consultation's id, or by a public
survey's link), and the paper ballots a coordinator enters. Rules live in
`services.ballots`; these pages show the form, call one service and say what happened."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

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

Write = Callable[[dict[int, int], str], object]


@dataclass
class Flow:
    """A ballot form, posted or not: the form to show and the page's status, or where to go
    once the ballot is written."""

    form: BallotForm
    status: int = 200
    done: HttpResponse | None = None


def _ballot_flow(
    request: AuthenticatedHttpRequest,
    consultation: Consultation,
    *,
    write: Write,
    success: str,
    action: str,
    initial_marks: dict[int, int] | None = None,
    initial_answer: str = "",
) -> Flow:
    """The flow the member's ballot and a paper ballot share: a posted form is checked, then
    written by ``write`` (one service); a refusal comes back in the form's summary. A post to a
    vote that is not open is a 400 whose words the page shows once, where the form would be."""
    options = list(consultation.options.all())
    if request.method == "POST" and consultation.vote_is_open:
        form = BallotForm(request.POST, consultation=consultation, options=options, prefix="ballot")
        if form.is_valid():
            try:
                write(form.marks(), form.answer())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, success)
                return Flow(form=form, done=redirect(action))
        return Flow(form=form, status=400)
    form = BallotForm(
        consultation=consultation,
        options=options,
        initial_marks=initial_marks or {},
        initial_answer=initial_answer,
        prefix="ballot",
    )
    return Flow(form=form, status=400 if request.method == "POST" else 200)


def _ballot_page(
    request: AuthenticatedHttpRequest, consultation: Consultation, action: str, survey: bool
) -> HttpResponse:
    mine = ballot_selectors.my_ballot(consultation, request.user)
    flow = _ballot_flow(
        request,
        consultation,
        write=lambda marks, answer: ballots.ballot_cast(
            consultation=consultation, member=request.user, marks=marks, answer=answer
        ),
        success=_("Your ballot is recorded."),
        action=action,
        initial_marks=mine.marks,
        initial_answer=mine.answer,
    )
    if flow.done is not None:
        return flow.done
    context = {
        "consultation": consultation,
        "quartier": consultation.quartier,
        "form": flow.form,
        "mine": mine,
        "action": action,
        "survey": survey,
        "open": consultation.vote_is_open,
        "closed_words": _closed_words(consultation),
    }
    return render(request, "exchanges/consultations/vote.html", context, status=flow.status)


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
    flow = _ballot_flow(
        request,
        consultation,
        write=lambda marks, answer: ballots.paper_ballot_enter(
            consultation=consultation, coordinator=request.user, marks=marks, answer=answer
        ),
        success=_("The paper ballot is entered. Enter the next one."),
        action=action,
    )
    if flow.done is not None:
        return flow.done
    context = {
        "consultation": consultation,
        "quartier": consultation.quartier,
        "form": flow.form,
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
    return render(request, "exchanges/consultations/paper.html", context, status=flow.status)


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
