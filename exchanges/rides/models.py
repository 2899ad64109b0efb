"""Carpool: meeting points (places of the quartier), rides (one-off or weekly), ride requests,
trips and bookings.

A *trip* is one date of a ride. Seats are counted on the trip, under a check constraint, so a
ride is never overbooked on any date; a cancelled date of a regular ride is a cancelled trip.
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from typing import TYPE_CHECKING, Any, ClassVar

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
from neighbourhood.places.models import Kind, Place, Weekday
from neighbourhood.quartiers.models import Quartier

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_SEATS = 8
NOTES_MAX_LENGTH = 1000


def _latitude(verbose_name: StrOrPromise) -> models.FloatField:
    return models.FloatField(
        verbose_name, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )


def _longitude(verbose_name: StrOrPromise) -> models.FloatField:
    return models.FloatField(
        verbose_name, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )


def _seats(verbose_name: StrOrPromise, default: int = 1) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=default,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SEATS)],
    )


def _on_earth(prefix: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{prefix}_latitude__gte": -90, f"{prefix}_latitude__lte": 90})
        & Q(**{f"{prefix}_longitude__gte": -180, f"{prefix}_longitude__lte": 180}),
        name=name,
    )


class MeetingPointManager(models.Manager["MeetingPoint"]):
    def get_queryset(self) -> models.QuerySet[MeetingPoint]:
        return super().get_queryset().filter(kind=Kind.MEETING_POINT, status=Place.Status.APPROVED)


class MeetingPoint(Place):
    """A place everyone in the quartier knows (the station, the market, the school), defined
    by its coordinators, that rides and requests can start from, end at or pass by: a place of
    the quartier's directory of the kind "meeting point"."""

    objects: ClassVar[MeetingPointManager] = MeetingPointManager()

    class Meta:
        proxy = True
        verbose_name = _("meeting point")
        verbose_name_plural = _("meeting points")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.kind = Kind.MEETING_POINT
        if self._state.adding and self.status == Place.Status.SUGGESTED:
            self.status = Place.Status.APPROVED
        super().save(*args, **kwargs)

    @property
    def position(self) -> tuple[float, float]:
        """Its latitude and longitude, which a meeting point always has (a check constraint)."""
        assert self.latitude is not None and self.longitude is not None
        return (self.latitude, self.longitude)


