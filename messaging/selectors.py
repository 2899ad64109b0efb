"""Reads of the messaging app, and the access helper every conversation view goes through."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django.utils.translation import gettext_lazy

from messaging import realtime
from messaging.kinds import emailed_by_default, notification_kinds
from messaging.models import (
    Block,
    Conversation,
    Message,
    Notification,
    NotificationSetting,
    Participant,
    Report,
)
from neighbourhood.accounts.models import User
from neighbourhood.compiled_queries import CompiledQuery
from neighbourhood.quartiers.models import Membership
from neighbourhood.quartiers.selectors import active_quartier_ids, get_quartier_for_coordinator

HISTORY_SIZE = 50
ACTIVE = Membership.Status.ACTIVE
WRITE_ONLY_TO_MEMBERS = gettext_lazy("You can write only to members of your quartiers.")


def share_a_quartier(first_id: int, second_id: int) -> bool:
    return Membership.objects.filter(
        user_id=second_id, status=ACTIVE, quartier_id__in=active_quartier_ids(user_id=first_id)
    ).exists()


def get_member_to_write_to(*, user: User, user_id: int) -> User:
    """Someone of one of the user's quartiers, in one query; an id nobody has and a stranger's
    are refused alike, in the same words and the same time, so nobody learns which ids exist."""
    found = User.objects.filter(
        pk=user_id,
        memberships__status=ACTIVE,
        memberships__quartier_id__in=active_quartier_ids(user_id=user.pk),
    ).first()
    if found is None:
        raise ValidationError({"user_id": [WRITE_ONLY_TO_MEMBERS]})
    return found


def get_person_to_block(*, user: User, user_id: int) -> User:
    """Someone the user may block (in touch: a quartier or a conversation in common) or has
    blocked already (to lift it); a 404 for anyone else, an id nobody has included."""
    if user_id == user.pk or not (
        in_touch(user.pk, user_id)
        or Block.objects.filter(blocker=user, blocked_id=user_id).exists()
    ):
        raise Http404
    return User.objects.get(pk=user_id)


def is_blocked_between(first_id: int, second_id: int) -> bool:
    return Block.objects.filter(
        Q(blocker_id=first_id, blocked_id=second_id) | Q(blocker_id=second_id, blocked_id=first_id)
    ).exists()


def in_touch(first_id: int, second_id: int) -> bool:
    """Whether two people share a quartier now or take part in the same conversation: those one
    may block (a stranger's id says nothing, so an id cannot be probed by blocking it)."""
    if share_a_quartier(first_id, second_id):
        return True
    return Participant.objects.filter(
        user_id=second_id,
        conversation__participants__user_id=first_id,
    ).exists()


def blocked_ids(*, user: User) -> set[int]:
    return set(Block.objects.filter(blocker=user).values_list("blocked_id", flat=True))


def reports_for(*, quartier_id: int) -> list[Report]:
    """What members of the quartier reported and nobody has hidden yet, newest first."""
    return list(
        Report.objects.filter(
            message__conversation__quartier_id=quartier_id, message__hidden_at__isnull=True
        )
        .select_related("message__author", "message__relais", "message__conversation", "reporter")
        .order_by("-created_at", "-id")
    )


def get_report_in(*, quartier_id: int, report_id: int) -> Report:
    try:
        return Report.objects.select_related("message__conversation__quartier").get(
            message__conversation__quartier_id=quartier_id, pk=report_id
        )
    except Report.DoesNotExist:
        raise Http404 from None


def get_report_for_coordinator(*, user: User, slug: str, report_id: int) -> Report:
    """A report of the quartier, for one of its coordinators (a member gets a 403)."""
    quartier, _membership = get_quartier_for_coordinator(user=user, slug=slug)
    return get_report_in(quartier_id=quartier.pk, report_id=report_id)


def can_read(*, user: User, conversation: Conversation) -> bool:
    """Rooms: the quartier's active members. Threads: their participants, while still members of
    the subject's quartier. Direct messages: the two people, while they share a quartier."""
    if not user.is_authenticated:
        return False
    if conversation.kind == Conversation.Kind.ROOM:
        return _member_of_its_quartier(user, conversation)
    if not Participant.objects.filter(conversation=conversation, user=user).exists():
        return False
    if conversation.quartier_id is not None:
        return _member_of_its_quartier(user, conversation)
    if conversation.kind == Conversation.Kind.DIRECT:
        other = (
            Participant.objects.filter(conversation=conversation)
            .exclude(user=user)
            .values_list("user_id", flat=True)
            .first()
        )
        return other is not None and share_a_quartier(user.pk, other)
    return True


def is_muted(*, user: User, conversation: Conversation) -> bool:
    return Participant.objects.filter(conversation=conversation, user=user, muted=True).exists()


# Set by `get_conversation` on the conversation it gives: (the user it was fetched for, whether
# that user is an active member of its quartier).
FETCHED_FOR = "fetched_for_member"


def _member_of_its_quartier(user: User, conversation: Conversation) -> bool:
    """Whether ``user`` is an active member of the conversation's quartier: read with the
    conversation when `get_conversation` fetched it for this user, else asked now."""
    fetched_for: tuple[int, bool] | None = getattr(conversation, FETCHED_FOR, None)
    if fetched_for is not None and fetched_for[0] == user.pk:
        return fetched_for[1]
    return conversation.quartier_id in active_quartier_ids(user_id=user.pk)


def _conversation_with_membership(conversation_id: int, user_id: int) -> QuerySet[Conversation]:
    membership = Membership.objects.filter(
        user_id=user_id, status=ACTIVE, quartier_id=OuterRef("quartier_id")
    )
    return Conversation.objects.filter(pk=conversation_id).annotate(
        member_of_quartier=Exists(membership)
    )


# Every message sent reads it: compiled once (`neighbourhood.compiled_queries`), 0.2 ms of CPU
# where Django took 0.9 ms to build and compile it, with its `Exists`, at each message.
_CONVERSATION_WITH_MEMBERSHIP = CompiledQuery(
    _conversation_with_membership, markers=(-4_242_424_201, -4_242_424_202)
)


def get_conversation(*, conversation_id: int, user: User) -> Conversation:
    """A conversation by its id, or a 404; for a caller whose next step checks ``can_read`` for
    ``user``. Whether the user is an active member of its quartier comes in the same query, so
    that this check (all a room needs) costs nothing more: a message sent on the socket."""
    found = _CONVERSATION_WITH_MEMBERSHIP.instances(conversation_id, user.pk)
    if not found:
        raise Http404
    conversation = found[0]
    member_of_quartier = bool(vars(conversation).pop("member_of_quartier"))
    setattr(conversation, FETCHED_FOR, (user.pk, member_of_quartier))
    return conversation


def get_conversation_for_reader(*, user: User, conversation_id: int) -> Conversation:
    """404 unless the user may read the conversation (see ``can_read``)."""
    conversation = (
        Conversation.objects.select_related("quartier").filter(pk=conversation_id).first()
    )
    if conversation is None or not can_read(user=user, conversation=conversation):
        raise Http404
    return conversation


def get_message_in(*, conversation: Conversation, message_id: int) -> Message:
    try:
        return Message.objects.select_related("author", "relais", "conversation__quartier").get(
            conversation=conversation, pk=message_id
        )
    except Message.DoesNotExist:
        raise Http404 from None


def get_message_for_reader(*, user: User, conversation_id: int, message_id: int) -> Message:
    """A message, through its conversation's access rule: 404 for anyone who may not read."""
    conversation = get_conversation_for_reader(user=user, conversation_id=conversation_id)
    return get_message_in(conversation=conversation, message_id=message_id)


def readable_conversations(*, user: User) -> QuerySet[Conversation]:
    """The rooms of my quartiers, and the threads and direct conversations I take part in."""
    quartiers = active_quartier_ids(user_id=user.pk)
    return Conversation.objects.filter(
        Q(kind=Conversation.Kind.ROOM, quartier_id__in=quartiers)
        | Q(participants__user=user, quartier__isnull=True)
        | Q(participants__user=user, quartier_id__in=quartiers)
    ).distinct()


def my_conversations(*, user: User) -> QuerySet[Conversation]:
    return (
        readable_conversations(user=user)
        .annotate(last_message_at=Max("messages__created_at"))
        .order_by("-last_message_at", "-created_at", "-id")
    )


def has_direct_with(*, user: User, other: User) -> bool:
    return (
        readable_conversations(user=user)
        .filter(kind=Conversation.Kind.DIRECT, participants__user=other)
        .exists()
    )


@dataclass(frozen=True)
class Unread:
    messages: int
    conversations: dict[str, int]
    notifications: int


def unread_of(*, user: User) -> Unread:
    """What the user has not read yet: messages in all, by conversation, and notifications."""
    ids = list(readable_conversations(user=user).values_list("pk", flat=True))
    unread = unread_counts(user=user, conversation_ids=ids)
    return Unread(
        messages=sum(unread.values()),
        conversations={str(pk): count for pk, count in unread.items()},
        notifications=unread_notification_count(user=user),
    )


def unread_counts(*, user: User, conversation_ids: list[int]) -> dict[int, int]:
    """Messages by others after my read marker, per conversation: two queries for any number."""
    if not conversation_ids:
        return {}
    markers = dict(
        Participant.objects.filter(user=user, conversation_id__in=conversation_ids).values_list(
            "conversation_id", "last_read_id"
        )
    )
    after_marker = Q()
    for conversation_id in conversation_ids:
        after_marker |= Q(conversation_id=conversation_id, pk__gt=markers.get(conversation_id, 0))
    rows = (
        Message.objects.filter(after_marker, deleted_at__isnull=True, hidden_at__isnull=True)
        .exclude(author=user)
        .values("conversation_id")
        .order_by()
        .annotate(count=Count("pk"))
    )
    return {row["conversation_id"]: row["count"] for row in rows}


@dataclass(frozen=True)
class History:
    messages: list[Message]
    has_older: bool
    has_newer: bool


def messages_page(
    *,
    conversation: Conversation,
    before: int | None = None,
    after: int | None = None,
    limit: int = HISTORY_SIZE,
) -> History:
    """Up to ``limit`` messages, oldest first: the latest, those before a message id (scrolling
    back), or those after one (catching up after a reconnection). One query."""
    rows = Message.objects.filter(conversation=conversation).select_related("author", "relais")
    if after is not None:
        found = list(rows.filter(pk__gt=after).order_by("pk")[: limit + 1])
        return History(found[:limit], has_older=True, has_newer=len(found) > limit)
    if before is not None:
        rows = rows.filter(pk__lt=before)
    found = list(rows.order_by("-pk")[: limit + 1])
    page = list(reversed(found[:limit]))
    return History(page, has_older=len(found) > limit, has_newer=before is not None)


def latest_messages(*, conversation: Conversation, limit: int = HISTORY_SIZE) -> list[Message]:
    return messages_page(conversation=conversation, limit=limit).messages


def socket_conversation_ids(*, user_id: int) -> list[int]:
    """The threads and direct conversations whose group a user's sockets join (rooms ride on
    their quartier's group)."""
    quartiers = active_quartier_ids(user_id=user_id)
    return list(
        Conversation.objects.filter(participants__user_id=user_id)
        .exclude(kind=Conversation.Kind.ROOM)
        .filter(Q(quartier__isnull=True) | Q(quartier_id__in=quartiers))
        .values_list("pk", flat=True)
    )


def _socket_group_rows(user_id: int) -> QuerySet[Membership, tuple[str, int]]:
    """("quartier", id) for each quartier of an active membership, ("conversation", id) for
    each thread and direct conversation of ``socket_conversation_ids``, in one query."""
    memberships = Membership.objects.filter(user_id=user_id, status=ACTIVE).order_by()
    quartiers = memberships.values_list(Value("quartier"), "quartier_id")
    conversations = (
        Conversation.objects.filter(participants__user_id=user_id)
        .exclude(kind=Conversation.Kind.ROOM)
        .filter(Q(quartier__isnull=True) | Q(quartier_id__in=memberships.values("quartier_id")))
        .order_by()
        .values_list(Value("conversation"), "pk")
    )
    return quartiers.union(conversations, all=True)


# Every socket's handshake runs it: compiled once (`neighbourhood.compiled_queries`), it costs
# a tenth of the CPU it did when Django built and compiled it at each handshake.
_SOCKET_GROUP_ROWS = CompiledQuery(_socket_group_rows, markers=(-4_242_424_242,))


def socket_groups(*, user_id: int) -> list[str]:
    """Every group a user's socket joins, in one query: the user's own, and those of
    ``_socket_group_rows``."""
    group_of = {"quartier": realtime.quartier_group, "conversation": realtime.conversation_group}
    rows = _SOCKET_GROUP_ROWS.rows(user_id)
    return [realtime.user_group(user_id), *(group_of[kind](pk) for kind, pk in rows)]


def participants_of(*, conversation: Conversation) -> list[User]:
    return list(User.objects.filter(participations__conversation=conversation).order_by("pk"))


def get_notification_for_owner(*, user: User, notification_id: int) -> Notification:
    try:
        return Notification.objects.get(user=user, pk=notification_id)
    except Notification.DoesNotExist:
        raise Http404 from None


def my_notifications(*, user: User, limit: int = 50) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("actor")[:limit]


def unread_notification_count(*, user: User) -> int:
    return Notification.objects.filter(Q(user=user) & Q(read_at__isnull=True)).count()


def wanting_email(*, kind: str, users: list[User]) -> set[int]:
    """Which of ``users`` (active ones, with an address) want ``kind`` by e-mail right away, in
    one query. A neighbour whose account a relais keeps has no address: never by e-mail."""
    chosen = dict(
        NotificationSetting.objects.filter(kind=kind, user__in=users).values_list(
            "user_id", "by_email"
        )
    )
    default = emailed_by_default(kind)
    return {
        user.pk for user in users if user.is_active and user.email and chosen.get(user.pk, default)
    }


def email_kinds(*, user: User) -> set[str]:
    """The kinds of notification the user also gets by e-mail right away."""
    chosen = dict(NotificationSetting.objects.filter(user=user).values_list("kind", "by_email"))
    return {
        kind for kind in notification_kinds.values() if chosen.get(kind, emailed_by_default(kind))
    }
