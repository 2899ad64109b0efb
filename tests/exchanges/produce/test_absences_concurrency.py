"""Members asking for one offered basket at once, and a member spending their last joker twice
at once: only a real database with row locks shows that exactly one gets it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from exchanges.produce.models import Absence, Contract
from exchanges.produce.services import absences
from tests.exchanges.produce.baskets import after_deadline, dates, subscribe
from tests.exchanges.produce.contracts import LARGE, SMALL
from tests.factories import MembershipFactory, UserFactory
from tests.neighbourhood.quartiers.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_of_members_asking_at_once_for_one_offered_basket_exactly_one_gets_it(
    contract: Contract, quartier, alice, bob, carol
):
    others = [UserFactory.create() for _ in range(6)]
    for other in others:
        MembershipFactory.create(quartier=quartier, user=other)
    subscription = subscribe(contract, alice, LARGE)
    offered = absences.absence_mark(
        subscription=subscription, date=dates(contract)[0], actor=alice, fate="offered"
    )

    def take(member):
        with translation.override("en"):
            fresh = Absence.objects.select_related(
                "subscription__contract__producer__quartier",
                "subscription__member",
                "subscription__size",
                "date__cycle",
                "date__contract",
            ).get(pk=offered.pk)
            return absences.basket_take(absence=fresh, actor=member)

    takers = [bob, carol, *others]
    results = run_together([lambda m=m: take(m) for m in takers])
    won = [r for r in results if isinstance(r, Absence)]
    lost = [r for r in results if isinstance(r, ValidationError)]
    assert len(won) == 1, results
    assert len(lost) == len(takers) - 1
    assert all("Someone has already taken this basket." in r.messages for r in lost)
    offered.refresh_from_db()
    assert offered.taken_by == won[0].taken_by


def test_the_last_joker_spent_twice_at_once_is_spent_once(contract: Contract, alice, monkeypatch):
    # Absences close eight days ahead: two dates a week apart are both past their deadline.
    Contract.objects.filter(pk=contract.pk).update(jokers=1, absence_deadline_hours=8 * 24)
    contract.refresh_from_db()
    subscription = subscribe(contract, alice, SMALL)
    first, second = dates(contract)[:2]
    after_deadline(second, monkeypatch)

    def mark(date):
        with translation.override("en"):
            return absences.absence_mark(
                subscription=subscription, date=date, actor=alice, fate="offered"
            )

    results = run_together([lambda: mark(first), lambda: mark(second)])
    assert sum(isinstance(r, Absence) for r in results) == 1, results
    [refused] = [r for r in results if isinstance(r, ValidationError)]
    assert "no joker left" in refused.messages[0]
    assert Absence.objects.filter(joker=True).count() == 1


def test_a_basket_taken_while_its_absence_is_being_cancelled_stays_taken(
    contract: Contract, alice, bob
):
    """Bob's take commits after Alice's cancel began and just before it deletes: the cancel
    is refused and the basket stays Bob's."""
    subscription = subscribe(contract, alice, LARGE)
    offered = absences.absence_mark(
        subscription=subscription, date=dates(contract)[0], actor=alice, fate="offered"
    )
    stale = Absence.objects.select_related(
        "subscription__contract__producer__quartier",
        "subscription__member",
        "subscription__size",
        "date__cycle",
        "date__contract",
    ).get(pk=offered.pk)
    taken: list[object] = []

    def bob_takes_just_before_the_delete(execute, sql, params, many, context):
        if not taken and sql.lstrip().upper().startswith("DELETE") and "absence" in sql:
            taken.extend(run_together([lambda: absences.basket_take(absence=stale, actor=bob)]))
        return execute(sql, params, many, context)

    with (
        translation.override("en"),
        connection.execute_wrapper(bob_takes_just_before_the_delete),
        pytest.raises(ValidationError) as refused,
    ):
        absences.absence_cancel(absence=stale, actor=alice)
    assert isinstance(taken[0], Absence), taken
    assert refused.value.code == "taken"
    offered.refresh_from_db()
    assert offered.taken_by == bob
