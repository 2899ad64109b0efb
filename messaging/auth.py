"""Who opens a socket, found once in the handshake: the session's user (a browser, by its session
cookie), else the owner of a personal token (an API client, `Authorization: Bearer <token>`);
and, for a user, the groups its socket joins, with its presence recorded. One trip to a worker
thread for all of it, so a socket costs one connection and one hop to open."""

from __future__ import annotations

import logging
from importlib import import_module
from types import SimpleNamespace
from typing import Any

from channels.middleware import BaseMiddleware
from channels.sessions import CookieMiddleware
from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.auth.models import AnonymousUser

from messaging import presence, selectors
from messaging.threads import database_call
from neighbourhood.accounts.selectors import token_user

logger = logging.getLogger(__name__)

# The scope's key for the groups the user's socket joins (none for an anonymous handshake).
SOCKET_GROUPS = "socket_groups"


def bearer_token(scope: dict[str, Any]) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, if the handshake has one."""
    headers = dict(scope.get("headers", []))
    parts = headers.get(b"authorization", b"").decode("latin-1").split()
    if len(parts) == 2 and parts[0].lower() == "bearer":
        return parts[1]
    return None


def find_socket_user(scope: dict[str, Any]) -> Any:
    """The user of a handshake: one query for a personal token (its user), two for a session
    (the session, then its user)."""
    # Django's own check of the session (the user it names, and its password hash unchanged);
    # without a session cookie it asks nothing of the database.
    user = get_user(SimpleNamespace(session=scope["session"]))  # type: ignore[arg-type]
    if user.is_authenticated:
        return user
    raw = bearer_token(scope)
    if raw is not None:
        owner = token_user(raw=raw)
        if owner is not None:
            return owner
    return AnonymousUser()


def open_socket(scope: dict[str, Any]) -> tuple[Any, list[str]]:
    """The user of a handshake and the groups its socket joins (`selectors.socket_groups`: one
    query); the user is marked present. An anonymous handshake joins nothing."""
    user = find_socket_user(scope)
    if not user.is_authenticated:
        return user, []
    groups = selectors.socket_groups(user_id=user.pk)
    # Presence only spares notifications: a cache that fails must not refuse the socket.
    try:
        presence.presence_record(user_id=user.pk)
    except Exception as error:
        logger.warning("Could not record presence: %r", error)
    return user, groups


class SocketAuthMiddleware(BaseMiddleware):
    """Puts the socket's user (or an anonymous one) in ``scope["user"]``, and the groups its
    socket joins in ``scope[SOCKET_GROUPS]``."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        user, groups = await database_call(open_socket)(scope)
        scope = dict(scope, user=user, **{SOCKET_GROUPS: groups})
        return await super().__call__(scope, receive, send)


class SocketSessionMiddleware(BaseMiddleware):
    """The session named by the handshake's cookie in ``scope["session"]``, read when first
    used. Channels' own SessionMiddleware also wraps every frame the socket sends, to save a
    session changed before an HTTP answer, which a socket never sends: for each event and each
    socket that hears it, it asked the session whether it had changed (5.6 µs a delivery against
    1.8 without, in process: the largest part of a delivery that was the site's own)."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        store = import_module(settings.SESSION_ENGINE).SessionStore
        session = store(scope["cookies"].get(settings.SESSION_COOKIE_NAME))
        return await super().__call__(dict(scope, session=session), receive, send)


def SocketAuthMiddlewareStack(inner: Any) -> Any:
    """The session cookie read, then the user found: Channels' AuthMiddlewareStack, with the
    personal token as second way in."""
    return CookieMiddleware(SocketSessionMiddleware(SocketAuthMiddleware(inner)))
