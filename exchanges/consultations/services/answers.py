"""Coordinators group an open question's answers: a label per answer ("Benches", "Lighting"),
shown on the results and in the report, the ungrouped last."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from exchanges.consultations.models import Consultation, OpenAnswer
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import require_coordinator

GROUP_MAX_LENGTH = OpenAnswer._meta.get_field("group").max_length or 80


def check_answers_group(
    *, consultation: Consultation, coordinator: User, groups: Mapping[UUID, str]
) -> dict[UUID, str]:
    require_coordinator(user=coordinator, quartier=consultation.quartier)
    if consultation.method != Consultation.Method.OPEN:
        raise ValidationError({"groups": _("Only an open question’s answers are grouped.")})
    cleaned = {answer_id: " ".join(label.split()) for answer_id, label in groups.items()}
    if any(len(label) > GROUP_MAX_LENGTH for label in cleaned.values()):
        raise ValidationError(
            {
                "groups": _("A group’s name has at most %(max)s characters.")
                % {"max": GROUP_MAX_LENGTH}
            }
        )
    known = set(
        OpenAnswer.objects.filter(
            ballot__consultation=consultation, pk__in=list(cleaned)
        ).values_list("pk", flat=True)
    )
    if known != set(cleaned):
        raise ValidationError({"groups": _("One of these answers is not this consultation’s.")})
    return cleaned


@transaction.atomic
def answers_group(
    *, consultation: Consultation, coordinator: User, groups: Mapping[UUID, str]
) -> int:
    """Puts each answer in ``groups`` in its group ("" takes it out of any); the others stay
    as they are. Returns how many answers changed. Refused whole, in words, if one answer is
    not this consultation's or a name is too long."""
    cleaned = check_answers_group(consultation=consultation, coordinator=coordinator, groups=groups)
    answers = list(
        OpenAnswer.objects.select_for_update().filter(pk__in=list(cleaned)).order_by("pk")
    )
    changed = [answer for answer in answers if answer.group != cleaned[answer.pk]]
    for answer in changed:
        answer.group = cleaned[answer.pk]
    OpenAnswer.objects.bulk_update(changed, ["group"])
    return len(changed)
