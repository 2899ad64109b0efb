from django.apps import AppConfig

from messaging.kinds import NotificationKind, notification_kinds
from neighbourhood.feed.kinds import FeedKind, PublishLink, feed_kinds, register_publish_link

LOAN_ASKED = "loan_asked"
FEED_LENDING = "lending"


class KindsAppConfig(AppConfig):
    name = "tests.kinds_app"
    label = "kinds_app"

    def ready(self) -> None:
        notification_kinds.register(
            NotificationKind(
                LOAN_ASKED,
                "Someone asks to borrow your object",
                sentence="%(actor)s asks to borrow “%(title)s”",
                by_email=True,
            )
        )
        feed_kinds.register(FeedKind(FEED_LENDING, "Object to lend", badge="teach"))
        register_publish_link(PublishLink("kinds_app/publish.html", order=30))
