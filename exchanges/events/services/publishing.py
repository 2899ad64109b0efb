"""The organiser's writes: publishing a gathering, changing it, cancelling it, taking a date
off and putting it back. Each keeps the feed entry, the dates registered for and the people
registered in step, in the same transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exchanges.events import kinds
from exchanges.events.models import (
    MAX_CAPACITY,
    MAX_INTERVAL,
    Event,
    EventException,
    Occurrence,
    Registration,
)
from exchanges.events.recurrence import dates_between
from exchanges.events.services.common import (
    Errors,
    lock,
    may_cancel,
    notify,
    require_organiser,
    require_scheduled,
    sync_feed,
)
from exchanges.events.services.registrations import cancel_date, move_up
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.photos.services import photos_delete_for
from neighbourhood.places.models import Place
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import is_member
from neighbourhood.relais import acting

EDITABLE = [
    "title",
    "description",
    "place",
    "address",
    "latitude",
    "longitude",
    "starts_at",
    "ends_at",
    "repeat",
    "interval",
    "repeat_until",
    "registration",
    "capacity",
    "public",
]
# What, changed, the registered are told about: when and where.
TOLD_OF = {"starts_at", "ends_at", "repeat", "interval", "repeat_until", "place", "address"}
# However far a gathering is planned.
MAX_AHEAD = datetime.timedelta(days=2 * 366)


@transaction.atomic
def event_create(*, quartier: Quartier, organiser: User, **fields: Any) -> Event:
    """Publishes a gathering, once or repeating, and opens its thread (the organiser's and the
    registered's)."""
    if not is_member(user=organiser, quartier=quartier):
        raise PermissionDenied(_("Only members of this quartier can publish in it."))
    now = timezone.now()
    event = Event(quartier=quartier, organiser=organiser, created_at=now, updated_at=now)
    errors: Errors = {}
    _apply(event, fields, errors, now)
    if errors:
        raise ValidationError(errors)
    event.save()
    event.conversation = messaging.conversation_open(
        quartier=quartier, title=event.title, subject=event, participants=[], started_by=organiser
    )
    event.save(update_fields=["conversation"])
    sync_feed(event)
    acting.record(
        actor=organiser, verb=acting.Verb.EVENT_PUBLISHED, target=event, summary=event.title
    )
    return event


@transaction.atomic
def event_edit(*, event: Event, actor: User, **fields: Any) -> Event:
    """What, when, where, how many. Never fewer places than already registered on a date to
    come; a date that is no longer one of its dates has its registrations cancelled; more
    places move the waiting up; the registered of the dates to come are told of a new time or
    place."""
    require_organiser(event, actor)
    lock(event)
    require_scheduled(event)
    before = {name: getattr(event, name) for name in TOLD_OF}
    now = timezone.now()
    errors: Errors = {}
    _apply(event, fields, errors, now, started_ok=True)
    coming = Occurrence.objects.filter(event=event, starts_at__gt=now).order_by("date")
    # The dates to come locked (after the event, as every write does) before their places are
    # counted: a registration being saved is waited for and counted, never found afterwards
    # beyond a capacity just lowered.
    list(coming.select_for_update().values_list("pk", flat=True))
    if not errors:
        _check_places(event, coming, errors)
    if errors:
        raise ValidationError(errors)
    event.updated_at = now
    event.save()
    told = _follow(event, list(coming))
    if any(getattr(event, name) != value for name, value in before.items()):
        notify(told, kinds.EVENT_CHANGED, actor, event)
    sync_feed(event)
    acting.record(actor=actor, verb=acting.Verb.EVENT_EDITED, target=event, summary=event.title)
    return event


def _check_places(event: Event, coming: Any, errors: Errors) -> None:
    if not event.registration:
        if Registration.objects.filter(
            occurrence__in=coming, status__in=Registration.LIVE
        ).exists():
            errors["registration"] = [
                _("Neighbours are registered for dates to come: registration stays needed.")
            ]
        return
    if event.capacity is None:
        return
    fullest = coming.filter(taken__gt=event.capacity).order_by("-taken", "date").first()
    if fullest is not None:
        errors["capacity"] = [
            ngettext(
                "%(count)d person is already registered on %(date)s: keep at least %(count)d "
                "place.",
                "%(count)d people are already registered on %(date)s: keep at least %(count)d "
                "places.",
                fullest.taken,
            )
            % {"count": fullest.taken, "date": date_format(fullest.date, "l j F")}
        ]


def _follow(event: Event, coming: list[Occurrence]) -> list[User]:
    """The dates registered for follow the event: new times and capacity, the waiting moved up
    into new places, the registrations of a date that is no longer one cancelled. Who is
    registered or waiting for a date to come (to be told)."""
    if not coming:
        return []
    dates = {w.date: w for w in dates_between(event, coming[0].date, coming[-1].date)}
    people: dict[int, User] = {}
    for occurrence in coming:
        when = dates.get(occurrence.date)
        if when is None:
            for member in cancel_date(occurrence):
                people[member.pk] = member
            continue
        Occurrence.objects.filter(pk=occurrence.pk).update(
            starts_at=when.starts_at, ends_at=when.ends_at, capacity=event.capacity
        )
        move_up(event, occurrence)
        for registration in Registration.objects.filter(
            occurrence=occurrence, status__in=Registration.LIVE
        ).select_related("member"):
            people[registration.member_id] = registration.member
    return list(people.values())


@transaction.atomic
def event_cancel(*, event: Event, actor: User) -> Event:
    """The organiser or a coordinator calls it off: every registration for a date to come is
    cancelled, and those registered or waiting told. Its page stays, saying so."""
    if not may_cancel(event, actor):
        raise PermissionDenied(
            _("Only the organiser of this gathering or a coordinator can cancel it.")
        )
    lock(event)
    require_scheduled(event)
    event.status = Event.Status.CANCELLED
    event.updated_at = timezone.now()
    event.save(update_fields=["status", "updated_at"])
    told: dict[int, User] = {}
    for occurrence in Occurrence.objects.filter(event=event, starts_at__gt=timezone.now()):
        told.update({member.pk: member for member in cancel_date(occurrence)})
    notify(list(told.values()), kinds.EVENT_CANCELLED, actor, event)
    photos_delete_for(subject=event)
    sync_feed(event)
    acting.record(actor=actor, verb=acting.Verb.EVENT_CANCELLED, target=event, summary=event.title)
    return event


@transaction.atomic
def exception_add(*, event: Event, actor: User, day: datetime.date) -> EventException:
    """Takes one date of a repeating gathering off (the repair café in August): those
    registered or waiting for it are cancelled and told."""
    require_organiser(event, actor)
    lock(event)
    require_scheduled(event)
    if not event.repeats:
        raise ValidationError(_("This gathering happens once: cancel it instead."))
    found = [when for when in dates_between(event, day, day) if when.date == day]
    if not found:
        raise ValidationError(
            _("“%(title)s” does not take place on %(date)s.")
            % {"title": event.title, "date": date_format(day, "l j F Y")}
        )
    if found[0].starts_at <= timezone.now():
        raise ValidationError(_("This date has already started: it cannot be taken off."))
    try:
        with transaction.atomic():
            exception = EventException.objects.create(event=event, date=day)
    except IntegrityError:
        raise ValidationError(_("This date is already off.")) from None
    occurrence = Occurrence.objects.filter(event=event, date=day).first()
    if occurrence is not None:
        notify(cancel_date(occurrence), kinds.EVENT_DATE_OFF, actor, event, day)
    return exception


@transaction.atomic
def exception_remove(*, event: Event, actor: User, day: datetime.date) -> None:
    """Puts a date off back: registering for it opens again."""
    require_organiser(event, actor)
    lock(event)
    require_scheduled(event)
    deleted, _rows = EventException.objects.filter(event=event, date=day).delete()
    if not deleted:
        raise ValidationError(_("This date is not off."))


def _apply(
    event: Event,
    fields: dict[str, Any],
    errors: Errors,
    now: datetime.datetime,
    *,
    started_ok: bool = False,
) -> None:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        errors.update({name: [_("This cannot be changed.")] for name in sorted(unknown)})
    for name in EDITABLE:
        if name in fields:
            setattr(event, name, fields[name])
    event.title = (event.title or "").strip()
    event.description = (event.description or "").strip()
    event.address = " ".join((event.address or "").split())
    if event.place_id is not None:  # the place says where: its own address and point
        event.address, event.latitude, event.longitude = "", None, None
    _check_where(event, errors)
    _check_when(event, errors, now, started_ok=started_ok)
    _check_registration(event, errors)
    try:
        event.full_clean(
            exclude=["quartier", "organiser", "conversation", "place", "starts_at", "ends_at"],
            validate_constraints=False,
            validate_unique=False,
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name not in errors:
                errors.setdefault(name, []).extend(messages)


def _check_where(event: Event, errors: Errors) -> None:
    place: Place | None = event.place
    if place is not None and (
        place.quartier_id != event.quartier_id or place.status != Place.Status.APPROVED
    ):
        errors["place"] = [_("Choose one of the quartier's places.")]
    elif place is None and not event.address:
        errors["address"] = [_("Say where: choose a place, or type an address.")]


def _check_when(event: Event, errors: Errors, now: datetime.datetime, *, started_ok: bool) -> None:
    starts, ends = event.starts_at, event.ends_at
    if not isinstance(starts, datetime.datetime):
        errors["starts_at"] = [_("Say when it starts.")]
        return
    if not isinstance(ends, datetime.datetime):
        errors["ends_at"] = [_("Say when it ends.")]
        return
    for name, moment in (("starts_at", starts), ("ends_at", ends)):
        if skipped_by_the_clocks(moment):
            errors[name] = [_("This time does not exist that day: the clocks go forward.")]
    if ends <= starts and "ends_at" not in errors:
        errors["ends_at"] = [_("A gathering ends after it starts.")]
    if starts <= now and not started_ok:
        errors["starts_at"] = [_("Choose a date to come.")]
    if starts > now + MAX_AHEAD:
        errors["starts_at"] = [_("Plan it at most two years ahead.")]
    if event.repeat not in Event.Repeat.values:
        errors["repeat"] = [_("Choose how often it takes place.")]
        return
    if not event.repeats:
        event.interval, event.repeat_until = 1, None
        return
    if ends - starts > datetime.timedelta(days=1):
        errors["ends_at"] = [_("A repeating gathering lasts at most a day.")]
    if not isinstance(event.interval, int) or not 1 <= event.interval <= MAX_INTERVAL:
        errors["interval"] = [_("Every 1 to %(count)d weeks or months.") % {"count": MAX_INTERVAL}]
    first_day = starts.astimezone(event.quartier.zone).date()
    if event.repeat_until is not None and event.repeat_until < first_day:
        errors["repeat_until"] = [_("The last date comes after the first one.")]
    elif event.repeat_until is not None and event.repeat_until > first_day + MAX_AHEAD:
        # As far as a gathering is planned; beyond, no date could be written (9999-12-31).
        errors["repeat_until"] = [_("The last date comes at most two years after the first one.")]


def skipped_by_the_clocks(moment: datetime.datetime) -> bool:
    """Whether ``moment`` is a wall-clock time its zone jumps over (02:30 in Paris the night
    the clocks go forward): read back through UTC, it is another hour (03:30). Saving it would
    move the gathering silently; an exact instant with its offset is never one."""
    again = moment.astimezone(datetime.UTC).astimezone(moment.tzinfo)
    return again.replace(tzinfo=None) != moment.replace(tzinfo=None)


def _check_registration(event: Event, errors: Errors) -> None:
    if not event.registration:
        event.capacity = None
        return
    capacity = event.capacity
    if capacity is not None and (
        not isinstance(capacity, int) or not 1 <= capacity <= MAX_CAPACITY
    ):
        errors["capacity"] = [
            _("From 1 to %(count)d places, or empty for no limit.") % {"count": MAX_CAPACITY}
        ]
