"""The money of a subscription, for any price, shares, first date and 1 to 12 instalments: the
plans add up to the cent with the remainder on the first, a late subscription pays exactly the
dates left (a half share every other one), and a plan typed by hand is refused in words unless
it adds up, nothing stored."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from exchanges.produce import services
from exchanges.produce.baskets import contract_dates
from exchanges.produce.models import Contract, Instalment, Subscription
from exchanges.produce.services import money
from tests.exchanges.produce.contracts import HALF, LARGE, SMALL, size

prices = st.integers(min_value=1, max_value=100_00)
shares = st.integers(min_value=1, max_value=10)
counts = st.integers(min_value=1, max_value=money.MAX_INSTALMENTS)
months = st.dates(datetime.date(2020, 1, 1), datetime.date(2035, 12, 31))
season = [datetime.date(2026, 4, 2) + datetime.timedelta(weeks=n) for n in range(26)]


@given(prices, shares, st.integers(min_value=0, max_value=30), counts, months)
def test_even_plans_add_up_to_the_cent_remainder_on_the_first(
    price: int, share_count: int, baskets: int, count: int, first: datetime.date
):
    total = money.subscription_total(price_cents=price, shares=share_count, baskets=baskets)
    if total < count:
        with pytest.raises(ValidationError):
            money.split(total, count)
        return
    plan = money.even_plan(total, count=count, first_month=first)
    amounts = [item.amount_cents for item in plan]
    assert sum(amounts) == total
    assert len(set(amounts[1:])) <= 1 and amounts[0] - amounts[-1] in range(count)
    assert all(item.due_month.day == 1 for item in plan)
    assert [item.due_month for item in plan] == sorted({item.due_month for item in plan})
    money.check_plan(plan, total_cents=total)  # the service's own check agrees


@given(prices, shares, st.sampled_from(season), st.sampled_from([1, 2]))
def test_a_late_subscription_pays_exactly_the_dates_left(
    price: int, share_count: int, starts_on: datetime.date, every: int
):
    left = [date for date in season if date >= starts_on]
    taken = money.dates_taken(season, starts_on=starts_on, every=every)
    assert taken == left[::every]  # a half share: the first date left, then every other
    assert len(taken) == (len(left) + every - 1) // every
    total = money.subscription_total(price_cents=price, shares=share_count, baskets=len(taken))
    assert total == price * share_count * len(taken)


@given(
    st.lists(st.integers(min_value=1, max_value=500_00), min_size=1, max_size=12),
    st.integers(-5, 5),
)
def test_a_plan_typed_by_hand_must_add_up(amounts: list[int], off_by: int):
    plan = [
        money.Planned(amount, money.add_months(datetime.date(2026, 4, 1), index))
        for index, amount in enumerate(amounts)
    ]
    total = sum(amounts) + off_by
    if off_by:
        with pytest.raises(ValidationError, match="add up to"):
            money.check_plan(plan, total_cents=total)
    else:
        money.check_plan(plan, total_cents=total)


def test_thirteen_instalments_or_a_mid_month_date_are_refused():
    with pytest.raises(ValidationError, match="1 to 12"):
        money.split(1000, 13)
    with pytest.raises(ValidationError, match="in a month"):
        money.check_plan([money.Planned(1000, datetime.date(2026, 4, 2))], total_cents=1000)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [SMALL, LARGE, HALF])
@pytest.mark.parametrize("late", [0, 3, 8])
@pytest.mark.parametrize("count", [1, 3, 7])
def test_the_service_stores_what_the_money_says(
    contract: Contract, alice, name: str, late: int, count: int
):
    dates = contract_dates(contract.pk)
    chosen = size(contract, name)
    subscription = services.subscription_create(
        contract=contract,
        member=alice,
        actor=alice,
        size=chosen,
        shares=2,
        starts_on=dates[late],
        instalments=count,
        accepted_terms=True,
    )
    baskets = len(dates[late :: chosen.every])
    assert subscription.total_cents == chosen.price_cents * 2 * baskets
    amounts = list(subscription.instalments.values_list("amount_cents", flat=True))
    assert sum(amounts) == subscription.total_cents and len(amounts) == count
    assert amounts[0] == subscription.total_cents - (subscription.total_cents // count) * (
        count - 1
    )


@pytest.mark.django_db
def test_a_plan_that_does_not_add_up_stores_nothing(contract: Contract, alice):
    month = contract.starts_on.replace(day=1)
    with pytest.raises(ValidationError) as refused:
        services.subscription_create(
            contract=contract,
            member=alice,
            actor=alice,
            size=size(contract, SMALL),
            plan=[money.Planned(5000, month), money.Planned(5000, money.add_months(month, 1))],
            accepted_terms=True,
        )
    assert "add up to 100.00 €, not the 108.00 €" in " ".join(refused.value.messages)
    assert not Subscription.objects.exists() and not Instalment.objects.exists()
    contract.refresh_from_db()
    assert contract.shares_taken == 0


@pytest.mark.django_db
def test_a_transfer_is_received_and_cashed_at_once_never_back(contract: Contract, alice, carol):
    subscription = services.subscription_create(
        contract=contract,
        member=alice,
        actor=alice,
        size=size(contract, SMALL),
        method="transfer",
        accepted_terms=True,
    )
    instalment = subscription.instalments.get()
    services.instalment_update(instalment=instalment, actor=carol, state="cashed")
    instalment.refresh_from_db()
    assert instalment.state == "cashed" and instalment.state_changed_by == carol
    with pytest.raises(ValidationError, match="cannot go back"):
        services.instalment_update(instalment=instalment, actor=carol, state="handed")
    instalment.refresh_from_db()
    assert instalment.state == "cashed"
