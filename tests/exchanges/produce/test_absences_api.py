"""The API of absences: a subscription's dates and marking one, cancelling, the baskets
offered and taking one; 404 to outsiders, bad input 400 in words with nothing stored, queries
that do not grow."""

from __future__ import annotations

import pytest

from exchanges.produce.models import Absence, Contract
from exchanges.produce.services import absences
from tests.conftest import api_as
from tests.exchanges.produce.baskets import after_deadline, dates, subscribe
from tests.exchanges.produce.contracts import HALF, LARGE, SMALL
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def world(contract: Contract, alice):
    subscription = subscribe(contract, alice, LARGE)
    every = dates(contract)
    offered = absences.absence_mark(
        subscription=subscription, date=every[1], actor=alice, fate="offered"
    )
    return {"subscription": subscription, "dates": every, "offered": offered}


def endpoints(world) -> list[tuple[str, str]]:
    subscription, offered = world["subscription"], world["offered"]
    return [
        ("get", f"/api/v1/subscriptions/{subscription.pk}/absences/"),
        ("post", f"/api/v1/subscriptions/{subscription.pk}/absences/"),
        ("delete", f"/api/v1/absences/{offered.pk}/"),
        ("get", "/api/v1/quartiers/croix-rousse/baskets/"),
        ("post", f"/api/v1/absences/{offered.pk}/take/"),
    ]


@pytest.mark.parametrize("index", range(5))
def test_an_outsider_gets_404_everywhere(world, dave, index):
    method, url = endpoints(world)[index]
    response = getattr(api_as(dave), method)(url, {"date": world["dates"][0].pk, "fate": "offered"})
    assert response.status_code == 404
    assert Absence.objects.count() == 1 and Absence.objects.get().taken_by is None


@pytest.mark.parametrize("index", range(3))
def test_another_member_gets_404_on_my_absences(world, bob, index):
    method, url = endpoints(world)[index]
    response = getattr(api_as(bob), method)(url, {"date": world["dates"][0].pk, "fate": "offered"})
    assert response.status_code == 404
    assert Absence.objects.count() == 1


def test_the_dates_with_their_absences(world, alice):
    data = api_as(alice).get(endpoints(world)[0][1]).json()
    assert len(data) == 9
    assert data[0]["absence"] is None
    assert data[1]["absence"]["fate"] == "offered" and data[1]["absence"]["joker"] is False
    assert data[1]["date_id"] == world["dates"][1].pk


def test_marking_a_basket_given_to_a_neighbour(world, alice, bob):
    date = world["dates"][0]
    response = api_as(alice).post(
        endpoints(world)[1][1], {"date": date.pk, "fate": "neighbour", "neighbour": bob.pk}
    )
    assert response.status_code == 201, response.json()
    assert response.json()["taken_by"]["display_name"] == "Bob"
    assert Absence.objects.get(date=date).taken_by == bob


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"fate": "neighbour"}, "neighbour"),
        ({"fate": "neighbour", "neighbour": 999999}, "neighbour"),
        ({"fate": "association", "association": " "}, "association"),
        ({"fate": "lost"}, "fate"),
        ({"fate": "offered", "date": 999999}, "date"),
        ({"fate": "offered", "date": "x"}, "date"),
        ({"fate": "association", "association": "x" * 121}, "association"),
    ],
)
def test_bad_input_is_refused_with_nothing_stored(world, alice, body, field):
    response = api_as(alice).post(endpoints(world)[1][1], {"date": world["dates"][0].pk, **body})
    assert response.status_code == 400
    assert field in str(response.json())
    assert Absence.objects.count() == 1


def test_a_neighbour_outside_the_quartier_is_refused(world, alice, dave):
    response = api_as(alice).post(
        endpoints(world)[1][1],
        {"date": world["dates"][0].pk, "fate": "neighbour", "neighbour": dave.pk},
    )
    assert response.status_code == 400
    assert "Choose a member of this quartier." in str(response.json())
    assert Absence.objects.count() == 1


def test_a_half_share_date_not_taken_is_refused(contract, carol):
    subscription = subscribe(contract, carol, HALF)
    response = api_as(carol).post(
        f"/api/v1/subscriptions/{subscription.pk}/absences/",
        {"date": dates(contract)[1].pk, "fate": "offered"},
    )
    assert response.status_code == 400
    assert not Absence.objects.exists()


def test_no_joker_left_is_said_in_french(contract, alice, monkeypatch):
    Contract.objects.filter(pk=contract.pk).update(jokers=0)
    subscription = subscribe(contract, alice, SMALL)
    date = dates(contract)[0]
    after_deadline(date, monkeypatch)
    response = api_as(alice, "fr").post(
        f"/api/v1/subscriptions/{subscription.pk}/absences/", {"date": date.pk, "fate": "offered"}
    )
    assert response.status_code == 400
    assert "joker" in str(response.json())
    assert not Absence.objects.exists()


def test_cancel_then_the_basket_is_gone(world, alice):
    response = api_as(alice).delete(endpoints(world)[2][1])
    assert response.status_code == 204
    assert not Absence.objects.exists()


def test_taking_an_offered_basket_first_come(world, alice, bob, carol):
    assert [row["id"] for row in api_as(bob).get(endpoints(world)[3][1]).json()] == [
        world["offered"].pk
    ]
    url = endpoints(world)[4][1]
    assert api_as(alice).post(url).status_code == 400  # her own
    taken = api_as(bob).post(url)
    assert taken.status_code == 200 and taken.json()["taken_by"]["display_name"] == "Bob"
    late = api_as(carol).post(url)
    assert late.status_code == 400
    assert "Someone has already taken this basket." in str(late.json())
    assert Absence.objects.get().taken_by == bob
    assert api_as(carol).get(endpoints(world)[3][1]).json() == []


@pytest.mark.parametrize("members", [1, 12])
def test_the_lists_do_not_grow_in_queries(
    contract, quartier, alice, members, django_assert_max_num_queries
):
    subscription = subscribe(contract, alice, SMALL)
    for n in range(members):
        member = UserFactory.create()
        MembershipFactory.create(quartier=quartier, user=member)
        other = subscribe(contract, member, SMALL)
        absences.absence_mark(
            subscription=other, date=dates(contract)[n % 9], actor=member, fate="offered"
        )
        if n < 9:
            absences.absence_mark(
                subscription=subscription, date=dates(contract)[n], actor=alice, fate="offered"
            )
    client = api_as(alice)
    with django_assert_max_num_queries(8):
        assert len(client.get(f"/api/v1/subscriptions/{subscription.pk}/absences/").json()) == 9
    with django_assert_max_num_queries(6):
        offered = client.get("/api/v1/quartiers/croix-rousse/baskets/").json()
    assert len(offered) == members + min(members, 9)
