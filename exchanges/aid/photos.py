"""Objects and coups de main carry photos: who sees them and who adds and removes them are the
pages' own access helpers (`selectors.objects.get_item_for_member` / `get_item_for_owner`,
`selectors.help.get_coup_for_member` / `get_coup_for_author`), so a photo is never reachable
where its subject is not (an outsider, a withdrawn object). Registered with neighbourhood.photos
in AidConfig.ready."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

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
    """Its author adds photos while it is still to be done. A cancelled one's photos are gone
    with its cancellation; a done one's stay, and each can still be removed."""
    coup = coup_de_main_for_reading(user=user, subject_id=subject_id)
    if coup.author_id != user.pk:
        raise PermissionDenied(_("Only the author of this coup de main can change its photos."))
    if not coup.is_live:
        raise PermissionDenied(_("Photos are added while the coup de main is still to be done."))
    return coup


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
