"""What the quartier sheet's tests publish: swaps, rides and a farm distribution, through the
apps' own services."""

from __future__ import annotations

import datetime
from typing import Any

from exchanges.produce import services as produce
from exchanges.produce.models import OrderCycle, Producer, Product
from exchanges.rides import services as rides
from exchanges.rides.models import Ride
from exchanges.swaps import services as swaps
from exchanges.swaps.models import Swap
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from tests.factories import cycle_fields, in_days, ride_fields, swap_fields


def swap(quartier: Quartier, author: User, kind: str = "offer", **fields: Any) -> Swap:
    return swaps.swap_create(quartier=quartier, author=author, kind=kind, **swap_fields(**fields))


def ride(quartier: Quartier, driver: User, **fields: Any) -> Ride:
    return rides.ride_create(quartier=quartier, driver=driver, **ride_fields(**fields))


def full_ride(quartier: Quartier, driver: User, passenger: User, **fields: Any) -> Ride:
    """A ride of one seat, taken at once (the driver accepts every request)."""
    offered = ride(quartier, driver, seats=1, auto_accept=True, **fields)
    assert offered.departs_at is not None
    day = offered.departs_at.date()
    rides.booking_request(ride=offered, passenger=passenger, dates=[day], seats=1)
    return offered


def distribution(quartier: Quartier, coordinator: User, **fields: Any) -> OrderCycle:
    farm = Producer.objects.filter(quartier=quartier).first() or produce.producer_create(
        quartier=quartier, actor=coordinator, farm_name="Ferme des Monts d'Or", name="Jeanne"
    )
    eggs = Product.objects.filter(producer=farm).first() or produce.product_create(
        producer=farm, actor=coordinator, name="Œufs", unit="box", price_cents=350
    )
    return produce.cycle_create(
        quartier=quartier,
        actor=coordinator,
        offers=[produce.Offer(eggs)],
        **cycle_fields(**fields),
    )


def later(days: int) -> datetime.datetime:
    return in_days(days, 9)
