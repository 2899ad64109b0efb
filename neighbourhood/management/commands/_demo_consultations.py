"""The demo's consultations, opened by Claire through the services and moved by the clock, as
the beat tick would: a date poll for the street party in its vote, a majority-judgment question
on a baker for the AMAP in debate, and an open question on the square's benches, closed.
Alice, Bernard and Chantal have answered the date poll, and Mme Petit through Marc, her relais;
Amélie has not, so that whoever logs in as her finds a vote waiting."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from exchanges.consultations import services
from exchanges.consultations.models import Consultation
from exchanges.consultations.services.ballots import ballot_cast
from exchanges.consultations.services.clock import consultation_move
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from neighbourhood.relais import acting

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
    found.refresh_from_db()
    return found


# yes / if needed / no for each of the three Saturdays.
PARTY_ANSWERS = {
    "Alice": (2, 1, 0),
    "Bernard": (2, 2, 1),
    "Chantal": (0, 2, 2),
}
PETIT_ANSWERS = (2, 0, 1)


def _answer(party: Consultation, member: User, answers: tuple[int, ...]) -> None:
    options = list(party.options.order_by("position"))
    ballot_cast(
        consultation=party,
        member=member,
        marks={option.pk: value for option, value in zip(options, answers, strict=True)},
    )


def demo_consultations(
    quartier: Quartier, claire: User, people: dict[str, User], marc: User, petit: User
) -> str:
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
    for name, answers in PARTY_ANSWERS.items():
        _answer(party, people[name], answers)
    with acting.acting_for(acting.Acting(relais=marc, neighbour=petit, quartier=quartier)):
        _answer(party, petit, PETIT_ANSWERS)
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
        f"Consultations: {party.question} (vote, {len(PARTY_ANSWERS) + 1} answers), "
        f"{bread.question} (debate), "
        f"{benches.question} (closed)."
    )
