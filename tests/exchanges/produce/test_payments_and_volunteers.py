"""Payments kept by hand, what is still owed per producer, and volunteers."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exchanges.produce import reports, services
from exchanges.produce.models import Payment, Volunteer
from tests.exchanges.produce.conftest import offer_id

pytestmark = pytest.mark.django_db


def owed(cycle) -> dict[str, tuple[int, int]]:
    return {
        entry.producer.farm_name: (entry.ordered_cents, entry.owed_cents)
        for entry in reports.owed_per_producer(reports.load(cycle))
    }


def test_payments_say_what_is_still_owed_per_producer(cycle, alice, bob, carol, eggs, basket, farm):
    alice_order = services.order_place(
        cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 2, offer_id(cycle, basket): 1}
    ).order
    services.order_place(cycle=cycle, member=bob, quantities={offer_id(cycle, basket): 1})
    assert owed(cycle) == {"Ferme des Monts d'Or": (3700, 3700)}
    assert alice_order is not None
    services.payment_record(
        order=alice_order,
        producer=farm,
        actor=carol,
        method="cheque",
        cheque_number="0012345",
        amount_cents=2200,
        status="received",
    )
    assert owed(cycle) == {"Ferme des Monts d'Or": (3700, 1500)}
    services.payment_record(
        order=alice_order,
        producer=farm,
        actor=carol,
        method="cheque",
        cheque_number="0012345",
        amount_cents=2200,
        status="handed",
    )
    assert Payment.objects.get().status == "handed"
    assert owed(cycle) == {"Ferme des Monts d'Or": (3700, 1500)}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"method": "bitcoin"}, "method"),
        ({"status": "lost"}, "status"),
        ({"cheque_number": ""}, "cheque_number"),
        ({"amount_cents": -1}, "amount_cents"),
    ],
)
def test_it_refuses_a_bad_payment_and_stores_nothing(
    cycle, alice, carol, eggs, farm, fields, field
):
    order = services.order_place(
        cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 1}
    ).order
    assert order is not None
    values = {"method": "cheque", "status": "received", "amount_cents": 350, "cheque_number": "1"}
    with pytest.raises(ValidationError) as refused:
        services.payment_record(order=order, producer=farm, actor=carol, **(values | fields))
    assert field in refused.value.message_dict
    assert not Payment.objects.exists()


def test_only_coordinators_record_payments(cycle, alice, eggs, farm):
    order = services.order_place(
        cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 1}
    ).order
    assert order is not None
    with pytest.raises(PermissionDenied):
        services.payment_record(
            order=order,
            producer=farm,
            actor=alice,
            method="cash",
            status="received",
            amount_cents=350,
        )


def test_volunteers_sign_up_until_the_role_is_filled_and_can_withdraw(
    cycle, alice, bob, carol, dave
):
    role = cycle.roles.get()
    services.volunteer_sign_up(role=role, member=alice)
    with pytest.raises(ValidationError):
        services.volunteer_sign_up(role=role, member=alice)
    services.volunteer_sign_up(role=role, member=bob)
    with pytest.raises(ValidationError) as full:
        services.volunteer_sign_up(role=role, member=carol)
    assert "all the people it needs" in str(full.value)
    with pytest.raises(PermissionDenied):
        services.volunteer_sign_up(role=role, member=dave)
    services.volunteer_withdraw(role=role, member=alice)
    services.volunteer_sign_up(role=role, member=carol)
    assert sorted(Volunteer.objects.values_list("member__display_name", flat=True)) == [
        "Bob",
        "Carol",
    ]
    assert reports.volunteers_by_role(reports.load(cycle)) == {
        "Responsable de distribution": [bob, carol]
    } or sorted(
        u.display_name
        for u in reports.volunteers_by_role(reports.load(cycle))["Responsable de distribution"]
    ) == ["Bob", "Carol"]


def test_lists_are_in_the_order_a_reader_expects_accents_included():
    from exchanges.produce.reports import alphabetical

    names = ["Zoé", "Élodie", "Œufs", "ail", "Bernard"]
    assert sorted(names, key=alphabetical) == ["ail", "Bernard", "Élodie", "Œufs", "Zoé"]
