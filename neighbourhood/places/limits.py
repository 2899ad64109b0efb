"""How often one person may ask the geocoder: every lookup holds a worker for up to
GEOCODER_TIMEOUT and costs the geocoder's operator, so words typed are looked up at a pace a
person types, not a robot. Signed-in residents count by account; visitors by address."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

# Typing sends a request every few letters: this many a minute is a fast typist, not a robot.
LOOKUPS_PER_MINUTE = 60


def lookup_allowed(request: HttpRequest) -> bool:
    """Counts one lookup for whoever sent ``request``; False once their minute is spent."""
    who = (
        f"user:{request.user.pk}"
        if request.user.is_authenticated
        else f"ip:{request.META.get('REMOTE_ADDR', '')}"
    )
    key = f"place-lookups:{who}"
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:  # the minute ended between add and incr
        cache.set(key, 1, timeout=60)
        count = 1
    return count <= LOOKUPS_PER_MINUTE
