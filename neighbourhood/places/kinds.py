"""What the directory tells people and publishes in the feed: registered in `PlacesConfig.ready`.

A member's suggestion is told to the quartier's coordinators; their decision to the member who
suggested it. An approved place is in the feed (a withdrawn one leaves it)."""

from django.utils.translation import gettext_lazy as _

from messaging.kinds import NotificationKind, notification_kinds
from neighbourhood.feed.kinds import FeedKind, feed_kinds

FEED_PLACE = "place"

PLACE_SUGGESTED = "place_suggested"
PLACE_APPROVED = "place_approved"
PLACE_DECLINED = "place_declined"


def register_kinds() -> None:
    notification_kinds.register(
        NotificationKind(
            PLACE_SUGGESTED,
            _("A place to approve"),
            sentence=_("%(actor)s suggests a place for the directory: “%(title)s”"),
        ),
        NotificationKind(
            PLACE_APPROVED,
            _("Your place is in the directory"),
            sentence=_("%(actor)s approved the place you suggested: “%(title)s”"),
        ),
        NotificationKind(
            PLACE_DECLINED,
            _("Your place was not added"),
            sentence=_("%(actor)s did not add the place you suggested: “%(title)s”"),
        ),
    )
    feed_kinds.register(FeedKind(FEED_PLACE, _("Place")))
