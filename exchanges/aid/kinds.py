"""What mutual aid tells people and publishes in the feed: registered in `AidConfig.ready`."""

from django.utils.translation import gettext_lazy as _

from messaging.kinds import NotificationKind, notification_kinds
from neighbourhood.feed.kinds import FeedKind, PublishLink, feed_kinds, register_publish_link

FEED_REQUEST = "aid_request"
FEED_OFFER = "aid_offer"
FEED_LEND = "item_lend"
FEED_GIVE = "item_give"

LOAN_ASKED = "loan_asked"
LOAN_ACCEPTED = "loan_accepted"
LOAN_DECLINED = "loan_declined"
LOAN_CANCELLED = "loan_cancelled"
LOAN_HANDED_OVER = "loan_handed_over"
LOAN_RETURNED = "loan_returned"
LOAN_RETURN_TOMORROW = "loan_return_tomorrow"
LOAN_LATE = "loan_late"
GIFT_ASKED = "gift_asked"
GIFT_RESERVED = "gift_reserved"
GIFT_COLLECTED = "gift_collected"
GIFT_CANCELLED = "gift_cancelled"


def register_kinds() -> None:
    notification_kinds.register(*help_kinds(), *object_kinds())
    feed_kinds.register(
        FeedKind(FEED_REQUEST, _("Hand wanted")),
        FeedKind(FEED_OFFER, _("Hand offered")),
        FeedKind(FEED_LEND, _("To lend")),
        FeedKind(FEED_GIVE, _("To give away")),
    )
    register_publish_link(PublishLink("exchanges/aid/objects/_feed_link.html", order=45))


def help_kinds() -> list[NotificationKind]:
    """Coups de main's notifications (filled in with their services)."""
    return []


def object_kinds() -> list[NotificationKind]:
    """Lending and giving's notifications. What changes a loan or a gift is mailed at once;
    each is told by the other side (the actor), except the reminders, which nobody did."""
    return [
        NotificationKind(
            LOAN_ASKED,
            _("Someone asks to borrow your object"),
            sentence=_("%(actor)s asks to borrow “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            LOAN_ACCEPTED,
            _("Your loan is accepted"),
            sentence=_("%(actor)s accepted to lend you “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            LOAN_DECLINED,
            _("Your loan request was declined"),
            sentence=_("%(actor)s declined to lend you “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            LOAN_CANCELLED,
            _("A loan was cancelled"),
            sentence=_("%(actor)s cancelled the loan of “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            LOAN_HANDED_OVER,
            _("A loan's hand-over to confirm"),
            sentence=_("%(actor)s says “%(title)s” was handed over"),
        ),
        NotificationKind(
            LOAN_RETURNED,
            _("A loan's return to confirm"),
            sentence=_("%(actor)s says “%(title)s” was returned"),
        ),
        NotificationKind(
            LOAN_RETURN_TOMORROW,
            _("A borrowed object goes back tomorrow"),
            sentence_alone=_("“%(title)s” goes back to its owner tomorrow"),
            by_email=True,
        ),
        NotificationKind(
            LOAN_LATE,
            _("A borrowed object is late"),
            sentence_alone=_("“%(title)s” should have been returned"),
            by_email=True,
        ),
        NotificationKind(
            GIFT_ASKED,
            _("Someone asks for your gift"),
            sentence=_("%(actor)s asks for “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            GIFT_RESERVED,
            _("A gift is reserved"),
            sentence=_("“%(title)s” is reserved: %(actor)s"),
            by_email=True,
        ),
        NotificationKind(
            GIFT_COLLECTED,
            _("A gift was collected"),
            sentence=_("%(actor)s says “%(title)s” was collected"),
        ),
        NotificationKind(
            GIFT_CANCELLED,
            _("A gift was called off"),
            sentence=_("%(actor)s called off the gift of “%(title)s”"),
            by_email=True,
        ),
    ]
