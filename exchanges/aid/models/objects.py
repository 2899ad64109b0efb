"""Objects a neighbour lends or gives away, their loans and their gifts.

An object is never lent twice for overlapping dates: on PostgreSQL an exclusion constraint over
the accepted and handed-over loans (migration 0002), on SQLite a check made while the object's
row is locked (SQLite lets one writer in at a time). A gift has at most one taker holding it."""

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
from neighbourhood.quartiers.models import Quartier

DESCRIPTION_MAX_LENGTH = 2000
MAX_LOAN_DAYS = 90


class ItemCategory(models.TextChoices):
    TOOLS = "tools", _("Tools and DIY")
    GARDEN = "garden", _("Garden")
    KITCHEN = "kitchen", _("Kitchen")
    HOUSE = "house", _("Home and furniture")
    CHILDREN = "children", _("Children and babies")
    BOOKS = "books", _("Books, music and films")
    GAMES = "games", _("Games and toys")
    SPORT = "sport", _("Sport and outdoors")
    ELECTRONICS = "electronics", _("Electronics and computers")
    CLOTHES = "clothes", _("Clothes")
    MOBILITY = "mobility", _("Mobility and health")
    OTHER = "other", _("Other")


class Item(models.Model):
    """An object to lend or to give away."""

    class Mode(models.TextChoices):
        LEND = "lend", _("To lend")
        GIVE = "give", _("To give away")

    class Condition(models.TextChoices):
        NEW = "new", _("As new")
        GOOD = "good", _("Good")
        WORN = "worn", _("Worn but works")
        TO_REPAIR = "to_repair", _("To repair")

    class GiveRule(models.TextChoices):
        FIRST_ASKED = "first_asked", _("First asked, first served")
        GIVER_CHOOSES = "giver_chooses", _("I choose among those who ask")

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        PAUSED = "paused", _("Not available for now")
        GIVEN = "given", _("Given away")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="items")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="items"
    )
    mode = models.CharField(_("lend or give"), max_length=4, choices=Mode.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
    )
    category = models.CharField(_("category"), max_length=11, choices=ItemCategory.choices)
    condition = models.CharField(
        _("condition"), max_length=9, choices=Condition.choices, default=Condition.GOOD
    )
    collect_at = models.CharField(_("where to collect it"), max_length=200, blank=True)
    # Lending only: the longest loan, in days (a loan from Saturday to Sunday is 2 days).
    max_days = models.PositiveSmallIntegerField(
        _("longest loan (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_LOAN_DAYS)],
    )
    deposit_note = models.CharField(_("deposit or note"), max_length=200, blank=True)
    give_rule = models.CharField(
        _("who gets it"),
        max_length=13,
        choices=GiveRule.choices,
        default=GiveRule.FIRST_ASKED,
    )
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.AVAILABLE
    )
    # The title, description and category's words, lower-cased and without accents: what the
    # inventory's word search reads.
    search_keys = models.TextField(default="", editable=False)
    created_at = models.DateTimeField(_("published"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    feed_entries = GenericRelation(FeedEntry)
    photos = GenericRelation(Photo)

    class Meta:
        verbose_name = _("object")
        verbose_name_plural = _("objects")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_days__isnull=True)
                | Q(max_days__gte=1, max_days__lte=MAX_LOAN_DAYS),
                name="item_max_days_1_to_90",
            ),
        ]
        indexes = [
            models.Index(fields=["quartier", "status", "category"], name="item_inventory"),
            models.Index(fields=["owner", "status"], name="item_owner"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("aid:item", kwargs={"item_id": self.pk})

    @property
    def is_lent(self) -> bool:
        return self.mode == self.Mode.LEND


class Loan(models.Model):
    """A neighbour's request to borrow an object for some days, and what became of it. Handing
    over and returning need both sides: the second confirmation completes the step."""

    class Status(models.TextChoices):
        ASKED = "asked", _("Asked")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        HANDED_OVER = "handed_over", _("Handed over")
        RETURNED = "returned", _("Returned")
        CANCELLED = "cancelled", pgettext_lazy("loan", "Cancelled")

    # The loans that hold the object's dates: never two of them overlapping.
    HOLDING = (Status.ACCEPTED, Status.HANDED_OVER)

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="loans")
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="loans"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    message = models.CharField(_("message"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=11, choices=Status.choices, default=Status.ASKED
    )
    handed_over_by_owner_at = models.DateTimeField(null=True, blank=True)
    handed_over_by_borrower_at = models.DateTimeField(null=True, blank=True)
    returned_by_owner_at = models.DateTimeField(null=True, blank=True)
    returned_by_borrower_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    late_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="loan_ends_after_it_starts"
            ),
        ]
        indexes = [
            models.Index(
                fields=["item", "starts_on", "ends_on"],
                condition=Q(status__in=["accepted", "handed_over"]),
                name="loan_holding_dates",
            ),
            models.Index(fields=["borrower", "status"], name="loan_borrower"),
            models.Index(
                fields=["ends_on"],
                condition=Q(status__in=["accepted", "handed_over"]),
                name="loan_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.starts_on} – {self.ends_on}"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def is_lent_out(self) -> bool:
        """Handed over, or said to be by one side while the other has not confirmed yet."""
        return self.status == self.Status.HANDED_OVER or (
            self.status == self.Status.ACCEPTED
            and (
                self.handed_over_by_owner_at is not None
                or self.handed_over_by_borrower_at is not None
            )
        )

    def is_late(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_lent_out and self.ends_on < today


def lent_out() -> Q:
    """The loans whose object has left its owner: handed over, or accepted with one side's
    hand-over confirmation (the other side has not said so yet). `Loan.is_lent_out` in SQL."""
    return Q(status=Loan.Status.HANDED_OVER) | (
        Q(status=Loan.Status.ACCEPTED)
        & (Q(handed_over_by_owner_at__isnull=False) | Q(handed_over_by_borrower_at__isnull=False))
    )


def holding_between(starts_on: datetime.date, ends_on: datetime.date, *, today: datetime.date) -> Q:
    """The loans holding any day of ``starts_on``..``ends_on``: accepted or handed over over
    those dates, and a late loan (lent out, its last day passed, not returned) on every day from
    ``today`` on, since the object has not come back."""
    overlapping = Q(starts_on__lte=ends_on, ends_on__gte=starts_on)
    if ends_on >= today:
        overlapping |= lent_out() & Q(ends_on__lt=today)
    return Q(status__in=Loan.HOLDING) & overlapping


class Gift(models.Model):
    """A neighbour asking for an object given away. First asked, first served reserves it at
    once; otherwise the giver chooses. At most one gift holds the object."""

    class Status(models.TextChoices):
        ASKED = "asked", _("Asked")
        RESERVED = "reserved", _("Reserved")
        COLLECTED = "collected", _("Collected")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", pgettext_lazy("gift", "Cancelled")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="gifts")
    taker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gifts"
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.ASKED
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(status__in=["reserved", "collected"]),
                name="gift_one_holder",
            ),
            models.UniqueConstraint(
                fields=["item", "taker"],
                condition=Q(status__in=["asked", "reserved"]),
                name="gift_one_ask_per_taker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.taker}"
