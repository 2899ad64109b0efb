"""The API against its own OpenAPI document: schemathesis, in process, on a quartier with rows.

``quartier_world`` builds a quartier where every kind of object exists once (a swap with an
exchange, a ride with a booking, a ride request, an order cycle with an order, a room with a
reported message…) and returns their ids by path parameter, so that part of the generated
requests reach real rows instead of 404s. ``run`` sends ``cases`` requests per operation (half
within the schema, half outside it) through the WSGI app, in the test's own database
transaction, each in a savepoint rolled back after it: every case sees the same quartier, and a
case that revokes the token or erases the account spoils no other.

Used by ``tests/api/test_contract.py`` (a few hundred cases, part of ``make test``) and by
``make fuzz`` (the long run, which writes ``docs/reliability.md``).
"""

from __future__ import annotations

import collections
import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from neighbourhood.accounts.models import User
from neighbourhood.accounts.services import token_create
from neighbourhood.wsgi import application
from tests.conftest import clear_limits

SCHEMA_URL = "/api/schema/"
SEED = 20261204
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def load_schema() -> Any:
    with _same_connection():
        return schemathesis.openapi.from_wsgi(SCHEMA_URL, application)


@dataclass
class Tally:
    """What a run saw: cases by method and generation mode, statuses, failures."""

    seed: int = SEED
    cases: collections.Counter[str] = field(default_factory=collections.Counter)
    statuses: collections.Counter[int] = field(default_factory=collections.Counter)
    operations: set[str] = field(default_factory=set)
    # Cases sent to each operation within its schema: every operation must get at least one.
    reached: collections.Counter[str] = field(default_factory=collections.Counter)
    failures: dict[tuple[str, str], str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.cases.values())

    def unreached(self) -> list[str]:
        return sorted(label for label in self.operations if not self.reached[label])

    def failure_lines(self) -> list[str]:
        return [f"{where} — {what}:\n{detail}" for (where, what), detail in self.failures.items()]


def _fresh_limits() -> None:
    # Each operation starts with no rate limit used: a 429 is documented, but a run of 429s
    # tests nothing else.
    clear_limits()


def _path_values(operation: Any, world: dict[str, Any]) -> dict[str, Any]:
    """The real ids this operation's path takes (``request_id`` is a join request's under
    ``join-requests/``, a ride request's elsewhere)."""
    names = [p.name for p in operation.path_parameters]
    values = {}
    for name in names:
        key = f"join_{name}" if "join-requests" in operation.path and name == "request_id" else name
        if key in world:
            values[name] = world[key]
    return values


def _strategy(operation: Any, mode: GenerationMode, world: dict[str, Any]) -> Any:
    generated = operation.as_strategy(generation_mode=mode)
    real = _path_values(operation, world)
    if not real:
        return generated
    return st.one_of(operation.as_strategy(generation_mode=mode, path_parameters=real), generated)


def run(
    *,
    schema: Any,
    persona: User | None,
    world: dict[str, Any],
    cases: int,
    tally: Tally,
    only: Callable[[Any], bool] = lambda operation: True,
) -> Tally:
    """Sends about ``cases`` requests to each operation as ``persona`` (``None``: with a token
    that is not valid); adds what it saw to ``tally`` (failures are collected, not raised, so one
    run lists them all)."""
    if persona is None:
        raw = "revoked-or-never-issued"
    else:
        raw = token_create(user=persona, name="contract")[1]
        # A second token, for the routes that take a token's id.
        world = world | {"token_id": token_create(user=persona, name="spare")[0].pk}
    label = "A token not valid" if persona is None else persona.display_name
    headers = {"Authorization": f"Bearer {raw}", "Accept-Language": "en"}
    started = time.monotonic()
    with _same_connection():
        for result in schema.get_all_operations():
            operation = result.ok()
            if not only(operation):
                continue
            tally.operations.add(operation.label)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                examples = max(1, cases // 2)
                _run_operation(operation, mode, world, headers, examples, label, tally)
    tally.seconds += time.monotonic() - started
    return tally


@contextlib.contextmanager
def _same_connection() -> Iterator[None]:
    # The WSGI handler closes the connection after each request, which would end the test's
    # transaction; Django's test client keeps it open the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _run_operation(
    operation: Any,
    mode: GenerationMode,
    world: dict[str, Any],
    headers: dict[str, str],
    examples: int,
    label: str,
    tally: Tally,
) -> None:
    def send(case: Any) -> None:
        with transaction.atomic():
            response = case.call(headers=headers)
            tally.cases[f"{operation.method.upper()} {mode.value}"] += 1
            tally.statuses[response.status_code] += 1
            if mode is GenerationMode.POSITIVE:
                tally.reached[operation.label] += 1
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except FailureGroup as group:
                for failure in group.exceptions:
                    key = (f"{label}: {operation.label}", failure.title)
                    tally.failures.setdefault(key, _describe(case, response, failure))
            transaction.set_rollback(True)

    _fresh_limits()
    test = seed(tally.seed)(
        hypothesis_settings(
            max_examples=examples,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )(given(_strategy(operation, mode, world))(send))
    )
    # No request of this mode may be possible (a negative case of an operation without input);
    # an operation that no case within its schema reached is caught by ``Tally.unreached``.
    with contextlib.suppress(HypothesisException):
        test()


def _describe(case: Any, response: Any, failure: Any) -> str:
    body = response.content[:300].decode("utf-8", "replace")
    sent = {"path": case.path_parameters, "query": case.query}
    if case.media_type:
        sent |= {"media_type": case.media_type, "body": case.body}
    message = str(failure.message)[:600]
    return f"    sent {sent}\n    got {response.status_code} {body!r}\n    {message}"
