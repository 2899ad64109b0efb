"""The quartier's own places: the directory of where things happen (the EPN, the fablab, the
mairie, the market, the AMAP's distribution point…), with their opening hours.

A member suggests a place, a coordinator approves it; the directory shows the approved ones.
The rides' meeting points are places of the kind ``meeting_point`` (``rides.MeetingPoint`` is a
proxy of `Place`), so one table answers "where".

Opening hours are wall-clock times in the quartier's timezone (``Quartier.timezone``): an
interval that closes at or before it opens runs past midnight into the next day, and 00:00–00:00
is the whole day. A `ClosedPeriod` (a public holiday, the August fortnight) closes the place on
its days, or replaces its hours on them when it has hours of its own.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neighbourhood.feed.models import FeedEntry
from neighbourhood.photos.models import Photo
from neighbourhood.quartiers.models import Quartier

DESCRIPTION_MAX_LENGTH = 2000


class Kind(models.TextChoices):
    EPN = "epn", _("EPN / digital help point")
    FABLAB = "fablab", _("Fablab")
    TIERS_LIEU = "tiers_lieu", _("Tiers-lieu")
    ASSOCIATION = "association", _("Association")
    LIBRARY = "library", _("Library")
    SCHOOL = "school", _("School")
    PUBLIC_SERVICE = "public_service", _("Mairie and public services")
    SHOP = "shop", _("Shop")
    MARKET = "market", _("Market")
    AMAP_POINT = "amap_point", _("AMAP distribution point")
    REPAIR_CAFE = "repair_cafe", _("Repair café")
    MEETING_POINT = "meeting_point", _("Meeting point")
    OTHER = "other", _("Other")


class Service(models.TextChoices):
    """What a place offers a neighbour who needs it: the directory's "by service" filter."""

    FREE_COMPUTERS = "free_computers", _("Free computer access")
    ONLINE_FORMS = "online_forms", _("Help with online forms")
    WIFI = "wifi", _("Wi-Fi")
    PRINTING = "printing", _("Printing")
    DIGITAL_WORKSHOPS = "digital_workshops", _("Digital workshops")
    REPAIRS = "repairs", _("Repairs")


class Place(models.Model):
    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested, to be approved")
        APPROVED = "approved", _("Approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="places")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.OTHER)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
    )
    # Accessibility, each said plainly: a wheelchair gets in, there are toilets it fits, a
    # hearing loop helps those with a hearing aid.
    step_free = models.BooleanField(_("step-free access"), default=False)
    accessible_toilets = models.BooleanField(_("accessible toilets"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    services = models.JSONField(_("services offered"), default=list, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.SUGGESTED
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="places_suggested",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    feed_entries = GenericRelation(FeedEntry)
    photos = GenericRelation(Photo)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["quartier", "name"],
                condition=~Q(status="withdrawn"),
                name="one_place_name",
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__gte=-90, latitude__lte=90)
                    & Q(longitude__gte=-180, longitude__lte=180)
                ),
                name="place_on_earth",
            ),
            # A meeting point is where rides start and end: it always has its coordinates.
            models.CheckConstraint(
                condition=~Q(kind="meeting_point") | Q(latitude__isnull=False),
                name="meeting_point_has_coordinates",
            ),
        ]
        indexes = [
            models.Index(fields=["quartier", "status", "kind"], name="place_directory"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:detail", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def service_labels(self) -> list[str]:
        labels = dict(Service.choices)
        return [str(labels[key]) for key in self.services if key in labels]


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """One interval of a weekday: several rows a day for a lunch break. ``closes`` at or
    before ``opens`` runs past midnight into the next day; 00:00–00:00 is the whole day."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["place", "weekday", "opens", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="opening_hours_weekday"
            ),
            models.UniqueConstraint(
                fields=["place", "weekday", "opens"], name="one_opening_a_time"
            ),
        ]
        indexes = [models.Index(fields=["weekday", "opens"], name="opening_hours_when")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @property
    def past_midnight(self) -> bool:
        return self.closes <= self.opens


class ClosedPeriod(models.Model):
    """Days the usual hours do not hold: closed from ``starts_on`` to ``ends_on`` (both
    included), or open only from ``opens`` to ``closes`` on them when those are set (a
    Christmas Eve closing at noon)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="closed_periods")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    label = models.CharField(_("why"), max_length=100, blank=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)

    class Meta:
        verbose_name = _("closed period")
        verbose_name_plural = _("closed periods")
        ordering = ["place", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="closed_period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=(Q(opens__isnull=True) & Q(closes__isnull=True))
                | (Q(opens__isnull=False) & Q(closes__isnull=False)),
                name="closed_period_hours_both_or_none",
            ),
        ]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="closed_period_days")]

    def __str__(self) -> str:
        return self.label or f"{self.starts_on}–{self.ends_on}"
