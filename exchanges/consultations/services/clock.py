"""The clock: each approved consultation moves to the phase its dates say, claimed by one
conditional update (``… WHERE id = … AND phase = current``), so that a duplicated tick or a
second worker moves it once and tells once. A late tick skips phases, straight to the one due.
The vote's last day (24 hours before the close) is claimed apart, once. The move to the
results rewrites the ballots in a random order (`services.rewrite`), in the same transaction."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from exchanges.consultations import kinds
from exchanges.consultations.models import Consultation
from exchanges.consultations.services.common import not_voted, notify, sync_feed
from exchanges.consultations.services.rewrite import ballots_rewrite
from neighbourhood.quartiers.selectors import member_users

Phase = Consultation.Phase
APPROVED = Consultation.Status.APPROVED
LAST_DAY = datetime.timedelta(hours=24)
# What the members are told when a consultation reaches a phase.
TOLD: dict[str, str] = {
    Phase.VOTE: kinds.CONSULTATION_VOTE_OPEN,
    Phase.RESULTS: kinds.CONSULTATION_RESULTS,
}
ORDER: list[str] = [Phase.SCHEDULED, Phase.INFORMATION, Phase.DEBATE, Phase.VOTE, Phase.RESULTS]


def phase_due(consultation: Consultation, now: datetime.datetime) -> str:
    if now >= consultation.results_at:
        return Phase.RESULTS
    if now >= consultation.vote_at:
        return Phase.VOTE
    if now >= consultation.debate_at:
        return Phase.DEBATE
    if now >= consultation.information_at:
        return Phase.INFORMATION
    return Phase.SCHEDULED


def _late(now: datetime.datetime) -> Q:
    """Consultations whose phase is behind their dates."""
    return (
        Q(phase=Phase.SCHEDULED, information_at__lte=now)
        | Q(phase=Phase.INFORMATION, debate_at__lte=now)
        | Q(phase=Phase.DEBATE, vote_at__lte=now)
        | Q(phase=Phase.VOTE, results_at__lte=now)
    )


def _on_last_day(now: datetime.datetime) -> Q:
    """Votes closing within 24 hours whose last day is not told yet."""
    return Q(
        status=APPROVED,
        phase=Phase.VOTE,
        last_day_told_at__isnull=True,
        results_at__gt=now,
        results_at__lte=now + LAST_DAY,
    )


def consultations_to_move(*, now: datetime.datetime | None = None) -> list[int]:
    """The approved consultations whose phase is behind their dates (an indexed query)."""
    now = now or timezone.now()
    return list(
        Consultation.objects.filter(status=APPROVED).filter(_late(now)).values_list("pk", flat=True)
    )


def consultations_on_last_day(*, now: datetime.datetime | None = None) -> list[int]:
    """The votes closing within 24 hours whose last day is not told yet."""
    now = now or timezone.now()
    return list(Consultation.objects.filter(_on_last_day(now)).values_list("pk", flat=True))


def consultation_move(*, consultation_id: int, now: datetime.datetime | None = None) -> bool:
    """Moves one consultation to its phase due; only the update that changed the row tells
    anyone (the vote opens, the results)."""
    now = now or timezone.now()
    with transaction.atomic():
        consultation = (
            Consultation.objects.select_related("quartier", "opened_by")
            .filter(pk=consultation_id, status=APPROVED)
            .first()
        )
        if consultation is None:
            return False
        current = consultation.phase
        due = phase_due(consultation, now)
        if ORDER.index(due) <= ORDER.index(current):
            return False
        claimed = Consultation.objects.filter(
            pk=consultation_id, status=APPROVED, phase=current
        ).update(phase=due, phase_moved_at=now)
        if not claimed:
            return False
        consultation.phase = due
        consultation.phase_moved_at = now
        if due == Phase.RESULTS:
            # In the transaction that won the move, so once: the ballots no longer in the
            # order (nor the transactions) of their participations.
            ballots_rewrite(consultation_id=consultation_id)
        sync_feed(consultation)
        if told := TOLD.get(due):
            notify(member_users(quartier_id=consultation.quartier_id), told, None, consultation)
    return True


def consultation_tell_last_day(
    *, consultation_id: int, now: datetime.datetime | None = None
) -> bool:
    """24 hours before the close, once: the members who have not taken part are told."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = (
            Consultation.objects.filter(_on_last_day(now))
            .filter(pk=consultation_id)
            .update(last_day_told_at=now)
        )
        if not claimed:
            return False
        consultation = Consultation.objects.select_related("quartier").get(pk=consultation_id)
        notify(not_voted(consultation), kinds.CONSULTATION_LAST_DAY, None, consultation)
    return True
