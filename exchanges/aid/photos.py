"""Objects and coups de main carry photos: who sees them and who adds and removes them are the
pages' own access helpers (`selectors.objects.get_item_for_member` / `get_item_for_owner`,
`selectors.help.get_coup_for_member` / `get_coup_for_author`), so a photo is never reachable
where its subject is not (an outsider, a withdrawn object). Registered with neighbourhood.photos
in AidConfig.ready."""

from __future__ import annotations

from exchanges.aid.models import CoupDeMain, Item
from exchanges.aid.selectors import help as help_selectors
from exchanges.aid.selectors import objects as object_selectors
from neighbourhood.accounts.models import User
from neighbourhood.photos.subjects import register_photo_subject


def item_for_reading(*, user: User, subject_id: int) -> Item:
    return object_selectors.get_item_for_member(user=user, item_id=subject_id)


def item_for_editing(*, user: User, subject_id: int) -> Item:
    return object_selectors.get_item_for_owner(user=user, item_id=subject_id)


def coup_de_main_for_reading(*, user: User, subject_id: int) -> CoupDeMain:
    return help_selectors.get_coup_for_member(user=user, coup_id=subject_id)


def coup_de_main_for_editing(*, user: User, subject_id: int) -> CoupDeMain:
    return help_selectors.get_coup_for_author(user=user, coup_id=subject_id)


def register_photo_subjects() -> None:
    register_photo_subject(
        "item", Item, find_for_editing=item_for_editing, find_for_reading=item_for_reading
    )
    register_photo_subject(
        "coup_de_main",
        CoupDeMain,
        find_for_editing=coup_de_main_for_editing,
        find_for_reading=coup_de_main_for_reading,
    )
