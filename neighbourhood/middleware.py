from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.common import CommonMiddleware as DjangoCommonMiddleware

from neighbourhood import limits
from neighbourhood.api import MAX_ID


def content_security_policy(request: HttpRequest) -> str:
    """The site's policy, whose ``connect-src`` names the site's own socket: ``wss://`` and the
    host the page was asked from on HTTPS, ``ws://`` on plain HTTP. Browsers that follow CSP 3
    count it in ``'self'`` already; older Safari does not, so it is named. Never ``ws: wss:``,
    which would let an injected script talk to any host."""
    try:
        host = request.get_host()  # checked against ALLOWED_HOSTS: nothing else reaches here
    except DisallowedHost:
        socket = ""
    else:
        socket = f"{'wss' if request.is_secure() else 'ws'}://{host}"
    return settings.CONTENT_SECURITY_POLICY.replace("{socket}", socket)


class SecurityHeadersMiddleware:
    """Headers Django 5.2 does not set by itself: the Content-Security-Policy.

    The pages load only their own scripts and styles (htmx, Leaflet and the socket module are
    vendored under static/), so the policy can stay strict; map tiles are the one outside image.
    The interactive API docs (/api/docs/) follow it too: Swagger UI's start-up script comes from
    its own address and its styles from a file (templates/drf_spectacular/).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(request))
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), payment=()")
        return response


class IdsInRangeMiddleware:
    """An id in an address larger than any row's (a 64-bit key) is not found, before a view
    asks the database, which cannot compare it (a 500 on SQLite)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        values = (*view_args, *view_kwargs.values())
        if any(isinstance(value, int) and value > MAX_ID for value in values):
            raise Http404


class CommonMiddleware(DjangoCommonMiddleware):
    """Django's, but the API's addresses are exact: ``/api/v1/blocks`` is a JSON 404, not a
    redirect to ``/api/v1/blocks/`` (which a client drops the body of) nor, for a POST with
    DEBUG on, Django's HTML page saying it cannot redirect a POST."""

    def should_redirect_with_slash(self, request: HttpRequest) -> bool:
        if limits.wants_json(request):
            return False
        return bool(super().should_redirect_with_slash(request))
