"""What the writes to coups de main share: the row lock, who may do what, the feed entry and
the notifications."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.aid import kinds
from exchanges.aid.models import CoupDeMain, HelpOffer
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.feed.services import feed_entry_sync


def lock(coup: CoupDeMain) -> None:
    """Takes the coup de main's row lock and reads its state afresh: every write that changes
    its status or its places takes it first (choosing takes it through its guarded update)."""
    list(CoupDeMain.objects.select_for_update().filter(pk=coup.pk).values_list("pk", flat=True))
    coup.refresh_from_db(fields=["status", "helpers_needed", "helpers_taken", "done_at"])


def require_author(coup: CoupDeMain, actor: User) -> None:
    if coup.author_id != actor.pk:
        raise PermissionDenied(_("Only the author of this coup de main can do this."))


def require_live(coup: CoupDeMain) -> None:
    if coup.status == CoupDeMain.Status.CANCELLED:
        raise ValidationError(_("This coup de main is cancelled."))
    if coup.status == CoupDeMain.Status.DONE:
        raise ValidationError(_("This coup de main is already done."))


def chosen_helpers(coup: CoupDeMain) -> list[User]:
    return [
        offer.helper
        for offer in HelpOffer.objects.filter(
            coup_de_main=coup, status=HelpOffer.Status.CHOSEN
        ).select_related("helper")
    ]


def notify(users: Iterable[User], kind: str, actor: User, coup: CoupDeMain) -> None:
    """One notification each, in three queries whatever their number."""
    messaging.notifications_create(
        users=[user for user in users if user.pk != actor.pk],
        kind=kind,
        actor=actor,
        title=coup.title,
        url=coup.get_absolute_url(),
    )


def sync_feed(coup: CoupDeMain) -> None:
    """The entry is published while the coup de main is open (a full one needs nobody more)."""
    feed_entry_sync(
        item=coup,
        kind=kinds.FEED_REQUEST if coup.is_request else kinds.FEED_OFFER,
        quartier=coup.quartier,
        author=coup.author,
        title=coup.title,
        summary=coup.description,
        item_url=coup.get_absolute_url(),
        is_published=coup.status == CoupDeMain.Status.OPEN,
        expires_at=coup.ends_at if coup.ends_at is not None else _at_expiry(coup),
    )


def _at_expiry(coup: CoupDeMain) -> datetime.datetime | None:
    return coup.starts_at if coup.timing == CoupDeMain.Timing.AT else None


def touch(coup: CoupDeMain, *fields: str) -> None:
    coup.updated_at = timezone.now()
    coup.save(update_fields=[*fields, "updated_at"])
