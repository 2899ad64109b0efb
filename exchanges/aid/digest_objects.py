"""Objects' sections of the digest: the objects offered during the reader's period in their
quartiers (by others), and the returns of their loans due in the week after it, on both sides.
Each answers a whole chunk of readers in one query."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchanges.aid.models import Item, Loan
from messaging.digests.sections import Item as Line
from messaging.digests.sections import Reader, Section, register

AHEAD = datetime.timedelta(days=7)


def new_objects(readers: list[Reader]) -> dict[int, list[Line]]:
    """Objects published in the reader's quartiers during their period, by others, still
    offered and in the feed; the newest first. One query."""
    if not readers:
        return {}
    items = list(
        Item.objects.filter(
            quartier_id__in={q for reader in readers for q in reader.quartier_ids},
            status=Item.Status.AVAILABLE,
            created_at__gte=min(reader.since for reader in readers),
            created_at__lt=max(reader.until for reader in readers),
            feed_entries__is_visible=True,
        )
        .only("id", "title", "mode", "quartier_id", "owner_id", "created_at")
        .order_by("-created_at", "-id")
    )
    found: dict[int, list[Line]] = defaultdict(list)
    for reader in readers:
        for item in items:
            if (
                item.quartier_id in reader.quartier_ids
                and item.owner_id != reader.user.pk
                and reader.is_new(item.created_at)
            ):
                note = Item.Mode.LEND.label if item.is_lent else Item.Mode.GIVE.label
                found[reader.user.pk].append(
                    Line(item.title, item.get_absolute_url(), item.quartier_id, note)
                )
    return found


def returns_due(readers: list[Reader]) -> dict[int, list[Line]]:
    """The reader's loans, as borrower or owner, due back in the week after their period,
    soonest first. One query."""
    if not readers:
        return {}
    user_ids = [reader.user.pk for reader in readers]
    start = timezone.localdate(min(reader.until for reader in readers))
    end = timezone.localdate(max(reader.until for reader in readers) + AHEAD)
    loans = list(
        Loan.objects.filter(
            Q(borrower_id__in=user_ids) | Q(item__owner_id__in=user_ids),
            status__in=Loan.HOLDING,
            ends_on__gte=start,
            ends_on__lte=end,
        )
        .select_related("item")
        .order_by("ends_on", "id")
    )
    found: dict[int, list[Line]] = defaultdict(list)
    for reader in readers:
        first = timezone.localdate(reader.until)
        for loan in loans:
            if reader.user.pk not in (loan.borrower_id, loan.item.owner_id):
                continue
            if not first <= loan.ends_on <= first + AHEAD:
                continue
            note = _("You borrow it") if loan.borrower_id == reader.user.pk else _("You lend it")
            when = timezone.make_aware(datetime.datetime.combine(loan.ends_on, datetime.time(12)))
            found[reader.user.pk].append(
                Line(
                    loan.item.title, loan.item.get_absolute_url(), loan.item.quartier_id, note, when
                )
            )
    return found


def register_sections() -> None:
    register(Section("objects", _("New objects to lend or give"), 35, new_objects))
    register(Section("objects.returns", _("Loans due back"), 36, returns_due, news=False))
