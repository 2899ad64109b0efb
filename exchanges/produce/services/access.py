"""Who may change what: coordinators run the AMAP of their quartier; a producer with an
account manages their own products."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from exchanges.produce.models import Producer
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import is_coordinator


def require_coordinator(quartier: Quartier, actor: User) -> None:
    if not is_coordinator(user=actor, quartier=quartier):
        raise PermissionDenied(_("Only a coordinator of this quartier can do this."))


def require_producer_manager(producer: Producer, actor: User) -> None:
    if producer.account_id == actor.pk:
        return
    require_coordinator(producer.quartier, actor)
