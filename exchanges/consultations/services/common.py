"""What the writes to consultations share: the row lock, the feed entry, telling people."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet

from exchanges.consultations import kinds
from exchanges.consultations.models import Consultation, Participation
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.feed.services import feed_entry_sync
from neighbourhood.quartiers.selectors import member_users

# The entry stays in the feed a fortnight after the close, with the results.
FEED_AFTER_CLOSE = datetime.timedelta(days=14)


def lock(consultation: Consultation) -> None:
    """Takes the consultation's row lock and reads it afresh, in one query: a write waits for
    a withdrawal or the close under way, then sees it (a stale copy would not)."""
    consultation.refresh_from_db(from_queryset=Consultation.objects.select_for_update())


def not_voted(consultation: Consultation) -> QuerySet[User]:
    """The members who have not taken part (yet)."""
    return member_users(quartier_id=consultation.quartier_id).exclude(
        pk__in=Participation.objects.filter(consultation=consultation).values("member_id")
    )


def notify(
    users: Iterable[User], kind: str, actor: User | None, consultation: Consultation
) -> None:
    """One notification each (but the actor), in three queries whatever their number."""
    messaging.notifications_create(
        users=[user for user in users if actor is None or user.pk != actor.pk],
        kind=kind,
        actor=actor,
        title=consultation.question,
        url=consultation.get_absolute_url(),
    )


def sync_feed(consultation: Consultation) -> None:
    """In the feed once approved, until a fortnight after the close."""
    feed_entry_sync(
        item=consultation,
        kind=kinds.FEED_CONSULTATION,
        quartier=consultation.quartier,
        author=consultation.opened_by,
        title=consultation.question,
        summary=consultation.background,
        item_url=consultation.get_absolute_url(),
        is_published=consultation.status == Consultation.Status.APPROVED,
        expires_at=consultation.results_at + FEED_AFTER_CLOSE,
    )
