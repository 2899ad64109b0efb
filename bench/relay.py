"""The floor of the chat bench: a bare Channels consumer on the site's channel layer that joins one
group when a socket connects and sends every JSON message it receives to that group, which each
socket relays as it came. No authentication, origin check, database or service: what daphne,
Channels and Redis cost alone. Served by its own daphne process:

    daphne bench.relay:application
"""

from __future__ import annotations

import os
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neighbourhood.settings")
django.setup()  # Channels reads CHANNEL_LAYERS from the settings

from channels.generic.websocket import AsyncJsonWebsocketConsumer  # noqa: E402
from channels.routing import URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

GROUP = "bench-relay"


class RelayConsumer(AsyncJsonWebsocketConsumer):
    groups = [GROUP]  # joined on connect, left on disconnect, by Channels itself

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        await self.channel_layer.group_send(GROUP, {"type": "relay", "content": content})

    async def relay(self, event: dict[str, Any]) -> None:
        await self.send_json(event["content"])


application = URLRouter([path("ws/", RelayConsumer.as_asgi())])
