"""What swaps tell people, and what they publish in the feed: registered in `SwapsConfig.ready`."""

from django.utils.translation import gettext_lazy as _

from messaging.kinds import NotificationKind, notification_kinds
from neighbourhood.feed.kinds import FeedKind, PublishLink, feed_kinds, register_publish_link

SWAP_INTEREST = "swap_interest"
SWAP_INTRODUCTION = "swap_introduction"
EXCHANGE_HELD = "exchange_held"

FEED_OFFER = "swap_offer"
FEED_REQUEST = "swap_request"


def register_kinds() -> None:
    notification_kinds.register(
        NotificationKind(
            SWAP_INTEREST,
            _("Interest in your swap"),
            sentence=_("%(actor)s is interested in “%(title)s”"),
        ),
        NotificationKind(
            SWAP_INTRODUCTION,
            _("An introduction"),
            sentence=_("%(actor)s introduced you about “%(title)s”"),
        ),
        NotificationKind(
            EXCHANGE_HELD,
            _("An exchange took place"),
            sentence=_("%(actor)s says your exchange about “%(title)s” took place"),
        ),
    )
    feed_kinds.register(
        FeedKind(FEED_OFFER, _("Offer to teach"), badge="teach"),
        FeedKind(FEED_REQUEST, _("Wish to learn"), badge="learn"),
    )
    register_publish_link(PublishLink("exchanges/swaps/_publish_choices.html", order=10))
