"""Writes of the messaging app: conversations, messages, notifications and e-mails."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from messaging import presence, realtime
from messaging.models import (
    MESSAGE_MAX_LENGTH,
    Block,
    Conversation,
    Message,
    Notification,
    NotificationSetting,
    Participant,
    Report,
)
from messaging.selectors import (
    can_read,
    is_blocked_between,
    share_a_quartier,
    unread_notification_count,
    wanting_email,
)
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.quartiers.selectors import is_coordinator


def email_queue(*, message: EmailMessage) -> None:
    """Sends ``message`` from a Celery worker once the current transaction commits.

    The message is rendered by the caller, in the recipient's language; the task only delivers
    it, retrying with backoff while the mail server refuses. Nothing is sent for a transaction
    that rolls back.
    """
    from messaging.tasks import send_email

    payload = email_to_payload(message)
    transaction.on_commit(lambda: send_email.delay(payload), robust=True)


def email_to_payload(message: EmailMessage) -> dict[str, Any]:
    alternatives = getattr(message, "alternatives", [])
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[content, mimetype] for content, mimetype in alternatives],
        "content_subtype": message.content_subtype,
    }


def email_from_payload(payload: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    message.content_subtype = payload["content_subtype"]
    return message


RATE_LIMIT_MESSAGES, RATE_LIMIT_SECONDS = 20, 10


@transaction.atomic
def conversation_open(
    *,
    title: str,
    subject: models.Model | None,
    participants: list[User],
    started_by: User,
    first_message: str = "",
    quartier: Quartier | None = None,
) -> Conversation:
    """A new thread between ``participants`` about ``subject`` (in ``quartier``, if any)."""
    conversation = Conversation(kind=Conversation.Kind.THREAD, title=title[:200], quartier=quartier)
    if subject is not None:
        conversation.subject_type = ContentType.objects.get_for_model(subject)
        conversation.subject_id = subject.pk
    conversation.save()
    unique = {user.pk: user for user in [started_by, *participants]}
    Participant.objects.bulk_create(
        Participant(conversation=conversation, user=user) for user in unique.values()
    )
    for user_id in unique:
        realtime.conversation_joined_on_commit(user_id=user_id, conversation_id=conversation.pk)
    if first_message.strip():
        message_post(conversation=conversation, author=started_by, body=first_message)
    return conversation


def room_for(*, quartier: Quartier) -> Conversation:
    """The quartier's room, created the first time anyone opens it."""
    room = Conversation.objects.filter(kind=Conversation.Kind.ROOM, quartier=quartier).first()
    if room is not None:
        return room
    try:
        with transaction.atomic():
            return Conversation.objects.create(
                kind=Conversation.Kind.ROOM, quartier=quartier, title=quartier.name
            )
    except IntegrityError:  # two neighbours opened it at the same moment
        return Conversation.objects.get(kind=Conversation.Kind.ROOM, quartier=quartier)


def direct_open(*, sender: User, recipient: User) -> Conversation:
    """The direct conversation of two members who share a quartier, created on first use."""
    if sender.pk == recipient.pk:
        raise ValidationError({"user_id": [_("Choose someone other than yourself.")]})
    if not share_a_quartier(sender.pk, recipient.pk):
        raise ValidationError({"user_id": [_("You can write only to members of your quartiers.")]})
    if is_blocked_between(sender.pk, recipient.pk):
        raise ValidationError({"user_id": [_("You cannot write to this person.")]})
    key = f"{min(sender.pk, recipient.pk)}:{max(sender.pk, recipient.pk)}"
    existing = Conversation.objects.filter(direct_key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                kind=Conversation.Kind.DIRECT,
                direct_key=key,
                title=f"{sender.public_name} · {recipient.public_name}",
            )
            Participant.objects.bulk_create(
                Participant(conversation=conversation, user=user) for user in (sender, recipient)
            )
            for user in (sender, recipient):
                realtime.conversation_joined_on_commit(
                    user_id=user.pk, conversation_id=conversation.pk
                )
            return conversation
    except IntegrityError:
        return Conversation.objects.get(direct_key=key)


@transaction.atomic
def conversation_add_participant(*, conversation: Conversation, user: User) -> None:
    _participant, created = Participant.objects.get_or_create(conversation=conversation, user=user)
    if created:
        realtime.conversation_joined_on_commit(user_id=user.pk, conversation_id=conversation.pk)


