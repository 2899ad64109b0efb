"""dave, the outsider, is refused everything a quartier keeps for its members.

Each members-only page and endpoint answers him 404, as if it did not exist; a member asking for a
coordinator's page gets 403, since the page is there for them to know about.
"""

import pytest
from django.test import Client

from neighbourhood.quartiers.models import JoinRequest, Membership, Quartier
from tests.conftest import api_as

pytestmark = pytest.mark.django_db

MEMBER_PAGES = ["members/", "leave/"]
COORDINATOR_PAGES = ["edit/", "requests/"]
MEMBER_ENDPOINTS = [("get", "members/"), ("post", "leave/")]
COORDINATOR_ENDPOINTS = [
    ("get", "join-requests/"),
    ("post", "join-requests/{request_id}/decision/"),
    ("patch", "members/{alice_id}/"),
    ("delete", "members/{alice_id}/"),
    ("patch", ""),
]


@pytest.fixture
def pending(quartier, carol):
    from tests.factories import UserFactory

    return JoinRequest.objects.create(quartier=quartier, user=UserFactory.create())


def page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("page", MEMBER_PAGES + COORDINATOR_PAGES)
def test_dave_gets_404_on_every_members_page(quartier, carol, dave, page):
    response = page_client(dave).get(f"/quartiers/{quartier.slug}/{page}")
    assert response.status_code == 404


@pytest.mark.parametrize("page", COORDINATOR_PAGES)
def test_a_member_gets_403_on_coordinator_pages(quartier, carol, alice, page):
    response = page_client(alice).get(f"/quartiers/{quartier.slug}/{page}")
    assert response.status_code == 403


def test_dave_cannot_act_on_members_through_the_page(quartier, carol, alice, dave):
    response = page_client(dave).post(
        f"/quartiers/{quartier.slug}/members/{alice.pk}/", {"action": "ban"}
    )
    assert response.status_code == 404
    assert Membership.objects.get(user=alice).status == "active"


def test_dave_cannot_decide_a_request_through_the_page(quartier, pending, dave):
    url = f"/quartiers/{quartier.slug}/requests/{pending.pk}/"
    response = page_client(dave).post(url, {"decision": "approve"})
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_dave_sees_only_the_public_card_page(quartier, carol, alice, dave):
    response = page_client(dave).get(f"/quartiers/{quartier.slug}/")
    assert response.status_code == 200
    assert quartier.name in response.content.decode()
    assert "Alice" not in response.content.decode()


@pytest.mark.parametrize(("method", "path"), MEMBER_ENDPOINTS + COORDINATOR_ENDPOINTS)
def test_dave_gets_404_on_every_members_endpoint(
    quartier, carol, alice, pending, dave, method, path
):
    url = f"/api/v1/quartiers/{quartier.slug}/" + path.format(
        request_id=pending.pk, alice_id=alice.pk
    )
    response = getattr(api_as(dave), method)(
        url, {"role": "coordinator", "decision": "approve"}, format="json"
    )
    assert response.status_code == 404
    assert Membership.objects.get(user=alice).role == "member"
    assert Membership.objects.get(user=alice).status == "active"
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert Quartier.objects.get().name == "Croix-Rousse"


@pytest.mark.parametrize(("method", "path"), COORDINATOR_ENDPOINTS)
def test_a_member_gets_403_on_coordinator_endpoints(
    quartier, carol, alice, bob, pending, method, path
):
    url = f"/api/v1/quartiers/{quartier.slug}/" + path.format(
        request_id=pending.pk, alice_id=alice.pk
    )
    response = getattr(api_as(bob), method)(
        url, {"role": "coordinator", "decision": "approve", "name": "X"}, format="json"
    )
    assert response.status_code == 403
    assert Membership.objects.get(user=alice).status == "active"


def test_a_former_member_is_an_outsider_again(quartier, carol, alice):
    api_as(alice).post(f"/api/v1/quartiers/{quartier.slug}/leave/")
    assert api_as(alice).get(f"/api/v1/quartiers/{quartier.slug}/members/").status_code == 404
    assert page_client(alice).get(f"/quartiers/{quartier.slug}/members/").status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(quartier):
    response = Client().get(f"/quartiers/{quartier.slug}/members/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_unknown_quartier_is_404_everywhere(dave):
    assert page_client(dave).get("/quartiers/nowhere/").status_code == 404
    assert api_as(dave).get("/api/v1/quartiers/nowhere/").status_code == 404


def test_a_quartier_on_another_slug_cannot_be_reached_with_a_foreign_request_id(
    quartier, carol, pending
):
    from tests.factories import MembershipFactory, QuartierFactory

    other = QuartierFactory.create()
    MembershipFactory.create(quartier=other, user=carol, role="coordinator")
    url = f"/api/v1/quartiers/{other.slug}/join-requests/{pending.pk}/decision/"
    response = api_as(carol).post(url, {"decision": "approve"}, format="json")
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == "pending"
