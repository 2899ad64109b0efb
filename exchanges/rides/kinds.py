"""What the carpool tells people, and what it publishes in the feed: registered in
`RidesConfig.ready`. Changes to one's seats and rides are mailed right away by default."""

from django.utils.translation import gettext_lazy as _

from messaging.kinds import NotificationKind, notification_kinds
from neighbourhood.feed.kinds import FeedKind, PublishLink, feed_kinds, register_publish_link

BOOKING_REQUESTED = "booking_requested"
BOOKING_CONFIRMED = "booking_confirmed"
BOOKING_TAKEN = "booking_taken"
BOOKING_DECLINED = "booking_declined"
BOOKING_CANCELLED = "booking_cancelled"
RIDE_CANCELLED = "ride_cancelled"

FEED_OFFER = "ride_offer"
FEED_REQUEST = "ride_request"


def register_kinds() -> None:
    notification_kinds.register(
        NotificationKind(
            BOOKING_REQUESTED,
            _("Seats requested on your ride"),
            sentence=_("%(actor)s asks for a seat on “%(title)s”"),
            by_email=True,
        ),
        # A seat taken at once (automatic acceptance) tells both sides, each with the other as
        # the actor: the words suit either.
        NotificationKind(
            BOOKING_CONFIRMED,
            _("Your seat is confirmed"),
            sentence=_("%(actor)s confirmed your seat on “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            BOOKING_TAKEN,
            _("A seat was taken on your ride"),
            sentence=_("%(actor)s took a seat on your ride “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            BOOKING_DECLINED,
            _("Your seat request was declined"),
            sentence=_("%(actor)s declined your seat request on “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            BOOKING_CANCELLED,
            _("A booking was cancelled"),
            sentence=_("%(actor)s cancelled a seat on “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            RIDE_CANCELLED,
            _("A ride was cancelled"),
            sentence=_("%(actor)s cancelled the ride “%(title)s”"),
            by_email=True,
        ),
    )
    feed_kinds.register(
        FeedKind(FEED_OFFER, _("Ride offered")),
        FeedKind(FEED_REQUEST, _("Ride wanted")),
    )
    register_publish_link(PublishLink("exchanges/rides/_feed_link.html", order=20))
