"""Every write to knowledge swaps. Each keeps the swap's feed entry and its rows of the matching
index in step, in the same transaction, through `_sync` (`feed_entry_sync`,
`matching.index_swap`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.swaps import kinds, matching
from exchanges.swaps.models import Evaluation, Exchange, Swap
from exchanges.swaps.words import display_tags, match_keys
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.feed.services import feed_entry_sync
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import is_member, require_coordinator
from neighbourhood.relais import acting

LIFETIME = datetime.timedelta(days=91)  # "three months"
EDITABLE = [
    "title",
    "description",
    "category",
    "tags",
    "format",
    "place",
    "availability",
    "ends_on",
]


def default_end() -> datetime.date:
    return timezone.localdate() + LIFETIME


@transaction.atomic
def swap_create(*, quartier: Quartier, author: User, kind: str, **fields: Any) -> Swap:
    if not is_member(user=author, quartier=quartier):
        raise PermissionDenied(_("Only members of this quartier can publish in it."))
    swap = Swap(quartier=quartier, author=author, kind=kind)
    _apply(swap, fields | {"ends_on": fields.get("ends_on") or default_end()}, check_end=True)
    swap.save()
    _sync(swap)
    acting.record(actor=author, verb=acting.Verb.SWAP_POSTED, target=swap, summary=swap.title)
    return swap


@transaction.atomic
def swap_update(*, swap: Swap, actor: User, **fields: Any) -> Swap:
    _require_author(swap, actor)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError({name: [_("This cannot be changed.")] for name in sorted(unknown)})
    current = {name: getattr(swap, name) for name in EDITABLE}
    moved_end = "ends_on" in fields and fields["ends_on"] != swap.ends_on
    _apply(swap, current | fields, check_end=moved_end)
    swap.updated_at = timezone.now()
    swap.save()
    _sync(swap)
    return swap


@transaction.atomic
def swap_set_status(*, swap: Swap, actor: User, status: str) -> Swap:
    """Pause, resume or close. A closed swap stays closed."""
    _require_author(swap, actor)
    if status not in Swap.Status.values:
        raise ValidationError({"status": [_("Choose active, paused or closed.")]})
    if swap.status == Swap.Status.CLOSED and status != Swap.Status.CLOSED:
        raise ValidationError(_("This swap is closed: publish a new one instead."))
    swap.status = status
    swap.updated_at = timezone.now()
    swap.save(update_fields=["status", "updated_at"])
    _sync(swap)
    return swap


@transaction.atomic
def swap_renew(*, swap: Swap, actor: User) -> Swap:
    """One click: three months from today (never sooner than planned), back in the feed."""
    _require_author(swap, actor)
    if swap.status == Swap.Status.CLOSED:
        raise ValidationError(_("This swap is closed: publish a new one instead."))
    swap.ends_on = max(swap.ends_on, default_end())
    swap.status = Swap.Status.ACTIVE
    swap.updated_at = timezone.now()
    swap.save(update_fields=["ends_on", "status", "updated_at"])
    _sync(swap)
    return swap


@transaction.atomic
def swap_express_interest(*, swap: Swap, member: User, message: str = "") -> Exchange:
    """ "I'm interested": opens a conversation with the author and tells them."""
    if swap.author_id == member.pk:
        raise ValidationError(_("This is your own swap."))
    if not swap.is_open:
        raise ValidationError(_("This swap is no longer open."))
    if not is_member(user=member, quartier=swap.quartier):
        raise PermissionDenied(_("Only members of this quartier can answer."))
    exchange = _put_in_touch(
        swap=swap, member=member, started_by=member, introduced_by=None, message=message
    )
    messaging.notification_create(
        user=swap.author,
        kind=kinds.SWAP_INTEREST,
        actor=member,
        title=swap.title,
        url=exchange.conversation.get_absolute_url(),
    )
    return exchange


@transaction.atomic
def swap_introduce(*, swap: Swap, member: User, coordinator: User, message: str = "") -> Exchange:
    """A coordinator puts a member in touch with the author of a swap."""
    require_coordinator(user=coordinator, quartier=swap.quartier)
    if swap.author_id == member.pk:
        raise ValidationError({"member": [_("Choose someone other than the author.")]})
    if not is_member(user=member, quartier=swap.quartier):
        raise ValidationError({"member": [_("This person is not a member of the quartier.")]})
    exchange = _put_in_touch(
        swap=swap,
        member=member,
        started_by=coordinator,
        introduced_by=coordinator,
        message=message
        or _("Let me introduce you to each other about “%(title)s”.") % {"title": swap.title},
    )
    for user in (swap.author, member):
        messaging.notification_create(
            user=user,
            kind=kinds.SWAP_INTRODUCTION,
            actor=coordinator,
            title=swap.title,
            url=exchange.conversation.get_absolute_url(),
        )
    return exchange


@transaction.atomic
def exchange_mark_held(*, exchange: Exchange, actor: User) -> Exchange:
    if not exchange.is_party(actor.pk):
        raise PermissionDenied(_("Only the two people of this exchange can say so."))
    if exchange.held_at is None:
        exchange.held_at = timezone.now()
        exchange.save(update_fields=["held_at"])
        other = exchange.member if actor.pk == exchange.swap.author_id else exchange.swap.author
        messaging.notification_create(
            user=other,
            kind=kinds.EXCHANGE_HELD,
            actor=actor,
            title=exchange.swap.title,
            url=exchange.swap.get_absolute_url(),
        )
    return exchange


@transaction.atomic
def exchange_evaluate(*, exchange: Exchange, author: User, text: str) -> Evaluation:
    if not exchange.is_party(author.pk):
        raise PermissionDenied(_("Only the two people of this exchange can evaluate it."))
    if exchange.held_at is None:
        raise ValidationError(_("Say first that the exchange took place."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write a few words on how it went.")]})
    if len(text) > 1000:
        raise ValidationError({"text": [_("At most 1,000 characters, please.")]})
    if Evaluation.objects.filter(exchange=exchange, author=author).exists():
        raise ValidationError(_("You have already evaluated this exchange."))
    return Evaluation.objects.create(exchange=exchange, author=author, text=text)


def _put_in_touch(
    *, swap: Swap, member: User, started_by: User, introduced_by: User | None, message: str
) -> Exchange:
    if Exchange.objects.filter(swap=swap, member=member).exists():
        raise ValidationError(_("You are already in touch about this swap."))
    people = [swap.author, member] + ([introduced_by] if introduced_by else [])
    conversation = messaging.conversation_open(
        quartier=swap.quartier,
        title=swap.title,
        subject=swap,
        participants=people,
        started_by=started_by,
        first_message=message,
    )
    try:
        with transaction.atomic():
            return Exchange.objects.create(
                swap=swap, member=member, introduced_by=introduced_by, conversation=conversation
            )
    except IntegrityError:
        raise ValidationError(_("You are already in touch about this swap.")) from None


def _require_author(swap: Swap, actor: User) -> None:
    if swap.author_id != actor.pk:
        raise PermissionDenied(_("Only the author of this swap can change it."))


def _apply(swap: Swap, fields: dict[str, Any], *, check_end: bool) -> None:
    for name in EDITABLE:
        if name in fields:
            setattr(swap, name, fields[name])
    swap.title = (swap.title or "").strip()
    swap.description = (swap.description or "").strip()
    swap.tags = display_tags(swap.tags or [])
    swap.match_keys = match_keys(tags=swap.tags, title=swap.title)
    swap.full_clean(exclude=["quartier", "author"])
    if check_end and swap.ends_on < timezone.localdate():
        raise ValidationError({"ends_on": [_("The end date cannot be in the past.")]})


def _sync(swap: Swap) -> None:
    matching.index_swap(swap)
    _sync_feed(swap)


def _sync_feed(swap: Swap) -> None:
    kind = kinds.FEED_OFFER if swap.kind == Swap.Kind.OFFER else kinds.FEED_REQUEST
    # The entry leaves the feed at the end of the last day, in the site's timezone.
    end = timezone.make_aware(
        datetime.datetime.combine(swap.ends_on + datetime.timedelta(days=1), datetime.time.min)
    )
    feed_entry_sync(
        item=swap,
        kind=kind,
        quartier=swap.quartier,
        author=swap.author,
        title=swap.title,
        summary=swap.description,
        item_url=swap.get_absolute_url(),
        is_published=swap.status == Swap.Status.ACTIVE,
        expires_at=end,
    )
