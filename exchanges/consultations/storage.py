"""Where consultations' documents are kept: ``STORAGES["documents"]``, private. Nothing serves
these files but `views.documents.document_download`, which checks that the reader is a member
of the consultation's quartier; a former member, an outsider or someone given an old address
gets nothing. On the disk they live outside any served folder and have no address at all; in an
S3 store their objects are private (see the settings)."""

from __future__ import annotations

from typing import Any, cast

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on the disk that have no address: read through a view that checks who asks."""

    def url(self, name: str | None) -> str:
        raise ValueError("Documents have no address: they are read through the site's view.")


class _DocumentsStorage(LazyObject):
    """STORAGES["documents"], looked up again when the setting changes (a FileField keeps the
    storage it was given when its model was defined)."""

    _wrapped: Any

    def _setup(self) -> None:
        self._wrapped = storages["documents"]


_storage = _DocumentsStorage()


@receiver(setting_changed)
def _storages_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        _storage._wrapped = empty


def documents_storage() -> Storage:
    # A callable, so migrations do not record the backend.
    return cast(Storage, _storage)
