from django.http import HttpRequest

from messaging.unread_badge import unread_badge_count


def unread_notifications(request: HttpRequest) -> dict[str, int]:
    """The number the menu shows beside "Notifications", for a signed-in resident only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_badge_count(user=user)}
