"""Notifications: stored one per user and event, rung live, mailed to those who want them; and
who a new message concerns while they are away (direct messages, @mentions)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from messaging import kinds, presence, realtime
from messaging.models import (
    Block,
    Conversation,
    Message,
    Notification,
    NotificationSetting,
    Participant,
)
from messaging.selectors import (
    unread_notification_count,
    wanting_email,
)
from messaging.services.mail import mail_queue
from messaging.unread_badge import forget_unread_badges
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership


def notify_away(*, message: Message, conversation: Conversation, author: User) -> None:
    """Tells the people a new message concerns who have no socket open (see `presence`): the
    other person of a direct conversation, and whoever a room or thread message names with @."""
    if conversation.kind == Conversation.Kind.DIRECT:
        _notify_direct(conversation=conversation, author=author)
    elif "@" in message.body:  # most messages name nobody: they cost no query
        _notify_mentions(conversation=conversation, author=author, body=message.body)


def _notify_direct(*, conversation: Conversation, author: User) -> None:
    other = (
        Participant.objects.filter(conversation=conversation)
        .exclude(user=author)
        .select_related("user")
        .first()
    )
    # message_post has already refused a message between two people who block each other.
    if other is None or other.muted or presence.is_present(other.user_id):
        return
    url = conversation.get_absolute_url()
    # One notification a conversation until it is read: a burst of ten messages rings once.
    waiting = Notification.objects.filter(
        user_id=other.user_id, kind=kinds.DIRECT_MESSAGE, url=url, read_at__isnull=True
    )
    if not waiting.exists():
        notification_create(
            user=other.user,
            kind=kinds.DIRECT_MESSAGE,
            actor=author,
            title=conversation.title,
            url=url,
        )


def _notify_mentions(*, conversation: Conversation, author: User, body: str) -> None:
    # Muting a conversation silences its chatter, not a neighbour calling you by name.
    named = [user for user in mentioned_in(body, _readers_of(conversation)) if user != author]
    present = presence.present_ids(user.pk for user in named)
    away = [user for user in named if user.pk not in present]
    if not away:
        return
    blocked = _blocked_either_way(author, [user.pk for user in away])
    notifications_create(
        users=[user for user in away if user.pk not in blocked],
        kind=kinds.MENTION,
        actor=author,
        title=conversation.title,
        url=conversation.get_absolute_url(),
    )


def mentioned_in(body: str, people: Iterable[User]) -> list[User]:
    """The people named in ``body`` by "@" and their public name, in any case. Names may hold
    spaces: the longest name that fits wins ("@Anne Marie" is Anne Marie, not Anne)."""
    candidates = sorted(people, key=lambda person: len(person.public_name), reverse=True)
    found: dict[int, User] = {}
    at = body.find("@")
    while at != -1:
        if at == 0 or not body[at - 1].isalnum():  # not the @ of an e-mail address
            rest = body[at + 1 :]
            longest = 0
            for person in candidates:
                name = person.public_name
                if len(name) < longest:
                    break
                if _names(rest, name):
                    longest = len(name)
                    found[person.pk] = person  # namesakes are both called
        at = body.find("@", at + 1)
    return list(found.values())


def _names(text: str, name: str) -> bool:
    """Whether ``text`` starts with ``name``, in any case, as a whole word."""
    if not name or text[: len(name)].casefold() != name.casefold():
        return False
    after = text[len(name) : len(name) + 1]
    return not after or not (after.isalnum() or after == "_")


def _readers_of(conversation: Conversation) -> list[User]:
    """A room's readers are its quartier's active members; a thread's, its participants (while
    members of its quartier, if it has one)."""
    if conversation.kind == Conversation.Kind.ROOM:
        readers = User.objects.all()
    else:
        readers = User.objects.filter(participations__conversation=conversation)
    if conversation.quartier_id is not None:
        readers = readers.filter(
            memberships__quartier_id=conversation.quartier_id,
            memberships__status=Membership.Status.ACTIVE,
        )
    return list(readers)


def _blocked_either_way(user: User, others: list[int]) -> set[int]:
    """Which of ``others`` block ``user`` or are blocked by them."""
    rows = Block.objects.filter(
        Q(blocker=user, blocked_id__in=others) | Q(blocked=user, blocker_id__in=others)
    ).values_list("blocker_id", "blocked_id")
    return {blocked if blocker == user.pk else blocker for blocker, blocked in rows}


def notification_create(
    *,
    user: User,
    kind: str,
    actor: User | None,
    title: str,
    url: str,
    details: list[str] | None = None,
) -> Notification:
    [notification] = notifications_create(
        users=[user], kind=kind, actor=actor, title=title, url=url, details=details
    )
    return notification


def notifications_create(
    *,
    users: Iterable[User],
    kind: str,
    actor: User | None,
    title: str,
    url: str,
    details: list[str] | None = None,
) -> list[Notification]:
    """Stores one notification a user, rings each bell live with its new unread count, and mails
    it right away to those who want this kind by e-mail (in their language, from a Celery worker
    after the commit). ``details`` are plain lines for the mail only (an order's lines, say),
    written in the recipients' language by the caller. Three queries whatever the number of
    users: the rows, who wants them by e-mail, and everyone's unread count."""
    users = list(users)
    if not users:
        return []
    notifications = Notification.objects.bulk_create(
        Notification(user=user, kind=kind, actor=actor, title=title[:200], url=url)
        for user in users
    )
    by_email = wanting_email(kind=kind, users=users)
    unread = _unread_counts([user.pk for user in users])
    forget_unread_badges([user.pk for user in users])
    for notification in notifications:
        user = notification.user
        realtime.publish_on_commit(
            realtime.user_group(user.pk),
            {"type": "notification.new", "id": notification.pk, "unread": unread.get(user.pk, 0)},
        )
        if user.pk in by_email:
            mail_queue(
                to=user.email,
                language=user.language,
                template="emails/notification",
                context={
                    "notification": notification,
                    "details": details or [],
                    "link": settings.SITE_URL + notification.url,
                    "settings_link": settings.SITE_URL + reverse("messaging:notification_settings"),
                },
            )
    return notifications


def _unread_counts(user_ids: list[int]) -> dict[int, int]:
    rows = (
        Notification.objects.filter(user_id__in=user_ids, read_at__isnull=True)
        .values("user_id")
        .order_by()  # the model's ordering would split the groups
        .annotate(unread=Count("pk"))
    )
    return {row["user_id"]: row["unread"] for row in rows}


@transaction.atomic
def notification_settings_set(*, user: User, by_email: set[str]) -> None:
    """The kinds the user wants by e-mail right away; every other kind stays on the site."""
    unknown = by_email - set(kinds.notification_kinds.values())
    if unknown:
        raise ValidationError({"by_email": [_("Unknown kind of notification.")]})
    NotificationSetting.objects.filter(user=user).delete()
    NotificationSetting.objects.bulk_create(
        NotificationSetting(user=user, kind=kind, by_email=kind in by_email)
        for kind in kinds.notification_kinds.values()
    )


def notifications_mark_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    """Marks the user's notifications read (those of ``notification_ids``, or all); when any
    was unread, every open tab of the user is told the new count, after the commit."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    marked = unread.update(read_at=timezone.now())
    if marked:
        forget_unread_badges([user.pk])
        realtime.publish_on_commit(
            realtime.user_group(user.pk),
            {"type": "notifications.count", "unread": unread_notification_count(user=user)},
        )
    return marked
