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
HELP_NOT_NEEDED = "help_not_needed"
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
    register_publish_link(PublishLink("exchanges/aid/help/_feed_link.html", order=40))
    register_publish_link(PublishLink("exchanges/aid/objects/_feed_link.html", order=45))


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
            HELP_NOT_NEEDED,
            _("Your help is no longer needed"),
            sentence=_("%(actor)s no longer needs a hand with “%(title)s”: thank you for offering"),
        ),
        NotificationKind(
            HELP_URGENT,
            _("An urgent hand is wanted"),
            sentence=_("%(actor)s needs a hand soon: “%(title)s”"),
            by_email=True,
        ),
    ]


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
