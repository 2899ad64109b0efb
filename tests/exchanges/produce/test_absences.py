"""Absences from a contract's distributions, the service: before and after the deadline, the
jokers, which dates may be marked, what becomes of the basket, who is told, and the relais's
log. Nothing is stored when a mark is refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from exchanges.produce import baskets, kinds
from exchanges.produce.models import Absence, Contract, Subscription
from exchanges.produce.services import absences
from messaging.models import Notification
from neighbourhood.relais import acting
from neighbourhood.relais.models import ProxyAction
from tests.exchanges.produce.baskets import after_deadline, dates, subscribe
from tests.exchanges.produce.conftest import at
from tests.exchanges.produce.contracts import HALF, LARGE, SMALL
from tests.factories import MembershipFactory, UserFactory


def mark(subscription: Subscription, date, fate="offered", **more) -> Absence:
    return absences.absence_mark(
        subscription=subscription, date=date, actor=subscription.subscriber, fate=fate, **more
    )


def refused(code_or_field: str, call) -> None:
    with pytest.raises(ValidationError) as caught:
        call()
    error = caught.value
    fields = error.message_dict.keys() if hasattr(error, "error_dict") else set()
    codes = {e.code for e in error.error_list} if not fields else set()
    assert code_or_field in fields or code_or_field in codes, error


def test_before_the_deadline_a_basket_given_to_a_neighbour_tells_them(
    contract: Contract, alice, bob
):
    subscription = subscribe(contract, alice, LARGE)
    date = dates(contract)[0]
    absence = mark(subscription, date, "neighbour", neighbour=bob)
    assert (absence.fate, absence.taken_by, absence.joker) == ("neighbour", bob, False)
    told = Notification.objects.get(kind=kinds.BASKET_GIVEN)
    assert told.user == bob and told.actor == alice
    assert LARGE in told.title


def test_an_offered_basket_tells_every_other_member(contract: Contract, alice, bob, carol):
    subscription = subscribe(contract, alice, SMALL)
    mark(subscription, dates(contract)[1])
    told = set(
        Notification.objects.filter(kind=kinds.BASKET_OFFERED).values_list("user_id", flat=True)
    )
    assert told == {bob.pk, carol.pk}


def test_a_basket_given_to_an_association_keeps_its_name_trimmed(contract: Contract, alice):
    subscription = subscribe(contract, alice, SMALL)
    absence = mark(subscription, dates(contract)[0], "association", association="  Restos  ")
    assert (absence.association, absence.taken_by) == ("Restos", None)
    assert not Notification.objects.filter(kind__startswith="basket").exists()


def test_after_the_deadline_a_joker_is_spent_then_none_is_left(
    contract: Contract, alice, monkeypatch
):
    assert contract.jokers == 2
    subscription = subscribe(contract, alice, SMALL)
    first, second, third = dates(contract)[:3]
    after_deadline(first, monkeypatch)
    assert mark(subscription, first).joker is True
    after_deadline(second, monkeypatch)
    assert mark(subscription, second).joker is True
    after_deadline(third, monkeypatch)
    with pytest.raises(ValidationError, match="no joker left"):
        mark(subscription, third)
    assert Absence.objects.filter(subscription=subscription).count() == 2


def test_a_contract_without_jokers_refuses_after_the_deadline(
    contract: Contract, alice, monkeypatch
):
    Contract.objects.filter(pk=contract.pk).update(jokers=0)
    subscription = subscribe(contract, alice, SMALL)
    date = dates(contract)[0]
    after_deadline(date, monkeypatch)
    refused("no_joker", lambda: mark(subscription, date))
    assert not Absence.objects.exists()


def test_just_before_the_deadline_no_joker_is_spent(contract: Contract, alice, monkeypatch):
    subscription = subscribe(contract, alice, SMALL)
    date = dates(contract)[0]
    at(baskets.deadline(date) - datetime.timedelta(minutes=1), monkeypatch)
    assert mark(subscription, date).joker is False


def test_a_distribution_started_takes_no_absence(contract: Contract, alice, monkeypatch):
    subscription = subscribe(contract, alice, SMALL)
    date = dates(contract)[0]
    at(baskets.starts_at(date), monkeypatch)
    refused("date", lambda: mark(subscription, date))
    assert not Absence.objects.exists()


def test_a_half_share_marks_only_its_own_dates(contract: Contract, alice):
    subscription = subscribe(contract, alice, HALF)
    every = dates(contract)
    assert [d.pk for d in baskets.taken_dates(subscription, every)] == [d.pk for d in every[::2]]
    refused("date", lambda: mark(subscription, every[1]))
    assert mark(subscription, every[2]).pk


def test_a_date_before_a_late_start_or_of_another_contract_is_refused(
    contract: Contract, alice, bob, farm, carol
):
    every = dates(contract)
    late = subscribe(contract, alice, SMALL, starts_on=every[3].date)
    refused("date", lambda: mark(late, every[2]))
    assert mark(late, every[3]).pk
    twice = lambda: mark(late, every[3])  # noqa: E731
    refused("date", twice)
    assert Absence.objects.count() == 1


def test_only_an_active_subscription_marks_absences(contract: Contract, alice):
    subscription = subscribe(contract, alice, SMALL)
    Subscription.objects.filter(pk=subscription.pk).update(status="ended")
    subscription.refresh_from_db()
    refused("inactive", lambda: mark(subscription, dates(contract)[0]))


def test_the_neighbour_must_be_another_member_of_the_quartier(contract: Contract, alice, dave):
    subscription = subscribe(contract, alice, SMALL)
    date = dates(contract)[0]
    refused("neighbour", lambda: mark(subscription, date, "neighbour", neighbour=dave))
    refused("neighbour", lambda: mark(subscription, date, "neighbour", neighbour=alice))
    refused("neighbour", lambda: mark(subscription, date, "neighbour"))
    refused("association", lambda: mark(subscription, date, "association", association=" "))
    refused("association", lambda: mark(subscription, date, "association", association="x" * 121))
    refused("fate", lambda: mark(subscription, date, "lost"))
    assert not Absence.objects.exists()
    basket_kinds = [kinds.BASKET_GIVEN, kinds.BASKET_OFFERED, kinds.BASKET_TAKEN]
    assert not Notification.objects.filter(kind__in=basket_kinds).exists()


def test_only_the_subscriber_marks(contract: Contract, alice, bob):
    subscription = subscribe(contract, alice, SMALL)
    with pytest.raises(PermissionDenied):
        absences.absence_mark(
            subscription=subscription, date=dates(contract)[0], actor=bob, fate="offered"
        )


def test_an_absence_is_cancelled_before_the_deadline_not_after(
    contract: Contract, alice, monkeypatch
):
    subscription = subscribe(contract, alice, SMALL)
    first, second = dates(contract)[:2]
    kept = mark(subscription, first)
    gone = mark(subscription, second)
    absences.absence_cancel(absence=gone, actor=alice)
    after_deadline(first, monkeypatch)
    refused("late", lambda: absences.absence_cancel(absence=kept, actor=alice))
    assert list(Absence.objects.values_list("pk", flat=True)) == [kept.pk]


def test_an_offered_basket_goes_to_the_first_who_asks(contract: Contract, alice, bob, carol):
    subscription = subscribe(contract, alice, LARGE)
    absence = mark(subscription, dates(contract)[0])
    absences.basket_take(absence=absence, actor=bob)
    absence.refresh_from_db()
    assert absence.taken_by == bob
    refused("taken", lambda: absences.basket_take(absence=absence, actor=carol))
    absence.refresh_from_db()
    assert absence.taken_by == bob
    told = Notification.objects.get(kind=kinds.BASKET_TAKEN)
    assert (told.user, told.actor) == (alice, bob)
    refused("taken", lambda: absences.absence_cancel(absence=absence, actor=alice))


def test_the_subscriber_cannot_take_their_own_basket_nor_an_outsider_any(
    contract: Contract, alice, dave
):
    subscription = subscribe(contract, alice, LARGE)
    absence = mark(subscription, dates(contract)[0])
    refused("own", lambda: absences.basket_take(absence=absence, actor=alice))
    with pytest.raises(PermissionDenied):
        absences.basket_take(absence=absence, actor=dave)
    given = mark(subscription, dates(contract)[1], "association", association="Restos")
    member = UserFactory.create()
    MembershipFactory.create(quartier=contract.producer.quartier, user=member)
    refused("not_offered", lambda: absences.basket_take(absence=given, actor=member))
    assert not Absence.objects.filter(taken_by__isnull=False).exists()


def test_a_relais_marking_and_taking_is_logged(contract: Contract, alice, bob, carol, quartier):
    subscription = subscribe(contract, alice, SMALL)
    with acting.acting_for(acting.Acting(relais=carol, neighbour=alice, quartier=quartier)):
        absence = mark(subscription, dates(contract)[0])
    assert absence.recorded_by == carol
    with acting.acting_for(acting.Acting(relais=carol, neighbour=bob, quartier=quartier)):
        absences.basket_take(absence=absence, actor=bob)
    logged = list(
        ProxyAction.objects.order_by("pk").values_list("relais_id", "neighbour_id", "verb")
    )
    assert logged == [
        (carol.pk, alice.pk, ProxyAction.Verb.ABSENCE_MARKED),
        (carol.pk, bob.pk, ProxyAction.Verb.BASKET_TAKEN),
    ]


def test_a_member_marking_alone_logs_nothing(contract: Contract, alice):
    mark(subscribe(contract, alice, SMALL), dates(contract)[0])
    assert not ProxyAction.objects.exists()


def test_a_dates_deadline_is_read_from_its_distribution_moved_a_day_later(contract: Contract):
    date = dates(contract)[0]
    assert date.cycle is not None
    date.cycle.distribution_date += datetime.timedelta(days=1)
    date.cycle.save(update_fields=["distribution_date"])
    assert baskets.starts_at(date) == date.cycle.distribution_starts_at
    assert baskets.deadline(date) == date.cycle.distribution_starts_at - datetime.timedelta(
        hours=contract.absence_deadline_hours
    )


def test_one_getter_finds_an_absence_for_its_subscriber_or_an_offered_basket_for_a_neighbour(
    contract: Contract, alice, bob, dave
):
    subscription = subscribe(contract, alice, SMALL)
    given = mark(subscription, dates(contract)[0], "neighbour", neighbour=bob)
    offered = mark(subscription, dates(contract)[1])
    find = baskets.get_absence_for_member
    assert find(user=alice, absence_id=given.pk) == given
    assert find(user=bob, absence_id=offered.pk, offered=True) == offered
    for user, absence, only_offered in (
        (bob, offered, False),  # not his subscription
        (bob, given, True),  # given to him, not offered
        (dave, offered, True),  # not of the quartier
    ):
        with pytest.raises(Http404):
            find(user=user, absence_id=absence.pk, offered=only_offered)


def test_the_neighbour_given_a_basket_is_told_when_the_absence_is_cancelled(
    contract: Contract, alice, bob, carol
):
    subscription = subscribe(contract, alice, LARGE)
    given = mark(subscription, dates(contract)[0], "neighbour", neighbour=bob)
    offered = mark(subscription, dates(contract)[1])
    absences.absence_cancel(absence=given, actor=alice)
    absences.absence_cancel(absence=offered, actor=alice)
    told = Notification.objects.get(kind=kinds.BASKET_TAKEN_BACK)
    assert (told.user, told.actor) == (bob, alice) and LARGE in told.title
    assert not Absence.objects.exists()
