"""Gatherings' section of the digest, "This week in the quartier": the dates of the next seven
days in the reader's quartiers, those the reader registered for first. Two queries for a whole
chunk of readers: the gatherings (with their dates off) and the readers' registrations."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchanges.events.models import Registration
from exchanges.events.selectors import upcoming
from messaging.digests.sections import Item, Reader, Section, register

WEEK = datetime.timedelta(days=7)


def this_week(readers: list[Reader]) -> dict[int, list[Item]]:
    if not readers:
        return {}
    now = timezone.now()
    quartier_ids = sorted({q for reader in readers for q in reader.quartier_ids})
    rows = upcoming(quartier_ids=quartier_ids, now=now, until=now + WEEK)
    if not rows:
        return {reader.user.pk: [] for reader in readers}
    registered = set(
        Registration.objects.filter(
            member_id__in=[reader.user.pk for reader in readers],
            status__in=Registration.LIVE,
            occurrence__event_id__in=[row.event.pk for row in rows],
            occurrence__starts_at__gte=now,
            occurrence__starts_at__lt=now + WEEK,
        ).values_list("member_id", "occurrence__event_id", "occurrence__date")
    )
    found: dict[int, list[Item]] = {}
    for reader in readers:
        mine: list[Item] = []
        rest: list[Item] = []
        for row in rows:
            event = row.event
            if event.quartier_id not in reader.quartier_ids:
                continue
            url = f"{event.get_absolute_url()}#date-{row.next.date.isoformat()}"
            if (reader.user.pk, event.pk, row.next.date) in registered:
                mine.append(
                    Item(
                        event.title,
                        url,
                        event.quartier_id,
                        _("You are registered"),
                        row.next.starts_at,
                    )
                )
            else:
                rest.append(
                    Item(event.title, url, event.quartier_id, event.where, row.next.starts_at)
                )
        found[reader.user.pk] = mine + rest
    return found


def register_sections() -> None:
    # Not news on its own: the week's gatherings go with the news, never make a digest alone.
    register(Section("events", _("This week in the quartier"), 15, this_week, news=False))
