"""The objects' API as a client uses it: publish, search, borrow, give; refusals in words."""

from __future__ import annotations

import pytest

from exchanges.aid.models import Item, Loan
from tests.conftest import api_as
from tests.exchanges.aid.objects.helpers import cot, drill, in_days, loan

pytestmark = pytest.mark.django_db


def test_publish_search_and_borrow(quartier, alice, bob):
    owner, borrower = api_as(alice), api_as(bob)
    published = owner.post(
        f"/api/v1/quartiers/{quartier.slug}/objects/",
        {"mode": "lend", "title": "Scie sauteuse", "category": "tools", "max_days": 2},
        format="json",
    )
    assert published.status_code == 201, published.json()
    item_id = published.json()["id"]
    found = borrower.get(f"/api/v1/quartiers/{quartier.slug}/objects/", {"q": "SAUTÉUSE"})
    assert [row["id"] for row in found.json()] == [item_id]
    asked = borrower.post(
        f"/api/v1/objects/{item_id}/loans/",
        {"starts_on": in_days(1).isoformat(), "ends_on": in_days(2).isoformat()},
        format="json",
    )
    assert asked.status_code == 201
    loan_id = asked.json()["id"]
    for client, step, status in [
        (owner, "accept", "accepted"),
        (owner, "hand-over", "accepted"),
        (borrower, "hand-over", "handed_over"),
        (borrower, "return", "handed_over"),
        (owner, "return", "returned"),
    ]:
        answer = client.post(f"/api/v1/loans/{loan_id}/{step}/")
        assert answer.status_code == 200 and answer.json()["status"] == status
    paused = owner.post(f"/api/v1/objects/{item_id}/pause/", {"paused": True}, format="json")
    assert paused.json()["status"] == "paused"
    refused = borrower.post(
        f"/api/v1/objects/{item_id}/loans/",
        {"starts_on": in_days(1).isoformat(), "ends_on": in_days(1).isoformat()},
        format="json",
    )
    assert refused.status_code == 400 and "not available for now" in str(refused.json())
    mine = borrower.get("/api/v1/me/loans/").json()
    assert mine["borrowed"] == []  # returned: no longer in progress


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [(3, 2, "The period ends before it starts."), (1, 9, "3 days at most"), (-2, 1, "past")],
)
def test_a_bad_period_gets_a_400_in_words_and_stores_nothing(
    quartier, alice, bob, start, end, words
):
    item = drill(quartier, alice)
    answer = api_as(bob).post(
        f"/api/v1/objects/{item.pk}/loans/",
        {"starts_on": in_days(start).isoformat(), "ends_on": in_days(end).isoformat()},
        format="json",
    )
    assert answer.status_code == 400
    assert words in str(answer.json())
    assert not Loan.objects.exists()


def test_lending_without_a_longest_loan_is_refused(quartier, alice):
    answer = api_as(alice).post(
        f"/api/v1/quartiers/{quartier.slug}/objects/",
        {"mode": "lend", "title": "Scie", "category": "tools", "unknown": 1},
        format="json",
    )
    assert answer.status_code == 400
    assert not Item.objects.exists()


def test_gift_through_the_api(quartier, alice, bob):
    item = cot(quartier, alice, give_rule="giver_chooses")
    asked = api_as(bob).post(f"/api/v1/objects/{item.pk}/gifts/", {}, format="json")
    assert asked.status_code == 201 and asked.json()["status"] == "asked"
    gift_id = asked.json()["id"]
    assert api_as(alice).post(f"/api/v1/gifts/{gift_id}/reserve/").json()["status"] == "reserved"
    assert api_as(bob).post(f"/api/v1/gifts/{gift_id}/collect/").json()["status"] == "collected"
    refused = api_as(bob).post(f"/api/v1/gifts/{gift_id}/cancel/")
    assert refused.status_code == 400 and "can no longer be cancelled" in str(refused.json())


def test_the_inventory_endpoint_in_a_fixed_number_of_queries(
    quartier, alice, bob, django_assert_num_queries
):
    client = api_as(bob)
    url = f"/api/v1/quartiers/{quartier.slug}/objects/"
    search = {"q": "outil", "available_on": in_days(1).isoformat()}
    drill(quartier, alice, title="Outil")
    client.get(url, search)
    # The quartier with the membership, and the inventory itself with the owners.
    with django_assert_num_queries(2):
        client.get(url, search)
    for n in range(10):
        loan(drill(quartier, alice, title=f"Outil {n}"), bob)
    with django_assert_num_queries(2):
        assert len(client.get(url, search).json()) == 11
