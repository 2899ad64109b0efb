"""A subscription's instalments as they are handed over: the cheque's number and bank written
down, its state moving on: to receive → received (by the AMAP) → handed (to the producer) →
cashed.

Only a coordinator of the quartier records them. A state moves forward only (skipping a step
is allowed: a transfer is received and cashed at once); going back is refused in words, since
the producer may already hold the cheque: a mistake is corrected by asking the producer, not
by rewriting what was handed over. A cheque's number and bank may change until it is handed.

Only an active subscription's instalments are recorded: a waiting one's plan is re-split when
it moves up (`plan_moved_up`), so nothing recorded is ever re-split.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.produce.models import (
    HandedPayment,
    Instalment,
    InstalmentState,
    Payment,
    Subscription,
)
from exchanges.produce.services import money, report_state
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import require_coordinator

ORDER = list(InstalmentState.values)


# What a cheque's number and bank may hold: the columns' own lengths (refused, never cut).
def _longest(name: str) -> int:
    field = HandedPayment._meta.get_field(name)
    assert isinstance(field, models.CharField) and field.max_length is not None
    return field.max_length


LONGEST = {name: _longest(name) for name in ("cheque_number", "bank")}


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
    if instalment.subscription.status != Subscription.Status.ACTIVE:
        # A waiting subscription's plan is re-split when it moves up; an ended one's is closed.
        raise ValidationError(
            _("Instalments are recorded for an active subscription only."), code="inactive"
        )
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
    if new_state != was:  # a late payment is printed on the pick-up list
        report_state.contract_changed(instalment.subscription.contract_id)
    else:
        report_state.papers_changed(instalment.subscription.contract_id)
    return instalment


def plan_moved_up(subscription: Subscription) -> None:
    """The plan of a subscription moved up from the waiting list, for its new total. The
    instalments stay, by position, with their method, cheque number and bank: only their
    amounts are split again (the remainder on the first), and a month before the first
    basket's becomes that month. Those past "to receive" (none, since a waiting subscription's
    are not recorded, but older rows may be) keep their amount; the rest is split over the
    others. Rows with nothing left to pay are removed; when the rest needs one, it is added."""
    rows = list(subscription.instalments.select_for_update().order_by("position"))
    kept = [row for row in rows if row.state != InstalmentState.TO_RECEIVE]
    open_rows = [row for row in rows if row.state == InstalmentState.TO_RECEIVE]
    rest = subscription.total_cents - sum(row.amount_cents for row in kept)
    if rest < 0:
        raise ValidationError(
            _(
                "%(member)s has paid more than the baskets left to them: settle it with them "
                "before they move up."
            )
            % {"member": subscription.member_name},
            code="overpaid",
        )
    first = money.first_of_month(subscription.starts_on)
    if rest and not open_rows:
        last = rows[-1] if rows else None
        open_rows.append(
            Instalment(
                subscription=subscription,
                position=(last.position + 1) if last else 1,
                due_month=max(last.due_month, first) if last else first,
                amount_cents=rest,
                method=last.method if last else Payment.Method.CHEQUE,
            )
        )
    count = min(len(open_rows), rest)
    amounts = money.split(rest, count) if count else []
    for row in open_rows[count:]:
        if row.pk:
            row.delete()
    for row, amount in zip(open_rows, amounts, strict=False):
        row.amount_cents, row.due_month = amount, max(row.due_month, first)
        row.save()
