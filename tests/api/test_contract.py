"""The API answers what its OpenAPI document says, as a member and as a coordinator.

schemathesis generates requests from ``/api/schema/`` (within it and outside it, seeded) and
sends them through the WSGI app in this test's transaction; a 5xx, a status the operation does
not document, a body that does not match its schema or an undocumented content type fails.
``make fuzz`` runs the same with far more cases (``tests/api/fuzz.py``).
"""

from __future__ import annotations

from typing import Any

import pytest

from neighbourhood.accounts.models import User
from tests.api.contract import Tally, load_schema, run

pytestmark = pytest.mark.django_db

# Per operation and persona: one request within the schema, one outside it. About 450 in all.
CASES = 2


@pytest.mark.parametrize("persona", ["alice", "carol"])
def test_every_answer_is_the_one_the_schema_documents(
    request: pytest.FixtureRequest, world: dict[str, Any], persona: str
) -> None:
    user: User = request.getfixturevalue(persona)
    tally = run(schema=load_schema(), persona=user, world=world, cases=CASES, tally=Tally())

    assert not tally.unreached(), tally.unreached()
    assert not tally.failures, "\n".join(tally.failure_lines())


def test_a_token_that_is_not_valid_gets_the_documented_401(world: dict[str, Any]) -> None:
    tally = run(schema=load_schema(), persona=None, world=world, cases=1, tally=Tally())

    # A path its converters refuse (``/rides/x/``) is not found before anyone is asked who they are.
    assert set(tally.statuses) == {401, 404} and tally.statuses[401] > tally.total / 2
    assert not tally.failures, "\n".join(tally.failure_lines())


def test_an_id_beyond_any_rows_is_not_found_before_the_database_is_asked(
    client: Any, alice: User
) -> None:
    client.force_login(alice)

    response = client.delete(f"/api/v1/blocks/{2**64}/")

    assert response.status_code == 404 and "detail" in response.json()
    assert client.delete(f"/api/v1/blocks/{2**63 - 1}/").status_code == 204
