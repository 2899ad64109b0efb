"""What Celery beat does to order cycles, each step safe to run twice: it announces the cycles
that open, reminds members 24 hours before a close, and processes the cycles that close (each
producer mailed their totals and the coordinators a summary, once; a repeating cycle opens its
next one). Each step claims its cycle with a conditional update.

A cycle with nothing on offer (a contract's distribution, made for its baskets) is not news:
it is neither announced nor reminded, and its close mails nobody."""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from exchanges.produce import kinds, mails
from exchanges.produce.models import OrderCycle
from exchanges.produce.services.cycles import has_offers, next_of, sync_feed
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import member_users

logger = logging.getLogger(__name__)
REMINDER = datetime.timedelta(hours=24)


def cycle_announce_opening(*, cycle_id: int) -> bool:
    """The opening, in the feed and to every member, once."""
    with transaction.atomic():
        claimed = (
            OrderCycle.objects.filter(
                pk=cycle_id, opening_announced_at__isnull=True, opens_at__lte=timezone.now()
            )
            .filter(has_offers())
            .update(opening_announced_at=timezone.now())
        )
        if not claimed:
            return False
        cycle = OrderCycle.objects.select_related("quartier").get(pk=cycle_id)
        sync_feed(cycle)
        _notify_members(cycle, kinds.CYCLE_OPEN)
    return True


def cycle_remind_closing(*, cycle_id: int) -> bool:
    """24 hours before the close, once: the feed entry says so and members are told."""
    now = timezone.now()
    with transaction.atomic():
        claimed = (
            OrderCycle.objects.filter(
                pk=cycle_id,
                closing_reminded_at__isnull=True,
                closed_early_at__isnull=True,
                closes_at__lte=now + REMINDER,
                closes_at__gt=now,
            )
            .filter(has_offers())
            .update(closing_reminded_at=now)
        )
        if not claimed:
            return False
        cycle = OrderCycle.objects.select_related("quartier").get(pk=cycle_id)
        sync_feed(cycle)
        _notify_members(cycle, kinds.CYCLE_CLOSING)
    return True


def cycle_process_close(*, cycle_id: int) -> bool:
    """At the close: each producer gets their totals and the coordinators a summary. The
    claim (a conditional update) makes a second run, or a second worker, do nothing."""
    now = timezone.now()
    with transaction.atomic():
        claimed = (
            OrderCycle.objects.filter(pk=cycle_id, close_processed_at__isnull=True)
            .filter(Q(closes_at__lte=now) | Q(closed_early_at__lte=now))
            .update(close_processed_at=now)
        )
        if not claimed:
            return False
        cycle = OrderCycle.objects.select_related("quartier").get(pk=cycle_id)
        if cycle.offers.exists():
            mails.queue_close_reports(cycle)
        sync_feed(cycle)
        _notify_buyers(cycle)
        _repeat(cycle)
    return True


def _repeat(cycle: OrderCycle) -> None:
    """A weekly or fortnightly cycle opens its next one when it closes (once: a reopened and
    closed again cycle already has its copy)."""
    if cycle.repeat == OrderCycle.Repeat.NONE or cycle.copies.exists():
        return
    try:
        with transaction.atomic():
            next_of(cycle, created_by=cycle.created_by)
    except ValidationError:
        # Closed too late for the next dates to make sense (a worker down for a week): a
        # coordinator copies it by hand.
        logger.warning("Cycle %s: its next cycle could not be opened.", cycle.pk)


def cycles_due(*, now: datetime.datetime | None = None) -> dict[str, list[int]]:
    """The cycles each task has to look at, by indexed queries."""
    now = now or timezone.now()
    return {
        "open": list(
            OrderCycle.objects.filter(
                has_offers(),
                opening_announced_at__isnull=True,
                opens_at__lte=now,
                closes_at__gt=now,
            ).values_list("pk", flat=True)
        ),
        "remind": list(
            OrderCycle.objects.filter(
                has_offers(),
                closing_reminded_at__isnull=True,
                closed_early_at__isnull=True,
                closes_at__gt=now,
                closes_at__lte=now + REMINDER,
            ).values_list("pk", flat=True)
        ),
        "close": list(
            OrderCycle.objects.filter(close_processed_at__isnull=True)
            .filter(Q(closes_at__lte=now) | Q(closed_early_at__lte=now))
            .values_list("pk", flat=True)
        ),
    }


def _notify_members(cycle: OrderCycle, kind: str) -> None:
    messaging.notifications_create(
        users=member_users(quartier_id=cycle.quartier_id),
        kind=kind,
        actor=None,
        title=cycle.title,
        url=cycle.get_absolute_url(),
    )


def _notify_buyers(cycle: OrderCycle) -> None:
    messaging.notifications_create(
        users=User.objects.filter(produce_orders__cycle=cycle),
        kind=kinds.CYCLE_CLOSED,
        actor=None,
        title=cycle.title,
        url=cycle.get_absolute_url(),
    )
