"""Coups de main: a request for a hand ("help me carry a wardrobe on Saturday") or an offer of
one ("I can do small plumbing jobs"). Neighbours answer a request with a `HelpOffer`; the asker
chooses among them, and the places taken never exceed the helpers needed: a check constraint on
the counter, moved by one guarded update."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from messaging.models import Conversation
from neighbourhood.feed.models import FeedEntry
from neighbourhood.photos.models import Photo
from neighbourhood.quartiers.models import Quartier

DESCRIPTION_MAX_LENGTH = 2000
MAX_HELPERS = 10
# A request is urgent when it first happens today or tomorrow.
URGENT_DAYS = 1


def local_date(moment: datetime.datetime | None = None) -> datetime.date:
    """The date of ``moment`` (now by default) where the quartiers are."""
    return timezone.localdate(moment, timezone.get_default_timezone())


class Category(models.TextChoices):
    MOVING = "moving", _("Moving and carrying")
    DIY = "diy", _("DIY and small repairs")
    GARDEN = "garden", _("Garden")
    ERRANDS = "errands", _("Errands and shopping")
    PAPERWORK = "paperwork", _("Paperwork")
    DIGITAL = "digital", _("Digital help")
    CHILDCARE = "childcare", _("Childcare")
    COMPANY = "company", _("Company for an elderly neighbour")
    OTHER = "other", _("Other")


class CoupDeMain(models.Model):
    """A hand asked for or offered, in one quartier."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("I need a hand")
        OFFER = "offer", _("I can give a hand")

    class Timing(models.TextChoices):
        AT = "at", _("On a date, at a time")
        WINDOW = "window", _("Between two moments")
        WEEKLY = "weekly", _("Every week")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FULL = "full", _("Enough helpers")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", pgettext_lazy("coup de main", "Cancelled")

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="coups_de_main")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coups_de_main"
    )
    kind = models.CharField(_("kind"), max_length=7, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
    )
    timing = models.CharField(_("when"), max_length=6, choices=Timing.choices)
    # AT: starts_at alone; WINDOW: starts_at to ends_at; WEEKLY: weekdays at weekly_time, from
    # starts_at's date when given.
    starts_at = models.DateTimeField(_("from"), null=True, blank=True)
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True)
    weekly_time = models.TimeField(_("time"), null=True, blank=True)
    place_label = models.CharField(_("where"), max_length=200, blank=True)
    helpers_needed = models.PositiveSmallIntegerField(
        _("helpers needed"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HELPERS)],
    )
    helpers_taken = models.PositiveSmallIntegerField(default=0, editable=False)
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.OPEN
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("published"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    feed_entries = GenericRelation(FeedEntry)
    photos = GenericRelation(Photo)

    class Meta:
        verbose_name = _("coup de main")
        verbose_name_plural = _("coups de main")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(helpers_needed__gte=1, helpers_needed__lte=MAX_HELPERS),
                name="coup_de_main_helpers_needed_1_to_10",
            ),
            models.CheckConstraint(
                condition=Q(helpers_taken__lte=F("helpers_needed")),
                name="coup_de_main_helpers_never_exceeded",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gte=F("starts_at")),
                name="coup_de_main_ends_after_it_starts",
            ),
        ]
        indexes = [
            models.Index(fields=["quartier", "status", "category"], name="coup_de_main_open"),
            models.Index(fields=["author", "status"], name="coup_de_main_author"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("aid:help_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_live(self) -> bool:
        """Still to be done: open or with enough helpers."""
        return self.status in (self.Status.OPEN, self.Status.FULL)

    @property
    def is_request(self) -> bool:
        return self.kind == self.Kind.REQUEST

    @property
    def places_left(self) -> int:
        return max(self.helpers_needed - self.helpers_taken, 0)

    @property
    def weekday_names(self) -> list[str]:
        return [str(WEEKDAYS[day]) for day in self.weekdays if day in WEEKDAYS]

    def first_date(self, now: datetime.datetime) -> datetime.date | None:
        """The first day it happens from ``now``'s day: the start's date, or a weekly one's next
        weekday from today (or from its first date, if later)."""
        if self.timing != self.Timing.WEEKLY:
            return local_date(self.starts_at) if self.starts_at is not None else None
        today = local_date(now)
        start = max(today, local_date(self.starts_at)) if self.starts_at is not None else today
        days = set(self.weekdays or [])
        for ahead in range(7):
            day = start + datetime.timedelta(days=ahead)
            if day.weekday() in days:
                return day
        return None

    def is_urgent_at(self, now: datetime.datetime) -> bool:
        """A request that first happens today or tomorrow, in the quartier's time. Computed when
        read, never stored: a request published a week ahead becomes urgent the day before, a
        weekly one is urgent the day before and the day of each of its weekdays only.
        `selectors.help.urgency` is the same rule in SQL, for the lists' order."""
        if not self.is_request:
            return False
        first = self.first_date(now)
        return first is not None and (first - local_date(now)).days <= URGENT_DAYS

    @property
    def is_urgent(self) -> bool:
        return self.is_urgent_at(timezone.now())

    def starts_on(self) -> datetime.date | None:
        if self.starts_at is None:
            return None
        return timezone.localdate(self.starts_at)


class HelpOffer(models.Model):
    """A neighbour's "I can help" on a request; the asker chooses or declines it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CHOSEN = "chosen", _("Chosen")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    coup_de_main = models.ForeignKey(CoupDeMain, on_delete=models.CASCADE, related_name="offers")
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_offers"
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.PROPOSED
    )
    created_at = models.DateTimeField(_("offered"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer of help")
        verbose_name_plural = _("offers of help")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["coup_de_main", "helper"], name="one_help_offer_per_helper"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.coup_de_main} · {self.helper}"


class Thanks(models.Model):
    """A word of thanks after a coup de main is done, from the asker or a helper."""

    coup_de_main = models.ForeignKey(CoupDeMain, on_delete=models.CASCADE, related_name="thanks")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thanks_given"
    )
    text = models.CharField(_("thanks"), max_length=500)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("thanks")
        verbose_name_plural = _("thanks")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["coup_de_main", "author"], name="one_thanks_each"),
        ]

    def __str__(self) -> str:
        return self.text
