"""Removing, banning or promoting a member, and withdrawing a request to join, ask first."""

from __future__ import annotations

import pytest

from neighbourhood.quartiers.models import JoinRequest, Membership
from tests.confirmations import asks_first_then_does, signed_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("action", "asks", "status", "role"),
    [
        ("remove", "Remove Alice from", Membership.Status.REMOVED, None),
        ("ban", "Ban Alice from", Membership.Status.BANNED, None),
        ("coordinator", "Make Alice a coordinator?", None, Membership.Role.COORDINATOR),
    ],
)
def test_it_asks_before_a_coordinator_changes_a_member(
    quartier, carol, alice, dave, action, asks, status, role
):
    membership = Membership.objects.get(quartier=quartier, user=alice)

    def done() -> bool:
        membership.refresh_from_db()
        return membership.status == status if status else membership.role == role

    page = asks_first_then_does(
        actor=carol,
        dave=dave,
        url=f"/quartiers/{quartier.slug}/members/{alice.pk}/",
        query=f"?action={action}",
        data={"action": action},
        done=done,
        asks=asks,
    )
    assert f'<input type="hidden" name="action" value="{action}">' in page


def test_the_members_page_asks_through_a_form_that_changes_nothing(quartier, carol, alice):
    page = signed_in(carol).get(f"/quartiers/{quartier.slug}/members/").content.decode()
    assert f'<form method="get" action="/quartiers/{quartier.slug}/members/{alice.pk}/"' in page


def test_a_member_who_is_no_coordinator_is_not_asked(quartier, alice, bob):
    url = f"/quartiers/{quartier.slug}/members/{bob.pk}/?action=ban"
    assert signed_in(alice).get(url).status_code == 403


def test_it_asks_before_a_resident_withdraws_their_request_to_join(quartier, carol, dave):
    signed_in(dave).post(f"/quartiers/{quartier.slug}/join/", {"message": ""})
    someone_else = UserFactory.create(display_name="Erin")
    asks_first_then_does(
        actor=dave,
        dave=someone_else,
        url=f"/quartiers/{quartier.slug}/join/withdraw/",
        done=lambda: JoinRequest.objects.get().status == "withdrawn",
        asks="Withdraw your request to join",
    )


def test_it_asks_before_a_member_leaves_and_says_why_the_last_coordinator_cannot(
    quartier, carol, alice, dave
):
    membership = Membership.objects.get(quartier=quartier, user=alice)

    def left() -> bool:
        membership.refresh_from_db()
        return not membership.is_active

    asks_first_then_does(
        actor=alice,
        dave=dave,
        url=f"/quartiers/{quartier.slug}/leave/",
        done=left,
        asks="Yes, leave the quartier",
    )
    refused = signed_in(carol).post(f"/quartiers/{quartier.slug}/leave/")
    assert refused.status_code == 400
    page = refused.content.decode()
    assert 'role="alert"' in page and "last coordinator" in page and "No, go back" in page
