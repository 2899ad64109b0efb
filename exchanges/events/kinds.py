"""What gatherings tell people and publish in the feed: registered in `EventsConfig.ready`."""

from django.utils.translation import gettext_lazy as _

from messaging.kinds import NotificationKind, notification_kinds
from neighbourhood.feed.kinds import FeedKind, PublishLink, feed_kinds, register_publish_link

FEED_EVENT = "event"

EVENT_REGISTERED = "event_registered"
EVENT_WAITING = "event_waiting"
EVENT_NEW_REGISTRATION = "event_new_registration"
EVENT_MOVED_UP = "event_moved_up"
EVENT_CHANGED = "event_changed"
EVENT_CANCELLED = "event_cancelled"
EVENT_DATE_OFF = "event_date_off"
EVENT_TOMORROW = "event_tomorrow"


def register_kinds() -> None:
    notification_kinds.register(*event_kinds())
    feed_kinds.register(FeedKind(FEED_EVENT, _("Gathering")))
    register_publish_link(PublishLink("exchanges/events/_feed_link.html", order=50))


def event_kinds() -> list[NotificationKind]:
    """Gatherings' notifications. The title of each names the gathering and its date. What
    changes a date someone counts on (moved up, changed, cancelled, a date off, tomorrow) is
    mailed at once by default."""
    return [
        NotificationKind(
            EVENT_REGISTERED,
            _("You are registered for a gathering"),
            sentence=_("You are registered for “%(title)s”"),
            sentence_alone=_("You are registered for “%(title)s”"),
        ),
        NotificationKind(
            EVENT_WAITING,
            _("You are on a gathering's waiting list"),
            sentence=_("You are on the waiting list of “%(title)s”"),
            sentence_alone=_("You are on the waiting list of “%(title)s”"),
        ),
        NotificationKind(
            EVENT_NEW_REGISTRATION,
            _("Someone registered for your gathering"),
            sentence=_("%(actor)s registered for “%(title)s”"),
        ),
        NotificationKind(
            EVENT_MOVED_UP,
            _("A place is yours: moved up from the waiting list"),
            sentence_alone=_("A place freed up: you are registered for “%(title)s”"),
            sentence=_("A place freed up: you are registered for “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            EVENT_CHANGED,
            _("A gathering changed"),
            sentence=_("%(actor)s changed “%(title)s”: check the date and place"),
            by_email=True,
        ),
        NotificationKind(
            EVENT_CANCELLED,
            _("A gathering was cancelled"),
            sentence=_("%(actor)s cancelled “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            EVENT_DATE_OFF,
            _("A date of a gathering is off"),
            sentence=_("%(actor)s took a date off: “%(title)s” does not take place"),
            by_email=True,
        ),
        NotificationKind(
            EVENT_TOMORROW,
            _("A gathering tomorrow"),
            sentence_alone=_("Tomorrow: “%(title)s”"),
            sentence=_("Tomorrow: “%(title)s”"),
            by_email=True,
        ),
    ]
