"""When each resident's digest is due, in their own timezone.

A digest belongs to a *period*: the resident's local day (``daily:2026-11-21``) or the local week
starting on Monday (``weekly:2026-11-16``). It is due once the chosen hour (and, weekly, the
chosen day) of the current period has passed on the resident's own clock, as long as nothing was
sent for that period: a tick that was missed, a worker that was down or a claim left behind by a
dead worker is caught up by the next tick of the same period. Summer time needs no special case:
the local clock is read from the timezone for each tick; an hour that does not exist (2:30 on the
night clocks go forward) has passed once the clock reads 3:00, and an hour that happens twice (the
night they go back) finds its period already claimed the second time.

Newcomers start with the next period: a resident who joined after the current one began waits
for the next, instead of receiving a digest the moment they sign up.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from messaging.models import Digest, DigestPreference
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership

Frequency = DigestPreference.Frequency
DAY, WEEK = datetime.timedelta(days=1), datetime.timedelta(days=7)


@dataclass(frozen=True)
class Plan:
    """One resident's digest for the period that holds ``now``."""

    period: str
    starts_at: datetime.datetime  # the period's first local midnight
    scheduled_at: datetime.datetime  # the chosen day and hour within it
    length: datetime.timedelta


def preference_of(user: User) -> tuple[str, int, int]:
    """(frequency, weekday, hour), the defaults when the resident never chose."""
    try:
        preference = user.digest_preference
    except DigestPreference.DoesNotExist:
        return Frequency.WEEKLY, DigestPreference.DEFAULT_WEEKDAY, DigestPreference.DEFAULT_HOUR
    return preference.frequency, preference.weekday, preference.hour


def _at(day: datetime.date, hour: int, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


def plan_for(user: User, now: datetime.datetime) -> Plan | None:
    """The period of ``now`` for ``user`` and when it is due; None for no digest."""
    frequency, weekday, hour = preference_of(user)
    if frequency == Frequency.NONE:
        return None
    zone = zoneinfo.ZoneInfo(user.timezone)
    today = now.astimezone(zone).date()
    if frequency == Frequency.DAILY:
        return Plan(f"daily:{today}", _at(today, 0, zone), _at(today, hour, zone), DAY)
    monday = today - datetime.timedelta(days=today.weekday())
    scheduled = _at(monday + datetime.timedelta(days=weekday), hour, zone)
    return Plan(f"weekly:{monday}", _at(monday, 0, zone), scheduled, WEEK)


def is_due(user: User, plan: Plan | None, now: datetime.datetime) -> bool:
    return plan is not None and plan.scheduled_at <= now and user.date_joined < plan.starts_at


def _stale_before(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(seconds=settings.DIGEST_CLAIM_LEASE_SECONDS)


def taken(period: str, now: datetime.datetime) -> Q:
    """A digest of ``period`` that is sent, being sent, empty, or claimed by a live worker.

    A claim older than the lease was left by a worker that died before handing the mail to the
    server (see `messaging.digests.sending`): it no longer counts, so the user is due again."""
    abandoned = Q(status=Digest.Status.CLAIMED) & (
        Q(claim="") | Q(claimed_at__lt=_stale_before(now))
    )
    return Q(period=period) & ~abandoned


def _due_in(zone_name: str, now: datetime.datetime) -> Q:
    """Residents of one timezone whose digest is due at ``now``, in SQL."""
    zone = zoneinfo.ZoneInfo(zone_name)
    local = now.astimezone(zone)
    today, weekday, hour = local.date(), local.weekday(), local.hour
    monday = today - datetime.timedelta(days=weekday)
    daily, weekly = f"daily:{today}", f"weekly:{monday}"

    def not_taken(period: str) -> Q:
        return Q(~Exists(Digest.objects.filter(taken(period, now), user=OuterRef("pk"))))

    reached_today = Q(digest_preference__hour__lte=hour)
    reached_this_week = Q(digest_preference__weekday__lt=weekday) | Q(
        reached_today, digest_preference__weekday=weekday
    )
    default_reached = weekday > DigestPreference.DEFAULT_WEEKDAY or (
        weekday == DigestPreference.DEFAULT_WEEKDAY and hour >= DigestPreference.DEFAULT_HOUR
    )
    wants_weekly = Q(digest_preference__frequency=Frequency.WEEKLY) & reached_this_week
    if default_reached:
        wants_weekly |= Q(digest_preference__isnull=True)
    return Q(timezone=zone_name) & (
        (
            Q(digest_preference__frequency=Frequency.DAILY, date_joined__lt=_at(today, 0, zone))
            & reached_today
            & not_taken(daily)
        )
        | (wants_weekly & Q(date_joined__lt=_at(monday, 0, zone)) & not_taken(weekly))
    )


def due_user_ids(now: datetime.datetime) -> list[int]:
    """Every resident whose digest is due at ``now``: two queries whatever their number (the
    timezones in use, then the residents)."""
    # order_by: without it the model's ordering (by e-mail) joins the DISTINCT, one row a user,
    # and the next query grows one branch per user instead of one per timezone.
    zones = list(
        User.objects.filter(is_active=True)
        .order_by("timezone")
        .values_list("timezone", flat=True)
        .distinct()
    )
    if not zones:
        return []
    member = Exists(Membership.objects.filter(user=OuterRef("pk"), status=Membership.Status.ACTIVE))
    due = reduce(or_, (_due_in(zone, now) for zone in sorted(zones)))
    return list(
        # No address, no digest: a neighbour a relais acts for reads the site through them.
        User.objects.filter(due, member, is_active=True, email__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
