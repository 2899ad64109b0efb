"""What the farm orders tell people, and what they publish in the feed: registered in
`ProduceConfig.ready`. One's own order and the reminder before a cycle closes are mailed right
away by default."""

from django.utils.translation import gettext_lazy as _

from messaging.kinds import NotificationKind, notification_kinds
from neighbourhood.feed.kinds import FeedKind, feed_kinds

CYCLE_OPEN = "cycle_open"
CYCLE_CLOSING = "cycle_closing"
CYCLE_CLOSED = "cycle_closed"
ORDER_CONFIRMED = "order_confirmed"
BASKET_GIVEN = "basket_given"
BASKET_OFFERED = "basket_offered"
BASKET_TAKEN = "basket_taken"

FEED_CYCLE = "order_cycle"


def register_kinds() -> None:
    notification_kinds.register(
        NotificationKind(CYCLE_OPEN, _("Farm orders are open")),
        NotificationKind(CYCLE_CLOSING, _("Farm orders close in 24 hours"), by_email=True),
        NotificationKind(CYCLE_CLOSED, _("Farm orders are closed")),
        NotificationKind(
            ORDER_CONFIRMED,
            _("Your farm order is saved"),
            # A coordinator who changes someone's order is its actor; a member's own has none.
            sentence=_("%(actor)s changed your farm order for “%(title)s”"),
            sentence_alone=_("Your farm order for “%(title)s” is saved"),
            by_email=True,
        ),
        NotificationKind(
            BASKET_GIVEN,
            _("A neighbour gives you their basket"),
            sentence=_("%(actor)s gives you their basket: %(title)s"),
            by_email=True,
        ),
        NotificationKind(
            BASKET_OFFERED,
            _("A basket is offered in your quartier"),
            sentence=_("%(actor)s offers their basket: %(title)s"),
        ),
        NotificationKind(
            BASKET_TAKEN,
            _("Your basket offered was taken"),
            sentence=_("%(actor)s takes your basket: %(title)s"),
            by_email=True,
        ),
    )
    feed_kinds.register(FeedKind(FEED_CYCLE, _("Farm orders")))
