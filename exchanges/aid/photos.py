"""Objects and coups de main carry photos: who sees them (the quartier's members) and who adds
and removes them (the object's owner, the coup de main's author). Registered with
neighbourhood.photos in AidConfig.ready."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from exchanges.aid.models import CoupDeMain, Item
from exchanges.aid.selectors import help as help_selectors
from neighbourhood.accounts.models import User
from neighbourhood.photos.subjects import register_photo_subject
from neighbourhood.quartiers.selectors import is_member


def item_for_reading(*, user: User, subject_id: int) -> Item:
    item = Item.objects.select_related("quartier").filter(pk=subject_id).first()
    if (
        item is None
        or not user.is_authenticated
        or not is_member(user=user, quartier=item.quartier)
    ):
        raise Http404
    return item


def item_for_editing(*, user: User, subject_id: int) -> Item:
    item = item_for_reading(user=user, subject_id=subject_id)
    if item.owner_id != user.pk:
        raise PermissionDenied(_("Only the owner of this object can change its photos."))
    return item


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
