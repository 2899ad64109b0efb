"""The long run of the contract (``make fuzz``): ≥ 10,000 requests, counted in docs/reliability.md.

Not collected by ``make test`` (its name does not start with ``test_``); ``make fuzz`` runs it by
name. The same checks as ``tests/api/test_contract.py``, as alice (a member) and carol (a
coordinator), on the same quartier; ``FUZZ_CASES`` (per operation and persona) and ``FUZZ_SEED``
change its length and its draw.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.db import connection

from tests.api.contract import SEED, Tally, load_schema, run

pytestmark = pytest.mark.django_db

CASES = int(os.environ.get("FUZZ_CASES", "50"))
FUZZ_SEED = int(os.environ.get("FUZZ_SEED", str(SEED)))
REPORT = Path(__file__).resolve().parents[2] / "docs" / "reliability.md"


def test_the_long_run_finds_nothing(request: pytest.FixtureRequest, world: dict[str, Any]) -> None:
    schema = load_schema()
    tallies = {}
    for persona in ("alice", "carol"):
        user = request.getfixturevalue(persona)
        tallies[persona] = run(
            schema=schema, persona=user, world=world, cases=CASES, tally=Tally(seed=FUZZ_SEED)
        )
    text = report(tallies)
    REPORT.write_text(text, encoding="utf-8")
    print(text)

    assert sum(t.total for t in tallies.values()) >= 10_000
    assert not any(t.failures for t in tallies.values()), text
    unreached = [label for t in tallies.values() for label in t.unreached()]
    assert not unreached, unreached


def report(tallies: dict[str, Tally]) -> str:
    total = sum(t.total for t in tallies.values())
    seconds = sum(t.seconds for t in tallies.values())
    operations = len(next(iter(tallies.values())).operations)
    lines = [
        "# Reliability: the API against its contract",
        "",
        "Written by `make fuzz` (`tests/api/fuzz.py`); do not edit by hand. schemathesis "
        f"{schemathesis.__version__} generates requests from `/api/schema/` (within the schema "
        "and outside it) and sends them to the app in process, as alice (a member) and as carol "
        "(a coordinator), on a quartier with a swap, a ride with a booking, an order cycle with an "
        "order and a room with a reported message. A case fails on a 5xx, a status the operation "
        "does not document, a body that does not match its schema or an undocumented content "
        "type. `make test` runs the same with a few hundred cases (`tests/api/test_contract.py`).",
        "",
        f"- run: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, "
        f"database {connection.vendor}",
        f"- seed: {FUZZ_SEED}; cases per operation and persona: {CASES}",
        f"- operations: {operations}; cases: {total}; duration: {seconds:.0f} s "
        f"({total / max(seconds, 0.001):.0f} cases/s)",
        f"- failures: {sum(len(t.failures) for t in tallies.values())}",
        "",
        "## Cases by kind of operation",
        "",
        "| method, data | " + " | ".join(tallies) + " |",
        "|---|" + "---:|" * len(tallies),
    ]
    kinds = sorted({kind for t in tallies.values() for kind in t.cases})
    for kind in kinds:
        lines.append(
            f"| {kind} | " + " | ".join(str(t.cases[kind]) for t in tallies.values()) + " |"
        )
    lines += ["", "## Statuses answered", "", "| status | " + " | ".join(tallies) + " |"]
    lines.append("|---|" + "---:|" * len(tallies))
    for status in sorted({s for t in tallies.values() for s in t.statuses}):
        counts = " | ".join(str(t.statuses[status]) for t in tallies.values())
        lines.append(f"| {status} | {counts} |")
    lines += ["", "## Failures", ""]
    failures = [line for t in tallies.values() for line in t.failure_lines()]
    lines += [f"```\n{line}\n```" for line in failures] or ["None."]
    return "\n".join(lines) + "\n"
