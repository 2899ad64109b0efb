"""Gatherings carry photos (the poster, last month's repair café): who sees them and who adds
and removes them are the pages' own access helpers, so a photo is never reachable where its
gathering is not. Registered with neighbourhood.photos in EventsConfig.ready."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from exchanges.events import selectors
from exchanges.events.models import Event
from neighbourhood.accounts.models import User
from neighbourhood.photos.subjects import register_photo_subject


def event_for_reading(*, user: User, subject_id: int) -> Event:
    return selectors.get_event_for_member(user=user, event_id=subject_id)


def event_for_editing(*, user: User, subject_id: int) -> Event:
    """Its organiser, while it is scheduled (a cancelled one's photos are deleted with it)."""
    event = selectors.get_event_for_organiser(user=user, event_id=subject_id)
    if event.is_cancelled:
        raise PermissionDenied(_("This gathering is cancelled."))
    return event


def register_photo_subjects() -> None:
    register_photo_subject(
        "event", Event, find_for_editing=event_for_editing, find_for_reading=event_for_reading
    )
