import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation


class UserLanguageMiddleware:
    """A signed-in resident sees the site in the language and the timezone of their profile,
    on every device."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        zone = None
        if user is not None and user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
            zone = zoneinfo.ZoneInfo(user.timezone)
        # Only for this request: the thread's next work (a task run eagerly, a test, a command)
        # is back in the site's timezone.
        with timezone.override(zone):
            return self.get_response(request)
