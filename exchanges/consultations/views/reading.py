"""The pages a member reads: the quartier's consultations grouped by phase, and one
consultation with its timeline, background, documents, photos, options and debate."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from exchanges.consultations import selectors, services
from exchanges.consultations.access import get_consultation_for_member, may_manage_documents
from exchanges.consultations.ballot_form import option_label
from exchanges.consultations.models import Consultation, Participation
from exchanges.consultations.results import results_visible
from exchanges.consultations.services.clock import ORDER
from messaging.selectors import can_read
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import act
from neighbourhood.photos.pages import manage_url
from neighbourhood.quartiers import selectors as quartiers

PHOTO_SUBJECT = "consultation"
Phase = Consultation.Phase
Status = Consultation.Status


@login_required
def consultation_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    consultations = list(selectors.consultations_in(user=request.user, quartier=quartier))
    coordinating = quartiers.is_coordinator(user=request.user, quartier=quartier)
    groups = selectors.grouped(consultations)
    return render(
        request,
        "exchanges/consultations/list.html",
        {
            "quartier": quartier,
            "membership": membership,
            "coordinating": coordinating,
            "may_open": coordinating or quartier.members_open_consultations,
            "groups": [(key, _group_title(key), groups[key]) for key in groups if groups[key]],
        },
    )


def _group_title(key: str) -> str:
    return {
        "proposed": _("Proposals waiting for a coordinator"),
        Phase.VOTE: _("Vote open"),
        Phase.DEBATE: _("In debate"),
        Phase.INFORMATION: _("Information"),
        Phase.SCHEDULED: _("Coming"),
        Phase.RESULTS: _("Closed: the results"),
        "withdrawn": _("Withdrawn"),
    }[key]


@login_required
def consultation_detail(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    user = request.user
    consultation = get_consultation_for_member(user=user, consultation_id=consultation_id)
    quartier = consultation.quartier
    coordinating = quartiers.is_coordinator(user=user, quartier=quartier)
    is_opener = consultation.opened_by_id == user.pk
    proposed = consultation.status == Status.PROPOSED
    approved = consultation.status == Status.APPROVED
    conversation = consultation.conversation
    in_debate = conversation is not None and can_read(user=user, conversation=conversation)
    may_edit = (coordinating or (proposed and is_opener)) and (
        consultation.status != Status.WITHDRAWN and consultation.phase != Phase.RESULTS
    )
    context = {
        "consultation": consultation,
        "quartier": quartier,
        "coordinating": coordinating,
        "timeline": _timeline(consultation),
        "links": consultation.links.splitlines(),
        "options": [
            option_label(option, consultation.quartier.language)
            for option in consultation.options.all()
        ],
        "documents": list(consultation.documents.all()),
        "photos": list(consultation.photos.all()),
        "photos_url": manage_url(PHOTO_SUBJECT, consultation.pk) if may_edit else "",
        "chat_url": conversation.get_absolute_url() if in_debate and conversation else "",
        "may_join": conversation is not None and not in_debate and approved,
        "may_edit": may_edit,
        "may_documents": may_manage_documents(consultation=consultation, user=user),
        "may_approve": coordinating and proposed,
        "may_decline": proposed and (coordinating or is_opener),
        "may_withdraw": coordinating and approved and consultation.phase != Phase.RESULTS,
        # The vote and the results, linked from their own pages.
        "vote_open": consultation.vote_is_open,
        "vote_to_come": approved and ORDER.index(consultation.phase) < ORDER.index(Phase.VOTE),
        "took_part": Participation.objects.filter(consultation=consultation, member=user).exists(),
        "results_shown": results_visible(consultation),
        "public_link": request.build_absolute_uri(
            reverse("consultations:survey", args=[consultation.public_token])
        )
        if coordinating and consultation.audience == Consultation.Audience.PUBLIC_LINK
        else "",
    }
    return render(request, "exchanges/consultations/detail.html", context)


def _timeline(consultation: Consultation) -> list[dict[str, object]]:
    """Each phase with the date it starts, the current one marked (a proposal has none)."""
    current = consultation.phase if consultation.status == Status.APPROVED else ""
    reached = ORDER.index(current) if current else -1
    rows = [
        (Phase.INFORMATION, _("Information"), consultation.information_at),
        (Phase.DEBATE, _("Debate"), consultation.debate_at),
        (Phase.VOTE, _("Vote"), consultation.vote_at),
        (Phase.RESULTS, _("Vote closes, results"), consultation.results_at),
    ]
    return [
        {
            "label": label,
            "at": at,
            "current": phase == current,
            "past": ORDER.index(phase) < reached,
        }
        for phase, label, at in rows
    ]


@login_required
@require_POST
def debate_join(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    consultation = get_consultation_for_member(user=request.user, consultation_id=consultation_id)
    services.consultation_debate_join(consultation=consultation, member=request.user)
    conversation = consultation.conversation
    if conversation is None:  # pragma: no cover - every consultation opens its thread
        return redirect(consultation)
    return act(
        request,
        lambda: None,
        _("You take part in the debate."),
        conversation.get_absolute_url(),
    )