class Ride(models.Model):
    """A driver's offer of seats: once, or every week on some weekdays over a period."""

    class Kind(models.TextChoices):
        ONE_OFF = "one_off", _("Once")
        REGULAR = "regular", _("Every week")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CANCELLED = "cancelled", pgettext_lazy("ride", "Cancelled")

    class DetourUnit(models.TextChoices):
        MINUTES = "min", _("minutes")
        KILOMETRES = "km", _("km")

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="rides")
    driver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rides"
    )
    kind = models.CharField(_("how often"), max_length=8, choices=Kind.choices)
    origin_label = models.CharField(_("from"), max_length=200)
    origin_latitude = _latitude(_("latitude of departure"))
    origin_longitude = _longitude(_("longitude of departure"))
    origin_point = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    destination_label = models.CharField(_("to"), max_length=200)
    destination_latitude = _latitude(_("latitude of arrival"))
    destination_longitude = _longitude(_("longitude of arrival"))
    destination_point = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    via = models.ManyToManyField(
        Place, blank=True, related_name="rides_via", verbose_name=_("by way of")
    )
    # [[latitude, longitude], ...] from the origin through the meeting points to the destination.
    route = models.JSONField(default=list, editable=False)
    route_km = models.FloatField(default=0, editable=False)
    departs_at = models.DateTimeField(_("departure"), null=True, blank=True)
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_until = models.DateField(_("until"), null=True, blank=True)
    seats = _seats(_("seats offered"))
    contribution_cents = models.PositiveIntegerField(
        _("contribution per seat (cents)"), null=True, blank=True
    )
    detour_value = models.PositiveSmallIntegerField(
        _("detour accepted"), default=10, validators=[MaxValueValidator(120)]
    )
    detour_unit = models.CharField(
        _("unit"), max_length=3, choices=DetourUnit.choices, default=DetourUnit.MINUTES
    )
    detour_km = models.FloatField(default=0, editable=False)
    luggage = models.BooleanField(_("room for luggage"), default=False)
    bikes = models.BooleanField(_("bikes welcome"), default=False)
    pets = models.BooleanField(_("pets welcome"), default=False)
    smoking = models.BooleanField(_("smoking allowed"), default=False)
    notes = models.TextField(
        _("notes"),
        max_length=NOTES_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(NOTES_MAX_LENGTH)],
    )
    auto_accept = models.BooleanField(_("accept requests automatically"), default=False)
    return_of = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="return_ride",
        verbose_name=_("return of"),
    )
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.ACTIVE
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The area where a passenger can be picked up or dropped within the driver's detour: the
    # route's box, widened. Matching narrows candidates on it, with an index, before any
    # distance is computed.
    box_min_latitude = models.FloatField(default=0, editable=False)
    box_max_latitude = models.FloatField(default=0, editable=False)
    box_min_longitude = models.FloatField(default=0, editable=False)
    box_max_longitude = models.FloatField(default=0, editable=False)
    created_at = models.DateTimeField(_("published"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    feed_entries = GenericRelation(FeedEntry)

    class Meta:
        verbose_name = _("ride")
        verbose_name_plural = _("rides")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["quartier", "departs_at", "box_min_latitude"],
                condition=Q(kind="one_off", status="active"),
                name="ride_one_off_departure",
            ),
            models.Index(fields=["driver", "status"], name="ride_driver"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1, seats__lte=MAX_SEATS), name="ride_seats_in_range"
            ),
            models.CheckConstraint(
                condition=Q(kind="one_off", departs_at__isnull=False)
                | Q(
                    kind="regular",
                    valid_from__isnull=False,
                    valid_until__gte=F("valid_from"),
                ),
                name="ride_has_its_dates",
            ),
            _on_earth("origin", "ride_origin_on_earth"),
            _on_earth("destination", "ride_destination_on_earth"),
        ]

    def __str__(self) -> str:
        return f"{self.origin_label} → {self.destination_label}"

    def get_absolute_url(self) -> str:
        return reverse("rides:detail", kwargs={"ride_id": self.pk})

    @property
    def is_regular(self) -> bool:
        return self.kind == self.Kind.REGULAR

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def ends_at(self) -> datetime.datetime:
        """When the ride leaves the feed: its departure, or the end of its last day."""
        if self.kind == self.Kind.ONE_OFF:
            assert self.departs_at is not None
            return self.departs_at
        assert self.valid_until is not None
        return end_of_day(self.valid_until)


def end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min),
        timezone.get_default_timezone(),
    )


