"""GET /healthz: does each part this site needs answer?"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import redis
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from neighbourhood.celery import app as celery_app

TIMEOUT_SECONDS = 3


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_channel_layer() -> None:
    if settings.REDIS_URL:
        # The pub/sub layer keeps a subscription for every channel it receives on: a round trip
        # per health check would leak one each time. Its Redis answering is what matters.
        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=TIMEOUT_SECONDS)
        try:
            client.ping()
        finally:
            client.close()
        return
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer is configured")

    async def round_trip() -> None:
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "health.ping"})
        message = await asyncio.wait_for(layer.receive(channel), TIMEOUT_SECONDS)
        if message.get("type") != "health.ping":
            raise RuntimeError("the channel layer returned another message")

    async_to_sync(round_trip)()


def check_broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "channel_layer": check_channel_layer,
    "broker": check_broker,
}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    results: dict[str, dict[str, object]] = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as error:
            results[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
        else:
            elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
            results[name] = {"ok": True, "ms": elapsed_ms}
    healthy = all(result["ok"] for result in results.values())
    failing = [name for name, result in results.items() if not result["ok"]]
    body = {"status": "ok" if healthy else "failing", "failing": failing, "checks": results}
    return JsonResponse(body, status=200 if healthy else 503)
