"""What only PostgreSQL shows: the contract's row lock taken before anything of the contract is
read to subscribe, and a total too large for the 32-bit amount columns refused in words."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exchanges.produce import services
from exchanges.produce.models import Contract, Instalment, Subscription
from exchanges.produce.services.contracts import Size
from tests.conftest import api_as
from tests.exchanges.produce.contracts import SMALL, size
from tests.factories import contract_fields

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_subscribing_takes_the_contracts_lock_before_reading_its_dates(contract: Contract, alice):
    with CaptureQueriesContext(connection) as queries:
        services.subscription_create(
            contract=contract,
            member=alice,
            actor=alice,
            size=size(contract, SMALL),
            accepted_terms=True,
        )
    sql = [query["sql"] for query in queries.captured_queries]
    locked = next(i for i, text in enumerate(sql) if "FOR UPDATE" in text)
    dates = next(i for i, text in enumerate(sql) if "produce_contractdate" in text)
    assert locked < dates


def test_a_total_beyond_what_can_be_stored_is_refused_in_words(farm, carol, alice, thursdays):
    contract = services.contract_create(
        producer=farm,
        actor=carol,
        sizes=[Size("Caisse", 1_000_000)],  # 10,000 € a distribution, the most a price may be
        **contract_fields(capacity=1000),
    )
    answer = api_as(alice).post(
        f"/api/v1/contracts/{contract.pk}/subscriptions/",
        {"size": contract.sizes.get().pk, "shares": 300, "accepted_terms": True},
        format="json",
    )
    assert answer.status_code == 400, answer.content
    assert "at most" in str(answer.json())
    assert not Subscription.objects.exists() and not Instalment.objects.exists()
    contract.refresh_from_db()
    assert contract.shares_taken == 0