class WeeklyDeparture(models.Model):
    """For a regular ride, the time it leaves on one weekday, in the site's timezone.

    It carries a copy of its ride's reach box, so that matching finds the weekly rides leaving
    at that hour near a passenger from this index alone, without reading the rides.
    """

    ride = models.ForeignKey(Ride, on_delete=models.CASCADE, related_name="weekly")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    time = models.TimeField(_("time"))
    box_min_latitude = models.FloatField(default=0, editable=False)
    box_max_latitude = models.FloatField(default=0, editable=False)
    box_min_longitude = models.FloatField(default=0, editable=False)
    box_max_longitude = models.FloatField(default=0, editable=False)

    class Meta:
        verbose_name = _("weekly departure")
        verbose_name_plural = _("weekly departures")
        ordering = ["weekday", "time"]
        indexes = [
            models.Index(
                fields=[
                    "weekday",
                    "time",
                    "box_min_latitude",
                    "box_max_latitude",
                    "box_min_longitude",
                    "box_max_longitude",
                    "ride",
                ],
                name="weekly_departure_reach",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["ride", "weekday"], name="one_departure_a_weekday"),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="weekday_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.time:%H:%M}"


class Trip(models.Model):
    """One date of a ride: its seats are counted here, so they are never overbooked."""

    ride = models.ForeignKey(Ride, on_delete=models.CASCADE, related_name="trips")
    date = models.DateField(_("date"))
    departs_at = models.DateTimeField(_("departure"))
    seats = _seats(_("seats offered"))
    seats_taken = models.PositiveSmallIntegerField(_("seats taken"), default=0)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    cancel_reason = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        ordering = ["departs_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ride", "date"], name="one_trip_a_date"),
            models.CheckConstraint(
                condition=Q(seats_taken__gte=0, seats_taken__lte=F("seats")),
                name="trip_never_overbooked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ride} · {self.date:%Y-%m-%d}"

    @property
    def seats_free(self) -> int:
        return 0 if self.is_cancelled else self.seats - self.seats_taken


class Booking(models.Model):
    """A passenger's seats on one trip. A request for a period is one booking a date, sharing
    a series, so the driver answers it once."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="bookings")
    passenger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookings"
    )
    series = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    seats = _seats(_("seats"))
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.REQUESTED
    )
    pickup_label = models.CharField(_("pick-up"), max_length=200, blank=True)
    dropoff_label = models.CharField(_("drop-off"), max_length=200, blank=True)
    message = models.CharField(_("message to the driver"), max_length=500, blank=True)
    reason = models.CharField(_("why"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["passenger", "status"], name="booking_passenger")]
        constraints = [
            models.UniqueConstraint(
                fields=["trip", "passenger"],
                condition=Q(status__in=["requested", "confirmed"]),
                name="one_live_booking_a_trip",
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1, seats__lte=MAX_SEATS), name="booking_seats_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.passenger} · {self.trip}"

    @property
    def is_live(self) -> bool:
        return self.status in {self.Status.REQUESTED, self.Status.CONFIRMED}


class RideRequest(models.Model):
    """A passenger's wish: from, to, a time window, once or on some weekdays over a period."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="ride_requests")
    passenger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ride_requests"
    )
    kind = models.CharField(_("how often"), max_length=8, choices=Ride.Kind.choices)
    origin_label = models.CharField(_("from"), max_length=200)
    origin_latitude = _latitude(_("latitude of departure"))
    origin_longitude = _longitude(_("longitude of departure"))
    origin_point = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    destination_label = models.CharField(_("to"), max_length=200)
    destination_latitude = _latitude(_("latitude of arrival"))
    destination_longitude = _longitude(_("longitude of arrival"))
    destination_point = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    earliest_at = models.DateTimeField(_("leave at the earliest"), null=True, blank=True)
    latest_at = models.DateTimeField(_("leave at the latest"), null=True, blank=True)
    # Bit 0 is Monday, bit 6 Sunday.
    weekdays = models.PositiveSmallIntegerField(_("weekdays"), default=0)
    earliest_time = models.TimeField(_("leave at the earliest"), null=True, blank=True)
    latest_time = models.TimeField(_("leave at the latest"), null=True, blank=True)
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_until = models.DateField(_("until"), null=True, blank=True)
    seats = _seats(_("seats needed"))
    notes = models.TextField(
        _("notes"),
        max_length=NOTES_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(NOTES_MAX_LENGTH)],
    )
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("published"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    feed_entries = GenericRelation(FeedEntry)

    class Meta:
        verbose_name = _("ride request")
        verbose_name_plural = _("ride requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["quartier", "origin_latitude"],
                condition=Q(status="active"),
                name="ride_request_active",
            ),
            models.Index(fields=["passenger", "status"], name="ride_request_passenger"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1, seats__lte=MAX_SEATS),
                name="ride_request_seats_in_range",
            ),
            models.CheckConstraint(
                condition=Q(kind="one_off", latest_at__gte=F("earliest_at"))
                | Q(
                    kind="regular",
                    weekdays__gt=0,
                    weekdays__lt=128,
                    latest_time__gte=F("earliest_time"),
                    valid_until__gte=F("valid_from"),
                ),
                name="ride_request_has_its_window",
            ),
            _on_earth("origin", "ride_request_origin_on_earth"),
            _on_earth("destination", "ride_request_destination_on_earth"),
        ]

    def __str__(self) -> str:
        return f"{self.origin_label} → {self.destination_label}"

    def get_absolute_url(self) -> str:
        return reverse("rides:request_detail", kwargs={"request_id": self.pk})

    @property
    def weekday_list(self) -> list[int]:
        return [day for day in range(7) if self.weekdays & (1 << day)]

    @property
    def ends_at(self) -> datetime.datetime:
        if self.kind == Ride.Kind.ONE_OFF:
            assert self.latest_at is not None
            return self.latest_at
        assert self.valid_until is not None
        return end_of_day(self.valid_until)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.ACTIVE and self.ends_at > timezone.now()


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a member's rides as an iCalendar feed. Revoking it gives a new
    address; the old one stops working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ride_calendar"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("ride calendar")
        verbose_name_plural = _("ride calendars")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("rides:calendar", kwargs={"token": self.token})
