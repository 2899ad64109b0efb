"""Gatherings in the calendars (neighbourhood.calendar), registered in `EventsConfig.ready`.

- The quartier's page: its scheduled gatherings, each date in the window (a repeating one
  expanded there only), the dates the member registered for marked.
- The private feed: the dates the member registered for (or waits for). Registrations are per
  date, so each is its own VEVENT, even for a repeating gathering; those of a gathering called
  off stay, CANCELLED.
- The public feed and news: the quartier's public gatherings, a repeating one written once with
  its RRULE and EXDATEs.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from exchanges.events.models import Event, EventException, Registration
from exchanges.events.recurrence import When, dates_between, rrule_for
from neighbourhood.accounts.models import User
from neighbourhood.calendar import (
    Item,
    Section,
    link_to,
    local_moment,
    register_calendar_section,
)
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import member_of_quartier

REGISTERED = Registration.Status.REGISTERED
WAITING = Registration.Status.WAITING


class EventsSection(Section):
    def page_items(
        self, *, member: User, quartier: Quartier, first: datetime.date, last: datetime.date
    ) -> list[Item]:
        zone = quartier.zone
        window_start = local_moment(first, datetime.time.min, zone)
        window_end = local_moment(last + datetime.timedelta(days=1), datetime.time.min, zone)
        # A once-only gathering still going on when the window opens (a weekend from Saturday
        # seen in the week of its Monday) is in it.
        once = Q(repeat=Event.Repeat.NONE, ends_at__gt=window_start)
        repeating = ~Q(repeat=Event.Repeat.NONE) & (
            Q(repeat_until__isnull=True) | Q(repeat_until__gte=first)
        )
        events = _scheduled(quartier).filter(once | repeating, starts_at__lt=window_end)
        mine = {
            (event_id, day): status
            for event_id, day, status in Registration.objects.filter(
                member=member,
                status__in=Registration.LIVE,
                occurrence__event__quartier=quartier,
                occurrence__ends_at__gt=window_start,
                occurrence__date__lte=last,
            ).values_list("occurrence__event_id", "occurrence__date", "status")
        }
        items = []
        for event in events:
            off = {exception.date for exception in event.exceptions.all()}
            for when in dates_between(event, first, last, exceptions=off):
                status = mine.get((event.pk, when.date), "")
                items.append(_dated(event, when, status))
        return items

    def private_items(
        self, *, member: User, first: datetime.date, last: datetime.date
    ) -> list[Item]:
        # Calling a gathering off cancels its registrations: those it cancelled stay, so that
        # a calendar app reads STATUS:CANCELLED and takes the date off. One cancelled before
        # by the member (before the gathering's last change) stays out.
        called_off = Q(
            status=Registration.Status.CANCELLED,
            occurrence__event__status=Event.Status.CANCELLED,
            cancelled_at__gte=F("occurrence__event__updated_at"),
        )
        # The same for a date taken off: its registrations were cancelled with it.
        taken_off = Q(status=Registration.Status.CANCELLED) & Exists(
            EventException.objects.filter(
                event=OuterRef("occurrence__event"),
                date=OuterRef("occurrence__date"),
                created_at__lte=OuterRef("cancelled_at"),
            )
        )
        registrations = (
            Registration.objects.filter(
                Q(status__in=Registration.LIVE) | called_off | taken_off,
                member=member,
                occurrence__date__gte=first,
                occurrence__date__lte=last,
            )
            .filter(member_of_quartier(member, "occurrence__event__quartier_id"))
            .select_related("occurrence__event__quartier", "occurrence__event__place")
        )
        items = []
        for registration in registrations:
            occurrence = registration.occurrence
            when = When(occurrence.date, occurrence.starts_at, occurrence.ends_at)
            items.append(_dated(occurrence.event, when, registration.status))
        return items

    def public_items(self, *, quartier: Quartier, since: datetime.date) -> list[Item]:
        zone = quartier.zone
        events = (
            _scheduled(quartier)
            .filter(public=True)
            .filter(
                Q(
                    repeat=Event.Repeat.NONE,
                    ends_at__gte=local_moment(since, datetime.time.min, zone),
                )
                | (
                    ~Q(repeat=Event.Repeat.NONE)
                    & (Q(repeat_until__isnull=True) | Q(repeat_until__gte=since))
                )
            )
        )
        return [_whole(event) for event in events]


def register_sections() -> None:
    register_calendar_section("events", EventsSection())


def _scheduled(quartier: Quartier) -> QuerySet[Event]:
    """The quartier's scheduled gatherings, with their place and dates off: two queries."""
    return (
        Event.objects.filter(quartier=quartier, status=Event.Status.SCHEDULED)
        .select_related("quartier", "place")
        .prefetch_related("exceptions")
        .order_by("starts_at", "id")
    )


def _dated(event: Event, when: When, registration: str) -> Item:
    """One date of a gathering, and how the member takes part in it (``registration``: their
    registration's status, or empty)."""
    if registration == REGISTERED:
        mine, status = _("You are registered"), "confirmed"
    elif registration == WAITING:
        mine, status = _("You are on the waiting list"), "tentative"
    else:
        mine, status = "", "confirmed"
    if event.is_cancelled or registration == Registration.Status.CANCELLED:
        status = "cancelled"
    return Item(
        uid=f"event-{event.pk}-{when.date:%Y%m%d}@voisinage",
        kind="event",
        title=event.title,
        start=when.starts_at,
        end=when.ends_at,
        zone=event.quartier.zone,
        place=event.where,
        url=link_to(event, event.quartier.get_absolute_url()),
        mine=mine,
        status=status,
        description="\n\n".join(
            part for part in (f"{mine}." if mine else "", event.description) if part
        ),
        updated=event.updated_at,
    )


def _whole(event: Event) -> Item:
    """A gathering with all its dates: its first, its rule and the dates it does not happen."""
    return Item(
        uid=f"event-{event.pk}@voisinage",
        kind="event",
        title=event.title,
        start=event.starts_at,
        end=event.ends_at,
        zone=event.quartier.zone,
        place=event.where,
        url=link_to(event, event.quartier.get_absolute_url()),
        description=event.description,
        rule=rrule_for(event),
        exdates=tuple(sorted(exception.date for exception in event.exceptions.all())),
        updated=event.updated_at,
    )
