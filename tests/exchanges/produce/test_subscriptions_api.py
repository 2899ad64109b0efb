"""Subscriptions through the API: a member subscribes (even instalments or their own plan),
reads and leaves their own; coordinators list all, end one, record instalments; outsiders 404."""

from __future__ import annotations

import pytest

from exchanges.produce.models import Contract, Instalment, Subscription
from tests.conftest import api_as
from tests.exchanges.produce.contracts import HALF, SMALL, size

pytestmark = pytest.mark.django_db


def post(user, contract: Contract, **body):
    payload = {"size": size(contract, SMALL).pk, "accepted_terms": True} | body
    return api_as(user).post(
        f"/api/v1/contracts/{contract.pk}/subscriptions/", payload, format="json"
    )


def test_a_member_subscribes_in_three_instalments(contract: Contract, alice):
    answer = post(alice, contract, instalments=3, method="transfer")
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["status"] == "active" and body["total_cents"] == 10800
    assert [i["amount_cents"] for i in body["instalments"]] == [3600, 3600, 3600]
    assert {i["method"] for i in body["instalments"]} == {"transfer"}


def test_own_plan_must_add_up_nothing_stored(contract: Contract, alice):
    month = contract.starts_on.replace(day=1).isoformat()
    plan = [{"due_month": month, "amount_cents": 5000}, {"due_month": month, "amount_cents": 5000}]
    answer = api_as(alice, language="fr").post(
        f"/api/v1/contracts/{contract.pk}/subscriptions/",
        {"size": size(contract, SMALL).pk, "accepted_terms": True, "plan": plan},
        format="json",
    )
    assert answer.status_code == 400
    assert "échéances" in str(answer.json())
    assert not Subscription.objects.exists() and not Instalment.objects.exists()
    plan[0]["amount_cents"] = 5800
    assert post(alice, contract, plan=plan).status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        {"accepted_terms": False},
        {"instalments": 13},
        {"instalments": 0},
        {"shares": 0},
        {"size": 999999},
        {"colour": "blue"},
        {"starts_on": "2099-01-01"},
    ],
)
def test_bad_input_is_a_400_and_nothing_is_stored(contract: Contract, alice, body):
    answer = post(alice, contract, **body)
    assert answer.status_code == 400, answer.json()
    assert not Subscription.objects.exists()


def test_lists_and_the_waiting_list(
    contract: Contract, carol, alice, bob, django_assert_max_num_queries
):
    Contract.objects.filter(pk=contract.pk).update(capacity=1)
    post(alice, contract)
    waiting = post(bob, contract, size=size(contract, HALF).pk).json()
    assert waiting["status"] == "waiting" and waiting["waiting_position"] == 1
    url = f"/api/v1/contracts/{contract.pk}/subscriptions/"
    client = api_as(carol)
    with django_assert_max_num_queries(10):
        rows = client.get(url).json()
    assert [row["member"]["display_name"] for row in rows] == ["Alice", "Bob"]
    assert [row["display_name"] for row in [r["member"] for r in api_as(bob).get(url).json()]] == [
        "Bob"
    ]
    first = Subscription.objects.get(member=alice)
    assert api_as(alice).delete(f"/api/v1/subscriptions/{first.pk}/").status_code == 400
    assert client.delete(f"/api/v1/subscriptions/{first.pk}/").status_code == 204
    moved = api_as(bob).get(f"/api/v1/subscriptions/{waiting['id']}/").json()
    assert moved["status"] == "active" and moved["waiting_position"] is None


def test_instalments_recorded_by_a_coordinator(contract: Contract, carol, alice):
    subscription = post(alice, contract, instalments=2).json()
    instalments = api_as(alice).get(f"/api/v1/subscriptions/{subscription['id']}/instalments/")
    first = instalments.json()[0]
    url = f"/api/v1/instalments/{first['id']}/"
    assert api_as(alice).patch(url, {"state": "cashed"}, format="json").status_code == 403
    # A cheque received needs its number.
    answer = api_as(carol).patch(url, {"state": "received"}, format="json")
    assert answer.status_code == 400 and "cheque_number" in answer.json()["errors"]
    answer = api_as(carol).patch(
        url,
        {"state": "handed", "cheque_number": "0098123", "bank": "La Banque Postale"},
        format="json",
    )
    assert answer.status_code == 200 and answer.json()["state"] == "handed"
    back = api_as(carol).patch(url, {"state": "received"}, format="json")
    assert back.status_code == 400
    assert api_as(carol).patch(url, {"bank": "Autre"}, format="json").status_code == 400
    assert api_as(carol).patch(url, {"amount_cents": 1}, format="json").status_code == 400
    assert Instalment.objects.get(pk=first["id"]).bank == "La Banque Postale"


def test_outsiders_get_404(contract: Contract, alice, bob, dave):
    subscription = post(alice, contract).json()
    instalment = subscription["instalments"][0]["id"]
    for outsider in (dave, bob):
        client = api_as(outsider)
        assert client.get(f"/api/v1/subscriptions/{subscription['id']}/").status_code == 404
        assert client.delete(f"/api/v1/subscriptions/{subscription['id']}/").status_code == 404
        assert (
            client.get(f"/api/v1/subscriptions/{subscription['id']}/instalments/").status_code
            == 404
        )
        answer = client.patch(
            f"/api/v1/instalments/{instalment}/", {"state": "cashed"}, format="json"
        )
        assert answer.status_code == 404
    client = api_as(dave)
    assert client.get(f"/api/v1/contracts/{contract.pk}/subscriptions/").status_code == 404
    assert post(dave, contract).status_code == 404
    assert Subscription.objects.count() == 1
