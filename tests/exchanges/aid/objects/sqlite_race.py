"""Run by test_concurrency_sqlite.py in a process of its own, on a SQLite file configured as a
deployment without DATABASE_URL configures it (IMMEDIATE transactions, a busy timeout): owners
accepting overlapping loans at the same moment, each in its own thread and connection. Prints
what became of each answer, as JSON."""

from __future__ import annotations

import json
import os

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "neighbourhood.settings"
django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import translation  # noqa: E402

from exchanges.aid.models import Loan  # noqa: E402
from exchanges.aid.services import objects as services  # noqa: E402
from neighbourhood.accounts.models import User  # noqa: E402
from tests.exchanges.aid.objects.helpers import drill, in_days  # noqa: E402
from tests.exchanges.rides.test_concurrency import neighbours  # noqa: E402
from tests.neighbourhood.quartiers.test_concurrency import run_together  # noqa: E402

BORROWERS = 6


def accept(loan: Loan, owner: User) -> object:
    with translation.override("en"):
        return services.loan_accept(loan=loan, actor=owner)


def main() -> None:
    assert connection.vendor == "sqlite"
    call_command("migrate", verbosity=0)
    quartier, (owner, *borrowers) = neighbours(BORROWERS + 1)
    item = drill(quartier, owner, max_days=5)
    # Each asks for a period overlapping every other one on the third day.
    asked = [
        services.loan_ask(
            item=item, borrower=borrower, starts_on=in_days(1 + n % 3), ends_on=in_days(3 + n % 2)
        )
        for n, borrower in enumerate(borrowers)
    ]
    results = run_together([lambda loan=loan: accept(loan, owner) for loan in asked])
    print(
        json.dumps(
            {
                "accepted": sum(isinstance(r, Loan) for r in results),
                "refused": [
                    " ".join(r.messages) for r in results if isinstance(r, ValidationError)
                ],
                "failed": [repr(r) for r in results if not isinstance(r, Loan | ValidationError)],
                "holding": Loan.objects.filter(item=item, status__in=Loan.HOLDING).count(),
            }
        )
    )


if __name__ == "__main__":
    main()
