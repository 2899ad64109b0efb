"""Reads of gatherings, and the access helpers every page and endpoint goes through: an
outsider gets a 404 for every gathering, date and registration of a quartier they are not in;
a member who may see it but not do this, a 403.

Lists expand only the dates they show (`exchanges.events.recurrence`), with the dates off
prefetched: a fixed number of queries whatever the number of gatherings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.events.models import Event, Occurrence, Registration
from exchanges.events.recurrence import When, next_dates
from exchanges.events.services.common import may_cancel
from neighbourhood.accounts.models import User
from neighbourhood.places.models import Place
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import active_quartier_ids

LIST_LIMIT = 100
DATES_SHOWN = 6


def _events() -> QuerySet[Event]:
    return Event.objects.select_related(
        "organiser", "quartier", "place", "conversation"
    ).prefetch_related("exceptions")


def get_event_for_member(*, user: User, event_id: int) -> Event:
    if not user.is_authenticated:
        raise Http404
    try:
        return _events().get(pk=event_id, quartier_id__in=active_quartier_ids(user_id=user.pk))
    except Event.DoesNotExist:
        raise Http404 from None


def get_event_for_organiser(*, user: User, event_id: int) -> Event:
    """As `get_event_for_member`, and a 403 for a member who does not organise it."""
    event = get_event_for_member(user=user, event_id=event_id)
    if event.organiser_id != user.pk:
        raise PermissionDenied(_("Only the organiser of this gathering can do this."))
    return event


def get_event_for_canceller(*, user: User, event_id: int) -> Event:
    """The organiser, or a coordinator of its quartier."""
    event = get_event_for_member(user=user, event_id=event_id)
    if not may_cancel(event, user):
        raise PermissionDenied(
            _("Only the organiser of this gathering or a coordinator can cancel it.")
        )
    return event


def get_registration_for_member(*, user: User, registration_id: int) -> Registration:
    """My own registration, in one of my quartiers (anyone else's: 404)."""
    if not user.is_authenticated:
        raise Http404
    try:
        return Registration.objects.select_related(
            "member", "occurrence__event__quartier", "occurrence__event__organiser"
        ).get(
            pk=registration_id,
            member=user,
            occurrence__event__quartier_id__in=active_quartier_ids(user_id=user.pk),
        )
    except Registration.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class Upcoming:
    """A gathering in a list, shown by its next date."""

    event: Event
    next: When


def upcoming(
    *,
    quartier: Quartier | None = None,
    quartier_ids: list[int] | None = None,
    place: Place | None = None,
    now: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    public_only: bool = False,
    organiser: User | None = None,
    limit: int = LIST_LIMIT,
) -> list[Upcoming]:
    """The scheduled gatherings with a date still to come (before ``until``, if given), the
    soonest first. Two queries: the gatherings and their dates off."""
    now = now or timezone.now()
    found = _events().filter(status=Event.Status.SCHEDULED)
    if quartier is not None:
        found = found.filter(quartier=quartier)
    if organiser is not None:
        found = found.filter(organiser=organiser)
    if quartier_ids is not None:
        found = found.filter(quartier_id__in=quartier_ids)
    if place is not None:
        found = found.filter(place=place)
    if public_only:
        found = found.filter(public=True)
    still = Q(repeat=Event.Repeat.NONE, ends_at__gt=now) | (
        ~Q(repeat=Event.Repeat.NONE)
        & (Q(repeat_until__isnull=True) | Q(repeat_until__gte=now.date() - datetime.timedelta(1)))
    )
    if until is not None:
        found = found.filter(starts_at__lt=until)
    rows: list[Upcoming] = []
    for event in found.filter(still):
        dates = next_dates(event, now, 1)
        if dates and (until is None or dates[0].starts_at < until):
            rows.append(Upcoming(event, dates[0]))
    rows.sort(key=lambda row: (row.next.starts_at, row.event.pk))
    return rows[:limit]


@dataclass
class DateRow:
    """One date of a gathering on its page: its places left, and where the viewer stands."""

    when: When
    occurrence: Occurrence | None
    mine: Registration | None
    rank: int | None  # on the waiting list: 1 for the first
    capacity: int | None  # the date's places (the event's until someone registers)

    @property
    def places_left(self) -> int | None:
        if self.occurrence is not None:
            return self.occurrence.places_left
        return self.capacity


def event_dates(
    *, event: Event, viewer: User, now: datetime.datetime | None = None, count: int = DATES_SHOWN
) -> list[DateRow]:
    """The next ``count`` dates of the gathering, each with its occurrence (if anyone
    registered), the viewer's live registration and their rank on its waiting list: three
    queries whatever the count. A cancelled gathering has none."""
    if event.is_cancelled:
        return []
    now = now or timezone.now()
    dates = next_dates(event, now, count)
    occurrences = {
        o.date: o for o in Occurrence.objects.filter(event=event, date__in=[w.date for w in dates])
    }
    mine = {
        r.occurrence_id: r
        for r in Registration.objects.filter(
            occurrence__in=occurrences.values(), member=viewer, status__in=Registration.LIVE
        )
    }
    ranks = waiting_ranks([r for r in mine.values() if r.status == Registration.Status.WAITING])
    rows = []
    for when in dates:
        occurrence = occurrences.get(when.date)
        registration = mine.get(occurrence.pk) if occurrence is not None else None
        rank = ranks.get(registration.pk) if registration is not None else None
        capacity = occurrence.capacity if occurrence is not None else event.capacity
        rows.append(DateRow(when, occurrence, registration, rank, capacity))
    return rows


def waiting_ranks(registrations: list[Registration]) -> dict[int, int]:
    """The rank of each waiting registration on its date's list (1: next to move up), in one
    query: those of its date waiting before it, plus one."""
    if not registrations:
        return {}
    wanted = Q()
    for registration in registrations:
        wanted |= Q(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, id__lt=registration.pk),
            occurrence_id=registration.occurrence_id,
        )
    counted = dict.fromkeys((r.pk for r in registrations), 1)
    before = Registration.objects.filter(wanted, status=Registration.Status.WAITING).values_list(
        "occurrence_id", "created_at", "id"
    )
    for occurrence_id, created_at, pk in before:
        for registration in registrations:
            if registration.occurrence_id == occurrence_id and (created_at, pk) < (
                registration.created_at,
                registration.pk,
            ):
                counted[registration.pk] += 1
    return counted


