"""The one WebSocket of a browser tab, at /ws/. Transport only: rules live in selectors."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from messaging.realtime import quartier_group, user_group
from neighbourhood.quartiers.selectors import active_quartier_ids

UNAUTHENTICATED = 4401


class SiteConsumer(AsyncJsonWebsocketConsumer):
    groups_joined: set[str]

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=UNAUTHENTICATED)
            return
        self.user_id = user.pk
        self.groups_joined = set()
        await self._join(user_group(self.user_id))
        for quartier_id in await database_sync_to_async(active_quartier_ids)(user_id=self.user_id):
            await self._join(quartier_group(quartier_id))
        await self.accept()
        await self.send_json({"type": "hello", "user": self.user_id})

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", set()):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})
        else:
            await self.send_json({"type": "error", "detail": "Unknown message type."})

    async def membership_started(self, event: dict[str, Any]) -> None:
        await self._join(quartier_group(event["quartier"]))
        await self.send_json(event)

    async def membership_ended(self, event: dict[str, Any]) -> None:
        group = quartier_group(event["quartier"])
        if group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
            self.groups_joined.discard(group)
        await self.send_json(event)

    async def user_disconnect(self, event: dict[str, Any]) -> None:
        await self.close(code=UNAUTHENTICATED)

    async def quartier_event(self, event: dict[str, Any]) -> None:
        await self.send_json(event)

    async def feed_entry(self, event: dict[str, Any]) -> None:
        await self.send_json(event)

    async def feed_withdrawn(self, event: dict[str, Any]) -> None:
        await self.send_json(event)

    async def notification_new(self, event: dict[str, Any]) -> None:
        await self.send_json(event)

    async def _join(self, group: str) -> None:
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined.add(group)
