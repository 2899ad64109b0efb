"""The floor of the chat bench: a bare Channels consumer on the site's channel layer that joins one
group when a socket connects and sends every JSON message it receives to that group, which each
socket relays as it came. No authentication, origin check, database or service: what the ASGI
server, Channels and Redis cost alone. It answers ``/healthz`` over HTTP (an empty 200), so that
it is started, served and waited for exactly as the site is, in a production set of its own
(bench/chat_latency.py):

    daphne bench.relay:application

It starts Django as the site does (``django.setup()``), so its process runs with the same
interpreter settings, the switch interval between threads included (`messaging.threads`).
"""

from __future__ import annotations

import os
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neighbourhood.settings")
django.setup()  # Channels reads CHANNEL_LAYERS from the settings

from channels.consumer import get_handler_name  # noqa: E402
from channels.generic.websocket import AsyncJsonWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

GROUP = "bench-relay"


class RelayConsumer(AsyncJsonWebsocketConsumer):
    groups = [GROUP]  # joined on connect, left on disconnect, by Channels itself

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Channels' dispatch without its hop, before each handler, to the thread synchronous
        code shares (to close that thread's old database connections): the site's consumer
        leaves it out (messaging/consumers.py), so the floor leaves it out too and stays the
        floor."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        await self.channel_layer.group_send(GROUP, {"type": "relay", "content": content})

    async def relay(self, event: dict[str, Any]) -> None:
        await self.send_json(event["content"])


async def healthz(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """An empty 200 to any HTTP request: the production set waits for it before it is used."""
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b""})


application = ProtocolTypeRouter(
    {"http": healthz, "websocket": URLRouter([path("ws/", RelayConsumer.as_asgi())])}
)
