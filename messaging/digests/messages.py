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
from messaging.models import Participant, Report


def unread_messages(readers: list[Reader]) -> dict[int, list[Item]]:
    """Per conversation (not muted), the messages by others after the reader's marker; listed
    when one of them arrived during the reader's period. One query."""
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
            "conversation__quartier_id",
            "unread",
            "newest",
        )
        .order_by("-newest")
    )
    found: dict[int, list[Item]] = defaultdict(list)
    for user_id, conversation_id, title, quartier_id, count, newest in rows:
        if not by_id[user_id].is_new(newest):
            continue
        note = _unread_note(count)
        url = reverse("messaging:conversation", kwargs={"conversation_id": conversation_id})
        found[user_id].append(Item(title, url, quartier_id, note, newest))
    return found


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
        for reader in readers:
            if quartier.pk in reader.coordinates and reader.is_new(report.created_at):
                title = report.message.body[:120] or str(_("(deleted message)"))
                found[reader.user.pk].append(
                    Item(title, url, quartier.pk, _("A message was reported"), report.created_at)
                )
    return found


def register_sections() -> None:
    register(Section("messages", _("Unread messages"), 60, unread_messages))
    register(Section("reports", _("Reported messages"), 70, reported_messages))
