"""Which pages may open the WebSocket at /ws/.

A browser sends the address of the page that opens a socket in ``Origin``, and the address it
connects to in ``Host``. A page of the site itself opens the socket on the address it was served
from, so the two name the same host and port: that is accepted whatever the host and port are
(``manage.py serve --port 8001``, a laptop reached by its name on an EPN's network), as long as
the host is one Django serves (``ALLOWED_HOSTS``, as for every HTTP request). A page of another
site cannot forge its own ``Origin``: a foreign page, or another port of the same host, is
refused.

``WEBSOCKET_ALLOWED_ORIGINS`` (``SITE_URL`` by default) is accepted too, for a proxy that
rewrites ``Host`` or terminates TLS in front of a daphne that does not see it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from channels.security.websocket import OriginValidator
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
PAGE_SCHEME = {"ws": "http", "wss": "https"}


def _header(scope: dict[str, Any], name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin1")
    return ""


def is_same_origin(scope: dict[str, Any]) -> bool:
    """True when the handshake's ``Origin`` is the address the socket was opened on."""
    socket_scheme = scope.get("scheme") or "ws"
    host = _header(scope, b"host").lower()
    try:
        origin = urlsplit(_header(scope, b"origin").lower())
        origin_port = origin.port or DEFAULT_PORTS.get(origin.scheme)
    except ValueError:  # a port that is not a number
        return False
    domain, port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return False
    return (
        origin.scheme == PAGE_SCHEME.get(socket_scheme)
        and (origin.hostname or "") == domain.strip("[]")
        and origin_port == (int(port) if port else DEFAULT_PORTS[socket_scheme])
    )


class SameOriginValidator(OriginValidator):
    """Lets a socket through when it comes from the page's own origin or an allowed one."""

    def __init__(self, application: Any) -> None:
        super().__init__(application, settings.WEBSOCKET_ALLOWED_ORIGINS)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] == "websocket" and is_same_origin(scope):
            return await self.application(scope, receive, send)
        return await super().__call__(scope, receive, send)

    def valid_origin(self, parsed_origin: Any) -> bool:
        # Channels reads the port of the Origin, which raises on one like "http://host:port".
        try:
            return bool(super().valid_origin(parsed_origin))
        except ValueError:
            return False
