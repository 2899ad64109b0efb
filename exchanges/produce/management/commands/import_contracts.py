"""Imports a contract's subscriptions from a CSV, as the coordinator's page does
(docs/amap-contracts-import.md).

manage.py import_contracts 12 members.csv --as carol@example.org --dry-run  # the report only
manage.py import_contracts 12 members.csv --as carol@example.org            # all or nothing
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from exchanges.produce.models import Contract
from exchanges.produce.services.import_table import MAX_BYTES
from exchanges.produce.services.imports import ImportReport, import_subscriptions
from neighbourhood.accounts.models import User


class Command(BaseCommand):
    help = "Imports a contract's subscriptions from a CSV; --dry-run shows the report only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("contract_id", type=int)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--as", dest="actor", required=True, help="The coordinator's e-mail (recorded_by)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Report only; store nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            contract = Contract.objects.select_related("producer__quartier").get(
                pk=options["contract_id"]
            )
            actor = User.objects.get(email=options["actor"].lower())
            with options["file"].open("rb") as file:
                raw = file.read(MAX_BYTES + 1)
            report = import_subscriptions(
                contract=contract, actor=actor, file=raw, dry_run=options["dry_run"]
            )
        except (Contract.DoesNotExist, User.DoesNotExist, OSError) as error:
            raise CommandError(str(error)) from error
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        self.show(report)
        if report.refused:
            raise CommandError(f"{len(report.refused)} line(s) refused: nothing imported.")

    def show(self, report: ImportReport) -> None:
        for ready in report.ready:
            state = f"waiting no. {ready.waiting_rank}" if ready.waiting else "subscribed"
            account = " (new account)" if ready.new_account else ""
            self.stdout.write(
                f"line {ready.line}: {ready.name} <{ready.email}>{account}, "
                f"{ready.shares} × {ready.size_name}, {ready.total_cents} cents "
                f"in {len(ready.plan)}, {state}"
            )
        for refused in report.refused:
            self.stdout.write(f"line {refused.line} refused: {' '.join(refused.reasons)}")
        done = "imported" if report.imported else "to create (dry run)"
        self.stdout.write(f"{len(report.ready)} {done}, {len(report.refused)} refused.")
