"""The demo's places directory: the EPN (Monday to Friday 9–12 and 14–18, Saturday morning,
closed on the next public holiday), the library, the repair café, the fablab, the mairie and
the AMAP's distribution point, added by Claire; a place Alice suggested, waiting for approval.
Everything goes through the services, as the coordinator's and the neighbour's clicks would."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from neighbourhood.accounts.models import User
from neighbourhood.places.models import Place
from neighbourhood.places.services import Closing, Hours, place_create
from neighbourhood.quartiers.models import Quartier


def _t(text: str) -> datetime.time:
    hour, minute = text.split(":")
    return datetime.time(int(hour), int(minute))


def _week(days: range | list[int], *intervals: str) -> list[Hours]:
    return [
        Hours(day, _t(interval.split("-")[0]), _t(interval.split("-")[1]))
        for day in days
        for interval in intervals
    ]


# French public holidays by fixed date: the next one is the EPN's closed day.
HOLIDAYS = [
    (1, 1, "Jour de l’an"),
    (5, 1, "Fête du travail"),
    (5, 8, "Victoire 1945"),
    (7, 14, "Fête nationale"),
    (8, 15, "Assomption"),
    (11, 1, "Toussaint"),
    (11, 11, "Armistice"),
    (12, 25, "Noël"),
]


def next_holiday(today: datetime.date) -> tuple[datetime.date, str]:
    for year in (today.year, today.year + 1):
        for month, day, name in HOLIDAYS:
            date = datetime.date(year, month, day)
            if date >= today:
                return date, name
    raise AssertionError("a holiday comes every year")


def demo_directory(today: datetime.date) -> list[dict[str, Any]]:
    holiday, name = next_holiday(today)
    return [
        {
            "kind": "epn",
            "name": "EPN de la Croix-Rousse",
            "address": "12 rue d'Austerlitz 69004 Lyon",
            "latitude": 45.776263,
            "longitude": 4.832212,
            "description": "Espace public numérique : des ordinateurs en libre accès et un "
            "médiateur pour les démarches en ligne (CAF, impôts, Ameli).",
            "services": ["free_computers", "online_forms", "wifi", "printing"],
            "step_free": True,
            "accessible_toilets": True,
            "phone": "04 72 10 30 30",
            "hours": _week(range(5), "09:00-12:00", "14:00-18:00") + _week([5], "09:00-12:00"),
            "closed_periods": [Closing(holiday, holiday, name)],
        },
        {
            "kind": "library",
            "name": "Bibliothèque de la Croix-Rousse",
            "address": "Place Joannès Ambre 69004 Lyon",
            "latitude": 45.7771,
            "longitude": 4.8310,
            "services": ["wifi", "free_computers", "digital_workshops"],
            "step_free": True,
            "hearing_loop": True,
            "hours": _week([1, 2, 4], "10:00-19:00") + _week([5], "10:00-18:00"),
        },
        {
            "kind": "repair_cafe",
            "name": "Repair café des Pentes",
            "address": "Maison des associations, 12 rue d'Austerlitz",
            "description": "Le deuxième samedi du mois : on répare ensemble grille-pain, "
            "vélos et vêtements.",
            "services": ["repairs"],
            "hours": _week([5], "14:00-18:00"),
        },
        {
            "kind": "fablab",
            "name": "Fablab La Fabrique",
            "address": "Rue d'Austerlitz 69004 Lyon",
            "latitude": 45.7766,
            "longitude": 4.8319,
            "services": ["digital_workshops", "repairs", "wifi"],
            "hours": _week([2, 3], "14:00-22:00") + _week([4], "18:00-01:00"),
        },
        {
            "kind": "public_service",
            "name": "Mairie du 4e arrondissement",
            "address": "133 boulevard de la Croix-Rousse 69004 Lyon",
            "latitude": 45.7745,
            "longitude": 4.8290,
            "services": ["online_forms"],
            "step_free": True,
            "accessible_toilets": True,
            "hearing_loop": True,
            "phone": "04 72 98 23 50",
            "website": "https://mairie4.lyon.fr",
            "hours": _week(range(5), "08:45-16:45") + _week([5], "09:30-12:00"),
            "closed_periods": [Closing(holiday, holiday, name)],
        },
        {
            "kind": "amap_point",
            "name": "Maison des associations",
            "address": "12 rue d'Austerlitz 69004 Lyon",
            "latitude": 45.776263,
            "longitude": 4.832212,
            "description": "Les paniers de l’AMAP y sont distribués le jeudi soir.",
            "hours": _week([3], "18:00-19:30"),
        },
    ]


@dataclass
class PlacesSummary:
    approved: int
    suggested: int

    def __str__(self) -> str:
        return (
            f"Places: {self.approved} in the directory, {self.suggested} suggested "
            "(waiting for approval)."
        )


def demo_places(quartier: Quartier, people: dict[str, User]) -> PlacesSummary:
    """Before the AMAP's cycles: their distribution's words name the Maison des associations."""
    today = timezone.now().astimezone(quartier.zone).date()
    known = set(Place.objects.filter(quartier=quartier).values_list("name", flat=True))
    for fields in demo_directory(today):
        if fields["name"] not in known:
            place_create(quartier=quartier, actor=people["Claire"], **fields)
    if "Boulangerie Pain & Partage" not in known:
        place_create(
            quartier=quartier,
            actor=people["Alice"],
            kind="shop",
            name="Boulangerie Pain & Partage",
            description="Elle garde le pain invendu pour l’épicerie solidaire.",
            hours=_week(range(1, 7), "07:00-13:30", "15:30-19:30"),
        )
    places = Place.objects.filter(quartier=quartier).exclude(kind="meeting_point")
    return PlacesSummary(
        approved=places.filter(status=Place.Status.APPROVED).count(),
        suggested=places.filter(status=Place.Status.SUGGESTED).count(),
    )
