"""Registering for one date of a gathering, and cancelling.

The places of a date are counted on its `Occurrence` (made by the first registration, with the
event's capacity copied). Registering takes a place with one guarded update (``taken = taken + 1
WHERE taken < capacity``) under the check constraint of the counter: of many registering at
once, only as many as there are places get one; the others are stored as ``waiting``, in the
order they came. When the guarded update finds no place, the occurrence's row is locked and the
update tried again, so a place freed meanwhile is never left empty while someone waits.
Cancelling locks the occurrence, frees the place and moves the oldest waiting up, in the same
transaction; they are told once it is committed."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from exchanges.events import kinds
from exchanges.events.models import Event, Occurrence, Registration
from exchanges.events.recurrence import When, dates_between
from exchanges.events.services.common import lock, notify, occurrence_lock, titled
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import is_member
from neighbourhood.relais import acting


def _take_place(occurrence_id: int) -> bool:
    """The guarded update: one place more, never beyond the capacity (none: no limit)."""
    return bool(
        Occurrence.objects.filter(
            Q(capacity__isnull=True) | Q(taken__lt=F("capacity")), pk=occurrence_id
        ).update(taken=F("taken") + 1)
    )


def occurrence_for(event: Event, day: datetime.date) -> Occurrence:
    """The date ``day`` of the event as a row, made the first time (two registering at once for
    a new date find the same row: the unique constraint decides, get_or_create reads it back).

    Making it copies the event's times and capacity: they are read again under the event's
    lock, so a change being saved by its organiser is waited for and copied, not the values read
    before it. A date that exists already follows the event's changes by itself."""
    _refuse_if_not_a_date(event, day)
    occurrence = Occurrence.objects.filter(event=event, date=day).first()
    if occurrence is not None:
        return occurrence
    lock(event)
    when = _refuse_if_not_a_date(event, day)
    occurrence, _created = Occurrence.objects.get_or_create(
        event=event,
        date=day,
        defaults={"starts_at": when.starts_at, "ends_at": when.ends_at, "capacity": event.capacity},
    )
    return occurrence


def _refuse_if_not_a_date(event: Event, day: datetime.date) -> When:
    # A date is the day it starts: not the Sunday of a gathering from Saturday to Monday.
    found = [when for when in dates_between(event, day, day) if when.date == day]
    if not found:
        raise ValidationError(
            _("“%(title)s” does not take place on %(date)s.")
            % {"title": event.title, "date": date_format(day, "l j F Y")}
        )
    return found[0]


@transaction.atomic
def event_register(*, event: Event, member: User, day: datetime.date) -> Registration:
    """Registers ``member`` for the date ``day``: a place if one is left, else the waiting
    list. Refused in words: no registration needed, a day that is not one of its dates, a date
    already started, twice."""
    if not is_member(user=member, quartier=event.quartier):
        raise PermissionDenied(_("Only members of this quartier can register."))
    if event.is_cancelled:
        raise ValidationError(_("This gathering is cancelled."))
    if not event.registration:
        raise ValidationError(_("No registration is needed for this gathering: just come."))
    occurrence = occurrence_for(event, day)
    if occurrence.starts_at <= timezone.now():
        raise ValidationError(_("This date has already started: registration is closed."))
    _refuse_twice(occurrence, member)
    got_a_place = _take_place(occurrence.pk)
    if not got_a_place:
        # No place: with the row locked, a place freed meanwhile is seen (and taken).
        occurrence_lock(occurrence)
        got_a_place = _take_place(occurrence.pk)
    if not Event.objects.filter(pk=event.pk, status=Event.Status.SCHEDULED).exists():
        raise ValidationError(_("This gathering is cancelled."))  # cancelled meanwhile
    status = Registration.Status.REGISTERED if got_a_place else Registration.Status.WAITING
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                occurrence=occurrence, member=member, status=status
            )
    except IntegrityError:
        # Registered twice at the same moment: this one's place goes back with the rollback.
        raise ValidationError(_("You are already registered for this date.")) from None
    registration.occurrence = occurrence
    if got_a_place:
        _join_thread(event, member)
        notify([member], kinds.EVENT_REGISTERED, None, event, day)
        notify([event.organiser], kinds.EVENT_NEW_REGISTRATION, member, event, day)
    else:
        notify([member], kinds.EVENT_WAITING, None, event, day)
    acting.record(
        actor=member,
        verb=acting.Verb.EVENT_REGISTERED,
        target=registration,
        summary=titled(event, day),
    )
    return registration


