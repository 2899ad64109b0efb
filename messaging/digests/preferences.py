"""Reads and writes of a resident's digest preference."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from messaging.models import DigestPreference
from neighbourhood.accounts.models import User


def digest_preference_of(*, user: User) -> DigestPreference:
    """The resident's choice, or the default one (unsaved) when they never chose."""
    found = DigestPreference.objects.filter(user=user).first()
    return found or DigestPreference(user=user)


def digest_preference_set(
    *, user: User, frequency: str, weekday: int, hour: int
) -> DigestPreference:
    errors = {}
    if frequency not in DigestPreference.Frequency.values:
        errors["frequency"] = [_("Choose every day, every week or no digest.")]
    if weekday not in DigestPreference.Weekday.values:
        errors["weekday"] = [_("Choose a day of the week.")]
    if not 0 <= hour <= 23:
        errors["hour"] = [_("Choose an hour between 0 and 23.")]
    if errors:
        raise ValidationError(errors)
    preference, _created = DigestPreference.objects.update_or_create(
        user=user,
        defaults={
            "frequency": frequency,
            "weekday": weekday,
            "hour": hour,
            "updated_at": timezone.now(),
        },
    )
    return preference


def digest_unsubscribe(*, user: User) -> DigestPreference:
    """No more digests; the day and hour are kept for the day they come back."""
    current = digest_preference_of(user=user)
    return digest_preference_set(
        user=user,
        frequency=DigestPreference.Frequency.NONE,
        weekday=current.weekday,
        hour=current.hour,
    )
