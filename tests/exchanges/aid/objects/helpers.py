"""Objects to lend and to give, published through their services, for the tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from exchanges.aid.models import Item
from exchanges.aid.services import objects as services


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def drill(quartier, owner, **overrides: Any) -> Item:
    fields = {
        "title": "Perceuse à percussion",
        "description": "Avec un jeu de mèches béton.",
        "category": "tools",
        "max_days": 3,
        **overrides,
    }
    return services.item_publish(quartier=quartier, owner=owner, mode="lend", **fields)


def cot(quartier, owner, **overrides: Any) -> Item:
    fields = {"title": "Lit parapluie", "category": "children", **overrides}
    return services.item_publish(quartier=quartier, owner=owner, mode="give", **fields)


def loan(item: Item, borrower, start: int = 1, end: int = 2, **kwargs: Any):
    return services.loan_ask(
        item=item, borrower=borrower, starts_on=in_days(start), ends_on=in_days(end), **kwargs
    )
