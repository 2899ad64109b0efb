"""The directory's writes: a member suggests a place, a coordinator adds one directly, approves
or declines a suggestion, changes a place, withdraws it.

Every write checks its input and refuses it in words (a ``ValidationError`` naming the field)
before anything is written; the hours and closed periods (`opening`) are replaced as a whole,
in the same transaction as the place. The feed entry of an approved place is kept in step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.feed.services import feed_entry_sync
from neighbourhood.places import kinds
from neighbourhood.places.models import Kind, Place, Service
from neighbourhood.places.services.names import name_taken, name_taken_error, save_named
from neighbourhood.places.services.opening import (
    Closing,
    Errors,
    Hours,
    check_hours,
    check_periods,
    replace_hours,
    replace_periods,
)
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import coordinator_users, is_coordinator, is_member
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
    check_hours(hours, errors)
    check_periods(closed_periods, errors)
    if errors:
        raise ValidationError(errors)
    save_named(place)
    replace_hours(place, hours)
    replace_periods(place, closed_periods)
    sync_feed(place)
    acting.record(actor=actor, verb=acting.Verb.PLACE_SUGGESTED, target=place, summary=place.name)
    if not coordinator:
        _notify(coordinator_users(quartier_id=quartier.pk), kinds.PLACE_SUGGESTED, actor, place)
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
        check_hours(hours, errors)
    if closed_periods is not None:
        check_periods(closed_periods, errors)
    if errors:
        raise ValidationError(errors)
    place.updated_at = timezone.now()
    save_named(place)
    if hours is not None:
        replace_hours(place, hours)
    if closed_periods is not None:
        replace_periods(place, closed_periods)
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


# --- checks and access -------------------------------------------------------------------------


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
    elif place.kind == Kind.MEETING_POINT and not was_meeting_point:
        # A meeting point is where rides start: its coordinators add it on the rides' page.
        errors["kind"] = [_("Meeting points are added by coordinators on the carpool's page.")]
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
