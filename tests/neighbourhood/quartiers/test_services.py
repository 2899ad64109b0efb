from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from neighbourhood.quartiers import services
from neighbourhood.quartiers.models import JoinRequest, Membership, Quartier
from tests.factories import MembershipFactory, QuartierFactory, UserFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role
Status = Membership.Status


def ask_to_join(quartier, user, message: str = "") -> JoinRequest:
    result = services.quartier_join(quartier=quartier, user=user, message=message)
    assert isinstance(result, JoinRequest)
    return result


def membership(quartier, user) -> Membership:
    return Membership.objects.get(quartier=quartier, user=user)


def create(creator, **overrides) -> Quartier:
    fields: dict[str, Any] = {
        "name": "Pentes",
        "slug": "pentes",
        "description": "Les pentes.",
        "latitude": 45.77,
        "longitude": 4.83,
        "radius_km": 1.0,
        "policy": Quartier.Policy.OPEN,
    }
    return services.quartier_create(creator=creator, **(fields | overrides))


def test_the_creator_becomes_the_coordinator(dave):
    quartier = create(dave)
    assert membership(quartier, dave).role == Role.COORDINATOR
    assert membership(quartier, dave).status == Status.ACTIVE


def test_it_refuses_a_slug_already_taken(dave, quartier):
    with pytest.raises(ValidationError) as error:
        create(dave, slug=quartier.slug)
    assert "slug" in error.value.message_dict
    assert Quartier.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("latitude", 91), ("longitude", -181), ("radius_km", 0), ("policy", "secret"), ("name", "")],
)
def test_it_refuses_bad_values_and_creates_nothing(dave, field, value):
    with pytest.raises(ValidationError) as error:
        create(dave, **{field: value})
    assert field in error.value.message_dict
    assert not Quartier.objects.exists()
    assert not Membership.objects.exists()


def test_joining_an_open_quartier_makes_a_member_at_once(dave):
    quartier = QuartierFactory.create(policy=Quartier.Policy.OPEN)
    result = services.quartier_join(quartier=quartier, user=dave)
    assert isinstance(result, Membership)
    assert result.is_active and result.role == Role.MEMBER


def test_joining_on_approval_asks_the_coordinators(quartier, carol, dave):
    result = services.quartier_join(quartier=quartier, user=dave, message="J'habite ici.")
    assert isinstance(result, JoinRequest)
    assert result.status == JoinRequest.Status.PENDING
    assert not Membership.objects.filter(quartier=quartier, user=dave).exists()


def test_it_refuses_a_second_pending_request(quartier, carol, dave):
    services.quartier_join(quartier=quartier, user=dave)
    with pytest.raises(ValidationError, match="already waiting"):
        services.quartier_join(quartier=quartier, user=dave)
    assert JoinRequest.objects.filter(user=dave).count() == 1


def test_it_refuses_to_join_twice(quartier, alice):
    with pytest.raises(ValidationError, match="already a member"):
        services.quartier_join(quartier=quartier, user=alice)


def test_a_coordinator_approves_a_request(quartier, carol, dave):
    join_request = ask_to_join(quartier, dave)
    services.join_request_decide(join_request=join_request, actor=carol, approve=True)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED
    assert join_request.decided_by == carol
    assert membership(quartier, dave).is_active


def test_a_coordinator_refuses_a_request(quartier, carol, dave):
    join_request = ask_to_join(quartier, dave)
    services.join_request_decide(join_request=join_request, actor=carol, approve=False)
    assert JoinRequest.objects.get().status == JoinRequest.Status.REFUSED
    assert not Membership.objects.filter(quartier=quartier, user=dave).exists()


def test_a_member_cannot_decide_a_request(quartier, carol, alice, dave):
    join_request = ask_to_join(quartier, dave)
    with pytest.raises(PermissionDenied):
        services.join_request_decide(join_request=join_request, actor=alice, approve=True)
    assert JoinRequest.objects.get().status == JoinRequest.Status.PENDING


def test_a_request_is_decided_once(quartier, carol, dave):
    join_request = ask_to_join(quartier, dave)
    services.join_request_decide(join_request=join_request, actor=carol, approve=False)
    with pytest.raises(ValidationError, match="already been decided"):
        services.join_request_decide(join_request=join_request, actor=carol, approve=True)
    assert not Membership.objects.filter(quartier=quartier, user=dave).exists()


def test_a_member_leaves(quartier, alice):
    services.membership_leave(membership=membership(quartier, alice))
    assert membership(quartier, alice).status == Status.LEFT


def test_the_last_coordinator_cannot_leave(quartier, carol, alice):
    with pytest.raises(ValidationError, match="last coordinator"):
        services.membership_leave(membership=membership(quartier, carol))
    assert membership(quartier, carol).is_coordinator


def test_a_coordinator_leaves_after_handing_over(quartier, carol, alice):
    services.membership_set_role(
        membership=membership(quartier, alice), actor=carol, role="coordinator"
    )
    services.membership_leave(membership=membership(quartier, carol))
    assert membership(quartier, carol).status == Status.LEFT
    assert membership(quartier, alice).is_coordinator


