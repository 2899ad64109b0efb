"""Reading photos, always through their subject's access rules (neighbourhood.photos.subjects):
an outsider gets a 404 for a subject's photos as for the subject itself."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from neighbourhood.accounts.models import User
from neighbourhood.photos.models import Photo
from neighbourhood.photos.subjects import PhotoSubject, photo_subject, photo_subject_for_model


def get_subject_for_reading(*, user: User, subject: str, subject_id: int) -> models.Model:
    return photo_subject(subject).find_for_reading(user=user, subject_id=subject_id)


def get_subject_for_editing(*, user: User, subject: str, subject_id: int) -> models.Model:
    return photo_subject(subject).find_for_editing(user=user, subject_id=subject_id)


def photos_of(*, subject: models.Model) -> models.QuerySet[Photo]:
    return Photo.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).order_by("position")


def get_photo_for_owner(*, user: User, photo_id: int) -> Photo:
    """A photo its owner may remove: a 404 for anyone who may not see its subject, a 403 for a
    member who sees it but did not add it."""
    photo = Photo.objects.select_related("content_type").filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    subject_of(photo).find_for_reading(user=user, subject_id=photo.object_id)
    if photo.owner_id != user.pk:
        raise PermissionDenied(_("Only the person who added this photo can remove it."))
    return photo


def subject_of(photo: Photo) -> PhotoSubject:
    """The registered kind of the photo's subject; a 404 for a kind no app registers (a quartier's
    photo, say, before quartiers have a page for them)."""
    model = photo.content_type.model_class()
    registered = photo_subject_for_model(model) if model is not None else None
    if registered is None:
        raise Http404
    return registered
