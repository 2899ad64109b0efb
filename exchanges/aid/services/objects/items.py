"""Owners' writes: publishing an object to lend or give away, changing it, pausing it and
withdrawing it. Each keeps the object's feed entry and its search keys in step."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from exchanges.aid import kinds
from exchanges.aid.models import Gift, Item, ItemCategory, Loan
from exchanges.aid.models.objects import lent_out
from exchanges.swaps.words import plain
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.feed.services import feed_entry_sync
from neighbourhood.photos.services import photos_delete_for
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import is_member
from neighbourhood.relais import acting

ITEM_EDITABLE = [
    "title",
    "description",
    "category",
    "condition",
    "collect_at",
    "max_days",
    "deposit_note",
    "give_rule",
]


def search_keys(item: Item) -> str:
    """What the inventory's words are looked for in: the title, description, the category's
    label in French and in English and its key, lower case and without accents; the same
    whatever the language of the request that wrote it."""
    labels = []
    if item.category in ItemCategory:
        for language in ("fr", "en"):
            with translation.override(language):
                labels.append(str(ItemCategory(item.category).label))
    words = f"{item.title} {item.description} {' '.join(labels)} {item.category}"
    return " ".join(plain(words).split())


def lock_item(item: Item) -> None:
    """Takes the object's row lock and reads its status afresh: every write to its loans or
    gifts takes it first, so they are decided one at a time (on SQLite every transaction begins
    IMMEDIATE, see the settings: the writers are let in one at a time, the others wait)."""
    list(Item.objects.select_for_update().filter(pk=item.pk).values_list("pk", flat=True))
    item.refresh_from_db(fields=["status", "max_days", "give_rule", "mode"])


def require_owner(item: Item, actor: User) -> None:
    if item.owner_id != actor.pk:
        raise PermissionDenied(_("Only the owner of this object can do this."))


def require_party(item: Item, actor: User, other_id: int, refusal: str) -> None:
    """Refuses (403) anyone but the object's owner and the other side of its loan or gift."""
    if actor.pk not in {item.owner_id, other_id}:
        raise PermissionDenied(refusal)


def refresh_status(
    row: Loan | Gift,
    allowed: str | tuple[str, ...],
    refusal: str,
    also: tuple[str, ...] = (),
) -> None:
    """Reads a loan's or a gift's status (and the fields ``also`` named) afresh under the
    object's lock, and refuses unless it is ``allowed``."""
    row.refresh_from_db(fields=["status", *also])
    statuses = (allowed,) if isinstance(allowed, str) else allowed
    if row.status not in statuses:
        raise ValidationError(refusal)


MESSAGE_MAX_LENGTH = 500


def clean_message(message: str) -> str:
    """A word for the other side, stripped; refused in words when too long, never cut."""
    message = message.strip()
    if len(message) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"message": [_("At most %(count)d characters.") % {"count": MESSAGE_MAX_LENGTH}]}
        )
    return message


def notify(
    user: User, kind: str, actor: User | None, item: Item, details: list[str] | None = None
) -> None:
    """The notification's title is the object's; ``details`` are lines for the mail only."""
    messaging.notification_create(
        user=user,
        kind=kind,
        actor=actor,
        title=item.title,
        url=item.get_absolute_url(),
        details=details,
    )


@transaction.atomic
def item_publish(*, quartier: Quartier, owner: User, mode: str, **fields: Any) -> Item:
    """Publishes an object to lend (``max_days`` required) or to give away."""
    if not is_member(user=owner, quartier=quartier):
        raise PermissionDenied(_("Only members of this quartier can publish in it."))
    if mode not in Item.Mode.values:
        raise ValidationError({"mode": [_("Choose to lend or to give away.")]})
    now = timezone.now()
    item = Item(quartier=quartier, owner=owner, mode=mode, created_at=now, updated_at=now)
    _apply(item, fields)
    item.save()
    sync_feed(item)
    acting.record(actor=owner, verb=acting.Verb.ITEM_PUBLISHED, target=item, summary=item.title)
    return item


@transaction.atomic
def item_update(*, item: Item, actor: User, **fields: Any) -> Item:
    require_owner(item, actor)
    lock_item(item)
    if item.status in (Item.Status.GIVEN, Item.Status.WITHDRAWN):
        raise ValidationError(_("This object is no longer offered."))
    _apply(item, fields)
    item.updated_at = timezone.now()
    item.save()
    sync_feed(item)
    acting.record(actor=actor, verb=acting.Verb.ITEM_EDITED, target=item, summary=item.title)
    return item


@transaction.atomic
def item_pause(*, item: Item, actor: User, paused: bool = True) -> Item:
    """Not available for now (or available again): nobody can ask for it meanwhile; what is
    already agreed stands."""
    require_owner(item, actor)
    lock_item(item)
    allowed = Item.Status.AVAILABLE if paused else Item.Status.PAUSED
    if item.status != allowed:
        raise ValidationError(_("This object is no longer offered."))
    item.status = Item.Status.PAUSED if paused else Item.Status.AVAILABLE
    item.updated_at = timezone.now()
    item.save(update_fields=["status", "updated_at"])
    sync_feed(item)
    verb = acting.Verb.ITEM_PAUSED if paused else acting.Verb.ITEM_OFFERED_AGAIN
    acting.record(actor=actor, verb=verb, target=item, summary=item.title)
    return item


@transaction.atomic
def item_withdraw(*, item: Item, actor: User) -> Item:
    """Takes the object away for good. Refused while it is lent; the requests still waiting
    are cancelled and their askers told; its photos are deleted (their files once committed)."""
    from exchanges.aid.services.objects.gifts import cancel_open_gifts
    from exchanges.aid.services.objects.loans import cancel_open_loans

    require_owner(item, actor)
    lock_item(item)
    if item.status in (Item.Status.GIVEN, Item.Status.WITHDRAWN):
        raise ValidationError(_("This object is no longer offered."))
    if Loan.objects.filter(lent_out(), item=item).exists():
        raise ValidationError(_("This object is lent right now: wait for its return."))
    cancel_open_loans(item, actor)
    cancel_open_gifts(item, actor)
    photos_delete_for(subject=item)
    item.status = Item.Status.WITHDRAWN
    item.updated_at = timezone.now()
    item.save(update_fields=["status", "updated_at"])
    sync_feed(item)
    acting.record(actor=actor, verb=acting.Verb.ITEM_WITHDRAWN, target=item, summary=item.title)
    return item


def _apply(item: Item, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(ITEM_EDITABLE)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    for name, value in fields.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    if item.mode == Item.Mode.LEND:
        if not item.max_days:
            errors["max_days"] = [_("Say how many days it may be borrowed at most.")]
        if fields.get("give_rule"):
            errors["give_rule"] = [
                _("An object lent is not given away: say nothing of who gets it.")
            ]
        item.give_rule = Item.GiveRule.FIRST_ASKED
    if item.mode == Item.Mode.GIVE:
        if fields.get("max_days") is not None:
            errors["max_days"] = [_("An object given away is not lent: say no longest loan.")]
        item.max_days = None
    try:
        item.full_clean(exclude=["quartier", "owner", "search_keys"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    item.search_keys = search_keys(item)


def sync_feed(item: Item) -> None:
    feed_entry_sync(
        item=item,
        kind=kinds.FEED_LEND if item.is_lent else kinds.FEED_GIVE,
        quartier=item.quartier,
        author=item.owner,
        title=item.title,
        summary=item.description,
        item_url=item.get_absolute_url(),
        is_published=item.status == Item.Status.AVAILABLE,
        expires_at=None,
    )
