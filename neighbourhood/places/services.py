"""The directory's writes: a member suggests a place, a coordinator adds one directly, approves
or declines a suggestion, changes a place, withdraws it; the hours and closed periods of a place.

Every write checks its input and refuses it in words (a ``ValidationError`` naming the field)
before anything is written; the hours and closed periods are replaced as a whole, in the same
transaction as the place. The feed entry of an approved place is kept in step.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.feed.services import feed_entry_sync
from neighbourhood.places import kinds
from neighbourhood.places.hours import is_all_day
from neighbourhood.places.models import ClosedPeriod, Kind, OpeningHours, Place, Service
from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.quartiers.selectors import is_coordinator, is_member
from neighbourhood.relais import acting

PLACE_EDITABLE = [
    "kind",
    "name",
    "address",
    "latitude",
    "longitude",
    "description",
    "step_free",
    "accessible_toilets",
    "hearing_loop",
    "services",
    "phone",
    "email",
    "website",
]
MAX_INTERVALS_A_DAY = 4
MAX_CLOSED_PERIODS = 30
# A closed period is a holiday or a few weeks: at most this long, at most this far ahead.
MAX_PERIOD_DAYS = 366

Errors = dict[str, list[str]]


def _same_time() -> str:
    return _("An interval cannot close at the time it opens (00:00 to 00:00 means all day).")


@dataclass(frozen=True)
class Hours:
    """One interval of a weekday (0 is Monday): closes at or before it opens runs past
    midnight; 00:00–00:00 is the whole day."""

    weekday: int
    opens: datetime.time
    closes: datetime.time


@dataclass(frozen=True)
class Closing:
    """Days from ``starts_on`` to ``ends_on`` (both included): closed, or open only from
    ``opens`` to ``closes`` when both are given."""

    starts_on: datetime.date
    ends_on: datetime.date
    label: str = ""
    opens: datetime.time | None = None
    closes: datetime.time | None = None


@transaction.atomic
def place_create(
    *,
    quartier: Quartier,
    actor: User,
    hours: Sequence[Hours] = (),
    closed_periods: Sequence[Closing] = (),
    **fields: Any,
) -> Place:
    """A coordinator adds a place, approved at once; a member suggests one, which the
    coordinators are told of and which only they and that member see until it is approved."""
    if not is_member(user=actor, quartier=quartier):
        raise PermissionDenied(_("Only members of this quartier can suggest a place."))
    coordinator = is_coordinator(user=actor, quartier=quartier)
    now = timezone.now()
    place = Place(quartier=quartier, suggested_by=actor, created_at=now, updated_at=now)
    place.status = Place.Status.APPROVED if coordinator else Place.Status.SUGGESTED
    if coordinator:
        place.decided_by = actor
    errors: Errors = {}
    _apply(place, fields, errors)
    _check_hours(hours, errors)
    _check_periods(closed_periods, errors)
    if errors:
        raise ValidationError(errors)
    save_named(place)
    _replace_hours(place, hours)
    _replace_periods(place, closed_periods)
    sync_feed(place)
    acting.record(actor=actor, verb=acting.Verb.PLACE_SUGGESTED, target=place, summary=place.name)
    if not coordinator:
        _notify(coordinators_of(quartier), kinds.PLACE_SUGGESTED, actor, place)
    return place


@transaction.atomic
def place_edit(
    *,
    place: Place,
    actor: User,
    hours: Sequence[Hours] | None = None,
    closed_periods: Sequence[Closing] | None = None,
    **fields: Any,
) -> Place:
    """A coordinator changes a place; its suggester changes it while it waits for approval.
    ``hours`` and ``closed_periods``, when given, replace the place's own."""
    _lock(place)
    _require_editor(place, actor)
    errors: Errors = {}
    _apply(place, fields, errors)
    if hours is not None:
        _check_hours(hours, errors)
    if closed_periods is not None:
        _check_periods(closed_periods, errors)
    if errors:
        raise ValidationError(errors)
    place.updated_at = timezone.now()
    save_named(place)
    if hours is not None:
        _replace_hours(place, hours)
    if closed_periods is not None:
        _replace_periods(place, closed_periods)
    sync_feed(place)
    return place


@transaction.atomic
def place_approve(*, place: Place, actor: User) -> Place:
    """A coordinator approves a suggestion: it is in the directory and the feed, and the member
    who suggested it is told."""
    _decide(place, actor, Place.Status.APPROVED)
    _notify([place.suggested_by], kinds.PLACE_APPROVED, actor, place)
    return place


@transaction.atomic
def place_decline(*, place: Place, actor: User) -> Place:
    """A coordinator declines a suggestion: it is withdrawn, and the member is told."""
    _decide(place, actor, Place.Status.WITHDRAWN)
    _notify([place.suggested_by], kinds.PLACE_DECLINED, actor, place)
    return place


