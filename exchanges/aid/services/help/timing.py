"""When a coup de main happens: the checks of its three kinds of timing. Whether a request is
urgent is computed when it is read (`CoupDeMain.is_urgent_at`)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from exchanges.aid.models import CoupDeMain
from exchanges.aid.models.help import local_date

Errors = dict[str, list[str]]
MAX_AHEAD_DAYS = 366


def check_timing(
    coup: CoupDeMain, now: datetime.datetime, errors: Errors, *, started_ok: bool = False
) -> None:
    """Keeps only the fields the timing uses, and says in words what is missing or wrong.
    ``started_ok``: a window or a weekly coup de main being changed may have started already."""
    timing = coup.timing
    if timing == CoupDeMain.Timing.AT:
        coup.ends_at, coup.weekdays, coup.weekly_time = None, [], None
        if coup.starts_at is None:
            _add(errors, "starts_at", _("Give the date and time."))
        elif coup.starts_at <= now:
            _add(errors, "starts_at", _("The date cannot be in the past."))
    elif timing == CoupDeMain.Timing.WINDOW:
        coup.weekdays, coup.weekly_time = [], None
        if coup.starts_at is None or coup.ends_at is None:
            _add(errors, "starts_at", _("Give when it starts and when it ends."))
        elif coup.ends_at <= coup.starts_at:
            _add(errors, "ends_at", _("The end must come after the start."))
        elif coup.ends_at <= now or (
            not started_ok and local_date(coup.starts_at) < local_date(now)
        ):
            _add(errors, "starts_at", _("The dates cannot be in the past."))
    elif timing == CoupDeMain.Timing.WEEKLY:
        days = coup.weekdays if isinstance(coup.weekdays, list) else []
        if not days:
            _add(errors, "weekdays", _("Choose at least one weekday."))
        elif any(not isinstance(day, int) or not 0 <= day <= 6 for day in days):
            _add(errors, "weekdays", _("Weekdays go from 0 (Monday) to 6 (Sunday)."))
        else:
            coup.weekdays = sorted(set(days))
        if coup.weekly_time is None:
            _add(errors, "weekly_time", _("Give the time."))
        if (
            not started_ok
            and coup.starts_at is not None
            and local_date(coup.starts_at) < local_date(now)
        ):
            _add(errors, "starts_at", _("The first date cannot be in the past."))
        if coup.starts_at is not None and coup.ends_at is not None:
            if coup.ends_at <= coup.starts_at:
                _add(errors, "ends_at", _("The end must come after the start."))
        elif coup.ends_at is not None and coup.ends_at <= now:
            _add(errors, "ends_at", _("The last date cannot be in the past."))
    else:
        _add(errors, "timing", _("Choose on a date, between two moments or every week."))
    # Neither its start nor its end further than a year: a date typed 3000 days out is a slip,
    # and a regular coup de main is published again once the year has passed.
    latest = now + datetime.timedelta(days=MAX_AHEAD_DAYS)
    if coup.starts_at is not None and coup.starts_at > latest:
        _add(errors, "starts_at", _("Publish at most a year ahead."))
    if coup.ends_at is not None and coup.ends_at > latest:
        _add(errors, "ends_at", _("The end can be at most a year from now."))


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)
