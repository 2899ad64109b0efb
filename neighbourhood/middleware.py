from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    """Headers Django 5.2 does not set by itself: the Content-Security-Policy.

    The pages load only their own scripts and styles (htmx, Leaflet and the socket module are
    vendored under static/), so the policy can stay strict; map tiles are the one outside image.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # The interactive API docs inline their own assets; they get a policy of their own.
        if not request.path.startswith("/api/docs/"):
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), payment=()")
        return response
