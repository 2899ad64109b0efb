"""``{% proxy_note obj %}``: "posted by Marc for Mme Petit" under what a relais wrote.

On a page's main object, ``proxy_note`` costs one query. For a list, ``proxy_map`` loads the
notes of all its items in one query first, and ``proxy_note obj notes`` reads from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from neighbourhood.relais import selectors
from neighbourhood.relais.models import ProxyAction

register = template.Library()


@register.inclusion_tag("relais/_proxy_note.html")
def proxy_note(
    obj: Model | None, notes: dict[tuple[int, int], ProxyAction] | None = None
) -> dict[str, Any]:
    if obj is None:
        return {"action": None}
    if not isinstance(notes, dict):  # none given (an unknown variable is "" in a template)
        return {"action": selectors.attribution(obj)}
    return {"action": notes.get((ContentType.objects.get_for_model(obj).pk, obj.pk))}


@register.simple_tag
def proxy_map(items: Iterable[Any], path: str = "") -> dict[tuple[int, int], ProxyAction]:
    """The notes of ``items`` (or of ``item.<path>``, a dotted path such as "bookings.0")."""
    objects = []
    for item in items:
        for step in filter(None, path.split(".")):
            item = item[int(step)] if step.isdigit() else getattr(item, step)
        objects.append(item)
    return selectors.attributions(objects)
