"""Consultations as the tests set them up: in a given phase, its dates around now, with its
options. Written straight to the tables (a fixture, as a factory would), so that the tests of
voting and counting start from any phase without waiting for the clock."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from exchanges.consultations.models import Consultation, Option
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier

Phase = Consultation.Phase
DAY = datetime.timedelta(days=1)

# Where "now" falls for each phase: (information_at, debate_at, vote_at, results_at) in days
# from now.
PHASE_DAYS: dict[str, tuple[int, int, int, int]] = {
    Phase.SCHEDULED: (2, 4, 6, 10),
    Phase.INFORMATION: (-1, 2, 4, 10),
    Phase.DEBATE: (-3, -1, 4, 10),
    Phase.VOTE: (-6, -4, -1, 7),
    Phase.RESULTS: (-20, -15, -10, -1),
}


def make_consultation(
    *,
    quartier: Quartier,
    opened_by: User,
    method: str = Consultation.Method.SINGLE,
    phase: str = Phase.VOTE,
    options: Sequence[str | tuple[str, datetime.date]] = ("Yes", "No"),
    **fields: Any,
) -> Consultation:
    """A consultation in ``phase`` (its dates set so that the clock agrees), with ``options``:
    labels, or (label, date) for a date poll."""
    now = timezone.now()
    info, debate, vote, results = (now + days * DAY for days in PHASE_DAYS[phase])
    values: dict[str, Any] = {
        "question": "Which Saturday for the street party?",
        "background": "The street party takes place in June.",
        "method": method,
        "information_at": info,
        "debate_at": debate,
        "vote_at": vote,
        "results_at": results,
        "phase": phase,
        "status": Consultation.Status.APPROVED,
    }
    values.update(fields)
    consultation = Consultation.objects.create(quartier=quartier, opened_by=opened_by, **values)
    for position, option in enumerate(options):
        label, date = (option, None) if isinstance(option, str) else option
        Option.objects.create(consultation=consultation, label=label, date=date, position=position)
    return consultation
