"""How a process's sockets hear their groups: through one listener of the process, not each on
its own.

Channels gives every socket its own channel: an event sent to a group of 500 sockets was put in
500 queues, and each socket's task woke, made a new task to wait for the next one and waited on
both of its sources (`asyncio.wait`), before sending the event's text; that machinery, once per
socket for every event, cost more than the sending itself. Here the process's hub joins each
group once on the channel layer, with a channel of its own, and hands each event it hears to
every socket of the process in that group, one after the other, in the same pass: a socket
sends the text at once (`SiteConsumer.hear`). Measured with the chat bench (docs/realtime.md,
"What a socket costs").

What a socket hears keeps its order: the rare event that needs more than sending (joining or
leaving a group, closing the socket) is handled by the socket's own task, and whatever comes for
that socket meanwhile waits behind it. A socket's own channel still serves what is sent to it
alone (its heartbeat).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Iterable
from typing import Any, Protocol

logger = logging.getLogger(__name__)


class Listener(Protocol):
    """A socket, as the hub sees it."""

    async def hear(self, event: dict[str, Any]) -> None: ...


class Hub:
    """The groups the sockets of one event loop listen to, and which sockets listen to each."""

    def __init__(self, layer: Any) -> None:
        self.layer = layer
        self.channel: str | None = None
        self.members: dict[str, set[Listener]] = {}
        self._task: asyncio.Task[None] | None = None
        self._starting = asyncio.Lock()

    async def join(self, group: str, listener: Listener) -> None:
        """The listener hears the group from now on. Returns once the hub is subscribed to it
        (raises, and the listener hears nothing of it, if the layer cannot subscribe)."""
        channel = await self._channel()
        sockets = self.members.setdefault(group, set())
        sockets.add(listener)
        try:
            # Each time, not only for the group's first socket: it returns once the layer's
            # subscription is made, or waits for the one under way.
            await self.layer.group_add(group, channel)
        except BaseException:
            self._forget(group, listener)
            raise

    async def leave(self, group: str, listener: Listener) -> None:
        if self._forget(group, listener) and self.channel is not None:
            await self.layer.group_discard(group, self.channel)

    def forget(self, listener: Listener, groups: Iterable[str]) -> None:
        """The listener hears these groups no more, without a word to the channel layer (it is
        down: its subscriptions went with it)."""
        for group in list(groups):
            self._forget(group, listener)

    def _forget(self, group: str, listener: Listener) -> bool:
        """Forgets the listener in the group; True when the group has no listener left."""
        sockets = self.members.get(group)
        if sockets is None:
            return False
        sockets.discard(listener)
        if sockets:
            return False
        del self.members[group]
        return True

    async def _channel(self) -> str:
        """The hub's channel, and its listener running. Sockets opened at the same moment wait
        for the one that makes it: a second channel would be joined to groups nobody hears."""
        async with self._starting:
            if self.channel is None:
                self.channel = await self.layer.new_channel("hub.")
            if self._task is None or self._task.done():
                self._task = asyncio.get_running_loop().create_task(self._listen(self.channel))
            return self.channel

    async def _listen(self, channel: str) -> None:
        while True:
            event = await self.layer.receive(channel)
            # Copied: a socket leaving the group while the event goes round changes the set.
            for listener in tuple(self.members.get(event.get("group", ""), ())):
                try:
                    await listener.hear(event)
                except Exception:  # one socket's failure is its own, not the others'
                    logger.exception("A socket could not take %s", event.get("type"))


# One hub per event loop (a server process has one; the tests make one per test).
_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()


def hub_for(layer: Any) -> Hub:
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None or hub.layer is not layer:
        hub = _hubs[loop] = Hub(layer)
    return hub
