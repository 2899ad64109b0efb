"""Gifts: a neighbour asks for an object given away. First asked, first served reserves it at
once for the first who asks while nobody holds it, the others wait in line; when the giver
chooses, the asks wait until the giver reserves one. Collected, the object is given.

Every write takes the object's row lock first; the partial unique index `gift_one_holder`
keeps one holder whatever happens."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.aid import kinds
from exchanges.aid.models import Gift, Item
from exchanges.aid.services.objects.items import (
    clean_message,
    lock_item,
    notify,
    refresh_status,
    require_owner,
    require_party,
    sync_feed,
)
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import is_member
from neighbourhood.relais import acting

OPEN = (Gift.Status.ASKED, Gift.Status.RESERVED)


@transaction.atomic
def gift_ask(*, item: Item, taker: User, message: str = "") -> Gift:
    if item.owner_id == taker.pk:
        raise ValidationError(_("This is your own object."))
    if not is_member(user=taker, quartier=item.quartier):
        raise PermissionDenied(_("Only members of this quartier can ask for it."))
    lock_item(item)
    if item.is_lent:
        raise ValidationError(_("This object is lent, not given away."))
    if item.status != Item.Status.AVAILABLE:
        raise ValidationError(_("This object is not available for now."))
    message = clean_message(message)
    try:
        with transaction.atomic():
            gift = Gift.objects.create(item=item, taker=taker, message=message)
    except IntegrityError:
        raise ValidationError(_("You have already asked for this object.")) from None
    gift.conversation = messaging.conversation_open(
        quartier=item.quartier,
        title=item.title,
        subject=gift,
        participants=[item.owner, taker],
        started_by=taker,
        first_message=gift.message,
    )
    gift.save(update_fields=["conversation"])
    notify(item.owner, kinds.GIFT_ASKED, taker, item)
    if item.give_rule == Item.GiveRule.FIRST_ASKED and _holder(item) is None:
        _reserve(gift)
    acting.record(actor=taker, verb=acting.Verb.GIFT_ASKED, target=gift, summary=item.title)
    return gift


@transaction.atomic
def gift_reserve(*, gift: Gift, actor: User) -> Gift:
    """The giver keeps the object for this neighbour."""
    item = gift.item
    require_owner(item, actor)
    lock_item(item)
    refresh_status(gift, (Gift.Status.ASKED,), _("This request is no longer waiting."))
    if item.status != Item.Status.AVAILABLE:
        raise ValidationError(_("This object is not available for now."))
    if _holder(item) is not None:
        raise ValidationError(_("This object is already reserved for someone."))
    _reserve(gift)
    acting.record(actor=actor, verb=acting.Verb.GIFT_RESERVED, target=gift, summary=item.title)
    return gift


@transaction.atomic
def gift_collect(*, gift: Gift, actor: User) -> Gift:
    """The giver or the taker says the object was collected: it is given, the others who
    asked are told."""
    item = gift.item
    _require_party(gift, actor)
    lock_item(item)
    refresh_status(gift, (Gift.Status.RESERVED,), _("Only a reserved gift can be collected."))
    now = timezone.now()
    gift.status = Gift.Status.COLLECTED
    gift.decided_at = now
    gift.save(update_fields=["status", "decided_at"])
    item.status = Item.Status.GIVEN
    item.updated_at = now
    item.save(update_fields=["status", "updated_at"])
    sync_feed(item)
    other = item.owner if actor.pk == gift.taker_id else gift.taker
    notify(other, kinds.GIFT_COLLECTED, actor, item)
    for waiting in Gift.objects.filter(item=item, status=Gift.Status.ASKED).select_related("taker"):
        waiting.status = Gift.Status.DECLINED
        waiting.decided_at = now
        waiting.save(update_fields=["status", "decided_at"])
        notify(waiting.taker, kinds.GIFT_CANCELLED, item.owner, item)
    acting.record(actor=actor, verb=acting.Verb.GIFT_COLLECTED, target=gift, summary=item.title)
    return gift


@transaction.atomic
def gift_cancel(*, gift: Gift, actor: User) -> Gift:
    """The taker or the giver calls it off. When the holder's gift is cancelled under first
    asked, first served, the next in line gets it."""
    item = gift.item
    _require_party(gift, actor)
    lock_item(item)
    refresh_status(gift, OPEN, _("This gift can no longer be cancelled."))
    was_holding = gift.status == Gift.Status.RESERVED
    gift.status = Gift.Status.CANCELLED
    gift.decided_at = timezone.now()
    gift.save(update_fields=["status", "decided_at"])
    other = item.owner if actor.pk == gift.taker_id else gift.taker
    notify(other, kinds.GIFT_CANCELLED, actor, item)
    if (
        was_holding
        and item.give_rule == Item.GiveRule.FIRST_ASKED
        and item.status == Item.Status.AVAILABLE
    ):
        following = (
            Gift.objects.filter(item=item, status=Gift.Status.ASKED)
            .select_related("taker", "item__owner")
            .order_by("created_at", "id")
            .first()
        )
        if following is not None:
            _reserve(following)
    acting.record(actor=actor, verb=acting.Verb.GIFT_CANCELLED, target=gift, summary=item.title)
    return gift


def cancel_open_gifts(item: Item, actor: User) -> None:
    """The object is withdrawn: everyone who asked is told. The caller holds the lock."""
    for gift in Gift.objects.filter(item=item, status__in=OPEN).select_related("taker"):
        gift.status = Gift.Status.CANCELLED
        gift.decided_at = timezone.now()
        gift.save(update_fields=["status", "decided_at"])
        notify(gift.taker, kinds.GIFT_CANCELLED, actor, item)


def _holder(item: Item) -> Gift | None:
    return Gift.objects.filter(
        item=item, status__in=[Gift.Status.RESERVED, Gift.Status.COLLECTED]
    ).first()


def _reserve(gift: Gift) -> None:
    gift.status = Gift.Status.RESERVED
    gift.decided_at = timezone.now()
    try:
        with transaction.atomic():
            gift.save(update_fields=["status", "decided_at"])
    except IntegrityError:
        raise ValidationError(_("This object is already reserved for someone.")) from None
    notify(gift.taker, kinds.GIFT_RESERVED, gift.item.owner, gift.item)


def _require_party(gift: Gift, actor: User) -> None:
    require_party(gift.item, actor, gift.taker_id, _("Only the giver or the taker can do this."))
