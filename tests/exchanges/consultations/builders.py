"""What the lifecycle tests open consultations with: the fields a form would send."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from exchanges.consultations import services
from exchanges.consultations.models import Consultation
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier

DAY = datetime.timedelta(days=1)


def dates(info: float = 0, debate: float = 2, vote: float = 5, close: float = 12) -> dict[str, Any]:
    now = timezone.now()
    return {
        "information_at": now + info * DAY,
        "debate_at": now + debate * DAY,
        "vote_at": now + vote * DAY,
        "results_at": now + close * DAY,
    }


def fields(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "question": "La AMAP ajoute-t-elle un boulanger ?",
        "background": "Trois boulangeries ont répondu.",
        "links": "https://example.org/amap\nhttps://example.org/pain",
        "method": Consultation.Method.MAJORITY_JUDGMENT,
        "audience": Consultation.Audience.MEMBERS,
        "secrecy": Consultation.Secrecy.SECRET,
        "results_live": False,
        "options": ["La Fournée", "Au Bon Pain", "Le Fournil", "Pas de pain"],
        **dates(),
    }
    values.update(overrides)
    return values


def open_consultation(quartier: Quartier, actor: User, **overrides: Any) -> Consultation:
    return services.consultation_open(quartier=quartier, actor=actor, **fields(**overrides))
