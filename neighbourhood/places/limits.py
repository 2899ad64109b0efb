"""How often one person may ask the geocoder: every lookup holds a worker for up to
GEOCODER_TIMEOUT and costs the geocoder's operator, so words typed are looked up at a pace a
person types, not a robot. Signed-in residents count by account; visitors by address."""

from __future__ import annotations

from django.http import HttpRequest

from neighbourhood.cache import count_in_window

# Typing sends a request every few letters: this many a minute is a fast typist, not a robot.
LOOKUPS_PER_MINUTE = 60
LOOKUP_WINDOW_SECONDS = 60


def lookup_allowed(request: HttpRequest) -> bool:
    """Counts one lookup for whoever sent ``request``; False once their minute is spent."""
    who = (
        f"user:{request.user.pk}"
        if request.user.is_authenticated
        else f"ip:{request.META.get('REMOTE_ADDR', '')}"
    )
    window = count_in_window(f"place-lookups:{who}", seconds=LOOKUP_WINDOW_SECONDS)
    return window.count <= LOOKUPS_PER_MINUTE
