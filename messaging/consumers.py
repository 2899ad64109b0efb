"""The one WebSocket of a browser tab, at /ws/. Transport only: the rules live in services and
selectors, reached through `messaging.threads.database_call`; what a client may send is read
and checked in `messaging.frames`. The contract, frames and close codes, is docs/realtime.md."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import logging
import random
import uuid
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from messaging import frames, presence, realtime, selectors, services
from messaging.auth import SOCKET_GROUPS
from messaging.frames import Code, FrameError
from messaging.hub import hub_for
from messaging.threads import database_call
from neighbourhood.accounts.models import User

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

UNAUTHENTICATED = 4401
# The live service failed this socket: the tab reconnects (with its backoff) and fetches what it
# missed. Also the answer to a handshake while the channel layer is down ("try again later":
# 1013 says it, but daphne sends only 1000 and 3000-4999; 4401 means "signed out").
LIVE_SERVICE_LOST = 4503
# What a channel layer that is down or unreachable raises (Redis refused, reset, timed out).
LAYER_DOWN = (RedisError, OSError, TimeoutError)


def _readable_group(user: User, conversation_id: int) -> str:
    with translation.override(user.language):
        return _readable_group_in_language(user, conversation_id)


def _readable_group_in_language(user: User, conversation_id: int) -> str:
    conversation = selectors.get_conversation_for_reader(user=user, conversation_id=conversation_id)
    return realtime.conversation_group_of(conversation)


def _post(user: User, conversation_id: int, body: str, client_id: uuid.UUID | None = None) -> int:
    """Stores a message (or finds the one this client id already stored) and gives its id.
    Who may write is message_post's check (a PermissionDenied, answered as a conversation that
    does not exist), not checked twice."""
    # Refusals reach the client in the user's own language.
    with translation.override(user.language):
        conversation = selectors.get_conversation(conversation_id=conversation_id, user=user)
        message = services.message_post(
            conversation=conversation, author=user, body=body, client_id=client_id
        )
        return message.pk


def _mark_read(user: User, conversation_id: int, last_read_id: int) -> None:
    with translation.override(user.language):
        conversation = selectors.get_conversation_for_reader(
            user=user, conversation_id=conversation_id
        )
        services.conversation_mark_read(
            conversation=conversation, user=user, last_read_id=last_read_id
        )


def _notifications_read(user: User, ids: list[int] | None) -> None:
    services.notifications_mark_read(user=user, notification_ids=ids)


def _unavailable(user: User) -> dict[str, Any]:
    with translation.override(user.language):
        detail = _("The live service is not answering: try again in a moment.")
    return FrameError(Code.UNAVAILABLE, detail).event()


class SiteConsumer(AsyncJsonWebsocketConsumer):
    groups_joined: set[str]
    user: User
    heartbeat_task: asyncio.Task[None] | None = None
    # The events of its groups the socket handles itself, in order (`hear`), and their task.
    inbox: collections.deque[dict[str, Any]]
    inbox_task: asyncio.Task[None] | None = None
    listening = False  # True once the handshake is answered

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        except LAYER_DOWN as error:
            # Channels opens this socket's channel on the layer before the handshake reaches
            # `connect`: a layer that is down fails there, and daphne would answer a 500.
            if hasattr(self, "channel_name"):
                raise
            logger.warning("Refusing a socket: the channel layer is down (%r)", error)
            await _refuse_handshake(scope, receive, send)

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Channels' dispatch, without the hop it makes before each handler to the one thread
        that synchronous code shares, to close that thread's old database connections: this
        consumer never uses the database there (each of its calls runs in a worker thread of its
        own, which closes its connection itself: `messaging.threads`), and the hop, once for
        every event and every socket that hears it, queued every delivery of the process behind
        one thread."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=UNAUTHENTICATED)
            return
        self.user = user
        self.groups_joined = set()
        self.inbox = collections.deque()
        self.hub = hub_for(self.channel_layer)
        # Which group each conversation speaks to, learnt when first used: typing indicators
        # are frequent and must not each cost a query.
        self.conversation_groups: dict[int, str] = {}
        try:
            await self._join_all()
        except LAYER_DOWN as error:
            logger.warning("Refusing a socket: the channel layer is down (%r)", error)
            await self.accept()
            await self.send_json(_unavailable(user))
            await self.close(code=LIVE_SERVICE_LOST)
            return
        await self.accept()
        await self.send_json({"type": "hello", "user": user.pk})
        self.listening = True
        self._handle_inbox_soon()  # what the hub brought during the handshake
        self.heartbeat_echo = asyncio.Event()
        self.heartbeat_task = asyncio.create_task(self._heartbeat())

    async def _join_all(self) -> None:
        # Found with the user, in the handshake's one trip to the database (messaging.auth).
        for group in self.scope[SOCKET_GROUPS]:
            await self._join(group)

    async def disconnect(self, code: int) -> None:
        if self.heartbeat_task is not None:
            self.heartbeat_task.cancel()
        if self.inbox_task is not None:
            self.inbox_task.cancel()
        for group in list(getattr(self, "groups_joined", ())):
            try:
                await self._leave(group)
            except Exception as error:  # the layer is down: its subscriptions went with it
                logger.warning("Could not leave %s: %r", group, error)
                self.hub.forget(self, self.groups_joined)  # heard no more, whatever the layer
                break

    async def _heartbeat(self) -> None:
        """Sends this socket a message through the channel layer now and then. When it does not
        come back (Redis is down, or the subscription was lost), the events meant for this tab
        are being lost too: the socket closes so that the tab reconnects and catches up."""
        seconds = settings.WEBSOCKET_HEARTBEAT_SECONDS
        late = 0
        # The first one after a random part of the period: sockets opened together (a server
        # restarting, the bench) do not all beat at the same moment ever after.
        first = random.uniform(0, seconds)  # noqa: S311 (spreading load, not a secret)
        while True:
            await asyncio.sleep(first)
            first = seconds
            self.heartbeat_echo.clear()
            try:
                await realtime.layer_call(
                    self.channel_layer.send, self.channel_name, {"type": "socket.heartbeat"}
                )
                async with asyncio.timeout(seconds):
                    await self.heartbeat_echo.wait()
                late = 0
                await self._mark_present()
                continue
            except TimeoutError as error:
                # A busy server answers late: one late heartbeat is load, two in a row is a
                # layer that no longer reaches this socket. (The benchmark closed healthy
                # sockets under load when one was enough.)
                late += 1
                if late < 2:
                    continue
                failure: Exception = error
            except Exception as error:  # Redis refused or dropped the connection: gone now
                failure = error
            logger.warning("Closing a socket: the channel layer failed it (%r)", failure)
            with contextlib.suppress(Exception):
                await self.close(code=LIVE_SERVICE_LOST)
            return

    async def socket_heartbeat(self, event: dict[str, Any]) -> None:
        self.heartbeat_echo.set()

    async def _mark_present(self) -> None:
        # Presence only spares notifications: a cache that fails must not close the socket.
        try:
            await presence.presence_mark(user_id=self.user.pk)
        except Exception as error:
            logger.warning("Could not record presence: %r", error)

    # --- from the client -------------------------------------------------------------------------

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        # Every frame is answered in the user's language, and none closes the socket: a refusal
        # is an "error" event naming the frame by its client id ("ref").
        with translation.override(self.user.language):
            try:
                await self._act(frames.read_frame(text_data))
            except FrameError as error:
                await self.send_json(error.event())

    async def _act(self, frame: frames.Frame) -> None:
        data = frame.data
        try:
            if frame.type == "ping":
                await self.send_json({"type": "pong"})
            elif frame.type == "message.send":
                client_id = data["client_id"]
                message_id = await self._write(
                    _post, self.user, data["conversation"], data["body"], client_id
                )
                await self.send_json(
                    {
                        "type": "message.ack",
                        "client_id": None if client_id is None else str(client_id),
                        "id": message_id,
                    }
                )
            elif frame.type == "read":
                await self._write(_mark_read, self.user, data["conversation"], data["last_read_id"])
            elif frame.type == "typing":
                await self._typing(data["conversation"])
            elif frame.type == "notifications.read":
                await self._write(_notifications_read, self.user, data["ids"])
        except ValidationError as error:
            raise FrameError(Code.REFUSED, " ".join(error.messages), frame.ref) from error
        except (Http404, PermissionDenied) as error:
            raise FrameError(Code.NOT_FOUND, _("No such conversation."), frame.ref) from error
        except LAYER_DOWN as error:
            logger.warning("A %s found the channel layer down (%r)", frame.type, error)
            detail = _("The live service is not answering: try again in a moment.")
            raise FrameError(Code.UNAVAILABLE, detail, frame.ref) from error

    async def _write(self, func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Runs a service call in a worker thread, then publishes from here, on the event loop,
        what it published after its commit (`realtime.held_publications`): the broadcast is one
        ``group_send`` awaited like any other, not a thread waiting for its turn on this loop."""
        result, held = await database_call(realtime.held_publications(func))(*args, **kwargs)
        await realtime.send_publications(held)
        return result

    async def _typing(self, conversation_id: int) -> None:
        group = self.conversation_groups.get(conversation_id)
        if group is None:
            group = await database_call(_readable_group)(self.user, conversation_id)
            self.conversation_groups[conversation_id] = group
        typing = {
            "type": "typing",
            "conversation": conversation_id,
            "user": {"id": self.user.pk, "display_name": self.user.public_name},
        }
        sealed = realtime.envelope(typing, group=group, sender=self.user.pk)
        await self.channel_layer.group_send(group, sealed)

    # --- from the channel layer ------------------------------------------------------------------
    # Every event arrives in an envelope (realtime.envelope): its JSON text, encoded once by the
    # publisher, is what the socket sends. The process's hub hands each event of the socket's
    # groups to `hear` (messaging.hub). Forwarding is the work done once per socket for each
    # event: it sends that text as it is, there and then.

    async def hear(self, event: dict[str, Any]) -> None:
        """An event of one of the socket's groups, from the hub. Forwarded at once, unless an
        event that needs more (joining or leaving a group, closing) is being handled: then it
        waits behind it, so that the socket hears its events in the order they came."""
        if not self.listening or self.inbox or event["type"] not in FORWARDED:
            self.inbox.append(event)
            self._handle_inbox_soon()
        elif event["type"] == "typing":
            await self.typing(event)
        else:
            await self.base_send({"type": "websocket.send", "text": event["text"]})

    def _handle_inbox_soon(self) -> None:
        # Not before the handshake is answered: the socket says hello before any event.
        if self.listening and self.inbox and (self.inbox_task is None or self.inbox_task.done()):
            self.inbox_task = asyncio.get_running_loop().create_task(self._handle_inbox())

    async def _handle_inbox(self) -> None:
        while self.inbox:
            event = self.inbox[0]
            try:
                await self.dispatch(event)
            except Exception:
                logger.exception("A socket could not handle %s", event["type"])
            finally:
                self.inbox.popleft()

    async def membership_started(self, event: dict[str, Any]) -> None:
        await self._join(realtime.quartier_group(realtime.opened(event)["quartier"]))
        await self.forward(event)

    async def membership_ended(self, event: dict[str, Any]) -> None:
        await self._leave(realtime.quartier_group(realtime.opened(event)["quartier"]))
        # Threads of that quartier are no longer readable: forget every group learnt, and leave
        # the conversation groups the user may no longer read.
        self.conversation_groups.clear()
        readable = set(await database_call(selectors.socket_conversation_ids)(user_id=self.user.pk))
        for group in list(self.groups_joined):
            prefix, _dot, rest = group.partition(".")
            if prefix == "conversation" and int(rest) not in readable:
                await self._leave(group)
        await self.forward(event)

    async def conversation_joined(self, event: dict[str, Any]) -> None:
        await self._join(realtime.conversation_group(realtime.opened(event)["conversation"]))
        await self.forward(event)

    async def conversation_left(self, event: dict[str, Any]) -> None:
        conversation_id = realtime.opened(event)["conversation"]
        self.conversation_groups.pop(conversation_id, None)
        await self._leave(realtime.conversation_group(conversation_id))
        await self.forward(event)

    async def user_disconnect(self, event: dict[str, Any]) -> None:
        await self.close(code=UNAUTHENTICATED)

    async def forward(self, event: dict[str, Any]) -> None:
        await self.send(text_data=event["text"])

    async def typing(self, event: dict[str, Any]) -> None:
        if event["sender"] != self.user.pk:  # no echo of one's own typing
            await self.forward(event)

    async def _join(self, group: str) -> None:
        await self.hub.join(group, self)
        self.groups_joined.add(group)

    async def _leave(self, group: str) -> None:
        if group in self.groups_joined:
            self.groups_joined.discard(group)
            await self.hub.leave(group, self)


# The events a socket only forwards (their text, as it is): `hear` sends them at once.
FORWARDED = frozenset(
    {
        "quartier.event",
        "feed.entry",
        "feed.withdrawn",
        "notification.new",
        "notifications.count",
        "message.new",
        "message.edited",
        "message.deleted",
        "message.hidden",
        "read",
        "typing",
    }
)
# Their handler, for when one waits in a socket's inbox: `forward` (typing has its own).
for _kind in FORWARDED - {"typing"}:
    setattr(SiteConsumer, get_handler_name({"type": _kind}), SiteConsumer.forward)


async def _refuse_handshake(scope: Any, receive: Any, send: Any) -> None:
    """Answers a handshake without a channel layer: accepted, told why, closed with
    LIVE_SERVICE_LOST so that the client tries again later (a signed-out visitor: 4401)."""
    if (await receive())["type"] != "websocket.connect":
        return
    user = scope.get("user")
    if user is None or not user.is_authenticated:
        await send({"type": "websocket.close", "code": UNAUTHENTICATED})
        return
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.send", "text": json.dumps(_unavailable(user))})
    await send({"type": "websocket.close", "code": LIVE_SERVICE_LOST})
