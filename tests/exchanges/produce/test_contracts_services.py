"""A coordinator's contract: made from the distribution days, with its dates off, reusing the
quartier's cycle of a day and copying the roles of its last distribution; bad input refused in
words with nothing stored; fixed dates and sizes once someone has subscribed; distribution days
and the membership fee."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from exchanges.produce import services, tasks
from exchanges.produce.models import (
    Contract,
    ContractDate,
    CycleProduct,
    DistributionDay,
    FeePayment,
    MembershipFee,
    OrderCycle,
    ShareSize,
    VolunteerRole,
)
from exchanges.produce.services.contracts import (
    Size,
    contract_date_set_off,
    contract_update,
)
from exchanges.produce.services.distribution_days import (
    distribution_day_remove,
    distribution_day_set,
)
from exchanges.produce.services.membership import fee_payment_record, membership_fee_set
from neighbourhood.feed.models import FeedEntry
from tests.exchanges.produce.conftest import at
from tests.exchanges.produce.contracts import LARGE, SMALL, first_weekday, size
from tests.factories import contract_fields, cycle_fields

pytestmark = pytest.mark.django_db


def create(farm, carol, *, sizes=None, dates_off=(), **overrides):
    return services.contract_create(
        producer=farm,
        actor=carol,
        sizes=sizes if sizes is not None else [Size(SMALL, 1200), Size(LARGE, 2000)],
        dates_off=dates_off,
        **contract_fields(**overrides),
    )


def refusal(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def nothing_stored() -> None:
    assert not Contract.objects.exists()
    assert not ShareSize.objects.exists()
    assert not ContractDate.objects.exists()


def test_its_dates_are_the_thursdays_of_the_season_less_the_dates_off(farm, carol, thursdays):
    fields = contract_fields()
    first = first_weekday(fields["starts_on"], 3)
    contract = create(farm, carol, dates_off=[first + datetime.timedelta(weeks=2)])
    dates = list(contract.dates.order_by("date"))
    assert [d.date for d in dates] == [first + datetime.timedelta(weeks=n) for n in range(10)]
    assert [d.off for d in dates] == [False, False, True] + [False] * 7
    assert all(d.cycle.distribution_date == d.date for d in dates if not d.off)
    assert dates[0].cycle.place == thursdays.place


def test_it_reuses_the_quartiers_cycle_of_that_day(farm, carol, thursdays, quartier, eggs):
    first = first_weekday(contract_fields()["starts_on"], 3)
    cycle = services.cycle_create(
        quartier=quartier,
        actor=carol,
        offers=[services.Offer(eggs)],
        roles=[("Tenir la caisse", 3)],
        **cycle_fields(distribution_date=first),
    )
    contract = create(farm, carol)
    assert contract.dates.get(date=first).cycle == cycle
    # The other distributions take the roles of the last one.
    second = contract.dates.get(date=first + datetime.timedelta(weeks=1)).cycle
    assert list(VolunteerRole.objects.filter(cycle=second).values_list("name", "places")) == [
        ("Tenir la caisse", 3)
    ]
    assert OrderCycle.objects.filter(distribution_date=first).count() == 1


@pytest.mark.parametrize(
    ("overrides", "sizes", "field", "words"),
    [
        ({}, [], "sizes", "Give at least one share size and its price."),
        ({}, [Size("Panier", 1200), Size(" panier ", 900)], "sizes", "a name of its own"),
        ({}, [Size("Panier", 0)], "sizes", "has a price per distribution"),
        (
            {"ends_on": datetime.date.today()},
            [Size("Panier", 1200)],
            "ends_on",
            "The season ends after it starts.",
        ),
    ],
)
def test_bad_input_is_refused_in_words_with_nothing_stored(
    farm, carol, thursdays, overrides, sizes, field, words
):
    with pytest.raises(ValidationError) as error:
        create(farm, carol, sizes=sizes, **overrides)
    assert any(words in text for text in refusal(error)[field])
    nothing_stored()


def test_without_distribution_days_it_says_to_set_them_first(farm, carol):
    with pytest.raises(ValidationError) as error:
        create(farm, carol)
    assert "distribution days first" in error.value.messages[0]
    nothing_stored()


def test_the_referent_is_a_member_of_the_quartier(farm, carol, thursdays, dave):
    with pytest.raises(ValidationError) as error:
        create(farm, carol, referent=dave)
    assert refusal(error)["referent"] == ["The referent is a member of the quartier."]
    nothing_stored()


def test_a_date_off_outside_the_season_is_refused(farm, carol, thursdays):
    with pytest.raises(ValidationError) as error:
        create(farm, carol, dates_off=[datetime.date(2001, 1, 4)])
    assert "dates_off" in refusal(error)
    nothing_stored()


def test_a_member_cannot_create_one(farm, alice, thursdays):
    with pytest.raises(PermissionDenied):
        create(farm, alice)
    nothing_stored()


def subscribe(contract, member):
    return services.subscription_create(
        contract=contract,
        member=member,
        actor=member,
        size=size(contract, SMALL),
        accepted_terms=True,
    )


def test_before_anyone_subscribes_everything_changes(contract, carol):
    first = contract.dates.order_by("date").first()
    contract_update(
        contract=contract,
        actor=carol,
        sizes=[Size("Panier unique", 1500)],
        ends_on=contract.starts_on + datetime.timedelta(days=20),
        dates_off=[first.date],
    )
    assert list(contract.sizes.values_list("name", "price_cents")) == [("Panier unique", 1500)]
    assert [d.off for d in contract.dates.order_by("date")] == [True, False, False]


def test_a_shorter_season_keeps_the_dates_off_still_in_it(contract, carol):
    off = contract.dates.get(off=True).date
    contract_update(contract=contract, actor=carol, ends_on=off + datetime.timedelta(days=1))
    assert contract.dates.filter(off=True).get().date == off
    contract_update(contract=contract, actor=carol, ends_on=off - datetime.timedelta(days=1))
    assert not contract.dates.filter(off=True).exists() and contract.dates.count() == 4


def test_once_subscribed_the_dates_and_prices_are_fixed_in_words(contract, carol, alice):
    subscribe(contract, alice)
    with pytest.raises(ValidationError) as error:
        contract_update(contract=contract, actor=carol, sizes=[Size(SMALL, 1300)])
    assert refusal(error)["sizes"] == [
        "Members have subscribed: the season's dates and the share sizes with their prices "
        "are fixed."
    ]
    with pytest.raises(ValidationError) as error:
        contract_update(
            contract=contract, actor=carol, ends_on=contract.ends_on + datetime.timedelta(days=7)
        )
    assert "ends_on" in refusal(error)
    date = contract.dates.filter(off=False).first()
    with pytest.raises(ValidationError, match="fixed"):
        contract_date_set_off(date=date, actor=carol, off=True)
    contract.refresh_from_db()
    assert (
        size(contract, SMALL).price_cents == 1200 and contract.dates.filter(off=True).count() == 1
    )
    # What does not change the money changes still.
    contract_update(contract=contract, actor=carol, title="Légumes d'été", capacity=30, jokers=3)
    contract.refresh_from_db()
    assert (contract.title, contract.capacity, contract.jokers) == ("Légumes d'été", 30, 3)


def test_the_capacity_never_goes_below_the_shares_taken(contract, carol, alice, bob):
    subscribe(contract, alice)
    subscribe(contract, bob)
    with pytest.raises(ValidationError) as error:
        contract_update(contract=contract, actor=carol, capacity=1)
    assert refusal(error)["capacity"] == ["2 shares are taken: the capacity cannot be lower."]
    contract.refresh_from_db()
    assert contract.capacity == 20


def test_a_date_off_comes_back_on_as_the_distribution_of_that_day(contract, carol):
    off = contract.dates.get(off=True)
    contract_date_set_off(date=off, actor=carol, off=False)
    off.refresh_from_db()
    assert not off.off and off.cycle.distribution_date == off.date
    contract_date_set_off(date=off, actor=carol, off=True)
    off.refresh_from_db()
    assert off.off and off.cycle is None


def test_a_member_cannot_change_a_contract(contract, alice):
    with pytest.raises(PermissionDenied):
        contract_update(contract=contract, actor=alice, title="À moi")


def test_distribution_days_are_set_changed_and_removed(quartier, carol, alice):
    day = distribution_day_set(
        quartier=quartier,
        actor=carol,
        weekday=1,
        starts_at=datetime.time(18),
        ends_at=datetime.time(19),
        place="  Halle   Martinière ",
    )
    assert day.place == "Halle Martinière"
    with pytest.raises(ValidationError) as error:
        distribution_day_set(
            quartier=quartier,
            actor=carol,
            weekday=1,
            starts_at=datetime.time(18),
            ends_at=datetime.time(17),
            place="Halle",
        )
    assert "ends_at" in refusal(error) and DistributionDay.objects.count() == 1
    with pytest.raises(ValidationError) as error:
        distribution_day_set(
            quartier=quartier,
            actor=carol,
            weekday=1,
            starts_at=datetime.time(9),
            ends_at=datetime.time(10),
            place="Halle",
        )
    assert refusal(error)["weekday"] == ["The quartier already has a distribution on that day."]
    with pytest.raises(PermissionDenied):
        distribution_day_remove(day=day, actor=alice)
    distribution_day_remove(day=day, actor=carol)
    assert not DistributionDay.objects.exists()


def test_the_fee_is_set_and_a_payment_recorded_lets_the_member_subscribe(
    contract, quartier, carol, alice
):
    fee = membership_fee_set(
        quartier=quartier, actor=carol, year=contract.starts_on.year, amount_cents=1500
    )
    with pytest.raises(ValidationError, match="membership"):
        subscribe(contract, alice)
    payment = fee_payment_record(
        fee=fee, member=alice, actor=carol, method="cheque", cheque_number="1234567", bank="CCF"
    )
    assert (payment.amount_cents, payment.state) == (1500, "to_receive")
    fee_payment_record(fee=fee, member=alice, actor=carol, method="cheque", state="received")
    assert FeePayment.objects.get().state == "received"
    assert subscribe(contract, alice).status == "active"


def test_a_fee_payment_refuses_an_outsider_and_a_cheque_number_for_cash(
    quartier, carol, dave, alice
):
    fee = membership_fee_set(quartier=quartier, actor=carol, year=2026, amount_cents=1000)
    with pytest.raises(ValidationError) as error:
        fee_payment_record(fee=fee, member=dave, actor=carol, method="cheque")
    assert "member" in refusal(error)
    with pytest.raises(ValidationError) as error:
        fee_payment_record(fee=fee, member=alice, actor=carol, method="cash", cheque_number="12")
    assert "cheque_number" in refusal(error)
    with pytest.raises(PermissionDenied):
        membership_fee_set(quartier=quartier, actor=alice, year=2026, amount_cents=0)
    assert not FeePayment.objects.exists() and MembershipFee.objects.get().amount_cents == 1000


def test_a_fee_payment_refuses_a_cheque_number_or_bank_too_long_rather_than_cutting_it(
    quartier, carol, alice
):
    fee = membership_fee_set(quartier=quartier, actor=carol, year=2026, amount_cents=1000)
    with pytest.raises(ValidationError) as error:
        fee_payment_record(
            fee=fee, member=alice, actor=carol, method="cheque", cheque_number="1" * 31
        )
    assert refusal(error) == {"cheque_number": ["This is too long."]}
    with pytest.raises(ValidationError) as error:
        fee_payment_record(fee=fee, member=alice, actor=carol, method="cheque", bank="B" * 61)
    assert refusal(error) == {"bank": ["This is too long."]}
    assert not FeePayment.objects.exists()
    payment = fee_payment_record(
        fee=fee, member=alice, actor=carol, method="cheque", cheque_number="1" * 30, bank="B" * 60
    )
    assert (payment.cheque_number, payment.bank) == ("1" * 30, "B" * 60)


def test_a_size_renamed_in_capitals_only_is_renamed(contract, carol, alice):
    half = Size("Demi-part", 1200, every=2)
    contract_update(
        contract=contract, actor=carol, sizes=[Size(SMALL, 1200), Size("GRAND", 2000), half]
    )
    assert set(contract.sizes.values_list("name", flat=True)) == {SMALL, "GRAND", "Demi-part"}
    subscribe(contract, alice)
    with pytest.raises(ValidationError) as error:
        contract_update(
            contract=contract, actor=carol, sizes=[Size(SMALL, 1200), Size("Grand", 2000), half]
        )
    assert "sizes" in refusal(error)
    assert "GRAND" in set(contract.sizes.values_list("name", flat=True))


def distributions(contract):
    return list(
        OrderCycle.objects.filter(contract_dates__contract=contract).order_by("distribution_date")
    )


def test_a_new_absence_deadline_moves_the_close_of_its_distributions_with_nothing_on_offer(
    contract, carol, eggs
):
    first, second, *rest = distributions(contract)
    assert first.closes_at == first.distribution_starts_at - datetime.timedelta(hours=48)
    CycleProduct.objects.create(cycle=second, product=eggs)  # filled by a coordinator
    closes_before = second.closes_at
    contract_update(contract=contract, actor=carol, absence_deadline_hours=24)
    for cycle in [first, *rest]:
        cycle.refresh_from_db()
        assert cycle.closes_at == cycle.distribution_starts_at - datetime.timedelta(hours=24)
        assert cycle.opens_at < cycle.closes_at
    second.refresh_from_db()
    assert second.closes_at == closes_before
    contract_update(contract=contract, actor=carol, absence_deadline_hours=24 * 10)
    first.refresh_from_db()
    assert first.closes_at == first.distribution_starts_at - datetime.timedelta(days=10)
    assert first.opens_at < first.closes_at


def test_signing_moved_into_the_future_is_announced_again_when_it_opens(
    contract, carol, alice, monkeypatch
):
    assert tasks.produce_tick.delay().get()["signing"] == 1
    contract.refresh_from_db()
    assert contract.signing_announced_at is not None
    later = timezone.now() + datetime.timedelta(days=2)
    contract_update(contract=contract, actor=carol, signing_opens_at=later)
    contract.refresh_from_db()
    assert contract.signing_announced_at is None
    assert not FeedEntry.objects.get(kind="contract").is_visible
    assert tasks.produce_tick.delay().get()["signing"] == 0
    at(later + datetime.timedelta(minutes=1), monkeypatch)
    assert tasks.produce_tick.delay().get()["signing"] == 1
    assert FeedEntry.objects.get(kind="contract").is_visible


def test_signing_opened_earlier_stays_announced(contract, carol):
    tasks.produce_tick.delay().get()
    contract.refresh_from_db()
    announced = contract.signing_announced_at
    earlier = contract.signing_opens_at - datetime.timedelta(days=1)
    contract_update(contract=contract, actor=carol, signing_opens_at=earlier)
    contract.refresh_from_db()
    assert contract.signing_announced_at == announced