def test_a_coordinator_promotes_and_demotes(quartier, carol, alice):
    services.membership_set_role(
        membership=membership(quartier, alice), actor=carol, role="coordinator"
    )
    assert membership(quartier, alice).role == Role.COORDINATOR
    services.membership_set_role(membership=membership(quartier, alice), actor=carol, role="member")
    assert membership(quartier, alice).role == Role.MEMBER


def test_the_last_coordinator_cannot_step_down(quartier, carol):
    with pytest.raises(ValidationError, match="at least one coordinator"):
        services.membership_set_role(
            membership=membership(quartier, carol), actor=carol, role="member"
        )
    assert membership(quartier, carol).role == Role.COORDINATOR


def test_a_member_cannot_change_roles(quartier, carol, alice, bob):
    with pytest.raises(PermissionDenied):
        services.membership_set_role(
            membership=membership(quartier, bob), actor=alice, role="coordinator"
        )
    assert membership(quartier, bob).role == Role.MEMBER


def test_it_refuses_an_unknown_role(quartier, carol, alice):
    with pytest.raises(ValidationError):
        services.membership_set_role(
            membership=membership(quartier, alice), actor=carol, role="king"
        )
    assert membership(quartier, alice).role == Role.MEMBER


def test_a_coordinator_removes_a_member_who_may_ask_again(quartier, carol, alice):
    services.membership_remove(membership=membership(quartier, alice), actor=carol)
    assert membership(quartier, alice).status == Status.REMOVED
    result = services.quartier_join(quartier=quartier, user=alice)
    assert isinstance(result, JoinRequest)


def test_a_banned_member_cannot_join_an_open_quartier(quartier, carol, alice):
    services.membership_remove(membership=membership(quartier, alice), actor=carol, ban=True)
    assert membership(quartier, alice).status == Status.BANNED
    quartier.policy = Quartier.Policy.OPEN
    quartier.save()
    with pytest.raises(ValidationError, match="cannot join"):
        services.quartier_join(quartier=quartier, user=alice)


def test_banning_refuses_the_pending_request(quartier, carol, dave):
    services.quartier_join(quartier=quartier, user=dave)
    dave_membership = MembershipFactory.create(quartier=quartier, user=dave, status=Status.LEFT)
    services.membership_remove(membership=dave_membership, actor=carol, ban=True)
    assert JoinRequest.objects.get(user=dave).status == JoinRequest.Status.REFUSED


def test_a_coordinator_cannot_remove_themself(quartier, carol):
    with pytest.raises(ValidationError, match="leave"):
        services.membership_remove(membership=membership(quartier, carol), actor=carol)


def test_a_member_cannot_remove_another(quartier, carol, alice, bob):
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=membership(quartier, bob), actor=alice)
    assert membership(quartier, bob).is_active


def test_a_former_member_joins_an_open_quartier_again_as_a_plain_member(carol):
    quartier = QuartierFactory.create(policy=Quartier.Policy.OPEN)
    user = UserFactory.create()
    MembershipFactory.create(
        quartier=quartier, user=user, role=Role.COORDINATOR, status=Status.LEFT
    )
    services.quartier_join(quartier=quartier, user=user)
    again = membership(quartier, user)
    assert again.is_active and again.role == Role.MEMBER and again.ended_at is None


def test_a_pending_request_can_be_withdrawn(quartier, carol, dave):
    join_request = ask_to_join(quartier, dave)
    services.join_request_withdraw(join_request=join_request, user=dave)
    assert JoinRequest.objects.get().status == JoinRequest.Status.WITHDRAWN
    with pytest.raises(ValidationError):
        services.join_request_withdraw(join_request=join_request, user=dave)


def test_a_stale_request_cannot_demote_a_coordinator(quartier, carol, dave):
    """dave asked while the quartier was on approval, joined once it opened, became its only
    coordinator; approving his old request must leave him coordinator."""
    stale = ask_to_join(quartier, dave)
    quartier.policy = Quartier.Policy.OPEN
    quartier.save()
    services.quartier_join(quartier=quartier, user=dave)
    stale.refresh_from_db()
    assert stale.status == JoinRequest.Status.WITHDRAWN

    # Even a request left pending by other means is only closed when decided.
    JoinRequest.objects.filter(pk=stale.pk).update(status=JoinRequest.Status.PENDING)
    services.membership_set_role(
        membership=membership(quartier, dave), actor=carol, role="coordinator"
    )
    services.membership_leave(membership=membership(quartier, carol))
    decided = services.join_request_decide(join_request=stale, actor=dave, approve=True)
    assert decided.status == JoinRequest.Status.WITHDRAWN
    assert membership(quartier, dave).role == Role.COORDINATOR
    assert (
        Membership.objects.filter(quartier=quartier, role="coordinator", status="active").count()
        == 1
    )


def test_a_banned_resident_cannot_be_approved(quartier, carol, dave):
    join_request = ask_to_join(quartier, dave)
    MembershipFactory.create(quartier=quartier, user=dave, status=Status.BANNED)
    with pytest.raises(ValidationError, match="banned"):
        services.join_request_decide(join_request=join_request, actor=carol, approve=True)
    assert membership(quartier, dave).status == Status.BANNED
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
