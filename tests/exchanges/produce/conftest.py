"""A small AMAP in the Croix-Rousse: carol coordinates, two farms sell their produce."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from exchanges.produce import services
from exchanges.produce.models import OrderCycle, Producer, Product
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from tests.factories import cycle_fields


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path: Path) -> Path:
    """The report files are stored in a documents storage of the test's own (a real one, on
    the disk): a file stored by an earlier test for a cycle of the same id is not found."""
    root = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "exchanges.consultations.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": root},
        },
    }
    return root


def streamed(response: object) -> bytes:
    """The body of a file streamed from storage."""
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def download(client: Client, url: str) -> tuple[bytes, dict[str, str]]:
    """A report file as a coordinator gets it: the first request finds it not built and is
    told it is being prepared (its build queued, run at once by the tests' Celery), the next
    one streams it from storage. The content and the headers."""
    preparing = client.get(url)
    assert preparing.status_code == 202, preparing.status_code
    assert preparing["Retry-After"] == "2"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return streamed(response), dict(response.headers)


@pytest.fixture
def farm(quartier: Quartier, carol: User) -> Producer:
    return services.producer_create(
        quartier=quartier,
        actor=carol,
        farm_name="Ferme des Monts d'Or",
        name="Jeanne Berthet",
        email="jeanne@monts-dor.example",
        place="Poleymieux-au-Mont-d'Or",
    )


@pytest.fixture
def dairy(quartier: Quartier, carol: User) -> Producer:
    return services.producer_create(
        quartier=quartier,
        actor=carol,
        farm_name="Chèvrerie du Pilat",
        name="Marc Roux",
        email="marc@pilat.example",
    )


@pytest.fixture
def eggs(farm: Producer, carol: User) -> Product:
    return services.product_create(
        producer=farm, actor=carol, name="Œufs", unit="box", per_unit="boîte de 6", price_cents=350
    )


@pytest.fixture
def basket(farm: Producer, carol: User) -> Product:
    return services.product_create(
        producer=farm, actor=carol, name="Panier de légumes", unit="basket", price_cents=1500
    )


@pytest.fixture
def cheese(dairy: Producer, carol: User) -> Product:
    return services.product_create(
        producer=dairy,
        actor=carol,
        name="Tomme de chèvre",
        unit="kg",
        price_cents=2400,
        is_weighed=True,
    )


@pytest.fixture
def cycle(
    quartier: Quartier, carol: User, eggs: Product, basket: Product, cheese: Product
) -> OrderCycle:
    """Eggs: 10 boxes, 2 a member. Baskets: no limit. Cheese: weighed, 5 pieces."""
    return services.cycle_create(
        quartier=quartier,
        actor=carol,
        offers=[
            services.Offer(eggs, quantity_available=10, max_per_member=2),
            services.Offer(basket),
            services.Offer(cheese, quantity_available=5),
        ],
        roles=[("Responsable de distribution", 2)],
        **cycle_fields(),
    )


def offer_id(cycle: OrderCycle, product: Product) -> int:
    return cycle.offers.get(product=product).pk


def at(moment: datetime.datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock (the outside world) reads ``moment`` for the rest of the test."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


from tests.exchanges.produce.contracts import contract, thursdays  # noqa: E402, F401
