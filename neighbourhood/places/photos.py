"""Places carry photos: members read those of a place they may see (the pages' access helper);
coordinators add and remove them, and the member who suggested a place while it waits.
Registered with neighbourhood.photos in PlacesConfig.ready."""

from __future__ import annotations

from neighbourhood.accounts.models import User
from neighbourhood.photos.subjects import register_photo_subject
from neighbourhood.places import selectors
from neighbourhood.places.models import Place


def place_for_reading(*, user: User, subject_id: int) -> Place:
    return selectors.get_place_for_member(user=user, place_id=subject_id)


def place_for_editing(*, user: User, subject_id: int) -> Place:
    return selectors.get_place_for_editing(user=user, place_id=subject_id)


def register_photo_subjects() -> None:
    register_photo_subject(
        "place", Place, find_for_editing=place_for_editing, find_for_reading=place_for_reading
    )
