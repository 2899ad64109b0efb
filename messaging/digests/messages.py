"""The messaging app's own sections of the digest: unread messages, and reported messages
waiting for a coordinator."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F, Max, Q
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from messaging.digests.sections import Item, Reader, Section, register
from messaging.models import Conversation, Participant, Report


def unread_messages(readers: list[Reader]) -> dict[int, list[Item]]:
    """Per conversation (not muted), the messages by others after the reader's marker; listed
    when one of them arrived during the reader's period. A direct conversation is named after
    the other person. Two queries (one without direct conversations)."""
    by_id = {reader.user.pk: reader for reader in readers}
    unread = (
        Q(conversation__messages__id__gt=F("last_read_id"))
        & ~Q(conversation__messages__author_id=F("user_id"))
        & Q(
            conversation__messages__deleted_at__isnull=True,
            conversation__messages__hidden_at__isnull=True,
        )
    )
    rows = (
        Participant.objects.filter(user_id__in=by_id, muted=False)
        .annotate(
            unread=Count("conversation__messages", filter=unread),
            newest=Max("conversation__messages__created_at", filter=unread),
        )
        .filter(unread__gt=0)
        .values_list(
            "user_id",
            "conversation_id",
            "conversation__title",
            "conversation__kind",
            "conversation__quartier_id",
            "unread",
            "newest",
        )
        .order_by("-newest")
    )
    fresh = [row for row in rows if by_id[row[0]].is_new(row[-1])]
    people = _people_of([row[1] for row in fresh if row[3] == Conversation.Kind.DIRECT])
    found: dict[int, list[Item]] = defaultdict(list)
    for user_id, conversation_id, title, kind, quartier_id, count, newest in fresh:
        if kind == Conversation.Kind.DIRECT:  # "Bob", not "Bob · Alice", when Alice reads it
            others = [name for pk, name in people.get(conversation_id, []) if pk != user_id]
            title = ", ".join(others) or title
        url = reverse("messaging:conversation", kwargs={"conversation_id": conversation_id})
        found[user_id].append(Item(title, url, quartier_id, _unread_note(count), newest))
    return found


def _people_of(conversation_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """Who takes part in each direct conversation, by their public name (one query, none
    without direct conversations)."""
    if not conversation_ids:
        return {}
    people: dict[int, list[tuple[int, str]]] = defaultdict(list)
    participants = Participant.objects.filter(conversation_id__in=conversation_ids).select_related(
        "user"
    )
    for participant in participants:
        people[participant.conversation_id].append(
            (participant.user_id, participant.user.public_name)
        )
    return people


def _unread(count: int) -> str:
    return ngettext("%(count)d unread message", "%(count)d unread messages", count) % {
        "count": count
    }


# Translated when the mail is written, in the reader's language. (`ngettext_lazy(…) % values`
# would translate at once, in whichever language the chunk happens to run.)
_unread_note = lazy(_unread, str)


def reported_messages(readers: list[Reader]) -> dict[int, list[Item]]:
    """Messages reported during the period in the quartiers the reader coordinates, and not
    hidden since. One query (none when no reader coordinates)."""
    coordinated = {quartier for reader in readers for quartier in reader.coordinates}
    if not coordinated:
        return {}
    since = min(reader.since for reader in readers)
    rows = (
        Report.objects.filter(
            message__conversation__quartier_id__in=coordinated,
            message__hidden_at__isnull=True,
            created_at__gte=since,
        )
        .select_related("message__conversation__quartier")
        .order_by("-created_at", "-id")
    )
    found: dict[int, list[Item]] = defaultdict(list)
    for report in rows:
        quartier = report.message.conversation.quartier
        assert quartier is not None  # only rooms and threads can be reported
        url = reverse("messaging:reports", kwargs={"slug": quartier.slug})
        title = report.message.body[:120] or _("(deleted message)")  # in the reader's language
        item = Item(title, url, quartier.pk, _("A message was reported"), report.created_at)
        for reader in readers:
            if quartier.pk in reader.coordinates and reader.is_new(report.created_at):
                found[reader.user.pk].append(item)
    return found


def register_sections() -> None:
    register(Section("messages", _("Unread messages"), 60, unread_messages))
    register(Section("reports", _("Reported messages"), 70, reported_messages))
