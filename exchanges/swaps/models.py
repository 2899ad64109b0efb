from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from messaging.models import Conversation
from neighbourhood.feed.models import FeedEntry
from neighbourhood.quartiers.models import Quartier

DESCRIPTION_MAX_LENGTH = 5000


class Category(models.TextChoices):
    LANGUAGES = "languages", _("Languages")
    COOKING = "cooking", _("Cooking")
    DIGITAL = "digital", _("Digital skills")
    DIY = "diy", _("DIY and repair")
    GARDENING = "gardening", _("Gardening")
    MUSIC_ARTS = "music_arts", _("Music and arts")
    SPORT = "sport", _("Sport")
    HOMEWORK = "homework", _("Homework help")
    OTHER = "other", _("Other")


class Swap(models.Model):
    """An offer to teach or a wish to learn, in one quartier."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("I can teach")
        REQUEST = "request", _("I would like to learn")

    class Format(models.TextChoices):
        ONE_TO_ONE = "one_to_one", _("One to one")
        SMALL_GROUP = "small_group", _("Small group")

    class Place(models.TextChoices):
        HOME = "home", _("At home")
        PUBLIC = "public", _("A public place or tiers-lieu of the quartier")
        ONLINE = "online", _("Online")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="swaps")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="swaps"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    match_keys = models.TextField(default="", editable=False)
    format = models.CharField(
        _("format"), max_length=12, choices=Format.choices, default=Format.ONE_TO_ONE
    )
    place = models.CharField(_("where"), max_length=8, choices=Place.choices, default=Place.PUBLIC)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    ends_on = models.DateField(_("until"))
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("published"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    feed_entries = GenericRelation(FeedEntry)

    class Meta:
        verbose_name = _("knowledge swap")
        verbose_name_plural = _("knowledge swaps")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["quartier", "status", "ends_on"], name="swap_active"),
            models.Index(fields=["author", "status"], name="swap_author"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="swap_has_a_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("swaps:detail", kwargs={"swap_id": self.pk})

    @property
    def is_expired(self) -> bool:
        return self.ends_on < timezone.localdate()

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.ACTIVE and not self.is_expired


class Exchange(models.Model):
    """A mise en relation: the author of a swap and another member, put in touch about it."""

    swap = models.ForeignKey(Swap, on_delete=models.CASCADE, related_name="exchanges")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="swap_exchanges"
    )
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    conversation = models.ForeignKey(Conversation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("put in touch"), default=timezone.now)
    held_at = models.DateTimeField(_("took place"), null=True, blank=True)

    class Meta:
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["swap", "member"], name="one_exchange_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.swap} · {self.member}"

    def is_party(self, user_id: int) -> bool:
        return user_id in {self.swap.author_id, self.member_id}


class Evaluation(models.Model):
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="evaluations")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="swap_evaluations"
    )
    text = models.TextField(
        _("how it went"), max_length=1000, validators=[MaxLengthValidator(1000)]
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exchange", "author"], name="one_evaluation_each"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class SwapKey(models.Model):
    """The matching index: one row per open swap and match key (a tag "t:velo" or a title word
    "w:reparer"), written by the swap services whenever a swap changes (`matching.index_swap`),
    so that suggestions ask the database for the swaps sharing a member's own keys instead of
    loading the whole quartier. Only active swaps have rows; the quartier, author and kind of a
    swap never change, its category and end date are copied here so that a query reads this
    table alone."""

    swap = models.ForeignKey(Swap, on_delete=models.CASCADE, related_name="keys")
    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Swap.Kind.choices)
    category = models.CharField(max_length=12, choices=Category.choices)
    ends_on = models.DateField()
    key = models.CharField(max_length=130)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["swap", "key"], name="swap_key_once"),
        ]
        indexes = [
            # Holds every column the suggestions read, so the index alone answers them.
            models.Index(
                fields=["key", "kind", "quartier", "ends_on"],
                include=["author", "swap", "category"],
                name="swap_key_lookup",
            ),
            # A quartier's offers or requests by author: the three-cycles walk them in author
            # order and stop at the first few that close a cycle, whatever the quartier's size.
            models.Index(
                fields=["quartier", "kind", "author"],
                include=["key", "ends_on"],
                name="swap_key_author_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.swap_id} {self.key}"
