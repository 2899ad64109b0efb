"""Adding and deleting photos. Files are written before their row (the work of decoding happens
outside any transaction) and deleted only once the row's deletion is committed: a rolled back
deletion keeps its files, and a photo never points at a file that is gone."""

from __future__ import annotations

import secrets
from functools import partial
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from neighbourhood.accounts.models import User
from neighbourhood.photos.models import MAX_PER_SUBJECT, Photo, photos_storage
from neighbourhood.photos.processing import photo_prepare
from neighbourhood.relais import acting


def _subject_photos(subject: models.Model) -> models.QuerySet[Photo]:
    return Photo.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    )


def _delete_files(names: list[str]) -> None:
    storage = photos_storage()
    for name in names:
        storage.delete(name)


def delete_files_on_commit(sender: type[Photo], instance: Photo, using: str, **kwargs: Any) -> None:
    """post_delete receiver: the files go when the deletion is committed, never before."""
    names = [name for name in (instance.card.name, instance.page.name) if name]
    transaction.on_commit(partial(_delete_files, names), using=using)


def photo_add(*, subject: models.Model, owner: User, upload: IO[bytes], alt_text: str) -> Photo:
    """Adds a photo to a subject, in its first free position. Refuses a seventh."""
    alt_text = alt_text.strip()
    if not alt_text:
        raise ValidationError(
            {"alt_text": _("Describe the photo in a few words, for those who cannot see it.")}
        )
    if len(alt_text) > 200:
        raise ValidationError({"alt_text": _("At most 200 characters.")})
    if _subject_photos(subject).count() >= MAX_PER_SUBJECT:
        raise _too_many()
    try:
        prepared = photo_prepare(upload)
    except ValidationError as refused:
        # Named after the argument, so a form or an endpoint shows it next to its file field.
        raise ValidationError({"upload": refused.error_list}) from None

    # A random key per photo: its address changes when the photo does, so it can be cached
    # forever, and it says nothing of the subject or the owner.
    key = secrets.token_urlsafe(18)
    photo = Photo(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        owner=owner,
        alt_text=alt_text,
        width=prepared.page.width,
        height=prepared.page.height,
    )
    photo.card.save(f"{key}-card.webp", ContentFile(prepared.card.content), save=False)
    photo.page.save(f"{key}-page.webp", ContentFile(prepared.page.content), save=False)
    written = [photo.card.name, photo.page.name]
    try:
        # Two uploads at once may take the same free position: the loser tries the next one,
        # and the constraints keep a seventh out whatever happens.
        for _attempt in range(MAX_PER_SUBJECT):
            taken = set(_subject_photos(subject).values_list("position", flat=True))
            free = [p for p in range(1, MAX_PER_SUBJECT + 1) if p not in taken]
            if not free:
                raise _too_many()
            photo.position = free[0]
            try:
                with transaction.atomic():
                    photo.save()
                    acting.record(
                        actor=owner, verb=acting.Verb.PHOTO_ADDED, target=subject, summary=alt_text
                    )
                return photo
            except IntegrityError:
                continue
        raise _too_many()
    except BaseException:
        _delete_files([name for name in written if name])
        raise


def _too_many() -> ValidationError:
    return ValidationError(
        _("At most %(count)d photos: remove one first.") % {"count": MAX_PER_SUBJECT},
        code="too_many",
    )


def photo_delete(*, photo: Photo, actor: User) -> None:
    if photo.owner_id != actor.pk:
        raise PermissionDenied(_("Only the person who added this photo can remove it."))
    with transaction.atomic():
        photo.delete()
        # Read only for the log of a relais acting for the owner: one query nobody else pays.
        subject = photo.subject if acting.current() is not None else None
        if subject is not None:
            acting.record(
                actor=actor, verb=acting.Verb.PHOTO_REMOVED, target=subject, summary=photo.alt_text
            )


def photos_delete_for(*, subject: models.Model) -> None:
    """Deletes a subject's photos; called by the app that deletes the subject, in the same
    transaction."""
    _subject_photos(subject).delete()
