"""The loans' reminders, run by the beat tick (`exchanges.aid.tasks`): the day before the
return the borrower is reminded; once the return day has passed, both sides are told it is late.
Each is claimed by a conditional update of its timestamp, so a duplicated tick or a retried
task tells nobody twice."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from exchanges.aid import kinds
from exchanges.aid.models import Loan
from exchanges.aid.models.objects import lent_out
from exchanges.aid.services.objects.items import notify


def loans_due(*, today: datetime.date | None = None) -> dict[str, list[int]]:
    """The loans each reminder has to look at (the partial index `loan_due` serves both)."""
    today = today or timezone.localdate()
    lent = Loan.objects.filter(lent_out())
    return {
        "remind": list(
            lent.filter(
                reminded_at__isnull=True, ends_on=today + datetime.timedelta(days=1)
            ).values_list("pk", flat=True)
        ),
        "late": list(
            lent.filter(late_notified_at__isnull=True, ends_on__lt=today).values_list(
                "pk", flat=True
            )
        ),
    }


def loan_remind_return(*, loan_id: int) -> bool:
    """The day before the return, once: the borrower is reminded."""
    now = timezone.now()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with transaction.atomic():
        claimed = Loan.objects.filter(
            lent_out(),
            pk=loan_id,
            reminded_at__isnull=True,
            ends_on=tomorrow,
        ).update(reminded_at=now)
        if not claimed:
            return False
        loan = Loan.objects.select_related("item", "borrower").get(pk=loan_id)
        notify(loan.borrower, kinds.LOAN_RETURN_TOMORROW, None, loan.item)
    return True


def loan_notify_late(*, loan_id: int) -> bool:
    """Once the return day has passed, once: the borrower and the owner are told."""
    now = timezone.now()
    with transaction.atomic():
        claimed = Loan.objects.filter(
            lent_out(),
            pk=loan_id,
            late_notified_at__isnull=True,
            ends_on__lt=timezone.localdate(),
        ).update(late_notified_at=now)
        if not claimed:
            return False
        loan = Loan.objects.select_related("item__owner", "borrower").get(pk=loan_id)
        notify(loan.borrower, kinds.LOAN_LATE, None, loan.item)
        notify(loan.item.owner, kinds.LOAN_LATE, None, loan.item)
    return True
