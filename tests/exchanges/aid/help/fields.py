"""What a valid coup de main is made of, for the tests: a request for Saturday in three days."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from exchanges.aid.models import CoupDeMain
from exchanges.aid.services import help as services
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier


def in_days(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def help_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "category": "moving",
        "title": "Porter une armoire au 3e",
        "description": "Sans ascenseur, une heure environ.",
        "timing": "at",
        "starts_at": in_days(3),
        "place_label": "12 rue d'Austerlitz",
        "helpers_needed": 2,
    }
    fields.update(overrides)
    return fields


def publish(
    quartier: Quartier, author: User, kind: str = "request", **overrides: Any
) -> CoupDeMain:
    return services.help_publish(
        quartier=quartier, author=author, kind=kind, **help_fields(**overrides)
    )
