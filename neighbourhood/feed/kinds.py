"""The kinds of feed entry, each registered by the app that publishes it (see
`neighbourhood.kinds`): the feed knows none of them, so a new kind of exchange changes nothing
here and needs no migration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from neighbourhood.kinds import Kind, Kinds

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class FeedKind(Kind):
    """``badge`` names a colour of the badge on the feed page (``badge--<badge>``), if any."""

    badge: str = ""


feed_kinds: Kinds[FeedKind] = Kinds(name="feed entry", max_length=20, unknown=_("Other"))


def filter_choices() -> list[tuple[str, StrOrPromise]]:
    """The feed filter's choices: everything, or one registered kind."""
    return [("", _("Everything")), *feed_kinds.choices()]


@dataclass(frozen=True)
class PublishLink:
    """A way to publish in a quartier, shown at the top of its feed: ``template`` is included with
    the ``quartier`` in its context (and ``compact``, the feed's short form). Registered by the
    app that publishes, like its kinds, so the feed page names no exchange."""

    template: str
    order: int = 100


_publish_links: list[PublishLink] = []


def register_publish_link(link: PublishLink) -> None:
    if link not in _publish_links:
        _publish_links.append(link)


def publish_links() -> list[PublishLink]:
    return sorted(_publish_links, key=lambda link: link.order)
