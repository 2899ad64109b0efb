"""`manage.py swap_index`: checks that the matching index says what the swaps say (the services
keep it in step; a row written past them, by hand or by a bulk load, would not be), and with
`--rebuild` writes it again from the swaps."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from exchanges.swaps import matching


class Command(BaseCommand):
    help = "Checks the swaps' matching index against the swaps; --rebuild writes it again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="Write the index again from the swaps."
        )

    def handle(self, *args: Any, rebuild: bool = False, **options: Any) -> None:
        if rebuild:
            rows = matching.index_rebuild()
            self.stdout.write(f"Matching index rebuilt: {rows} rows.")
            return
        drift = matching.index_drift()
        if drift:
            for line in drift[:50]:
                self.stderr.write(line)
            raise CommandError(
                f"The matching index differs from the swaps in {len(drift)} rows: "
                "run `manage.py swap_index --rebuild`."
            )
        self.stdout.write("The matching index agrees with the swaps.")
