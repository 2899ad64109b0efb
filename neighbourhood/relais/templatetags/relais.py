"""``{% proxy_note obj %}``: "posted by Marc for Mme Petit" under what a relais wrote."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model

from neighbourhood.relais import selectors

register = template.Library()


@register.inclusion_tag("relais/_proxy_note.html")
def proxy_note(obj: Model | None) -> dict[str, Any]:
    """One query for a page's main object (a swap, a ride, an order, a seat request)."""
    return {"action": selectors.attribution(obj) if obj is not None else None}
