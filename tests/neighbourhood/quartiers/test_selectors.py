"""`member_of_quartier`: the one rule every read uses to keep what belongs to the quartiers a
member is still active in (the calendar's sections, mutual aid)."""

import pytest

from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.quartiers.selectors import member_of_quartier
from tests.factories import MembershipFactory, QuartierFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_only_the_quartiers_a_member_is_still_active_in(quartier, alice, dave):
    left = QuartierFactory.create(name="Les Pentes", slug="les-pentes")
    MembershipFactory.create(quartier=left, user=alice, status=Membership.Status.LEFT)
    elsewhere = QuartierFactory.create(name="Vaise", slug="vaise")
    MembershipFactory.create(quartier=elsewhere, user=UserFactory.create())

    def kept(user):
        return set(
            Quartier.objects.filter(member_of_quartier(user, "pk")).values_list("slug", flat=True)
        )

    assert kept(alice) == {quartier.slug}
    assert kept(dave) == set()
