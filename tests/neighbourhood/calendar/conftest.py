"""Two quartiers six hours apart (the Croix-Rousse in Europe/Paris, the Plateau in
America/Montreal), their gatherings, and helpers to read the feeds."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from exchanges.events.models import Event, EventException, Occurrence, Registration
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from tests.factories import MembershipFactory, QuartierFactory, UserFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MONTREAL = zoneinfo.ZoneInfo("America/Montreal")


def local(
    zone: zoneinfo.ZoneInfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0
) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=zone)


@pytest.fixture
def plateau(db) -> Quartier:
    return QuartierFactory.create(
        name="Le Plateau", slug="le-plateau", timezone="America/Montreal", language="fr"
    )


@pytest.fixture
def marie(plateau: Quartier) -> User:
    user = UserFactory.create(email="marie@example.org", display_name="Marie")
    MembershipFactory.create(quartier=plateau, user=user)
    return user


@pytest.fixture
def repair_cafe(quartier: Quartier, carol: User) -> Event:
    """Every second Saturday of the month, 14:00 to 17:00 at the EPN, but not in August."""
    event = Event.objects.create(
        quartier=quartier,
        organiser=carol,
        title="Repair café",
        description="Apportez ce qui est cassé.",
        address="EPN, 3 rue Dumenge",
        starts_at=local(PARIS, 2026, 1, 10, 14),
        ends_at=local(PARIS, 2026, 1, 10, 17),
        repeat=Event.Repeat.MONTHLY_BY_WEEKDAY,
        registration=True,
        capacity=12,
        public=True,
    )
    EventException.objects.create(event=event, date=datetime.date(2026, 8, 8))
    return event


@pytest.fixture
def code_club(plateau: Quartier, marie: User) -> Event:
    """Every Tuesday evening at 18:30 in Montreal from 6 October 2026, but not on 3 November,
    two days after the clocks go back."""
    event = Event.objects.create(
        quartier=plateau,
        organiser=marie,
        title="Club de code",
        address="Bibliothèque du Plateau",
        starts_at=local(MONTREAL, 2026, 10, 6, 18, 30),
        ends_at=local(MONTREAL, 2026, 10, 6, 20),
        repeat=Event.Repeat.WEEKLY,
        public=True,
    )
    EventException.objects.create(event=event, date=datetime.date(2026, 11, 3))
    return event


def register(event: Event, member: User, when, status: str = "registered") -> Registration:
    """``member`` on one date of ``event`` (a `recurrence.When`), made with the models."""
    occurrence, _created = Occurrence.objects.get_or_create(
        event=event,
        date=when.date,
        defaults={
            "starts_at": when.starts_at,
            "ends_at": when.ends_at,
            "capacity": event.capacity,
            "taken": 1 if status == "registered" else 0,
        },
    )
    return Registration.objects.create(occurrence=occurrence, member=member, status=status)
