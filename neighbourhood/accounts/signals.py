from typing import Any

from django.contrib import messages
from django.utils.translation import gettext as _

from messaging import realtime


def ask_for_a_name(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Accounts made before sign-up asked for a name show as a numbered neighbour: say so."""
    if request is not None and not user.display_name and hasattr(request, "_messages"):
        messages.info(
            request,
            _("Your neighbours see you as “%(name)s”: write your name in My profile.")
            % {"name": user.public_name},
        )


def close_sockets_at_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        realtime.user_sockets_close_on_commit(user_id=user.pk)
