"""Who may see and do what: dave, a member of no quartier of theirs, gets a 404 on every page,
endpoint and action about objects, loans and gifts, and cannot reach their conversations; a
member who may see but not do gets a 403; nothing is changed by a refused request."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from exchanges.aid.models import Gift, Item, Loan
from exchanges.aid.services import objects as services
from tests.conftest import api_as
from tests.exchanges.aid.objects.helpers import cot, drill, in_days, loan
from tests.factories import MembershipFactory, QuartierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def things(quartier, alice, bob):
    lent = drill(quartier, alice)
    asked = loan(lent, bob)
    given = cot(quartier, alice)
    gift = services.gift_ask(item=given, taker=bob)
    return {"item": lent, "loan": asked, "gift_item": given, "gift": gift, "slug": quartier.slug}


@pytest.fixture
def dave_elsewhere(dave):
    """dave belongs to a quartier of his own: membership elsewhere opens nothing here."""
    MembershipFactory.create(quartier=QuartierFactory.create(), user=dave)
    return dave


def pages(t) -> list[tuple[str, str, dict]]:
    item, lent_loan, gift = t["item"].pk, t["loan"].pk, t["gift"].pk
    date = {"starts_on": in_days(5).isoformat(), "ends_on": in_days(5).isoformat()}
    return [
        ("get", reverse("aid:inventory", args=[t["slug"]]), {}),
        ("get", reverse("aid:item_publish", args=[t["slug"]]), {}),
        ("post", reverse("aid:item_publish", args=[t["slug"]]), {"mode": "give", "title": "x"}),
        ("get", reverse("aid:item", args=[item]), {}),
        ("get", reverse("aid:item_edit", args=[item]), {}),
        ("post", reverse("aid:item_edit", args=[item]), {"title": "x"}),
        ("post", reverse("aid:item_pause", args=[item]), {}),
        ("post", reverse("aid:item_withdraw", args=[item]), {}),
        ("post", reverse("aid:loan_ask", args=[item]), date),
        ("post", reverse("aid:gift_ask", args=[t["gift_item"].pk]), {}),
        *[
            ("post", reverse("aid:loan_action", args=[lent_loan, action]), {})
            for action in ("accept", "decline", "cancel", "hand-over", "return")
        ],
        *[
            ("post", reverse("aid:gift_action", args=[gift, action]), {})
            for action in ("reserve", "collect", "cancel")
        ],
        ("get", reverse("messaging:conversation", args=[t["loan"].conversation_id]), {}),
        ("get", reverse("messaging:conversation", args=[t["gift"].conversation_id]), {}),
    ]


def endpoints(t) -> list[tuple[str, str, dict]]:
    item, lent_loan, gift = t["item"].pk, t["loan"].pk, t["gift"].pk
    api = "/api/v1"
    date = {"starts_on": in_days(5).isoformat(), "ends_on": in_days(5).isoformat()}
    return [
        ("get", f"{api}/quartiers/{t['slug']}/objects/", {}),
        (
            "post",
            f"{api}/quartiers/{t['slug']}/objects/",
            {"mode": "give", "title": "x", "category": "tools"},
        ),
        ("get", f"{api}/objects/{item}/", {}),
        ("patch", f"{api}/objects/{item}/", {"title": "x"}),
        ("post", f"{api}/objects/{item}/pause/", {}),
        ("post", f"{api}/objects/{item}/withdraw/", {}),
        ("get", f"{api}/objects/{item}/loans/", {}),
        ("post", f"{api}/objects/{item}/loans/", date),
        ("get", f"{api}/objects/{t['gift_item'].pk}/gifts/", {}),
        ("post", f"{api}/objects/{t['gift_item'].pk}/gifts/", {}),
        ("get", f"{api}/loans/{lent_loan}/", {}),
        *[
            ("post", f"{api}/loans/{lent_loan}/{action}/", {})
            for action in ("accept", "decline", "cancel", "hand-over", "return")
        ],
        ("get", f"{api}/gifts/{gift}/", {}),
        *[
            ("post", f"{api}/gifts/{gift}/{action}/", {})
            for action in ("reserve", "collect", "cancel")
        ],
        ("get", f"{api}/conversations/{t['loan'].conversation_id}/messages/", {}),
        ("post", f"{api}/conversations/{t['loan'].conversation_id}/messages/", {"body": "Coucou"}),
    ]


def snapshot() -> tuple:
    return (
        list(Item.objects.order_by("pk").values_list("pk", "title", "status")),
        list(Loan.objects.order_by("pk").values_list("pk", "status")),
        list(Gift.objects.order_by("pk").values_list("pk", "status")),
    )


def test_dave_gets_404_on_every_page_and_action(things, dave_elsewhere):
    client = Client()
    client.force_login(dave_elsewhere)
    before = snapshot()
    for method, url, data in pages(things):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url, response.status_code)
    assert snapshot() == before


def test_dave_gets_404_on_every_endpoint(things, dave_elsewhere):
    client = api_as(dave_elsewhere)
    before = snapshot()
    for method, url, data in endpoints(things):
        response = getattr(client, method)(url, data, format="json")
        assert response.status_code == 404, (method, url, response.status_code)
    assert snapshot() == before


def test_a_member_who_is_not_a_party_gets_404_on_loans_and_gifts_and_403_on_the_owner_s_pages(
    things, carol
):
    client = Client()
    client.force_login(carol)
    assert client.get(things["item"].get_absolute_url()).status_code == 200
    assert client.get(reverse("aid:item_edit", args=[things["item"].pk])).status_code == 403
    assert client.post(reverse("aid:item_withdraw", args=[things["item"].pk])).status_code == 403
    assert (
        client.post(reverse("aid:loan_action", args=[things["loan"].pk, "accept"])).status_code
        == 404
    )
    assert (
        api_as(carol).patch(f"/api/v1/objects/{things['item'].pk}/", {"title": "x"}).status_code
        == 403
    )
    assert api_as(carol).get(f"/api/v1/gifts/{things['gift'].pk}/").status_code == 404
    assert Item.objects.get(pk=things["item"].pk).status == "available"


def test_the_borrower_cannot_answer_for_the_owner(things, bob):
    response = api_as(bob).post(f"/api/v1/loans/{things['loan'].pk}/accept/")
    assert response.status_code == 403
    assert Loan.objects.get(pk=things["loan"].pk).status == "asked"


def test_an_unknown_action_is_not_found(things, alice):
    client = Client()
    client.force_login(alice)
    assert (
        client.post(reverse("aid:loan_action", args=[things["loan"].pk, "steal"])).status_code
        == 404
    )
