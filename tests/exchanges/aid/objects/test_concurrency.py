"""Many answers at the same moment: only a real database with row locks and the exclusion
constraint can show that an object is never lent twice for overlapping dates, and that a gift
has one holder. (On SQLite, without the constraint, the locked check alone is run under
concurrency in test_concurrency_sqlite.py.)"""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from exchanges.aid.models import Gift, Loan
from exchanges.aid.services import objects as services
from tests.exchanges.aid.objects.helpers import cot, drill, in_days
from tests.exchanges.rides.test_concurrency import neighbours
from tests.neighbourhood.quartiers.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BORROWERS = 8


def in_english(action):
    def run():
        with translation.override("en"):
            return action()

    return run


def test_of_many_overlapping_loans_accepted_at_once_exactly_one_holds_the_dates():
    quartier, (owner, *borrowers) = neighbours(BORROWERS + 1)
    item = drill(quartier, owner, max_days=5)
    # Each asks for a period overlapping every other one on the third day.
    asked = [
        services.loan_ask(
            item=item,
            borrower=borrower,
            starts_on=in_days(1 + n % 3),
            ends_on=in_days(3 + n % 2),
        )
        for n, borrower in enumerate(borrowers)
    ]
    results = run_together(
        [
            in_english(lambda loan=loan: services.loan_accept(loan=loan, actor=owner))
            for loan in asked
        ]
    )
    winners = [r for r in results if isinstance(r, Loan)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(winners) == 1, results
    assert len(refusals) == BORROWERS - 1, results
    assert all("These dates are already lent." in r.messages for r in refusals)
    assert Loan.objects.filter(item=item, status__in=Loan.HOLDING).count() == 1


def test_the_constraint_itself_refuses_an_overlapping_insert():
    quartier, (owner, first, second) = neighbours(3)
    item = drill(quartier, owner)
    start = in_days(1)
    Loan.objects.create(
        item=item,
        borrower=first,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=2),
        status="accepted",
    )
    with pytest.raises(IntegrityError, match="loan_never_overlaps"), transaction.atomic():
        Loan.objects.create(
            item=item,
            borrower=second,
            starts_on=start + datetime.timedelta(days=2),
            ends_on=start + datetime.timedelta(days=3),
            status="handed_over",
        )
    # Asked, declined or cancelled loans hold nothing; the day after is free.
    Loan.objects.create(item=item, borrower=second, starts_on=start, ends_on=start, status="asked")
    Loan.objects.create(
        item=item,
        borrower=second,
        starts_on=start + datetime.timedelta(days=3),
        ends_on=start + datetime.timedelta(days=3),
        status="accepted",
    )
    assert Loan.objects.filter(item=item).count() == 3


def test_of_many_neighbours_asking_for_a_gift_at_once_exactly_one_holds_it():
    quartier, (giver, *takers) = neighbours(BORROWERS + 1)
    item = cot(quartier, giver)
    results = run_together(
        [
            in_english(lambda taker=taker: services.gift_ask(item=item, taker=taker))
            for taker in takers
        ]
    )
    assert all(isinstance(r, Gift) for r in results), results
    assert Gift.objects.filter(item=item, status="reserved").count() == 1
    assert Gift.objects.filter(item=item, status="asked").count() == BORROWERS - 1


def test_a_giver_reserving_for_two_at_once_keeps_one_holder():
    quartier, (giver, *takers) = neighbours(4)
    item = cot(quartier, giver, give_rule="giver_chooses")
    asks = [services.gift_ask(item=item, taker=taker) for taker in takers]
    results = run_together(
        [
            in_english(lambda gift=gift: services.gift_reserve(gift=gift, actor=giver))
            for gift in asks
        ]
    )
    assert sum(isinstance(r, Gift) for r in results) == 1, results
    assert all("already reserved" in str(r) for r in results if isinstance(r, ValidationError)), (
        results
    )
    assert Gift.objects.filter(item=item, status="reserved").count() == 1


def test_what_slips_past_the_check_is_refused_by_the_constraint_in_words():
    """Another writer marks an overlapping loan accepted without taking the object's lock (an
    update takes no lock on the object's row) and has not committed yet: the accept's check
    cannot see it, the constraint waits for it, and the refusal is said in words."""
    quartier, (owner, first, second) = neighbours(3)
    item = drill(quartier, owner)
    other = services.loan_ask(item=item, borrower=first, starts_on=in_days(1), ends_on=in_days(2))
    mine = services.loan_ask(item=item, borrower=second, starts_on=in_days(2), ends_on=in_days(3))
    updated = threading.Event()

    def accept_behind_the_lock() -> None:
        try:
            with transaction.atomic():
                Loan.objects.filter(pk=other.pk).update(status=Loan.Status.ACCEPTED)
                updated.set()
                time.sleep(1)  # long enough for the accept below to reach the constraint
        finally:
            connection.close()

    writer = threading.Thread(target=accept_behind_the_lock)
    writer.start()
    assert updated.wait(10)
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        services.loan_accept(loan=mine, actor=owner)
    writer.join()
    assert refusal.value.messages == ["These dates are already lent."]
    assert Loan.objects.get(pk=mine.pk).status == Loan.Status.ASKED
