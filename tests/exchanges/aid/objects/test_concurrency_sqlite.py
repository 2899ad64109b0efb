"""On SQLite there is no exclusion constraint: the locked check alone keeps an object from
being lent twice for overlapping dates. Owners' answers at the same moment, each in its own
thread and connection, on a SQLite file set up as a deployment sets it up (the tests' own
database lives in memory, whose shared cache refuses a second writer instead of letting it
wait): exactly one loan holds the dates, the others are refused in words, none fails.
(PostgreSQL's own run, with its constraint, is test_concurrency.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


def test_of_many_overlapping_loans_accepted_at_once_on_sqlite_exactly_one_holds_the_dates():
    outside = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in outside}
    with tempfile.TemporaryDirectory(prefix="voisinage-sqlite-race-") as var_dir:
        env["VOISINAGE_VAR_DIR"] = var_dir
        result = subprocess.run(
            [sys.executable, "-m", "tests.exchanges.aid.objects.sqlite_race"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["failed"] == [], outcome
    assert outcome["accepted"] == 1 and outcome["holding"] == 1, outcome
    assert outcome["refused"] == ["These dates are already lent."] * 5, outcome
