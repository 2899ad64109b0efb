"""`make bench`: runs every scenario of bench/ on a throwaway test database, prints a table and
writes docs/performance.md. Figures are medians of repeated runs measured side by side in one
process, so a noisy machine shifts both sides of a ratio alike."""

from __future__ import annotations

import os
import platform
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neighbourhood.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench import (  # noqa: E402
    chat_latency,
    consultation_counting,
    digests,
    feed_pages,
    http_load,
    isolation,
    member_calendar,
    object_inventory,
    photo_processing,
    place_directory,
    produce_pickup,
    produce_reports,
    quartier_search,
    ride_matches,
    swap_matches,
)
from bench.common import Row  # noqa: E402

SCENARIOS = [
    quartier_search,
    feed_pages,
    swap_matches,
    ride_matches,
    produce_reports,
    produce_pickup,
    chat_latency,
    digests,
    object_inventory,
    member_calendar,
    photo_processing,
    place_directory,
    consultation_counting,
    # On the production set (neighbourhood.deploy): nginx, app processes, Celery.
    http_load,
    isolation,
]
OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def table(rows: list[Row]) -> str:
    lines = [
        "| scenario | case | median | p90 | queries | ratio |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row.scenario} | {row.case} | {row.median_ms:.2f} ms | {row.p90_ms:.2f} ms "
            f"| {row.queries} | {row.ratio} |"
        )
    return "\n".join(lines)


def chosen(names: list[str]) -> list:
    """The scenarios named on the command line by their module (``python -m bench
    object_inventory``), or all of them."""
    if not names:
        return SCENARIOS
    known = {scenario.__name__.rsplit(".", 1)[-1]: scenario for scenario in SCENARIOS}
    unknown = sorted(set(names) - set(known))
    if unknown:
        raise SystemExit(f"Unknown scenario(s): {', '.join(unknown)}. Known: {', '.join(known)}")
    return [known[name] for name in names]


def main() -> int:
    scenarios = chosen(sys.argv[1:])
    # As in production: DEBUG off, so no query log and none of the debug pages' checks (the
    # friendly error pages resolve each address once more under DEBUG). Queries are still
    # counted, by CaptureQueriesContext.
    setup_test_environment(debug=False)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rows: list[Row] = []
        notes: list[str] = []
        failed: list[str] = []
        for scenario in scenarios:
            try:
                rows.extend(scenario.run())
            except Exception:  # the others still run; the run fails and the page is not written
                traceback.print_exc()
                failed.append(scenario.NAME)
                rows.append(Row(scenario.NAME, "FAILED (traceback above)", 0.0, 0.0, 0, "–"))
            notes.append(f"- **{scenario.NAME}**: {scenario.DESCRIPTION}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    report = table(rows)
    print(report)
    if failed:
        print(f"\nFailed: {', '.join(failed)}; docs/performance.md is left as it was.")
        return 1
    if scenarios != SCENARIOS:
        # A few scenarios alone: the page keeps the figures of the last whole run.
        return 0
    engine = connection.vendor
    OUTPUT.write_text(
        "# Performance\n\n"
        "Written by `make bench` (do not edit by hand). Medians of repeated runs, measured\n"
        "side by side in one process; compare the ratios, not the absolute times. In process,\n"
        "DEBUG is off, as in production.\n\n"
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"Python {platform.python_version()}, database {engine}, "
        f"sizes × {os.environ.get('BENCH_SIZE') or '1'} (`make bench SIZE=…`).\n\n"
        + report
        + "\n\n## Scenarios\n\n"
        + "\n".join(notes)
        + "\n"
    )
    print(f"\nWritten to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
