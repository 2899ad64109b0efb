"""A season's vegetable contract in the Croix-Rousse: carol coordinates, the Thursday
distribution at the Maison des associations, a small, a large and a half share."""

from __future__ import annotations

import datetime

import pytest

from exchanges.produce import services
from exchanges.produce.models import Contract, DistributionDay, Producer, ShareSize
from exchanges.produce.services.contracts import Size
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from tests.factories import contract_fields

SMALL, LARGE, HALF = "Petit panier", "Grand panier", "Demi-part"


@pytest.fixture
def thursdays(quartier: Quartier) -> DistributionDay:
    return DistributionDay.objects.create(
        quartier=quartier,
        weekday=3,
        starts_at=datetime.time(18, 0),
        ends_at=datetime.time(19, 30),
        place="Maison des associations, 12 rue d'Austerlitz",
    )


@pytest.fixture
def contract(farm: Producer, carol: User, thursdays: DistributionDay) -> Contract:
    """Ten Thursdays (one of them off), 20 shares: small 12 €, large 20 €, half 12 €."""
    fields = contract_fields()
    return services.contract_create(
        producer=farm,
        actor=carol,
        sizes=[Size(SMALL, 1200), Size(LARGE, 2000), Size(HALF, 1200, every=2)],
        dates_off=[first_weekday(fields["starts_on"], 3) + datetime.timedelta(weeks=4)],
        **fields,
    )


def size(contract: Contract, name: str) -> ShareSize:
    return contract.sizes.get(name=name)


def first_weekday(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)
