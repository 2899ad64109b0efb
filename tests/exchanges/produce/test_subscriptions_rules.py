"""The rules of subscribing as a season goes: the waiting list strictly in order (a newcomer
never passes it; it moves after every end and when the farm has more room), a plan moved up
that keeps what was written down, the first basket never one already distributed, the site's
day, hand-typed months in order, absences withdrawn when a subscription ends, an account closed
ending its subscriptions, and a former member seeing nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from exchanges.produce import baskets, kinds, services
from exchanges.produce.models import (
    Absence,
    Contract,
    Instalment,
    InstalmentState,
    MembershipFee,
    Subscription,
)
from exchanges.produce.services import money
from exchanges.produce.services.contracts import Size
from messaging.models import Notification
from neighbourhood.accounts.services import user_erase
from neighbourhood.quartiers.models import Membership
from neighbourhood.quartiers.services import membership_leave
from tests.conftest import api_as
from tests.exchanges.produce.conftest import at
from tests.exchanges.produce.contracts import LARGE, SMALL, size
from tests.exchanges.produce.test_pages import client_for
from tests.factories import MembershipFactory, UserFactory, contract_fields

pytestmark = pytest.mark.django_db


def member(quartier, name: str):
    user = UserFactory.create(display_name=name)
    MembershipFactory.create(quartier=quartier, user=user)
    return user


def subscribe(contract: Contract, who, shares: int = 1, **more) -> Subscription:
    return services.subscription_create(
        contract=contract,
        member=who,
        actor=more.pop("actor", who),
        size=size(contract, SMALL),
        shares=shares,
        accepted_terms=True,
        **more,
    )


def with_capacity(contract: Contract, carol, capacity: int) -> Contract:
    return services.contract_update(contract=contract, actor=carol, capacity=capacity)


# The waiting list, strictly in order ------------------------------------------------------


def test_a_newcomer_never_takes_a_share_ahead_of_the_waiting_list(contract, quartier, carol):
    with_capacity(contract, carol, 3)
    first = subscribe(contract, member(quartier, "Anne"), shares=2)
    waits_for_two = subscribe(contract, member(quartier, "Bruno"), shares=2)
    newcomer = subscribe(contract, member(quartier, "Chloé"))  # one share is free
    assert (first.status, waits_for_two.status) == ("active", "waiting")
    assert (newcomer.status, newcomer.waiting_rank) == ("waiting", 2)
    contract.refresh_from_db()
    assert contract.shares_taken == 2


def test_the_first_waiting_leaving_the_list_lets_the_next_in(contract, quartier, carol):
    with_capacity(contract, carol, 3)
    subscribe(contract, member(quartier, "Anne"), shares=2)
    bruno = member(quartier, "Bruno")
    waits_for_two = subscribe(contract, bruno, shares=2)
    waits_for_one = subscribe(contract, member(quartier, "Chloé"))
    moved = services.subscription_end(subscription=waits_for_two, actor=bruno)
    assert [s.pk for s in moved] == [waits_for_one.pk]
    waits_for_one.refresh_from_db()
    assert waits_for_one.status == "active"
    assert Notification.objects.filter(
        kind=kinds.SUBSCRIPTION_MOVED_UP, user=waits_for_one.member
    ).exists()


def test_raising_the_capacity_moves_the_waiting_list_up(contract, quartier, carol):
    with_capacity(contract, carol, 1)
    subscribe(contract, member(quartier, "Anne"))
    second, third = (subscribe(contract, member(quartier, name)) for name in ("Bruno", "Chloé"))
    assert (second.status, third.status) == ("waiting", "waiting")
    with_capacity(contract, carol, 2)
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == ("active", "waiting")
    contract.refresh_from_db()
    assert contract.shares_taken == 2


# A plan moved up keeps what was written down ----------------------------------------------


def test_a_waiting_subscriptions_instalments_are_not_recorded(contract, quartier, carol):
    with_capacity(contract, carol, 1)
    subscribe(contract, member(quartier, "Anne"))
    waiting = subscribe(contract, member(quartier, "Bruno"))
    with pytest.raises(ValidationError, match="active subscription only"):
        services.instalment_update(
            instalment=waiting.instalments.get(), actor=carol, state=InstalmentState.RECEIVED
        )


def test_moving_up_keeps_the_cheques_by_position_and_splits_the_amounts(
    contract, quartier, carol, monkeypatch
):
    with_capacity(contract, carol, 1)
    anne, bruno = member(quartier, "Anne"), member(quartier, "Bruno")
    first = subscribe(contract, anne)
    dates = sorted(d.date for d in contract.dates.filter(off=False))
    month = money.first_of_month(dates[0])
    plan = [
        money.Planned(3600, month, "cheque", "100001", "Banque Postale"),
        money.Planned(3600, money.add_months(month, 1), "cheque", "100002", "Banque Postale"),
        money.Planned(3600, money.add_months(month, 2), "cheque", "100003", "Crédit Mutuel"),
    ]
    waiting = subscribe(contract, bruno, actor=carol, plan=plan)
    assert waiting.status == "waiting"
    rows = list(waiting.instalments.order_by("position"))
    # Later in the season: the first three distributions are past.
    later = timezone.make_aware(datetime.datetime.combine(dates[3], datetime.time(20, 0)))
    at(later, monkeypatch)
    services.subscription_end(subscription=first, actor=carol)
    waiting.refresh_from_db()
    assert waiting.status == "active" and waiting.starts_on == dates[4]
    assert waiting.total_cents == 1200 * len(dates[4:])
    after = list(waiting.instalments.order_by("position"))
    assert [row.pk for row in after] == [row.pk for row in rows]  # the same rows, not new ones
    assert [(row.cheque_number, row.bank) for row in after] == [
        ("100001", "Banque Postale"),
        ("100002", "Banque Postale"),
        ("100003", "Crédit Mutuel"),
    ]
    assert sum(row.amount_cents for row in after) == waiting.total_cents
    assert all(row.due_month >= money.first_of_month(dates[4]) for row in after)


def test_an_instalment_recorded_before_moving_up_keeps_its_amount(contract, quartier, carol):
    with_capacity(contract, carol, 1)
    first = subscribe(contract, member(quartier, "Anne"))
    waiting = subscribe(contract, member(quartier, "Bruno"), instalments=3)
    # Recorded before instalments of a waiting subscription were refused (older rows).
    Instalment.objects.filter(subscription=waiting, position=1).update(
        state=InstalmentState.RECEIVED, amount_cents=5000, cheque_number="7"
    )
    services.subscription_end(subscription=first, actor=carol)
    rows = list(waiting.instalments.order_by("position"))
    assert (rows[0].amount_cents, rows[0].state) == (5000, InstalmentState.RECEIVED)
    waiting.refresh_from_db()
    assert sum(row.amount_cents for row in rows) == waiting.total_cents


def test_recorded_instalments_above_the_dates_left_stop_the_move_up_in_words(
    contract, quartier, carol
):
    with_capacity(contract, carol, 1)
    first = subscribe(contract, member(quartier, "Anne"))
    waiting = subscribe(contract, member(quartier, "Bruno"))
    Instalment.objects.filter(subscription=waiting).update(
        state=InstalmentState.CASHED, amount_cents=waiting.total_cents + 1, cheque_number="7"
    )
    with pytest.raises(ValidationError, match="paid more"):
        services.subscription_end(subscription=first, actor=carol)
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert (first.status, waiting.status) == ("active", "waiting")  # nothing half done


# The first basket: never one already distributed, but for paper ---------------------------


@pytest.fixture
def begun(farm, carol, thursdays) -> Contract:
    """A season that began five weeks ago, signing still open."""
    today = timezone.localdate()
    return services.contract_create(
        producer=farm,
        actor=carol,
        sizes=[Size(SMALL, 1200), Size(LARGE, 2000)],
        **contract_fields(
            starts_on=today - datetime.timedelta(days=35),
            ends_on=today + datetime.timedelta(days=35),
            signing_closes_at=timezone.now() + datetime.timedelta(days=40),
        ),
    )


def test_through_the_api_a_member_cannot_start_before_the_next_distribution(begun, alice):
    answer = api_as(alice).post(
        f"/api/v1/contracts/{begun.pk}/subscriptions/",
        {
            "size": size(begun, SMALL).pk,
            "accepted_terms": True,
            "starts_on": begun.starts_on.isoformat(),
        },
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    subscription = Subscription.objects.get()
    now = timezone.now()
    to_come = list(begun.dates.filter(off=False).select_related("cycle", "contract"))
    first = min(d.date for d in to_come if baskets.starts_at(d) > now)
    assert subscription.starts_on == first
    assert subscription.total_cents == 1200 * len([d for d in to_come if d.date >= first])


def test_a_coordinator_entering_paper_may_go_back(begun, alice, carol):
    subscription = subscribe(begun, alice, actor=carol, starts_on=begun.starts_on)
    assert subscription.starts_on == begun.starts_on
    assert subscription.total_cents == 1200 * begun.dates.filter(off=False).count()


def test_the_fee_year_is_the_sites_day_not_utcs(farm, carol, alice, thursdays, monkeypatch):
    season = services.contract_create(
        producer=farm,
        actor=carol,
        sizes=[Size(SMALL, 1200)],
        **contract_fields(starts_on=datetime.date(2030, 12, 1), ends_on=datetime.date(2031, 2, 28)),
    )
    MembershipFee.objects.create(
        quartier=farm.quartier, year=2031, amount_cents=1000, required=True
    )
    # 23:30 in UTC on 31 December is already New Year's Day in Paris.
    new_year = datetime.datetime(2030, 12, 31, 23, 30, tzinfo=datetime.UTC)
    at(new_year, monkeypatch)
    with pytest.raises(ValidationError, match="membership"):
        subscribe(season, alice, actor=carol)


# Plans typed by hand ------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["back", "before", "after"])
def test_typed_months_go_forward_within_the_season(contract, alice, case):
    first = money.first_of_month(contract.starts_on)
    months = {
        "back": [money.add_months(first, 1), first],
        "before": [money.add_months(first, -1), first],
        "after": [first, money.add_months(money.first_of_month(contract.ends_on), 1)],
    }[case]
    plan = [money.Planned(5400, months[0]), money.Planned(5400, months[1])]
    with pytest.raises(ValidationError) as refused:
        subscribe(contract, alice, plan=plan)
    assert "never goes back" in str(refused.value) or "cashed from" in str(refused.value)
    assert not Subscription.objects.exists()


def test_typed_months_in_order_are_accepted(contract, alice):
    first = money.first_of_month(contract.starts_on)
    plan = [money.Planned(5400, first), money.Planned(5400, first)]
    assert subscribe(contract, alice, plan=plan).total_cents == 10800


# Ending an active subscription --------------------------------------------------------------


def test_ending_withdraws_the_absences_to_come_and_tells_who_would_take_them(
    contract, quartier, alice, bob, carol
):
    subscription = subscribe(contract, alice)
    first, second = contract.dates.filter(off=False).order_by("date")[:2]
    services.absence_mark(
        subscription=subscription, date=first, actor=alice, fate="neighbour", neighbour=bob
    )
    offered = services.absence_mark(
        subscription=subscription, date=second, actor=alice, fate="offered"
    )
    taker = member(quartier, "Denise")
    services.basket_take(absence=offered, actor=taker)
    services.subscription_end(subscription=subscription, actor=carol)
    assert not Absence.objects.exists()
    told = Notification.objects.filter(kind=kinds.BASKET_WITHDRAWN)
    assert sorted(n.user_id for n in told) == sorted([bob.pk, taker.pk])
    assert all(contract.title in n.title for n in told)


# An account closed ------------------------------------------------------------------------


def test_closing_an_account_ends_its_subscriptions_and_moves_the_list_up(
    contract, quartier, carol, alice
):
    with_capacity(contract, carol, 1)
    mine = subscribe(contract, alice)
    waiting = subscribe(contract, member(quartier, "Bruno"))
    user_erase(user=alice)
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, mine.member_id) == ("ended", None)
    assert mine.instalments.count() == 1  # the farm's records stay
    assert waiting.status == "active"
    contract.refresh_from_db()
    assert contract.shares_taken == 1
    page = client_for(carol).get(reverse("produce:contract_subscriptions", args=[contract.pk]))
    assert page.status_code == 200 and "Former member" in page.content.decode()


def test_an_ended_subscription_does_not_stop_an_account_from_closing(contract, alice, carol):
    subscription = subscribe(contract, alice)
    services.subscription_end(subscription=subscription, actor=carol)
    user_erase(user=alice)
    subscription.refresh_from_db()
    assert subscription.member_id is None and subscription.member_name == "Former member"


# A former member sees nothing -----------------------------------------------------------


def test_a_former_referent_or_producer_gets_404_everywhere(contract, quartier, alice, bob, carol):
    services.contract_update(contract=contract, actor=carol, referent=bob)
    farmer = member(quartier, "Fermier")
    contract.producer.account = farmer
    contract.producer.save(update_fields=["account"])
    subscription = subscribe(contract, alice)
    pages = [
        ("page", "get", reverse("produce:subscription", args=[subscription.pk])),
        ("page", "get", reverse("produce:contract_pdf", args=[subscription.pk])),
        ("api", "get", f"/api/v1/subscriptions/{subscription.pk}/"),
        ("api", "get", f"/api/v1/subscriptions/{subscription.pk}/instalments/"),
        ("api", "patch", f"/api/v1/instalments/{subscription.instalments.get().pk}/"),
        ("page", "get", reverse("produce:absences", args=[subscription.pk])),
        ("page", "get", reverse("produce:contract_subscriptions", args=[contract.pk])),
        ("page", "get", reverse("produce:schedule_pdf", args=[contract.pk])),
        ("api", "get", f"/api/v1/contracts/{contract.pk}/subscriptions/"),
        ("api", "get", f"/api/v1/subscriptions/{subscription.pk}/absences/"),
    ]
    for who in (bob, farmer):
        assert client_for(who).get(pages[0][2]).status_code == 200
        membership_leave(membership=Membership.objects.get(user=who, quartier=quartier))
        for kind, method, url in pages:
            client = api_as(who) if kind == "api" else client_for(who)
            answer = client.patch(url, {}, format="json") if method == "patch" else client.get(url)
            assert answer.status_code == 404, (who, url)
