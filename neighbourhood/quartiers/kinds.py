"""What the quartiers tell people: registered in `QuartiersConfig.ready`. The relais role is a
membership's, changed by `membership_set_relais` here, so its notice is the quartiers' too."""

from django.utils.translation import gettext_lazy as _

from messaging.kinds import NotificationKind, notification_kinds

JOIN_REQUESTED = "join_requested"
JOIN_DECIDED = "join_decided"
RELAIS_ROLE = "relais_role"


def register_kinds() -> None:
    notification_kinds.register(
        NotificationKind(
            JOIN_REQUESTED,
            _("Someone asks to join your quartier"),
            sentence=_("%(actor)s asks to join %(title)s"),
        ),
        # The title says the quartier and the answer, in the requester's language:
        # “Croix-Rousse: accepted”.
        NotificationKind(
            JOIN_DECIDED,
            _("Your request to join was answered"),
            sentence=_("Your request to join %(title)s"),
        ),
        NotificationKind(RELAIS_ROLE, _("You became a relais, or stopped being one")),
    )