@transaction.atomic
def conversation_remove_participant(*, conversation: Conversation, user: User) -> None:
    deleted, _rows = Participant.objects.filter(conversation=conversation, user=user).delete()
    if deleted:
        realtime.conversation_left_on_commit(user_id=user.pk, conversation_id=conversation.pk)


def message_post(*, conversation: Conversation, author: User, body: str) -> Message:
    body = _clean_body(body)
    if not can_read(user=author, conversation=conversation):
        raise PermissionDenied(_("You do not take part in this conversation."))
    if conversation.kind == Conversation.Kind.DIRECT:
        other = conversation.participants.exclude(user=author).values_list("user_id", flat=True)
        if any(is_blocked_between(author.pk, other_id) for other_id in other):
            raise ValidationError({"body": [_("You cannot write to this person.")]})
    _check_rate(author)
    with transaction.atomic():
        message = Message.objects.create(conversation=conversation, author=author, body=body)
        _advance_marker(conversation=conversation, user=author, last_read_id=message.pk)
        _broadcast(message, "message.new")
        _notify_away(message=message, conversation=conversation, author=author)
    return message


@transaction.atomic
def message_edit(*, message: Message, actor: User, body: str) -> Message:
    if message.author_id != actor.pk:
        raise PermissionDenied(_("Only its author can change a message."))
    if not message.is_visible:
        raise ValidationError(_("This message can no longer be changed."))
    message.body = _clean_body(body)
    message.edited_at = timezone.now()
    message.save(update_fields=["body", "edited_at"])
    _broadcast(message, "message.edited")
    return message


@transaction.atomic
def message_delete(*, message: Message, actor: User) -> Message:
    if message.author_id != actor.pk:
        raise PermissionDenied(_("Only its author can delete a message."))
    if message.deleted_at is None:
        message.body = ""
        message.deleted_at = timezone.now()
        message.save(update_fields=["body", "deleted_at"])
        _broadcast(message, "message.deleted")
    return message


@transaction.atomic
def message_hide(*, message: Message, actor: User) -> Message:
    """A coordinator of the conversation's quartier takes a message out of sight."""
    quartier = message.conversation.quartier
    if quartier is None or not is_coordinator(user=actor, quartier=quartier):
        raise PermissionDenied(_("Only a coordinator of this quartier can hide a message."))
    if message.hidden_at is None:
        message.hidden_at = timezone.now()
        message.hidden_by = actor
        message.save(update_fields=["hidden_at", "hidden_by"])
        _broadcast(message, "message.hidden")
    return message


@transaction.atomic
def conversation_mark_read(*, conversation: Conversation, user: User, last_read_id: int) -> int:
    """Moves the user's read marker forward (never back); their other tabs are told."""
    if not can_read(user=user, conversation=conversation):
        raise PermissionDenied(_("You do not take part in this conversation."))
    newest = (
        Message.objects.filter(conversation=conversation, pk__lte=last_read_id)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    ) or 0
    marker = _advance_marker(conversation=conversation, user=user, last_read_id=newest)
    realtime.publish_on_commit(
        realtime.user_group(user.pk),
        {"type": "read", "conversation": conversation.pk, "last_read_id": marker},
    )
    return marker


@transaction.atomic
def conversation_mute(*, conversation: Conversation, user: User, muted: bool) -> None:
    if not can_read(user=user, conversation=conversation):
        raise PermissionDenied(_("You do not take part in this conversation."))
    participant, _created = Participant.objects.get_or_create(conversation=conversation, user=user)
    participant.muted = muted
    participant.save(update_fields=["muted"])


@transaction.atomic
def message_report(*, message: Message, reporter: User, reason: str = "") -> Report:
    """Shows a message of a room or a thread to its quartier's coordinators."""
    quartier = message.conversation.quartier
    if quartier is None:
        raise ValidationError(
            _("Direct messages cannot be reported: block the person if they bother you.")
        )
    if message.author_id == reporter.pk:
        raise ValidationError(_("This is your own message."))
    if len(reason) > 1000:
        raise ValidationError({"reason": [_("At most 1,000 characters, please.")]})
    report, created = Report.objects.get_or_create(
        message=message, reporter=reporter, defaults={"reason": reason.strip()}
    )
    if not created:
        raise ValidationError(_("You have already reported this message."))
    coordinators = User.objects.filter(
        memberships__quartier=quartier,
        memberships__role=Membership.Role.COORDINATOR,
        memberships__status=Membership.Status.ACTIVE,
    )
    for coordinator in coordinators:
        notification_create(
            user=coordinator,
            kind=Notification.Kind.MESSAGE_REPORTED,
            actor=reporter,
            title=message.body[:200],
            url=reverse("messaging:reports", kwargs={"slug": quartier.slug}),
        )
    return report


