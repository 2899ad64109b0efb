"""The quartier's distribution days ("every Thursday, 18:00–19:30, at the Maison des
associations"), from which contracts make their dates: set, changed and removed by a
coordinator. The place in words names one of the quartier's places when it can, as a cycle's
does. A day's change does not move the dates of contracts already made."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from exchanges.produce.models import DistributionDay
from exchanges.produce.services.access import require_coordinator
from neighbourhood.accounts.models import User
from neighbourhood.places.selectors import venue_named
from neighbourhood.quartiers.models import Quartier


@transaction.atomic
def distribution_day_set(
    *,
    quartier: Quartier,
    actor: User,
    weekday: int,
    starts_at: datetime.time,
    ends_at: datetime.time,
    place: str,
    day: DistributionDay | None = None,
) -> DistributionDay:
    """A new distribution day, or `day` changed (its weekday too)."""
    require_coordinator(user=actor, quartier=quartier)
    if day is not None and day.quartier_id != quartier.pk:
        raise ValidationError(_("This distribution day is not the quartier's."))
    day = day or DistributionDay(quartier=quartier)
    day.weekday, day.starts_at, day.ends_at = weekday, starts_at, ends_at
    day.place = " ".join((place or "").split())
    errors: dict[str, list[str]] = {}
    if not 0 <= weekday <= 6:
        errors["weekday"] = [_("Choose a day of the week.")]
    if not day.place:
        errors["place"] = [_("Say where the distribution is.")]
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = [_("The distribution must end after it starts.")]
    if errors:
        raise ValidationError(errors)
    day.venue = venue_named(quartier=quartier, words=day.place)
    try:
        with transaction.atomic():
            day.save()
    except IntegrityError as error:
        raise ValidationError(
            {"weekday": [_("The quartier already has a distribution on that day.")]}
        ) from error
    return day


@transaction.atomic
def distribution_day_remove(*, day: DistributionDay, actor: User) -> None:
    """The contracts already made keep their dates; new ones no longer take this day."""
    require_coordinator(user=actor, quartier=day.quartier)
    day.delete()
