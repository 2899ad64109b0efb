"""Who may change what: coordinators run the AMAP of their quartier; a producer with an
account manages their own products."""

from __future__ import annotations

from exchanges.produce.models import Producer
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import require_coordinator


def require_producer_manager(producer: Producer, actor: User) -> None:
    if producer.account_id == actor.pk:
        return
    require_coordinator(user=actor, quartier=producer.quartier)
