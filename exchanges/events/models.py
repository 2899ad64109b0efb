"""Gatherings: a repair café, a café débat, an initiation workshop at the EPN. Once, or repeating
(every week, every second Saturday of the month, on the 5th of each month), with dates that do
not take place (`EventException`).

A member registers for one date, an `Occurrence`, made the first time someone registers for it
(as rides' trips). Places are counted on the occurrence under a check constraint, moved by one
guarded update: the capacity is never exceeded, whatever the number registering at once. The
one who does not get a place is `waiting`; a cancellation moves the first waiting up, in the
same transaction.

Times are wall-clock times in the quartier's timezone: a gathering at 14:00 every second
Saturday is at 14:00 in winter and in summer (`exchanges.events.recurrence`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from messaging.models import Conversation
from neighbourhood.feed.models import FeedEntry
from neighbourhood.photos.models import Photo
from neighbourhood.places.models import Place
from neighbourhood.quartiers.models import Quartier

DESCRIPTION_MAX_LENGTH = 4000
MAX_CAPACITY = 500
MAX_INTERVAL = 12


class Event(models.Model):
    class Repeat(models.TextChoices):
        NONE = "none", _("Once")
        WEEKLY = "weekly", _("Every week")
        MONTHLY_BY_WEEKDAY = "monthly_weekday", _("Every month, on the same weekday")
        MONTHLY_BY_DAY = "monthly_day", _("Every month, on the same day")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", pgettext_lazy("gathering", "Cancelled")

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="events")
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="events_organised"
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
    )
    # Where: one of the quartier's places, or an address in words (with its coordinates when
    # the geocoder found them).
    place = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # The first date's start and end; a repeating event's later dates keep the same local
    # times (and the same length) on their own days.
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    repeat = models.CharField(
        _("repeats"), max_length=15, choices=Repeat.choices, default=Repeat.NONE
    )
    interval = models.PositiveSmallIntegerField(
        _("every"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_INTERVAL)],
        help_text=_("1: every week (or month), 2: every other one…"),
    )
    repeat_until = models.DateField(_("repeats until"), null=True, blank=True)
    registration = models.BooleanField(_("registration needed"), default=False)
    # With registration: how many places each date has (empty: no limit).
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
    )
    # A public gathering is in the quartier's public calendar and news feed, for anyone.
    public = models.BooleanField(_("public: listed outside the quartier"), default=False)
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.SCHEDULED
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("published"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    feed_entries = GenericRelation(FeedEntry)
    photos = GenericRelation(Photo)

    class Meta:
        verbose_name = _("gathering")
        verbose_name_plural = _("gatherings")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
                name="event_capacity_1_to_500",
            ),
            models.CheckConstraint(
                condition=Q(interval__gte=1, interval__lte=MAX_INTERVAL),
                name="event_interval_1_to_12",
            ),
        ]
        indexes = [
            models.Index(fields=["quartier", "status", "starts_at"], name="event_quartier"),
            models.Index(fields=["organiser"], name="event_organiser"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def repeats(self) -> bool:
        return self.repeat != self.Repeat.NONE

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def duration(self) -> datetime.timedelta:
        return self.ends_at - self.starts_at

    @property
    def dates_off(self) -> list[datetime.date]:
        """Its exceptions' dates (prefetched by the lists)."""
        return sorted(exception.date for exception in self.exceptions.all())

    @property
    def where(self) -> str:
        if self.place_id is not None and self.place is not None:
            return self.place.name
        return self.address


class EventException(models.Model):
    """A date a repeating event does not take place (an EXDATE): the repair café in August."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date"))
    # When it was taken off: the registrations cancelled then stay in the private feeds as
    # cancelled, those the members had cancelled before do not come back.
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("date off")
        verbose_name_plural = _("dates off")
        ordering = ["event", "date"]
        constraints = [
            models.UniqueConstraint(fields=["event", "date"], name="one_exception_a_date"),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.date}"


class Occurrence(models.Model):
    """One date of an event that someone registered for. ``taken`` counts the registered;
    ``capacity`` is the event's, copied so that one guarded update keeps the count."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    date = models.DateField(_("date"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    taken = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("date of a gathering")
        verbose_name_plural = _("dates of gatherings")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "date"], name="one_occurrence_a_date"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(taken__lte=F("capacity")),
                name="occurrence_capacity_never_exceeded",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"], name="occurrence_when")]

    def __str__(self) -> str:
        return f"{self.event} · {self.date}"

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.taken, 0)


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")

    LIVE = (Status.REGISTERED, Status.WAITING)

    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="registrations"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # The waiting list's order.
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    moved_up_at = models.DateTimeField(_("moved up"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # Claimed by the day-before reminder, so that it is sent once.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["occurrence", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "member"],
                condition=Q(status__in=["registered", "waiting"]),
                name="one_live_registration",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "status"], name="registration_member"),
            models.Index(fields=["occurrence", "status", "created_at"], name="registration_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.occurrence}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE
