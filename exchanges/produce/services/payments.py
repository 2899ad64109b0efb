"""Payments kept by hand, as most AMAPs do: no money moves through the site."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.produce.models import Order, Payment, Producer
from exchanges.produce.services import report_state
from exchanges.produce.services.access import require_coordinator
from neighbourhood.accounts.models import User


@transaction.atomic
def payment_record(
    *,
    order: Order,
    producer: Producer,
    actor: User,
    method: str,
    status: str,
    amount_cents: int,
    cheque_number: str = "",
) -> Payment:
    """What a member gave for one producer: the way, the cheque number, and where it is."""
    require_coordinator(user=actor, quartier=order.cycle.quartier)
    errors: dict[str, list[str]] = {}
    if producer.quartier_id != order.cycle.quartier_id:
        errors["producer"] = [_("Choose a producer of this quartier.")]
    if method not in Payment.Method.values:
        errors["method"] = [_("Choose cheque, cash, transfer or local currency.")]
    if status not in Payment.Status.values:
        errors["status"] = [_("Choose to pay, received or handed to the producer.")]
    cheque_number = cheque_number.strip()
    if method == Payment.Method.CHEQUE and status != Payment.Status.TO_PAY and not cheque_number:
        errors["cheque_number"] = [_("Write down the cheque's number.")]
    if not 0 <= amount_cents <= 10_000_00:
        errors["amount_cents"] = [_("An amount lies between 0 and 10,000 euros.")]
    if errors:
        raise ValidationError(errors)
    values = {
        "method": method,
        "status": status,
        "amount_cents": amount_cents,
        "cheque_number": cheque_number if method == Payment.Method.CHEQUE else "",
        "recorded_by": actor,
        "updated_at": timezone.now(),
    }
    try:
        with transaction.atomic():
            payment, _created = Payment.objects.update_or_create(
                order=order, producer=producer, defaults=values
            )
    except IntegrityError:  # recorded by another coordinator at the same moment
        payment, _created = Payment.objects.update_or_create(
            order=order, producer=producer, defaults=values
        )
    report_state.cycle_changed(order.cycle_id)
    return payment
