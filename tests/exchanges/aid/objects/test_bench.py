"""The inventory benchmark, on a small scene: the selector and the raw SQL floor it is compared
with find the same objects, in the same order."""

import pytest

from bench import object_inventory

pytestmark = pytest.mark.django_db


def test_the_selector_and_the_floor_agree(monkeypatch):
    monkeypatch.setattr(object_inventory, "OBJECTS", 300)
    monkeypatch.setattr(object_inventory, "OWNERS", 10)
    monkeypatch.setattr(object_inventory, "LOANS", 120)
    monkeypatch.setattr(object_inventory, "REPEAT", 2)
    rows = object_inventory.run()  # asserts, case by case, that both read the same rows
    assert len(rows) == 6
    assert all(row.queries == 1 for row in rows)
