"""The one place that knows a relais is acting for a neighbour, and the one helper that logs it.

`neighbourhood.relais.middleware` opens an `acting_for` block around a request it has checked;
services that a relais may use for a neighbour call `record` right after their write, in the
same transaction: nothing is written without its line in the log, nor logged without the write.
Outside such a block `record` does nothing, so the services stay the same for everybody else.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models

from neighbourhood.relais.models import ProxyAction

if TYPE_CHECKING:
    from neighbourhood.accounts.models import User
    from neighbourhood.quartiers.models import Quartier

Verb = ProxyAction.Verb


@dataclass(frozen=True)
class Acting:
    relais: User
    neighbour: User
    quartier: Quartier


_current: ContextVar[Acting | None] = ContextVar("relais_acting", default=None)


@contextmanager
def acting_for(acting: Acting) -> Iterator[Acting]:
    token = _current.set(acting)
    try:
        yield acting
    finally:
        _current.reset(token)


def current() -> Acting | None:
    return _current.get()


def _for(actor: User) -> Acting | None:
    """The acting block of this request, if ``actor`` is the neighbour it acts for."""
    acting = _current.get()
    return acting if acting is not None and acting.neighbour.pk == actor.pk else None


def relais_for(*, actor: User) -> User | None:
    """The relais writing for ``actor`` right now, if any: stored on rows that show it (a
    message)."""
    acting = _for(actor)
    return acting.relais if acting is not None else None


def record(*, actor: User, verb: str, target: models.Model, summary: str = "") -> None:
    """Logs ``verb`` on ``target`` when ``actor`` is a neighbour a relais is acting for."""
    acting = _for(actor)
    if acting is None:
        return
    log(
        relais=acting.relais,
        neighbour=acting.neighbour,
        quartier=acting.quartier,
        verb=verb,
        target=target,
        summary=summary,
    )


def log(
    *,
    relais: User,
    neighbour: User,
    quartier: Quartier,
    verb: str,
    target: models.Model | None = None,
    summary: str = "",
) -> ProxyAction:
    return ProxyAction.objects.create(
        relais=relais,
        relais_name=relais.public_name[:80],
        neighbour=neighbour,
        quartier=quartier,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        summary=summary[:200],
    )