def live_registrations(
    *,
    user: User,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
) -> QuerySet[Registration]:
    """A member's live registrations (registered or waiting) for dates of scheduled gatherings
    of their quartiers, between ``start`` and ``end`` (dates to come by default), soonest
    first, with the date, the gathering, its quartier and its place: one query. The calendar's
    private feed reads it."""
    start = start or timezone.now()
    found = Registration.objects.filter(
        member=user,
        status__in=Registration.LIVE,
        occurrence__ends_at__gt=start,
        occurrence__event__status=Event.Status.SCHEDULED,
        occurrence__event__quartier_id__in=active_quartier_ids(user_id=user.pk),
    )
    if end is not None:
        found = found.filter(occurrence__starts_at__lt=end)
    return found.select_related(
        "occurrence__event__quartier", "occurrence__event__place", "occurrence__event__organiser"
    ).order_by("occurrence__starts_at", "id")


def my_registrations(*, user: User) -> list[tuple[Registration, int | None]]:
    """My registrations for dates to come, soonest first, each with my rank if waiting: two
    queries."""
    registrations = list(live_registrations(user=user)[:LIST_LIMIT])
    ranks = waiting_ranks([r for r in registrations if r.status == Registration.Status.WAITING])
    return [(r, ranks.get(r.pk)) for r in registrations]


def my_organised(*, user: User) -> list[Upcoming]:
    """The gatherings I organise that still have a date to come (chosen in SQL: the list's
    limit counts mine only)."""
    return upcoming(quartier_ids=active_quartier_ids(user_id=user.pk), organiser=user)


def attendance(*, event: Event, day: datetime.date) -> tuple[Occurrence | None, list[Registration]]:
    """The date's list for its organiser: the registered, then the waiting in their order; one
    query for the date, one for the people."""
    occurrence = Occurrence.objects.filter(event=event, date=day).first()
    if occurrence is None:
        return None, []
    people = list(
        Registration.objects.filter(occurrence=occurrence, status__in=Registration.LIVE)
        .select_related("member")
        .order_by("status", "created_at", "id")
    )
    return occurrence, people


def counts_by_date(*, event: Event) -> dict[datetime.date, int]:
    """How many are waiting on each date of the gathering."""
    return dict(
        Registration.objects.filter(occurrence__event=event, status=Registration.Status.WAITING)
        .values_list("occurrence__date")
        .annotate(n=Count("id"))
        .values_list("occurrence__date", "n")
    )
