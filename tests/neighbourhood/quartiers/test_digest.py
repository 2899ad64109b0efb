"""The digest's "Waiting for your decision": every pending request to join the quartiers the
reader coordinates, and nothing for anyone else."""

import datetime

import pytest
from django.utils import timezone

from messaging.digests.sections import Reader, registered
from neighbourhood.quartiers import digest, services
from neighbourhood.quartiers.models import JoinRequest, Membership
from tests.factories import MembershipFactory, QuartierFactory, UserFactory

pytestmark = pytest.mark.django_db


def reader(user, *quartiers, coordinates=()) -> Reader:
    now = timezone.now()
    return Reader(
        user=user,
        since=now - datetime.timedelta(days=1),
        until=now + datetime.timedelta(minutes=1),
        quartier_ids=frozenset(quartier.pk for quartier in quartiers),
        coordinates=frozenset(quartier.pk for quartier in coordinates),
    )


def ask(quartier, user) -> JoinRequest:
    result = services.quartier_join(quartier=quartier, user=user, message="Bonjour !")
    assert isinstance(result, JoinRequest)
    return result


def test_a_coordinator_sees_every_pending_request_the_longest_waiting_first(quartier, carol, dave):
    old = ask(quartier, UserFactory.create(display_name="Fanny"))
    JoinRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=10)
    )
    new = ask(quartier, dave)
    decided = ask(quartier, UserFactory.create(display_name="Gaston"))
    services.join_request_decide(join_request=decided, actor=carol, approve=False)

    found = digest.pending_requests([reader(carol, quartier, coordinates=[quartier])])

    assert [(item.title, str(item.note)) for item in found[carol.pk]] == [
        ("Fanny", "Asks to join"),
        ("Dave", "Asks to join"),
    ]
    item = found[carol.pk][1]
    assert item.url == "/quartiers/croix-rousse/requests/"
    assert (item.quartier_id, item.when) == (quartier.pk, new.created_at)


def test_members_and_outsiders_see_no_decision(quartier, carol, alice, dave):
    ask(quartier, UserFactory.create())
    elsewhere = QuartierFactory.create(name="Guillotière")
    eve = UserFactory.create(display_name="Eve")
    MembershipFactory.create(quartier=elsewhere, user=eve, role=Membership.Role.COORDINATOR)

    found = digest.pending_requests(
        [
            reader(alice, quartier),
            # Dave is in none of them, even if he were said to coordinate Croix-Rousse.
            reader(dave, coordinates=[quartier]),
            reader(eve, elsewhere, coordinates=[elsewhere]),
        ]
    )

    assert found.get(alice.pk, []) == []
    assert found.get(dave.pk, []) == []
    assert found.get(eve.pk, []) == []


def test_it_costs_one_query_for_3_coordinators_as_for_30(quartier, django_assert_num_queries):
    readers = []
    for _n in range(30):
        user = UserFactory.create()
        MembershipFactory.create(quartier=quartier, user=user, role=Membership.Role.COORDINATOR)
        readers.append(reader(user, quartier, coordinates=[quartier]))
    for _n in range(3):
        ask(quartier, UserFactory.create())

    with django_assert_num_queries(1):
        few = digest.pending_requests(readers[:3])
    with django_assert_num_queries(1):
        many = digest.pending_requests(readers)

    assert len(few) == 3
    assert all(len(items) == 3 for items in many.values()) and len(many) == 30


def test_it_is_registered_with_the_digest():
    sections = {section.key: section for section in registered()}
    pending = sections["quartiers.pending"]
    assert (pending.collect, pending.order, pending.news) == (digest.pending_requests, 50, True)
