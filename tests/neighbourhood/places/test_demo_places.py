"""The demo's directory: the EPN's week and its public holiday, the places Claire added, the
one Alice suggested, and the AMAP's distributions held at the Maison des associations."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from exchanges.produce.models import OrderCycle
from neighbourhood.management.commands._demo_places import next_holiday
from neighbourhood.places.models import Place

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_directory_and_its_distributions_have_a_venue() -> None:
    call_command("seed_demo", stdout=io.StringIO())

    epn = Place.objects.get(name="EPN de la Croix-Rousse")
    assert epn.status == Place.Status.APPROVED and epn.hours.count() == 11
    assert epn.closed_periods.get().starts_on >= datetime.date.today() - datetime.timedelta(1)
    kinds = set(Place.objects.filter(status="approved").values_list("kind", flat=True))
    assert {"epn", "library", "repair_cafe", "fablab", "public_service", "amap_point"} <= kinds
    suggester = Place.objects.get(status="suggested").suggested_by
    assert suggester is not None and suggester.display_name.startswith("Alice")
    venue = Place.objects.get(name="Maison des associations")
    cycles = OrderCycle.objects.all()
    assert cycles and all(cycle.venue == venue for cycle in cycles)


def test_the_next_holiday_comes_after_christmas_in_the_new_year() -> None:
    assert next_holiday(datetime.date(2026, 12, 26)) == (datetime.date(2027, 1, 1), "Jour de l’an")
