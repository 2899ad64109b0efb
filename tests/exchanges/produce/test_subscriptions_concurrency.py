"""Many members subscribing at once to a contract the farm can serve 20 shares of: only a real
database with row locks shows that the capacity is never exceeded, that the waiting list is
ranked without a gap or a double, and that ending subscriptions moves it up in order."""

from __future__ import annotations

import pytest
from django.utils import translation

from exchanges.produce import kinds, services
from exchanges.produce.models import Contract, Subscription
from messaging.models import Notification
from tests.exchanges.produce.contracts import SMALL, size
from tests.factories import MembershipFactory, UserFactory
from tests.neighbourhood.quartiers.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MEMBERS = 30


def test_thirty_members_at_once_on_twenty_shares(quartier, contract: Contract, carol):
    members = [UserFactory.create() for _ in range(MEMBERS)]
    for member in members:
        MembershipFactory.create(quartier=quartier, user=member)
    small = size(contract, SMALL)

    def subscribe(member):
        with translation.override("en"):
            return services.subscription_create(
                contract=contract,
                member=member,
                actor=member,
                size=small,
                instalments=3,
                accepted_terms=True,
            )

    results = run_together([lambda m=m: subscribe(m) for m in members])
    assert all(isinstance(result, Subscription) for result in results), results
    contract.refresh_from_db()
    assert contract.shares_taken == 20
    active = Subscription.objects.filter(contract=contract, status="active")
    waiting = Subscription.objects.filter(contract=contract, status="waiting")
    assert active.count() == 20 and waiting.count() == 10
    ranks = list(waiting.order_by("waiting_rank").values_list("waiting_rank", flat=True))
    assert ranks == list(range(1, 11))
    assert Notification.objects.filter(kind=kinds.SUBSCRIPTION_WAITING).count() == 10

    # Ending three at once moves the first three waiting up, in order, and no one else.
    in_line = list(waiting.order_by("waiting_rank").values_list("member_id", flat=True))
    leaving = list(active.order_by("id")[:3])
    ended = run_together(
        [lambda s=s: services.subscription_end(subscription=s, actor=carol) for s in leaving]
    )
    assert all(isinstance(result, list) for result in ended), ended
    contract.refresh_from_db()
    assert contract.shares_taken == 20
    moved = set(
        Subscription.objects.filter(
            contract=contract, status="active", member_id__in=in_line
        ).values_list("member_id", flat=True)
    )
    assert moved == set(in_line[:3])
    assert set(
        Notification.objects.filter(kind=kinds.SUBSCRIPTION_MOVED_UP).values_list(
            "user_id", flat=True
        )
    ) == set(in_line[:3])
    assert waiting.count() == 7