@transaction.atomic
def place_withdraw(*, place: Place, actor: User) -> Place:
    """A coordinator takes a place out of the directory (it leaves the feed). A meeting point
    is removed from the rides' own page instead."""
    _lock(place)
    _require_coordinator(place, actor)
    if place.kind == Kind.MEETING_POINT:
        raise ValidationError(_("A meeting point is removed from the rides’ meeting points."))
    if place.status == Place.Status.WITHDRAWN:
        raise ValidationError(_("This place is already withdrawn."))
    place.status, place.decided_by, place.updated_at = (
        Place.Status.WITHDRAWN,
        actor,
        timezone.now(),
    )
    place.save(update_fields=["status", "decided_by", "updated_at"])
    sync_feed(place)
    return place


def coordinators_of(quartier: Quartier) -> list[User]:
    return list(
        User.objects.filter(
            memberships__quartier=quartier,
            memberships__role=Membership.Role.COORDINATOR,
            memberships__status=Membership.Status.ACTIVE,
            is_active=True,
        ).order_by("pk")
    )


def sync_feed(place: Place) -> None:
    """An approved place is in the feed (meeting points are the rides' own, never there)."""
    if place.kind == Kind.MEETING_POINT:
        return
    author = place.suggested_by or place.decided_by
    if author is None:
        return
    feed_entry_sync(
        item=place,
        kind=kinds.FEED_PLACE,
        quartier=place.quartier,
        author=author,
        title=place.name,
        summary=place.description,
        item_url=place.get_absolute_url(),
        is_published=place.status == Place.Status.APPROVED,
        expires_at=None,
    )


# --- names ---------------------------------------------------------------------------------


def name_taken(place: Place) -> bool:
    """Whether another place of the quartier that is not withdrawn (in the directory, a
    meeting point, or a member's suggestion still waiting) has this name, whatever its case."""
    return (
        Place.objects.filter(quartier_id=place.quartier_id, name__iexact=place.name)
        .exclude(status=Place.Status.WITHDRAWN)
        .exclude(pk=place.pk)
        .exists()
    )


def name_taken_error() -> ValidationError:
    """The same words whoever holds the name: they never tell of another member's
    suggestion."""
    return ValidationError({"name": [_("This quartier already has a place by that name.")]})


def save_named(place: Place) -> None:
    """Save the place; a name another place took meanwhile (the unique constraint
    ``one_place_name``, met when two people save at once) is refused in words, not a server
    error. The save is in its own savepoint, so the transaction around it goes on."""
    try:
        with transaction.atomic():
            place.save()
    except IntegrityError:
        if name_taken(place):
            raise name_taken_error() from None
        raise


# --- checks --------------------------------------------------------------------------------


