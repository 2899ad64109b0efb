"""The money of a contract, in integer cents and pure functions: which dates a subscription
takes, what it costs, and a payment plan that adds up to it exactly.

- A late subscription pays the dates left, never a fraction of the season's price: the total
  is the price per distribution × shares × the baskets taken, exact by construction.
- A half share (`every` = 2) takes every other date left, starting with the first one.
- N instalments are the total divided by N rounded down to the cent, the remainder added to
  the first one, so any N adds up exactly and the later cheques are all alike.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from neighbourhood.templatetags.voisinage import euros

MAX_INSTALMENTS = 12
# Amounts are stored in 32-bit integer columns (PostgreSQL's integer): nothing above this.
MAX_CENTS = 2_147_483_647


def dates_taken(
    dates: Sequence[datetime.date], *, starts_on: datetime.date, every: int
) -> list[datetime.date]:
    """The distribution dates (sorted, dates off left out) a subscription takes a basket on."""
    return [date for date in dates if date >= starts_on][::every]


def subscription_total(*, price_cents: int, shares: int, baskets: int) -> int:
    return price_cents * shares * baskets


@dataclass(frozen=True)
class Price:
    """What a size costs from a first date: its baskets and their total."""

    baskets: int
    total_cents: int


def price_from(
    dates: Sequence[datetime.date],
    *,
    starts_on: datetime.date,
    price_cents: int,
    every: int,
    shares: int = 1,
) -> Price:
    """The one price of a subscription (or of a size for the whole season: `starts_on` its
    first date): the baskets it takes from `starts_on`, times the price and the shares."""
    baskets = len(dates_taken(dates, starts_on=starts_on, every=every))
    return Price(
        baskets, subscription_total(price_cents=price_cents, shares=shares, baskets=baskets)
    )


def check_total(total_cents: int) -> None:
    """Refuses, in words, a total too large to be stored."""
    if total_cents > MAX_CENTS:
        raise ValidationError(
            {
                "shares": [
                    _("This comes to %(total)s: at most %(most)s can be recorded.")
                    % {"total": euros(total_cents), "most": euros(MAX_CENTS)}
                ]
            },
            code="too_much",
        )


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Planned:
    """One instalment of a plan: how much, the month it is cashed, how it is paid."""

    amount_cents: int
    due_month: datetime.date
    method: str = "cheque"
    cheque_number: str = ""
    bank: str = ""


def split(total_cents: int, count: int) -> list[int]:
    """`count` amounts adding up to `total_cents`: equal, the remainder on the first."""
    if not 1 <= count <= MAX_INSTALMENTS:
        raise ValidationError(
            _("Pay in 1 to %(most)s instalments.") % {"most": MAX_INSTALMENTS}, code="count"
        )
    if total_cents < count:
        raise ValidationError(
            ngettext(
                "This amount cannot be paid in %(count)s instalment.",
                "This amount cannot be paid in %(count)s instalments.",
                count,
            )
            % {"count": count},
            code="count",
        )
    share = total_cents // count
    return [total_cents - share * (count - 1)] + [share] * (count - 1)


def even_plan(
    total_cents: int, *, count: int, first_month: datetime.date, method: str = "cheque"
) -> list[Planned]:
    """The usual plan: `count` instalments cashed one a month from `first_month`."""
    start = first_of_month(first_month)
    return [
        Planned(amount, add_months(start, index), method)
        for index, amount in enumerate(split(total_cents, count))
    ]


def check_plan(
    plan: Sequence[Planned],
    *,
    total_cents: int,
    months: tuple[datetime.date, datetime.date] | None = None,
) -> None:
    """Refuses, in words, a plan that does not add up to the total to the cent; with
    `months` (the first basket's day and the season's last day), one whose months go back or
    fall outside them."""
    if not 1 <= len(plan) <= MAX_INSTALMENTS:
        raise ValidationError(
            _("Pay in 1 to %(most)s instalments.") % {"most": MAX_INSTALMENTS}, code="count"
        )
    if any(item.amount_cents < 1 for item in plan):
        raise ValidationError(_("Each instalment must be at least one cent."), code="amount")
    if any(item.due_month.day != 1 for item in plan):
        raise ValidationError(_("An instalment is cashed in a month."), code="month")
    if months is not None:
        _check_months([item.due_month for item in plan], *months)
    paid = sum(item.amount_cents for item in plan)
    if paid != total_cents:
        raise ValidationError(
            _("The instalments add up to %(paid)s, not the %(total)s the contract costs.")
            % {"paid": euros(paid), "total": euros(total_cents)},
            code="sum",
        )


def _check_months(due: list[datetime.date], first: datetime.date, last: datetime.date) -> None:
    first, last = first_of_month(first), first_of_month(last)
    if any(later < earlier for earlier, later in itertools.pairwise(due)):
        raise ValidationError(
            _("Put the instalments in the order they are cashed: a month never goes back."),
            code="month_order",
        )
    if due[0] < first or due[-1] > last:
        raise ValidationError(
            _("The instalments are cashed from %(first)s to %(last)s.")
            % {"first": date_format(first, "F Y"), "last": date_format(last, "F Y")},
            code="month_range",
        )
