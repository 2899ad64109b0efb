"""What the pages and the API read about consultations, through the access helpers."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404

from exchanges.consultations.access import visible_consultations
from exchanges.consultations.models import Consultation, Document
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier

Phase = Consultation.Phase
Status = Consultation.Status
# The list's order: the vote open first, then what is coming, then the results.
PHASE_ORDER = [Phase.VOTE, Phase.DEBATE, Phase.INFORMATION, Phase.SCHEDULED, Phase.RESULTS]


def consultations_in(*, user: User, quartier: Quartier) -> QuerySet[Consultation]:
    """What ``user`` sees of the quartier's consultations, with their participations counted
    and their options, in a fixed number of queries."""
    return (
        visible_consultations(user=user)
        .filter(quartier=quartier)
        .annotate(participation_count=Count("participations", distinct=True))
        .prefetch_related("options")
    )


def grouped(consultations: list[Consultation]) -> dict[str, list[Consultation]]:
    """By phase (approved ones), the proposals and the withdrawn apart."""
    groups: dict[str, list[Consultation]] = {
        "proposed": [],
        **{phase: [] for phase in PHASE_ORDER},
        "withdrawn": [],
    }
    for consultation in consultations:
        if consultation.status == Status.APPROVED:
            groups[consultation.phase].append(consultation)
        else:
            groups[consultation.status].append(consultation)
    groups[Phase.VOTE].sort(key=lambda c: c.results_at)
    return groups


def get_document_for_member(*, user: User, document_id: int) -> Document:
    try:
        return Document.objects.select_related("consultation__quartier").get(
            pk=document_id,
            consultation__in=visible_consultations(user=user).values("pk"),
        )
    except Document.DoesNotExist:
        raise Http404 from None


def get_consultation_counted(*, user: User, consultation_id: int) -> Consultation:
    """One consultation as the list has it (options, participation counted); 404 for whoever
    may not see it."""
    try:
        return (
            visible_consultations(user=user)
            .annotate(participation_count=Count("participations", distinct=True))
            .prefetch_related("options")
            .get(pk=consultation_id)
        )
    except Consultation.DoesNotExist:
        raise Http404 from None