def _refuse_twice(occurrence: Occurrence, member: User) -> None:
    live = Registration.objects.filter(
        occurrence=occurrence, member=member, status__in=Registration.LIVE
    ).values_list("status", flat=True)
    for status in live:
        if status == Registration.Status.WAITING:
            raise ValidationError(_("You are already on the waiting list for this date."))
        raise ValidationError(_("You are already registered for this date."))


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: User) -> Registration:
    """The member cancels their registration (or leaves the waiting list) before the date
    starts. A place freed goes to the oldest waiting, who is told."""
    if registration.member_id != actor.pk:
        raise PermissionDenied(_("Only the one registered can cancel this registration."))
    occurrence = occurrence_lock(registration.occurrence)
    fresh = Registration.objects.select_for_update().get(pk=registration.pk)
    if not fresh.is_live:
        raise ValidationError(_("This registration is already cancelled."))
    if occurrence.starts_at <= timezone.now():
        raise ValidationError(_("This date has already started: it can no longer be cancelled."))
    event = Event.objects.select_related("quartier", "organiser", "conversation").get(
        pk=occurrence.event_id
    )
    cancel_registrations(occurrence, [fresh])
    move_up(event, occurrence)
    _leave_thread_if_done(event, actor)
    registration.status, registration.cancelled_at = fresh.status, fresh.cancelled_at
    acting.record(
        actor=actor,
        verb=acting.Verb.EVENT_UNREGISTERED,
        target=registration,
        summary=titled(event, occurrence.date),
    )
    return registration


def cancel_registrations(occurrence: Occurrence, registrations: list[Registration]) -> None:
    """Cancels these live registrations of a locked occurrence, freeing their places."""
    if not registrations:
        return
    now = timezone.now()
    freed = sum(r.status == Registration.Status.REGISTERED for r in registrations)
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
        status=Registration.Status.CANCELLED, cancelled_at=now
    )
    for registration in registrations:
        registration.status, registration.cancelled_at = Registration.Status.CANCELLED, now
    if freed:
        Occurrence.objects.filter(pk=occurrence.pk).update(taken=F("taken") - freed)
        occurrence.taken -= freed


def cancel_date(occurrence: Occurrence) -> list[User]:
    """Every live registration of the date is cancelled (a date off, the gathering cancelled
    or moved): who they were, to be told. The occurrence is locked here."""
    locked = occurrence_lock(occurrence)
    live = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(occurrence=locked, status__in=Registration.LIVE)
        .select_related("member")
        .order_by("created_at", "id")
    )
    cancel_registrations(locked, live)
    return [registration.member for registration in live]


def move_up(event: Event, occurrence: Occurrence) -> list[Registration]:
    """The oldest waiting take the places left of a locked occurrence, and are told (the bell
    and the mail leave once committed)."""
    occurrence.refresh_from_db(fields=["taken", "capacity"])
    waiting = (
        Registration.objects.select_for_update(of=("self",))
        .filter(occurrence=occurrence, status=Registration.Status.WAITING)
        .select_related("member")
        .order_by("created_at", "id")
    )
    if occurrence.capacity is not None:
        left = occurrence.capacity - occurrence.taken
        if left <= 0:
            return []
        waiting = waiting[:left]
    moved = list(waiting)
    if not moved:
        return []
    now = timezone.now()
    Registration.objects.filter(pk__in=[r.pk for r in moved]).update(
        status=Registration.Status.REGISTERED, moved_up_at=now
    )
    Occurrence.objects.filter(pk=occurrence.pk).update(taken=F("taken") + len(moved))
    occurrence.taken += len(moved)
    for registration in moved:
        registration.status, registration.moved_up_at = Registration.Status.REGISTERED, now
        _join_thread(event, registration.member)
    notify([r.member for r in moved], kinds.EVENT_MOVED_UP, None, event, occurrence.date)
    return moved


def _join_thread(event: Event, member: User) -> None:
    if event.conversation is not None:
        messaging.conversation_add_participant(conversation=event.conversation, user=member)


def _leave_thread_if_done(event: Event, member: User) -> None:
    """The thread is the organiser's and the registered's: one with no live registration left
    for a date to come leaves it."""
    if event.conversation is None or member.pk == event.organiser_id:
        return
    still = Registration.objects.filter(
        occurrence__event=event,
        member=member,
        status=Registration.Status.REGISTERED,
        occurrence__starts_at__gt=timezone.now(),
    ).exists()
    if not still:
        messaging.conversation_remove_participant(conversation=event.conversation, user=member)
