"""Consultations' section of the digest, "Your voice": the consultations of the reader's
quartiers in debate or vote, those the reader has not voted in first. Two queries for a whole
chunk of readers: the consultations and the readers' participations in them."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchanges.consultations.models import Consultation, Participation
from messaging.digests.sections import Item, Reader, Section, register

Phase = Consultation.Phase


def your_voice(readers: list[Reader]) -> dict[int, list[Item]]:
    if not readers:
        return {}
    quartier_ids = sorted({q for reader in readers for q in reader.quartier_ids})
    consultations = list(
        Consultation.objects.filter(
            quartier_id__in=quartier_ids,
            status=Consultation.Status.APPROVED,
            phase__in=[Phase.DEBATE, Phase.VOTE],
        )
        .select_related("quartier")
        .order_by("results_at", "id")
    )
    if not consultations:
        return {reader.user.pk: [] for reader in readers}
    voted = set(
        Participation.objects.filter(
            member_id__in=[reader.user.pk for reader in readers],
            consultation_id__in=[c.pk for c in consultations],
        ).values_list("member_id", "consultation_id")
    )
    found: dict[int, list[Item]] = {}
    for reader in readers:
        to_vote: list[Item] = []
        done: list[Item] = []
        for consultation in consultations:
            if consultation.quartier_id not in reader.quartier_ids:
                continue
            has_voted = (reader.user.pk, consultation.pk) in voted
            item = Item(
                consultation.question,
                consultation.get_absolute_url(),
                consultation.quartier_id,
                _note(consultation, has_voted),
                consultation.results_at if consultation.phase == Phase.VOTE else None,
            )
            (done if has_voted else to_vote).append(item)
        found[reader.user.pk] = to_vote + done
    return found


def _note(consultation: Consultation, has_voted: bool) -> str:
    zone = consultation.quartier.zone
    if has_voted:
        return _("You have voted")
    if consultation.phase == Phase.VOTE:
        return _("Vote open until %(date)s") % {
            "date": date_format(consultation.results_at.astimezone(zone), "l j F, H:i")
        }
    return _("In debate; the vote opens on %(date)s") % {
        "date": date_format(consultation.vote_at.astimezone(zone), "l j F")
    }


def register_sections() -> None:
    # Not news on its own: a vote lasts days, and would otherwise make a digest every day; its
    # last day is told apart (a notification, mailed).
    register(Section("consultations", gettext_lazy("Your voice"), 17, your_voice, news=False))
