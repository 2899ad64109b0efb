"""What mutual aid tells people and publishes in the feed: registered in `AidConfig.ready`."""

from django.utils.translation import gettext_lazy as _

from messaging.kinds import NotificationKind, notification_kinds
from neighbourhood.feed.kinds import FeedKind, feed_kinds

FEED_REQUEST = "aid_request"
FEED_OFFER = "aid_offer"
FEED_LEND = "item_lend"
FEED_GIVE = "item_give"


def register_kinds() -> None:
    notification_kinds.register(*help_kinds(), *object_kinds())
    feed_kinds.register(
        FeedKind(FEED_REQUEST, _("Hand wanted")),
        FeedKind(FEED_OFFER, _("Hand offered")),
        FeedKind(FEED_LEND, _("To lend")),
        FeedKind(FEED_GIVE, _("To give away")),
    )


def help_kinds() -> list[NotificationKind]:
    """Coups de main's notifications (filled in with their services)."""
    return []


def object_kinds() -> list[NotificationKind]:
    """Lending and giving's notifications (filled in with their services)."""
    return []