@transaction.atomic
def user_block(*, blocker: User, blocked: User) -> Block:
    if blocker.pk == blocked.pk:
        raise ValidationError({"user_id": [_("Choose someone other than yourself.")]})
    block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    return block


def user_unblock(*, blocker: User, blocked: User) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


def message_payload(message: Message) -> dict[str, Any]:
    """What an event or the API says of a message: nothing of a deleted or hidden one."""
    return {
        "id": message.pk,
        "conversation": message.conversation_id,
        "author": {"id": message.author_id, "display_name": message.author.public_name},
        "body": message.body if message.is_visible else "",
        "created_at": message.created_at.isoformat(),
        "edited": message.edited_at is not None,
        "deleted": message.deleted_at is not None,
        "hidden": message.hidden_at is not None,
    }


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError({"body": [_("Write a message first.")]})
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {
                "body": [
                    _("A message holds at most %(max)d characters.") % {"max": MESSAGE_MAX_LENGTH}
                ]
            }
        )
    return body


def _check_rate(author: User) -> None:
    """At most RATE_LIMIT_MESSAGES a user in RATE_LIMIT_SECONDS, counted in the shared cache."""
    key = f"message-rate:{author.pk}"
    cache.add(key, 0, timeout=RATE_LIMIT_SECONDS)
    try:
        sent = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=RATE_LIMIT_SECONDS)
        sent = 1
    if sent > RATE_LIMIT_MESSAGES:
        raise ValidationError(
            {"body": [_("You are sending messages very fast: wait a few seconds, then try again.")]}
        )


def _advance_marker(*, conversation: Conversation, user: User, last_read_id: int) -> int:
    participant, _created = Participant.objects.get_or_create(conversation=conversation, user=user)
    if last_read_id > participant.last_read_id:
        participant.last_read_id = last_read_id
        participant.save(update_fields=["last_read_id"])
    return participant.last_read_id


def _broadcast(message: Message, event: str) -> None:
    payload = message_payload(message)
    realtime.publish_on_commit(
        realtime.conversation_group_of(message.conversation),
        {
            "type": event,
            "conversation": message.conversation_id,
            "id": message.pk,
            "message": payload,
        },
    )


def _notify_away(*, message: Message, conversation: Conversation, author: User) -> None:
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
        user_id=other.user_id, kind=Notification.Kind.DIRECT_MESSAGE, url=url, read_at__isnull=True
    )
    if not waiting.exists():
        notification_create(
            user=other.user,
            kind=Notification.Kind.DIRECT_MESSAGE,
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
        kind=Notification.Kind.MENTION,
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


def mail_queue(*, to: str, language: str, template: str, context: dict[str, Any]) -> None:
    """Renders ``template``_subject.txt and ``template``.txt in ``language`` and sends them to
    ``to`` through `email_queue` (after the commit, from a worker)."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    email_queue(
        message=EmailMultiAlternatives(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
        )
    )


@transaction.atomic
def notification_settings_set(*, user: User, by_email: set[str]) -> None:
    """The kinds the user wants by e-mail right away; every other kind stays on the site."""
    unknown = by_email - set(Notification.Kind.values)
    if unknown:
        raise ValidationError({"by_email": [_("Unknown kind of notification.")]})
    NotificationSetting.objects.filter(user=user).delete()
    NotificationSetting.objects.bulk_create(
        NotificationSetting(user=user, kind=kind, by_email=kind in by_email)
        for kind in Notification.Kind.values
    )


def notifications_mark_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    """Marks the user's notifications read (those of ``notification_ids``, or all); when any
    was unread, every open tab of the user is told the new count, after the commit."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    marked = unread.update(read_at=timezone.now())
    if marked:
        realtime.publish_on_commit(
            realtime.user_group(user.pk),
            {"type": "notifications.count", "unread": unread_notification_count(user=user)},
        )
    return marked
