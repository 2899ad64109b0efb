from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Q
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

MAX_PER_SUBJECT = 6


class _PhotosStorage(LazyObject):
    """STORAGES["photos"], looked up again when the setting changes: a FileField keeps the
    storage it was given when its model was defined, before a test or a deployment's settings
    could point it elsewhere."""

    _wrapped: Any

    def _setup(self) -> None:
        self._wrapped = storages["photos"]


_storage = _PhotosStorage()


@receiver(setting_changed)
def _storages_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        _storage._wrapped = empty


def photos_storage() -> Storage:
    # A callable, so migrations do not record the backend, and S3 can replace the disk by settings.
    return cast(Storage, _storage)


class Photo(models.Model):
    """A photo of any subject (an item, a coup de main, later a place): two clean renditions,
    named by a random key, so a changed photo is a new address and old ones can be cached
    forever."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="photos"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    alt_text = models.CharField(
        _("description of the photo"),
        max_length=200,
        help_text=_("What the photo shows, for those who cannot see it."),
    )
    card = models.FileField(storage=photos_storage, max_length=100)
    page = models.FileField(storage=photos_storage, max_length=100)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["content_type", "object_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "position"],
                name="photo_one_per_position",
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=MAX_PER_SUBJECT),
                name="photo_position_1_to_6",
            ),
        ]
        indexes = [models.Index(fields=["owner"], name="photo_owner")]

    def __str__(self) -> str:
        return self.alt_text
