"""The kinds of notification, each registered by the app that sends it (see `neighbourhood.kinds`).

`messaging` registers its own three here; the exchanges and the quartiers (join requests, the
relais role) register theirs in their `AppConfig.ready()`, so a new kind of exchange changes
nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from neighbourhood.kinds import Kind, Kinds

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from messaging.models import Notification


@dataclass(frozen=True)
class NotificationKind(Kind):
    """``sentence`` is how the notifications page tells it, with ``%(actor)s`` and
    ``%(title)s``; without one, the page says "label: title". ``sentence_alone`` is said instead
    when nobody did it (a member's own farm order is saved). ``by_email``: mailed right away
    unless the resident turns it off; the others wait for the site unless they turn it on."""

    sentence: StrOrPromise = ""
    sentence_alone: StrOrPromise = ""
    by_email: bool = False


notification_kinds: Kinds[NotificationKind] = Kinds(
    name="notification", max_length=30, unknown=_("Notification")
)

MESSAGE_REPORTED = "message_reported"
DIRECT_MESSAGE = "direct_message"
MENTION = "mention"


def register_kinds() -> None:
    notification_kinds.register(
        NotificationKind(MESSAGE_REPORTED, _("A message was reported")),
        NotificationKind(
            DIRECT_MESSAGE,
            _("A direct message while you were away"),
            sentence=_("%(actor)s wrote to you while you were away"),
        ),
        NotificationKind(
            MENTION,
            _("You were mentioned while you were away"),
            sentence=_("%(actor)s mentioned you in “%(title)s”"),
        ),
    )


def emailed_by_default(kind: str) -> bool:
    known = notification_kinds.get(kind)
    return known is not None and known.by_email


def sentence(notification: Notification) -> str:
    """What the notifications page says of one notification, as plain text (the page escapes
    it), in the active language."""
    kind = notification_kinds.get(notification.kind)
    title = notification.title
    if kind is not None and notification.actor is None and kind.sentence_alone:
        return str(kind.sentence_alone) % {"title": title}
    if kind is None or not kind.sentence:
        return f"{notification_kinds.label(notification.kind)}{gettext(':')} {title}"
    actor = notification.actor.public_name if notification.actor else gettext("Someone")
    return str(kind.sentence) % {"actor": actor, "title": title}
