"""The demo's gatherings: the repair café every second Saturday of the month except in August
(12 places, a few already registered), the café débat every Thursday evening (just come), and
an initiation to e-mail at the EPN, once (8 places). Everything goes through the services, as a
neighbour's clicks would. The places are the quartier's own when they exist by that name;
otherwise an address in words."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from exchanges.events import services
from exchanges.events.models import Event
from exchanges.events.recurrence import next_dates
from neighbourhood.accounts.models import User
from neighbourhood.places.models import Place
from neighbourhood.quartiers.models import Quartier


@dataclass
class EventsSummary:
    events: int
    registrations: int

    def __str__(self) -> str:
        return f"Gatherings: {self.events} (repair café, café débat, a workshop at the EPN)."


def _where(quartier: Quartier, name: str, address: str) -> dict[str, Any]:
    place = Place.objects.filter(
        quartier=quartier, name__iexact=name, status=Place.Status.APPROVED
    ).first()
    return {"place": place} if place is not None else {"address": f"{name}, {address}"}


def _local(quartier: Quartier, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=quartier.zone)


def _second_saturday_after(day: datetime.date) -> datetime.date:
    """The first second Saturday of a month after ``day``."""
    month = day.replace(day=1)
    while True:
        first_saturday = month + datetime.timedelta(days=(5 - month.weekday()) % 7)
        second = first_saturday + datetime.timedelta(days=7)
        if second > day and second.month != 8:
            return second
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _next_weekday(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7 or 7)


def _event(quartier: Quartier, organiser: User, **fields: Any) -> Event:
    found = Event.objects.filter(quartier=quartier, title=fields["title"]).first()
    if found is not None:
        return found
    return services.event_create(quartier=quartier, organiser=organiser, **fields)


def demo_events(quartier: Quartier, people: dict[str, User]) -> EventsSummary:
    today = datetime.datetime.now(quartier.zone).date()
    saturday = _second_saturday_after(today + datetime.timedelta(days=1))
    repair = _event(
        quartier,
        people["Bernard"],
        title="Repair café",
        description=(
            "Apportez ce qui est cassé : petit électroménager, vêtements, vélos, ordinateurs. "
            "Des bénévoles réparent avec vous. Café offert."
        ),
        **_where(quartier, "Maison des associations", "28 rue Denfert-Rochereau, Lyon"),
        starts_at=_local(quartier, saturday, 14),
        ends_at=_local(quartier, saturday, 17),
        repeat=Event.Repeat.MONTHLY_BY_WEEKDAY,
        registration=True,
        capacity=12,
        public=True,
    )
    # Not in August: the second Saturday of each August to come is off.
    for when in next_dates(repair, repair.starts_at, 24):
        if when.date.month == 8 and not repair.exceptions.filter(date=when.date).exists():
            services.exception_add(event=repair, actor=people["Bernard"], day=when.date)
    first = next_dates(repair, repair.starts_at - datetime.timedelta(minutes=1), 1)[0].date
    for name in ("Alice", "Chantal", "Didier"):
        if not repair.occurrences.filter(date=first, registrations__member=people[name]).exists():
            services.event_register(event=repair, member=people[name], day=first)

    thursday = _next_weekday(today, 3)
    _event(
        quartier,
        people["Élodie"],
        title="Café débat",
        description="Chaque jeudi soir, un sujet du quartier, un café, et on en parle.",
        **_where(quartier, "Café de la Soie", "4 place de la Croix-Rousse, Lyon"),
        starts_at=_local(quartier, thursday, 19),
        ends_at=_local(quartier, thursday, 21),
        repeat=Event.Repeat.WEEKLY,
        public=True,
    )

    workshop_day = _next_weekday(today + datetime.timedelta(days=7), 2)
    _event(
        quartier,
        people["Claire"],
        title="Initiation : envoyer un e-mail et une pièce jointe",
        description=(
            "Pour débuter : créer une adresse, écrire, joindre une photo ou un papier scanné. "
            "Ordinateurs prêtés sur place."
        ),
        **_where(quartier, "EPN de la Croix-Rousse", "133 boulevard de la Croix-Rousse, Lyon"),
        starts_at=_local(quartier, workshop_day, 10),
        ends_at=_local(quartier, workshop_day, 12),
        registration=True,
        capacity=8,
    )
    return EventsSummary(
        events=Event.objects.filter(quartier=quartier).count(),
        registrations=repair.occurrences.count(),
    )
