"""The demo's consultations, opened by Claire through the services and moved by the clock, as
the beat tick would: a date poll for the street party in its vote, a majority-judgment question
on a baker for the AMAP in debate, and an open question on the square's benches, closed. No
ballots: the demo shows the life of a consultation, each one voted on its own pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from exchanges.consultations import services
from exchanges.consultations.models import Consultation
from exchanges.consultations.services.clock import consultation_move
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier

DAY = datetime.timedelta(days=1)


def _saturdays(count: int) -> list[str]:
    today = timezone.localdate()
    first = today + datetime.timedelta(days=(5 - today.weekday()) % 7 + 21)
    return [(first + 7 * n * DAY).isoformat() for n in range(count)]


def _dates(information: int, debate: int, vote: int, close: int) -> dict[str, Any]:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    return {
        "information_at": now + information * DAY,
        "debate_at": now + debate * DAY,
        "vote_at": now + vote * DAY,
        "results_at": now + close * DAY,
    }


def _consultation(quartier: Quartier, claire: User, **fields: Any) -> Consultation:
    found = Consultation.objects.filter(quartier=quartier, question=fields["question"]).first()
    if found is None:
        found = services.consultation_open(quartier=quartier, actor=claire, **fields)
    consultation_move(consultation_id=found.pk)
    return found


def demo_consultations(quartier: Quartier, claire: User) -> str:
    party = _consultation(
        quartier,
        claire,
        question="Quel samedi pour la fête de la rue ?",
        background=(
            "La fête de la rue revient en juin : tables dans la rue, musique, repas partagé. "
            "Dites quels samedis vous conviennent (oui, si besoin, non)."
        ),
        method=Consultation.Method.DATE_POLL,
        options=[f"{day} 16:00" for day in _saturdays(3)],
        **_dates(-10, -7, -2, 8),
    )
    bread = _consultation(
        quartier,
        claire,
        question="La AMAP ajoute-t-elle un boulanger ?",
        background=(
            "Trois boulangeries du quartier proposent du pain au levain chaque semaine à la "
            "distribution. Jugez chacune, de « Excellent » à « À rejeter »."
        ),
        links="https://www.amap-auvergne-rhone-alpes.org/",
        method=Consultation.Method.MAJORITY_JUDGMENT,
        options=["La Fournée", "Le Pain de Lucie", "Boulangerie du Plateau", "Pas de pain"],
        **_dates(-5, -1, 6, 16),
    )
    benches = _consultation(
        quartier,
        claire,
        question="Que demander à la mairie pour la place Colbert ?",
        background="Bancs, ombre, fontaine, jeux : vos idées, que nous porterons à la mairie.",
        method=Consultation.Method.OPEN,
        options=[],
        **_dates(-40, -35, -28, -14),
    )
    return (
        f"Consultations: {party.question} (vote), {bread.question} (debate), "
        f"{benches.question} (closed)."
    )
