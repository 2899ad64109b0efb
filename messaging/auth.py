"""Who opens a socket, found once in the handshake: the session's user (a browser, by its session
cookie), else the owner of a personal token (an API client, `Authorization: Bearer <token>`).
One trip to the database thread for both, so a socket costs one connection to authenticate."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from channels.middleware import BaseMiddleware
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.contrib.auth import get_user
from django.contrib.auth.models import AnonymousUser

from messaging.threads import database_call
from neighbourhood.accounts.selectors import token_find


def bearer_token(scope: dict[str, Any]) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, if the handshake has one."""
    headers = dict(scope.get("headers", []))
    parts = headers.get(b"authorization", b"").decode("latin-1").split()
    if len(parts) == 2 and parts[0].lower() == "bearer":
        return parts[1]
    return None


def find_socket_user(scope: dict[str, Any]) -> Any:
    """The user of a handshake: one query for a personal token (with its user), two for a
    session (the session, then its user)."""
    # Django's own check of the session (the user it names, and its password hash unchanged).
    user = get_user(SimpleNamespace(session=scope["session"]))  # type: ignore[arg-type]
    if user.is_authenticated:
        return user
    raw = bearer_token(scope)
    if raw is not None:
        token = token_find(raw=raw)
        if token is not None:
            return token.user
    return AnonymousUser()


socket_user = database_call(find_socket_user)


class SocketAuthMiddleware(BaseMiddleware):
    """Puts the socket's user (or an anonymous one) in ``scope["user"]``."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        scope = dict(scope, user=await socket_user(scope))
        return await super().__call__(scope, receive, send)


def SocketAuthMiddlewareStack(inner: Any) -> Any:
    """The session cookie read, then the user found: Channels' AuthMiddlewareStack, with the
    personal token as second way in."""
    return CookieMiddleware(SessionMiddleware(SocketAuthMiddleware(inner)))
