from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neighbourhood.feed.kinds import feed_kinds
from neighbourhood.quartiers.models import Quartier


class FeedEntry(models.Model):
    """One row per published item, whatever its kind: the feed is one indexed query."""

    # One of `neighbourhood.feed.kinds.feed_kinds`, registered by the app that publishes it: no
    # choices here, so that a new kind needs no migration.
    kind = models.CharField(_("kind"), max_length=20)
    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="feed_entries")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_entries"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    item_url = models.CharField(max_length=200)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("published"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    is_published = models.BooleanField(default=True)
    is_hidden = models.BooleanField(_("hidden by a coordinator"), default=False)
    is_visible = models.BooleanField(default=True, editable=False)

    class Meta:
        verbose_name = _("feed entry")
        verbose_name_plural = _("feed entries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_entry_per_item"
            ),
            # is_visible is stored for the index, and must always say published and not hidden.
            models.CheckConstraint(
                condition=Q(is_visible=True, is_published=True, is_hidden=False)
                | (Q(is_visible=False) & (Q(is_published=False) | Q(is_hidden=True))),
                name="feed_visible_is_derived",
            ),
        ]
        indexes = [
            models.Index(
                "quartier",
                models.F("created_at").desc(),
                models.F("id").desc(),
                condition=Q(is_visible=True),
                name="feed_visible_newest_first",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.item_url

    @property
    def kind_label(self) -> str:
        return str(feed_kinds.label(self.kind))

    @property
    def kind_badge(self) -> str:
        kind = feed_kinds.get(self.kind)
        return "" if kind is None else kind.badge