def _apply(place: Place, fields: dict[str, Any], errors: Errors) -> None:
    was_meeting_point = place.pk is not None and place.kind == Kind.MEETING_POINT
    unknown = set(fields) - set(PLACE_EDITABLE)
    if unknown:
        errors.update({name: [_("This cannot be changed.")] for name in sorted(unknown)})
    for name in PLACE_EDITABLE:
        if name in fields:
            setattr(place, name, fields[name])
    for name in ("name", "address", "phone"):
        setattr(place, name, " ".join(str(getattr(place, name) or "").split()))
    place.description = str(place.description or "").strip()
    if place.kind not in Kind.values:
        errors["kind"] = [_("Choose a kind of place from the list.")]
    elif was_meeting_point and place.kind != Kind.MEETING_POINT:
        # Rides start and end there: it stays what they know it as.
        errors["kind"] = [_("A meeting point stays a meeting point.")]
    services = place.services if isinstance(place.services, list) else None
    if services is None or any(s not in Service.values for s in services):
        errors["services"] = [_("Choose the services from the list.")]
    else:
        place.services = [s for s in Service.values if s in services]  # once each, in order
    if (place.latitude is None) != (place.longitude is None):
        errors["address"] = [_("Type the address again: it was not found on the map.")]
    try:
        place.full_clean(
            exclude=["quartier", "suggested_by", "decided_by", "kind", "services", "status"],
            validate_constraints=False,
            validate_unique=False,
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name not in errors:
                errors[name] = messages
    if place.kind == Kind.MEETING_POINT and place.latitude is None:
        errors.setdefault("address", []).append(
            _("A meeting point needs an address found on the map.")
        )
    if place.name and name_taken(place):
        errors.setdefault("name", []).extend(name_taken_error().message_dict["name"])


def _check_hours(hours: Iterable[Hours], errors: Errors) -> None:
    """Each interval within a day; never closing when it opens but for 00:00–00:00 (all day);
    a few a day, none overlapping another of the same day."""
    by_day: dict[int, list[Hours]] = {}
    problems: list[str] = []
    for row in hours:
        if not (isinstance(row.weekday, int) and 0 <= row.weekday <= 6):
            problems.append(_("Choose a day from Monday to Sunday."))
            continue
        if not isinstance(row.opens, datetime.time) or not isinstance(row.closes, datetime.time):
            problems.append(_("Type an hour between 00:00 and 23:59, for example 09:30."))
            continue
        if row.opens == row.closes and not is_all_day(row.opens, row.closes):
            problems.append(_same_time())
            continue
        by_day.setdefault(row.weekday, []).append(row)
    for rows in by_day.values():
        if len(rows) > MAX_INTERVALS_A_DAY:
            problems.append(
                _("At most %(count)d intervals a day.") % {"count": MAX_INTERVALS_A_DAY}
            )
            continue
        spans = sorted((_minutes(r.opens), _end_minutes(r)) for r in rows)
        if any(later[0] < earlier[1] for earlier, later in itertools.pairwise(spans)):
            problems.append(_("Two intervals of the same day overlap."))
    if problems:
        errors.setdefault("hours", []).extend(dict.fromkeys(problems))


def _minutes(moment: datetime.time) -> int:
    return moment.hour * 60 + moment.minute


def _end_minutes(row: Hours) -> int:
    end = _minutes(row.closes)
    return end + 24 * 60 if row.closes <= row.opens else end


def _check_periods(periods: Sequence[Closing], errors: Errors) -> None:
    problems: list[str] = []
    if len(periods) > MAX_CLOSED_PERIODS:
        problems.append(_("At most %(count)d closed periods.") % {"count": MAX_CLOSED_PERIODS})
    for period in periods:
        if period.ends_on < period.starts_on:
            problems.append(_("A closed period cannot end before it starts."))
        elif (period.ends_on - period.starts_on).days >= MAX_PERIOD_DAYS:
            problems.append(_("A closed period lasts a year at most."))
        if (period.opens is None) != (period.closes is None):
            problems.append(
                _("Give both hours of a closed period's day, or none when it is closed.")
            )
        elif (
            period.opens is not None
            and period.closes is not None
            and period.opens == period.closes
            and not is_all_day(period.opens, period.closes)
        ):
            problems.append(_same_time())
        if len(period.label) > 100:
            problems.append(_("Say why in 100 characters at most."))
    if problems:
        errors.setdefault("closed_periods", []).extend(dict.fromkeys(problems))


# --- writes --------------------------------------------------------------------------------


def _replace_hours(place: Place, hours: Sequence[Hours]) -> None:
    OpeningHours.objects.filter(place=place).delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(place=place, weekday=row.weekday, opens=row.opens, closes=row.closes)
        for row in hours
    )


def _replace_periods(place: Place, periods: Sequence[Closing]) -> None:
    ClosedPeriod.objects.filter(place=place).delete()
    ClosedPeriod.objects.bulk_create(
        ClosedPeriod(
            place=place,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            label=period.label.strip(),
            opens=period.opens,
            closes=period.closes,
        )
        for period in periods
    )


def _lock(place: Place) -> None:
    list(Place.objects.select_for_update().filter(pk=place.pk).values_list("pk", flat=True))
    place.refresh_from_db(fields=["status", "decided_by", "kind"])


def _require_coordinator(place: Place, actor: User) -> None:
    if not is_coordinator(user=actor, quartier=place.quartier):
        raise PermissionDenied(_("Only a coordinator of this quartier can do this."))


def _require_editor(place: Place, actor: User) -> None:
    if is_coordinator(user=actor, quartier=place.quartier):
        if place.status == Place.Status.WITHDRAWN:
            raise ValidationError(_("This place is withdrawn."))
        return
    if place.status == Place.Status.SUGGESTED and place.suggested_by_id == actor.pk:
        return
    raise PermissionDenied(_("Only a coordinator of this quartier can change this place."))


def _decide(place: Place, actor: User, status: str) -> None:
    _lock(place)
    _require_coordinator(place, actor)
    if place.status != Place.Status.SUGGESTED:
        raise ValidationError(_("This suggestion was already decided."))
    place.status, place.decided_by, place.updated_at = status, actor, timezone.now()
    place.save(update_fields=["status", "decided_by", "updated_at"])
    sync_feed(place)


def _notify(users: Iterable[User | None], kind: str, actor: User, place: Place) -> None:
    messaging.notifications_create(
        users=[user for user in users if user is not None and user.pk != actor.pk],
        kind=kind,
        actor=actor,
        title=place.name,
        url=place.get_absolute_url(),
    )
