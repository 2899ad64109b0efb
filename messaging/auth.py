"""Authenticating API clients on the socket: `Authorization: Bearer <personal token>` in the
WebSocket handshake. Browsers use their session cookie instead."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware

from neighbourhood.accounts.selectors import token_find


@database_sync_to_async
def _user_for(raw: str) -> Any:
    token = token_find(raw=raw)
    return token.user if token is not None else None


class BearerTokenMiddleware(BaseMiddleware):
    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        user = scope.get("user")
        if user is None or not user.is_authenticated:
            headers = dict(scope.get("headers", []))
            parts = headers.get(b"authorization", b"").decode("latin-1").split()
            if len(parts) == 2 and parts[0].lower() == "bearer":
                found = await _user_for(parts[1])
                if found is not None:
                    scope = dict(scope, user=found)
        return await super().__call__(scope, receive, send)
