"""What the writes to gatherings share: the row lock, who may do what, the feed entry, the
notifications and the words that name one date."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from exchanges.events import kinds
from exchanges.events.models import Event, Occurrence
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.feed.services import feed_entry_sync
from neighbourhood.quartiers.selectors import is_coordinator

Errors = dict[str, list[str]]


def lock(event: Event) -> None:
    """Takes the event's row lock and reads its state afresh: every write that changes the
    event or its dates takes it first, then an occurrence's (always in that order)."""
    list(Event.objects.select_for_update().filter(pk=event.pk).values_list("pk", flat=True))
    event.refresh_from_db()


def require_organiser(event: Event, actor: User) -> None:
    if event.organiser_id != actor.pk:
        raise PermissionDenied(_("Only the organiser of this gathering can do this."))


def may_cancel(event: Event, actor: User) -> bool:
    """The organiser, or a coordinator of its quartier."""
    return event.organiser_id == actor.pk or is_coordinator(user=actor, quartier=event.quartier)


def require_scheduled(event: Event) -> None:
    if event.is_cancelled:
        raise ValidationError(_("This gathering is cancelled."))


def titled(event: Event, day: datetime.date | None) -> str:
    """The gathering's title with the date it is about, in figures ("Repair café, 12/12/2026"):
    a notification's title is stored once, and read in each recipient's own language."""
    if day is None:
        return event.title
    return f"{event.title}, {day:%d/%m/%Y}"


def url_of(event: Event, day: datetime.date | None = None) -> str:
    url = event.get_absolute_url()
    return f"{url}#date-{day.isoformat()}" if day is not None else url


def notify(
    users: Iterable[User],
    kind: str,
    actor: User | None,
    event: Event,
    day: datetime.date | None = None,
) -> None:
    """One notification each (but the actor), in three queries whatever their number."""
    messaging.notifications_create(
        users=[user for user in users if actor is None or user.pk != actor.pk],
        kind=kind,
        actor=actor,
        title=titled(event, day),
        url=url_of(event, day),
    )


def sync_feed(event: Event) -> None:
    """In the feed while it is scheduled, until its last date (a repeating one without an end
    stays)."""
    feed_entry_sync(
        item=event,
        kind=kinds.FEED_EVENT,
        quartier=event.quartier,
        author=event.organiser,
        title=event.title,
        summary=event.description,
        item_url=event.get_absolute_url(),
        is_published=not event.is_cancelled,
        expires_at=_last_end(event),
    )


def _last_end(event: Event) -> datetime.datetime | None:
    if not event.repeats:
        return event.ends_at
    if event.repeat_until is None:
        return None
    zone = event.quartier.zone
    return datetime.datetime.combine(
        event.repeat_until + datetime.timedelta(days=1), datetime.time(), tzinfo=zone
    )


def occurrence_lock(occurrence: Occurrence) -> Occurrence:
    """The occurrence's row, locked, read afresh."""
    return Occurrence.objects.select_for_update().get(pk=occurrence.pk)
