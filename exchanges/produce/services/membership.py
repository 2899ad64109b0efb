"""The AMAP's yearly membership (adhésion): a coordinator sets the year's fee, and records
each member's payment as it is handed over. A required fee unpaid keeps a member from
subscribing (services.subscriptions.fee_is_due)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from exchanges.produce.models import FeePayment, InstalmentState, MembershipFee, Payment
from exchanges.produce.services.access import require_coordinator
from exchanges.produce.services.instalments import LONGEST
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import is_member

FIRST_YEAR, LAST_YEAR = 2000, 2100


@transaction.atomic
def membership_fee_set(
    *, quartier: Quartier, actor: User, year: int, amount_cents: int, required: bool = True
) -> MembershipFee:
    """The year's fee, made or changed."""
    require_coordinator(user=actor, quartier=quartier)
    errors: dict[str, list[str]] = {}
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = [_("Give a year such as 2026.")]
    if amount_cents < 0:
        errors["amount_cents"] = [_("The amount cannot be negative.")]
    if errors:
        raise ValidationError(errors)
    fee, _made = MembershipFee.objects.update_or_create(
        quartier=quartier,
        year=year,
        defaults={"amount_cents": amount_cents, "required": required},
    )
    return fee


@transaction.atomic
def fee_payment_record(
    *,
    fee: MembershipFee,
    member: User,
    actor: User,
    method: str,
    state: str = InstalmentState.TO_RECEIVE,
    cheque_number: str = "",
    bank: str = "",
    amount_cents: int | None = None,
) -> FeePayment:
    """The member's payment of the year's fee, made or changed (one a member and year). Once
    recorded, even to receive, the member may subscribe: the cheque is promised."""
    require_coordinator(user=actor, quartier=fee.quartier)
    errors: dict[str, list[str]] = {}
    if not is_member(user=member, quartier=fee.quartier):
        errors["member"] = [_("Choose a member of this quartier.")]
    if method not in Payment.Method.values:
        errors["method"] = [_("Choose how it is paid.")]
    if state not in (InstalmentState.TO_RECEIVE, InstalmentState.RECEIVED):
        errors["state"] = [_("A membership payment is to receive or received.")]
    cheque_number, bank = " ".join(cheque_number.split()), " ".join(bank.split())
    if method != Payment.Method.CHEQUE and cheque_number:
        errors["cheque_number"] = [_("Only a cheque has a number.")]
    for name, value in (("cheque_number", cheque_number), ("bank", bank)):
        if len(value) > LONGEST[name]:  # refused, never cut
            errors.setdefault(name, []).append(_("This is too long."))
    amount = fee.amount_cents if amount_cents is None else amount_cents
    if amount < 0:
        errors["amount_cents"] = [_("The amount cannot be negative.")]
    if errors:
        raise ValidationError(errors)
    payment, _made = FeePayment.objects.update_or_create(
        fee=fee,
        member=member,
        defaults={
            "amount_cents": amount,
            "method": method,
            "state": state,
            "cheque_number": cheque_number,
            "bank": bank,
            "recorded_by": actor,
        },
    )
    return payment


@transaction.atomic
def fee_payment_remove(*, payment: FeePayment, actor: User) -> None:
    """A payment recorded by mistake: the fee is due again."""
    require_coordinator(user=actor, quartier=payment.fee.quartier)
    payment.delete()
