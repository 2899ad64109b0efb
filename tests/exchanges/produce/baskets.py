"""Helpers for the contract baskets: subscribing a member, a contract's dates with a basket,
and the clock set just before or after a date's absence deadline."""

from __future__ import annotations

import datetime

import pytest

from exchanges.produce import baskets, services
from exchanges.produce.models import Contract, ContractDate, Subscription
from neighbourhood.accounts.models import User
from tests.exchanges.produce.conftest import at
from tests.exchanges.produce.contracts import size


def subscribe(
    contract: Contract,
    member: User,
    share: str,
    *,
    shares: int = 1,
    starts_on: datetime.date | None = None,
    instalments: int = 1,
) -> Subscription:
    return services.subscription_create(
        contract=contract,
        member=member,
        actor=member,
        size=size(contract, share),
        shares=shares,
        starts_on=starts_on,
        instalments=instalments,
        accepted_terms=True,
    )


def dates(contract: Contract) -> list[ContractDate]:
    """The contract's dates with a basket, in order."""
    return list(
        ContractDate.objects.filter(contract=contract, off=False)
        .select_related("cycle", "contract")
        .order_by("date")
    )


def after_deadline(date: ContractDate, monkeypatch: pytest.MonkeyPatch) -> None:
    """An hour past the date's absence deadline, the distribution not started yet."""
    at(baskets.deadline(date) + datetime.timedelta(hours=1), monkeypatch)
