"""The payment plan of an imported line, as the coordinator wrote it on paper: the amounts of
the cheques ("120,00 / 120 / 120,00"), or a number of instalments the total is split into
evenly (one when neither is given), one a month from the first basket's month; with the
cheques' numbers and banks ("La Poste" once for all of them). The plan must add up to the
subscription's total, prorated from the first basket, to the cent (`money.check_plan`)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from exchanges.produce.services import import_table as table
from exchanges.produce.services import money


def plan_of(
    row: table.Row,
    total: int,
    starts_on: datetime.date,
    method: str,
    reasons: list[str],
    *,
    season_ends: datetime.date,
) -> list[money.Planned]:
    """The instalments: the amounts given, or the total split evenly in the number given (one,
    when neither is), one a month from the first basket's month, with their cheques."""
    amounts_text, count_text = row.get("amounts"), row.get("instalments")
    count = table.whole_number(count_text) if count_text else None
    if count_text and count is None:
        reasons.append(_("“%(text)s” is not a number of instalments.") % {"text": count_text})
        return []
    try:
        if amounts_text:
            amounts = _amounts(amounts_text, reasons)
            if count is not None and count != len(amounts) and amounts:
                reasons.append(
                    _("%(count)s instalments announced, but %(given)s amounts given.")
                    % {"count": count, "given": len(amounts)}
                )
            first = money.first_of_month(starts_on)
            plan = [
                money.Planned(amount, money.add_months(first, index), method)
                for index, amount in enumerate(amounts)
            ]
            if amounts:
                money.check_plan(plan, total_cents=total, months=(starts_on, season_ends))
        else:
            plan = money.even_plan(total, count=count or 1, first_month=starts_on, method=method)
    except ValidationError as error:
        reasons.extend(error.messages)
        return []
    return _with_cheques(plan, row, reasons)


def _amounts(text: str, reasons: list[str]) -> list[int]:
    amounts = []
    for item in table.items(text):
        amount = table.cents(item)
        if amount is None:
            reasons.append(_("“%(text)s” is not an amount.") % {"text": item})
        else:
            amounts.append(amount)
    return amounts


def _with_cheques(
    plan: list[money.Planned], row: table.Row, reasons: list[str]
) -> list[money.Planned]:
    numbers, banks = table.items(row.get("cheque_numbers")), table.items(row.get("banks"))
    if len(numbers) > len(plan):
        reasons.append(_("More cheque numbers than instalments."))
    if len(banks) > len(plan):
        reasons.append(_("More banks than instalments."))
    if len(banks) == 1:
        banks = banks * len(plan)  # one bank written for all the cheques
    too_long = [n for n in numbers if len(n) > 30] + [b for b in banks if len(b) > 60]
    if too_long:
        reasons.append(_("A cheque number or a bank is too long."))
    return [
        money.Planned(
            item.amount_cents,
            item.due_month,
            item.method,
            numbers[index] if index < len(numbers) else "",
            banks[index] if index < len(banks) else "",
        )
        for index, item in enumerate(plan)
    ]
