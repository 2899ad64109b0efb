"""Writes to conversations and messages: rooms, threads, direct messages, moderation, blocks."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from messaging import kinds, realtime
from messaging.models import (
    MESSAGE_MAX_LENGTH,
    Block,
    Conversation,
    Message,
    Participant,
    Report,
)
from messaging.selectors import (
    WRITE_ONLY_TO_MEMBERS,
    can_read,
    in_touch,
    is_blocked_between,
    share_a_quartier,
)
from messaging.services.message_rows import marker_advance_to_new, message_insert
from messaging.services.notifications import notification_create, notify_away
from neighbourhood.accounts.models import User
from neighbourhood.cache import count_in_window
from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.quartiers.selectors import is_coordinator
from neighbourhood.relais import acting

RATE_LIMIT_MESSAGES, RATE_LIMIT_SECONDS = 20, 10

# Said alike for an id nobody has and for a stranger, so that blocking tells nobody which exist.
CANNOT_BLOCK = gettext_lazy("You can block only people of your quartiers or your conversations.")


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
        raise ValidationError({"user_id": [WRITE_ONLY_TO_MEMBERS]})
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


def message_post(
    *, conversation: Conversation, author: User, body: str, client_id: uuid.UUID | None = None
) -> Message:
    """Stores a message and announces it. A ``client_id`` the author already used gives back the
    message stored the first time, unchanged: a send repeated after a lost connection (the
    client never heard that it had arrived) stores nothing twice."""
    # Checked first: an outsider learns nothing of the conversation, not even what its
    # messages may hold.
    if not can_read(user=author, conversation=conversation):
        raise PermissionDenied(_("You do not take part in this conversation."))
    body = _clean_body(body)
    if client_id is not None:
        # Looked up before the rate limit: a repeat is not a new message and is always answered.
        existing = _sent_before(conversation=conversation, author=author, client_id=client_id)
        if existing is not None:
            return existing
    if conversation.kind == Conversation.Kind.DIRECT:
        other = conversation.participants.exclude(user=author).values_list("user_id", flat=True)
        if any(is_blocked_between(author.pk, other_id) for other_id in other):
            raise ValidationError({"body": [_("You cannot write to this person.")]})
    _check_rate(author)
    try:
        return _store(conversation=conversation, author=author, body=body, client_id=client_id)
    except IntegrityError:
        # The same send, twice at once (two tabs, a resend racing the first): the unique
        # constraint let one through; the other answers with it.
        if client_id is None:
            raise
        existing = _sent_before(conversation=conversation, author=author, client_id=client_id)
        if existing is None:
            raise
        return existing


def _sent_before(
    *, conversation: Conversation, author: User, client_id: uuid.UUID
) -> Message | None:
    existing = (
        Message.objects.select_related("author", "relais")
        .filter(author=author, client_id=client_id)
        .first()
    )
    if existing is not None and existing.conversation_id != conversation.pk:
        raise ValidationError(
            {"client_id": [_("This client id was already used for another message.")]}
        )
    return existing


def _store(
    *, conversation: Conversation, author: User, body: str, client_id: uuid.UUID | None
) -> Message:
    with transaction.atomic():
        message = Message(
            conversation=conversation,
            author=author,
            body=body,
            relais=acting.relais_for(actor=author),
            client_id=client_id,
        )
        message_insert(message)
        acting.record(
            actor=author,
            verb=acting.Verb.MESSAGE_SENT,
            target=message,
            summary=conversation.title[:200],
        )
        _advance_marker_to_new(conversation=conversation, user=author, message_id=message.pk)
        _broadcast(message, "message.new")
        notify_away(message=message, conversation=conversation, author=author)
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
            kind=kinds.MESSAGE_REPORTED,
            actor=reporter,
            title=message.body[:200],
            url=reverse("messaging:reports", kwargs={"slug": quartier.slug}),
        )
    return report


@transaction.atomic
def user_block(*, blocker: User, blocked_id: int) -> Block:
    """By id, so that an id nobody has and a stranger's go through the same queries and get the
    same refusal: blocking tells nobody which ids exist, not even by its time."""
    if blocker.pk == blocked_id:
        raise ValidationError({"user_id": [_("Choose someone other than yourself.")]})
    if not in_touch(blocker.pk, blocked_id):
        raise ValidationError({"user_id": [CANNOT_BLOCK]})
    block, _created = Block.objects.get_or_create(blocker=blocker, blocked_id=blocked_id)
    return block


def user_unblock(*, blocker: User, blocked_id: int) -> None:
    """Lifts a block; nothing happens when there is none (an unknown id included)."""
    Block.objects.filter(blocker=blocker, blocked_id=blocked_id).delete()


def message_payload(message: Message) -> dict[str, Any]:
    """What an event or the API says of a message: nothing of a deleted or hidden one."""
    return {
        "id": message.pk,
        "conversation": message.conversation_id,
        "author": {"id": message.author_id, "display_name": message.author.public_name},
        # The relais who wrote it for the author, shown as "Marc for Mme Petit".
        "relais": (
            {"id": message.relais_id, "display_name": message.relais.public_name}
            if message.relais_id is not None and message.relais is not None
            else None
        ),
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
    sent = count_in_window(f"message-rate:{author.pk}", seconds=RATE_LIMIT_SECONDS).count
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


def _advance_marker_to_new(*, conversation: Conversation, user: User, message_id: int) -> None:
    """The author has read up to the message just written: one UPDATE when the author already
    takes part (every message but a first one in a room)."""
    if not marker_advance_to_new(
        conversation_id=conversation.pk, user_id=user.pk, message_id=message_id
    ):
        _advance_marker(conversation=conversation, user=user, last_read_id=message_id)


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
