"""Passengers' ride requests: published to the feed, closed by their author."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.rides import kinds
from exchanges.rides.models import (
    Ride,
    RideRequest,
)
from exchanges.rides.services.places import Place, set_places
from exchanges.rides.services.rides import check_period, feed_title
from neighbourhood.accounts.models import User
from neighbourhood.feed.services import feed_entry_sync
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import is_member
from neighbourhood.relais import acting


@transaction.atomic
def ride_request_create(
    *,
    quartier: Quartier,
    passenger: User,
    kind: str,
    origin: Place,
    destination: Place,
    seats: int = 1,
    earliest_at: datetime.datetime | None = None,
    latest_at: datetime.datetime | None = None,
    weekdays: Iterable[int] = (),
    earliest_time: datetime.time | None = None,
    latest_time: datetime.time | None = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    notes: str = "",
) -> RideRequest:
    if not is_member(user=passenger, quartier=quartier):
        raise PermissionDenied(_("Only members of this quartier can publish in it."))
    now = timezone.now()
    request = RideRequest(
        quartier=quartier,
        passenger=passenger,
        kind=kind,
        seats=seats,
        notes=(notes or "").strip(),
        created_at=now,
        updated_at=now,
    )
    errors: dict[str, list[str]] = {}
    set_places(request, origin, destination, quartier, errors)
    if kind == Ride.Kind.ONE_OFF:
        request.earliest_at, request.latest_at = earliest_at, latest_at
        if earliest_at is None or latest_at is None:
            errors.setdefault("earliest_at", []).append(
                _("Give the earliest and latest departure.")
            )
        elif latest_at < earliest_at:
            errors.setdefault("latest_at", []).append(
                _("The latest departure must come after the earliest.")
            )
        elif latest_at <= now:
            errors.setdefault("latest_at", []).append(_("This time is already past."))
        elif latest_at - earliest_at > datetime.timedelta(hours=24):
            errors.setdefault("latest_at", []).append(_("Give a window of at most 24 hours."))
    elif kind == Ride.Kind.REGULAR:
        days = set(weekdays)
        if not days or any(not 0 <= day <= 6 for day in days):
            errors.setdefault("weekdays", []).append(_("Choose at least one weekday."))
        request.weekdays = sum(1 << day for day in days if 0 <= day <= 6)
        request.earliest_time, request.latest_time = earliest_time, latest_time
        if earliest_time is None or latest_time is None:
            errors.setdefault("earliest_time", []).append(
                _("Give the earliest and latest departure.")
            )
        elif latest_time < earliest_time:
            errors.setdefault("latest_time", []).append(
                _("The latest departure must come after the earliest.")
            )
        request.valid_from, request.valid_until = valid_from, valid_until
        check_period(valid_from, valid_until, errors, past_start=True)
    else:
        errors.setdefault("kind", []).append(_("Choose once or every week."))
    try:
        # The constraints restate the checks above: when one of those already failed, the
        # constraint's own technical message ("Constraint … is violated") would only repeat it.
        request.full_clean(
            exclude=["quartier", "passenger", "origin_point", "destination_point"],
            validate_constraints=not errors,
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    request.save()
    _sync_request_feed(request)
    acting.record(
        actor=request.passenger, verb=acting.Verb.RIDE_ASKED, target=request, summary=str(request)
    )
    return request


@transaction.atomic
def ride_request_close(*, request: RideRequest, actor: User) -> RideRequest:
    if request.passenger_id != actor.pk:
        raise PermissionDenied(_("Only the author of this request can close it."))
    request.status = RideRequest.Status.CLOSED
    request.updated_at = timezone.now()
    request.save(update_fields=["status", "updated_at"])
    _sync_request_feed(request)
    return request


def _sync_request_feed(request: RideRequest) -> None:
    feed_entry_sync(
        item=request,
        kind=kinds.FEED_REQUEST,
        quartier=request.quartier,
        author=request.passenger,
        title=feed_title(str(request), request.earliest_at),
        summary=request.notes,
        item_url=request.get_absolute_url(),
        is_published=request.status == RideRequest.Status.ACTIVE,
        expires_at=request.ends_at,
    )
