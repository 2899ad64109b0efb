"""A subscription's instalments as they are handed over: the cheque's number and bank written
down, its state moving on: to receive → received (by the AMAP) → handed (to the producer) →
cashed.

Only a coordinator of the quartier records them. A state moves forward only (skipping a step
is allowed: a transfer is received and cashed at once); going back is refused in words, since
the producer may already hold the cheque: a mistake is corrected by asking the producer, not
by rewriting what was handed over. A cheque's number and bank may change until it is handed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.produce.models import Instalment, InstalmentState, Payment
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import require_coordinator

ORDER = list(InstalmentState.values)
LONGEST = {"cheque_number": 30, "bank": 60}  # the columns' max_length


def step(state: str) -> int:
    return ORDER.index(state)


@transaction.atomic
def instalment_update(
    *,
    instalment: Instalment,
    actor: User,
    state: str | None = None,
    cheque_number: str | None = None,
    bank: str | None = None,
) -> Instalment:
    """Records what a coordinator was handed; `None` leaves a field as it is."""
    require_coordinator(user=actor, quartier=instalment.subscription.contract.producer.quartier)
    instalment = Instalment.objects.select_for_update().get(pk=instalment.pk)
    errors: dict[str, list[str]] = {}
    was = instalment.state
    if state is not None and state not in ORDER:
        errors["state"] = [_("Choose one of the states offered.")]
    elif state is not None and step(state) < step(was):
        errors["state"] = [
            _("This instalment is already “%(was)s”: it cannot go back to “%(state)s”.")
            % {"was": InstalmentState(was).label, "state": InstalmentState(state).label}
        ]
    handed = step(was) >= step(InstalmentState.HANDED)
    for name, value in (("cheque_number", cheque_number), ("bank", bank)):
        if value is None or value.strip() == getattr(instalment, name):
            continue
        if handed:
            errors[name] = [_("The cheque is handed to the producer: it no longer changes here.")]
        elif len(value.strip()) > LONGEST[name]:
            errors[name] = [_("This is too long.")]
        else:
            setattr(instalment, name, value.strip())
    new_state = state or was
    if (
        not errors
        and instalment.method == Payment.Method.CHEQUE
        and new_state != InstalmentState.TO_RECEIVE
        and not instalment.cheque_number
    ):
        errors["cheque_number"] = [_("Write down the cheque's number when it is received.")]
    if errors:
        raise ValidationError(errors)
    if new_state != was:
        instalment.state = new_state
        instalment.state_changed_at = timezone.now()
        instalment.state_changed_by = actor
    instalment.save()
    return instalment
