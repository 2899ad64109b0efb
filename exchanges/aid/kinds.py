"""What mutual aid tells people and publishes in the feed: registered in `AidConfig.ready`."""

from django.utils.translation import gettext_lazy as _

from messaging.kinds import NotificationKind, notification_kinds
from neighbourhood.feed.kinds import FeedKind, PublishLink, feed_kinds, register_publish_link

FEED_REQUEST = "aid_request"
FEED_OFFER = "aid_offer"
FEED_LEND = "item_lend"
FEED_GIVE = "item_give"

HELP_OFFERED = "help_offered"
HELP_CHOSEN = "help_chosen"
HELP_DECLINED = "help_declined"
HELP_WITHDRAWN = "help_withdrawn"
HELP_CANCELLED = "help_cancelled"
HELP_DONE = "help_done"
HELP_THANKED = "help_thanked"
HELP_URGENT = "help_urgent"


def register_kinds() -> None:
    notification_kinds.register(*help_kinds(), *object_kinds())
    feed_kinds.register(
        FeedKind(FEED_REQUEST, _("Hand wanted")),
        FeedKind(FEED_OFFER, _("Hand offered")),
        FeedKind(FEED_LEND, _("To lend")),
        FeedKind(FEED_GIVE, _("To give away")),
    )
    register_publish_link(PublishLink("exchanges/aid/help/_feed_link.html", order=40))


def help_kinds() -> list[NotificationKind]:
    """Coups de main's notifications. What decides who helps is mailed at once by default."""
    return [
        NotificationKind(
            HELP_OFFERED,
            _("Someone can help you"),
            sentence=_("%(actor)s can help with “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            HELP_CHOSEN,
            _("You were chosen to help"),
            sentence=_("%(actor)s chose you to help with “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            HELP_DECLINED,
            _("Your help was declined"),
            sentence=_("%(actor)s declined your help with “%(title)s”"),
        ),
        NotificationKind(
            HELP_WITHDRAWN,
            _("A helper withdrew"),
            sentence=_("%(actor)s can no longer help with “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            HELP_CANCELLED,
            _("A coup de main was cancelled"),
            sentence=_("%(actor)s cancelled “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            HELP_DONE,
            _("A coup de main is done"),
            sentence=_("%(actor)s says “%(title)s” is done: thank you!"),
        ),
        NotificationKind(
            HELP_THANKED,
            _("Thanks for a coup de main"),
            sentence=_("%(actor)s thanks you for “%(title)s”"),
        ),
        NotificationKind(
            HELP_URGENT,
            _("An urgent hand is wanted"),
            sentence=_("%(actor)s needs a hand soon: “%(title)s”"),
            by_email=True,
        ),
    ]


def object_kinds() -> list[NotificationKind]:
    """Lending and giving's notifications (filled in with their services)."""
    return []
