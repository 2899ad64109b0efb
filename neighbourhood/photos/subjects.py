"""What photos may be attached to, and who may see and change them.

Photos know nothing of the apps whose objects carry them: each app registers its kinds of
subject in its ``ready()`` (``register_photo_subject("item", Item, ...)``), with the access
helpers that say who reads a subject's photos and who adds and removes them. The helpers are
called as ``find(user=..., subject_id=...)`` and return the object, or raise ``Http404`` for
anyone who may not see it and ``PermissionDenied`` for a member who may see it but not do this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.http import Http404

Finder = Callable[..., models.Model]


@dataclass(frozen=True)
class PhotoSubject:
    key: str
    model: type[models.Model]
    find_for_editing: Finder
    find_for_reading: Finder
    # The subject's own page, for the "back to" link; get_absolute_url when not given.
    url: Callable[[models.Model], str | None] | None = None

    def url_of(self, subject: models.Model) -> str | None:
        if self.url is not None:
            return self.url(subject)
        get_absolute_url = getattr(subject, "get_absolute_url", None)
        return get_absolute_url() if callable(get_absolute_url) else None


_subjects: dict[str, PhotoSubject] = {}


def register_photo_subject(
    key: str,
    model: type[models.Model],
    *,
    find_for_editing: Finder,
    find_for_reading: Finder,
    url: Callable[[models.Model], str | None] | None = None,
) -> None:
    """Called from an app's ``ready()``; registering a key again replaces it (tests, reloads)."""
    _subjects[key] = PhotoSubject(key, model, find_for_editing, find_for_reading, url)


def photo_subject(key: str) -> PhotoSubject:
    """The registered kind of subject, a 404 for a key no app registered."""
    try:
        return _subjects[key]
    except KeyError:
        raise Http404 from None


def photo_subject_for_model(model: type[models.Model]) -> PhotoSubject | None:
    return next((s for s in _subjects.values() if s.model is model), None)


def photo_subject_keys() -> list[str]:
    return sorted(_subjects)
