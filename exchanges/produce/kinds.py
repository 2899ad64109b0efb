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
CONTRACT_SIGNING_OPEN = "contract_signing_open"
SUBSCRIBED = "contract_subscribed"
SUBSCRIPTION_WAITING = "contract_waiting"
SUBSCRIPTION_MOVED_UP = "contract_moved_up"
SUBSCRIBER_NEW = "contract_new_subscriber"
BASKET_GIVEN = "basket_given"
BASKET_OFFERED = "basket_offered"
BASKET_TAKEN = "basket_taken"
BASKET_TAKEN_BACK = "basket_taken_back"
BASKET_WITHDRAWN = "basket_withdrawn"

FEED_CYCLE = "order_cycle"
FEED_CONTRACT = "contract"


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
        NotificationKind(CONTRACT_SIGNING_OPEN, _("A farm contract is open for signing")),
        NotificationKind(
            SUBSCRIBED,
            _("You are subscribed to a contract"),
            sentence=_("%(actor)s subscribed you to “%(title)s”"),
            sentence_alone=_("You are subscribed to “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            SUBSCRIPTION_WAITING,
            _("You are on a contract's waiting list"),
            sentence=_("%(actor)s put you on the waiting list of “%(title)s”"),
            sentence_alone=_("You are on the waiting list of “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            SUBSCRIPTION_MOVED_UP,
            _("A share is yours: you left the waiting list"),
            sentence_alone=_("A share of “%(title)s” is yours: you are subscribed"),
            by_email=True,
        ),
        NotificationKind(
            SUBSCRIBER_NEW,
            _("A new subscriber to a contract you follow"),
            sentence=_("%(actor)s subscribed to “%(title)s”"),
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
        NotificationKind(
            BASKET_TAKEN_BACK,
            _("A basket given to you is taken back"),
            sentence=_("%(actor)s will be there after all and keeps their basket: %(title)s"),
            by_email=True,
        ),
        NotificationKind(
            BASKET_WITHDRAWN,
            _("A basket passed on to you will not come"),
            sentence_alone=_("Its subscription has ended: the basket will not come: %(title)s"),
            by_email=True,
        ),
    )
    feed_kinds.register(FeedKind(FEED_CYCLE, _("Farm orders")))
    feed_kinds.register(FeedKind(FEED_CONTRACT, _("Farm contracts open for signing")))
