from typing import Any

from messaging import realtime


def close_sockets_at_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        realtime.user_sockets_close_on_commit(user_id=user.pk)
