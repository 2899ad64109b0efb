"""The one place that talks to the channel layer.

Events are published after the commit of the transaction that wrote what they announce: nothing
uncommitted goes out. A failed broadcast is logged and dropped; clients catch up through the API.
A broadcast never holds a request for long, nor turns a committed write into an error: it gives
up after PUBLISH_TIMEOUT_SECONDS (Redis down or unreachable) and its failure is only logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")
# A publication: the group and the envelope that goes to it.
Publication = tuple[str, dict[str, Any]]

# Long enough for a loaded Redis to answer, short enough that a request does not hang on one
# that is gone (an unreachable host otherwise waits for the system's connect timeout, minutes).
PUBLISH_TIMEOUT_SECONDS = 2.0


def envelope(event: dict[str, Any], *, group: str, **routing: Any) -> dict[str, Any]:
    """An event as it travels the channel layer to ``group``: its type, the JSON text each socket
    sends as it is (encoded once by whoever publishes, not once for every socket that hears it),
    its group (whose sockets the process's hub hands it to: `messaging.hub`), and the few fields
    a consumer reads to route it (``routing``)."""
    return {"type": event["type"], "text": json.dumps(event), "group": group, **routing}


def opened(sealed: dict[str, Any]) -> dict[str, Any]:
    """The event an envelope carries, for the rare handler that reads more than its type."""
    content: dict[str, Any] = json.loads(sealed["text"])
    return content


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def quartier_group(quartier_id: int) -> str:
    return f"quartier.{quartier_id}"


def conversation_group(conversation_id: int) -> str:
    return f"conversation.{conversation_id}"


def conversation_group_of(conversation: Any) -> str:
    """A room speaks to its quartier's group; threads and direct messages have their own."""
    if conversation.kind == "room":
        return quartier_group(conversation.quartier_id)
    return conversation_group(conversation.pk)


async def layer_call(method: Callable[..., Awaitable[Any]], *args: Any) -> None:
    """Calls the channel layer (``layer.group_send``, ``layer.send``) within
    PUBLISH_TIMEOUT_SECONDS, and once more if Redis had closed the connection it used."""
    async with asyncio.timeout(PUBLISH_TIMEOUT_SECONDS):
        try:
            await method(*args)
        except RedisConnectionError:
            # A connection Redis closed (it restarted, or dropped an idle client) fails once and
            # is then replaced: one more try, on a fresh connection.
            await method(*args)


# Set while a socket's call to the database runs (`held_publications`): what that call publishes
# is kept here and sent by the socket itself once the call returns.
_held: ContextVar[list[Publication] | None] = ContextVar("held_publications", default=None)


def publish(group: str, event: dict[str, Any]) -> None:
    sealed = envelope(event, group=group)
    held = _held.get()
    if held is not None:
        held.append((group, sealed))
        return
    layer = get_channel_layer()
    if layer is None:
        return
    with _failure_logged(group, sealed):
        async_to_sync(layer_call)(layer.group_send, group, sealed)


def held_publications(func: Callable[P, R]) -> Callable[P, tuple[R, list[Publication]]]:
    """``func``, returning with its result what it published (after its commits) instead of
    sending it: for a caller on the event loop (the socket), which sends them with
    `send_publications` straight from the loop, rather than from the worker thread through
    ``async_to_sync``, a hop back to that same loop that waits behind whatever the loop is doing."""

    def holding(*args: P.args, **kwargs: P.kwargs) -> tuple[R, list[Publication]]:
        held: list[Publication] = []
        token = _held.set(held)
        try:
            return func(*args, **kwargs), held
        finally:
            _held.reset(token)

    return holding


async def send_publications(held: list[Publication]) -> None:
    """Sends what a call under `held_publications` published, in order; like `publish`, each
    gives up after PUBLISH_TIMEOUT_SECONDS and its failure is only logged."""
    layer = get_channel_layer()
    if layer is None:
        return
    for group, sealed in held:
        with _failure_logged(group, sealed):
            await layer_call(layer.group_send, group, sealed)


@contextlib.contextmanager
def _failure_logged(group: str, sealed: dict[str, Any]) -> Iterator[None]:
    try:
        yield
    except (RedisConnectionError, RedisTimeoutError, TimeoutError) as error:
        logger.warning("Could not publish %s to %s: %r", sealed["type"], group, error)
    except Exception:
        logger.exception("Could not publish %s to %s", sealed["type"], group)


def publish_on_commit(group: str, event: dict[str, Any]) -> None:
    # robust: whatever happens to the broadcast, the write it announces stays committed and the
    # request that made it succeeds; the other callbacks of the transaction still run.
    transaction.on_commit(lambda: publish(group, event), robust=True)


def membership_started_on_commit(*, user_id: int, quartier_id: int) -> None:
    # The user's open sockets join the quartier's group at once.
    publish_on_commit(user_group(user_id), {"type": "membership.started", "quartier": quartier_id})


def membership_ended_on_commit(*, user_id: int, quartier_id: int) -> None:
    # The user's open sockets leave the quartier's group at once: a former member hears nothing.
    publish_on_commit(user_group(user_id), {"type": "membership.ended", "quartier": quartier_id})


def user_sockets_close_on_commit(*, user_id: int) -> None:
    # At logout the sockets opened with that login close: they must not outlive it.
    publish_on_commit(user_group(user_id), {"type": "user.disconnect"})


def conversation_joined_on_commit(*, user_id: int, conversation_id: int) -> None:
    # The user's open sockets join the conversation's group at once.
    publish_on_commit(
        user_group(user_id), {"type": "conversation.joined", "conversation": conversation_id}
    )


def conversation_left_on_commit(*, user_id: int, conversation_id: int) -> None:
    # The user's open sockets leave the conversation's group at once: they hear no more of it.
    publish_on_commit(
        user_group(user_id), {"type": "conversation.left", "conversation": conversation_id}
    )
