"""What consultations tell people and publish in the feed: registered in
`ConsultationsConfig.ready`."""

from django.utils.translation import gettext_lazy as _

from messaging.kinds import NotificationKind, notification_kinds
from neighbourhood.feed.kinds import FeedKind, PublishLink, feed_kinds, register_publish_link

FEED_CONSULTATION = "consultation"

CONSULTATION_TO_APPROVE = "consultation_to_approve"
CONSULTATION_APPROVED = "consultation_approved"
CONSULTATION_DECLINED = "consultation_declined"
CONSULTATION_VOTE_OPEN = "consultation_vote_open"
CONSULTATION_LAST_DAY = "consultation_last_day"
CONSULTATION_RESULTS = "consultation_results"


def register_kinds() -> None:
    notification_kinds.register(*consultation_kinds())
    feed_kinds.register(FeedKind(FEED_CONSULTATION, _("Consultation")))
    register_publish_link(PublishLink("exchanges/consultations/_feed_link.html", order=70))


def consultation_kinds() -> list[NotificationKind]:
    """The title of each is the consultation's question."""
    return [
        NotificationKind(
            CONSULTATION_TO_APPROVE,
            _("A consultation waits for a coordinator"),
            sentence=_("%(actor)s proposes a consultation: “%(title)s”"),
        ),
        NotificationKind(
            CONSULTATION_APPROVED,
            _("Your consultation is approved"),
            sentence=_("%(actor)s approved your consultation “%(title)s”"),
        ),
        NotificationKind(
            CONSULTATION_DECLINED,
            _("Your consultation is declined"),
            sentence=_("%(actor)s declined your consultation “%(title)s”"),
        ),
        NotificationKind(
            CONSULTATION_VOTE_OPEN,
            _("A vote opens in your quartier"),
            sentence_alone=_("The vote is open: “%(title)s”"),
            sentence=_("The vote is open: “%(title)s”"),
        ),
        NotificationKind(
            CONSULTATION_LAST_DAY,
            _("The last day of a vote"),
            sentence_alone=_("Last day to vote: “%(title)s”"),
            sentence=_("Last day to vote: “%(title)s”"),
            by_email=True,
        ),
        NotificationKind(
            CONSULTATION_RESULTS,
            _("The results of a consultation"),
            sentence_alone=_("The results are out: “%(title)s”"),
            sentence=_("The results are out: “%(title)s”"),
        ),
    ]
