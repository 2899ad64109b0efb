"""The mails of the close of a cycle: each producer's totals, and the coordinators' summary.
Rendered here in the reader's language, delivered by Celery after the commit."""

from __future__ import annotations

from django.conf import settings

from exchanges.produce import reports
from exchanges.produce.models import OrderCycle
from messaging.services import mail_queue
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership


def queue_close_reports(cycle: OrderCycle) -> int:
    """Queues one mail a producer with an address (in the site's language, as producers may
    have no account) and one a coordinator (in theirs); returns how many."""
    data = reports.load(cycle)
    totals = reports.producer_totals(data)
    sent = 0
    for total in totals:
        account = total.producer.account
        address = total.producer.email or (account.email if account else "")
        if not address or not (any(p.quantity for p in total.products) or total.shares):
            continue
        language = account.language if account else settings.LANGUAGE_CODE
        mail_queue(
            to=address,
            language=language,
            template="emails/produce/producer_totals",
            context={"cycle": cycle, "total": total},
        )
        sent += 1
    coordinators = User.objects.filter(
        memberships__quartier=cycle.quartier,
        memberships__role=Membership.Role.COORDINATOR,
        memberships__status=Membership.Status.ACTIVE,
    )
    for coordinator in coordinators:
        mail_queue(
            to=coordinator.email,
            language=coordinator.language,
            template="emails/produce/cycle_summary",
            context={
                "cycle": cycle,
                "totals": totals,
                "orders": len({line.order_id for line in data.lines}),
                "site_url": settings.SITE_URL,
            },
        )
        sent += 1
    return sent
