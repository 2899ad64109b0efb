"""The day-before reminder, run by the beat tick (`exchanges.events.tasks`): whoever is
registered for a date starting tomorrow, in the quartier's own day, is reminded once. Each is
claimed by a conditional update of ``Registration.reminded_at``, so a duplicated tick or a
retried task tells nobody twice."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from exchanges.events import kinds
from exchanges.events.models import Event, Registration
from exchanges.events.services.common import notify

# Looked at ahead: "tomorrow" somewhere is at most two days away anywhere.
AHEAD = datetime.timedelta(hours=50)


def _due() -> QuerySet[Registration]:
    return Registration.objects.filter(
        status=Registration.Status.REGISTERED,
        reminded_at__isnull=True,
        occurrence__event__status=Event.Status.SCHEDULED,
    )


def _is_tomorrow(registration: Registration, now: datetime.datetime) -> bool:
    zone = registration.occurrence.event.quartier.zone
    tomorrow = now.astimezone(zone).date() + datetime.timedelta(days=1)
    return registration.occurrence.starts_at.astimezone(zone).date() == tomorrow


def reminders_due(*, now: datetime.datetime | None = None) -> list[int]:
    """The registrations to remind now: their date starts tomorrow in their quartier's day."""
    now = now or timezone.now()
    found = (
        _due()
        .filter(occurrence__starts_at__gt=now, occurrence__starts_at__lt=now + AHEAD)
        .select_related("occurrence__event__quartier")
        .order_by("pk")
    )
    return [registration.pk for registration in found if _is_tomorrow(registration, now)]


def registration_remind(*, registration_id: int, now: datetime.datetime | None = None) -> bool:
    """Once, the day before: the registered member is reminded."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = (
            _due()
            .filter(pk=registration_id)
            .select_related("member", "occurrence__event__quartier")
            .first()
        )
        if registration is None or not _is_tomorrow(registration, now):
            return False
        claimed = Registration.objects.filter(
            pk=registration_id,
            reminded_at__isnull=True,
            status=Registration.Status.REGISTERED,
        ).update(reminded_at=now)
        if not claimed:
            return False
        occurrence = registration.occurrence
        notify([registration.member], kinds.EVENT_TOMORROW, None, occurrence.event, occurrence.date)
    return True
