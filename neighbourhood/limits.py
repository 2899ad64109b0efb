"""Rate limits: when a refused visitor may try again, and the answer that tells them.

The limits themselves are allauth's (``ACCOUNT_RATE_LIMITS``) and the API's throttle
(``RequestRateThrottle``, its rates in DRF's ``DEFAULT_THROTTLE_RATES``), in settings. They are
strict per account or e-mail address (guessing a password, flooding an inbox) and generous per
IP address, because a workshop in an EPN signs thirty people up from
one public address.

Every refusal answers 429 with ``Retry-After`` and says when to try again in the visitor's
language: a page (``templates/429.html``) on the site, JSON on the API (see neighbourhood.api).
"""

from __future__ import annotations

import hashlib
import math
import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.core.internal import ratelimit
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from neighbourhood.cache import count_in_window

APP = "allauth.account"
# When nothing says how long a refusal lasts (the limit's window already ended, say).
DEFAULT_RETRY_SECONDS = 60


def login_attempts_key(login: str) -> str:
    """The key of the failed-login limit: the address alone, whatever host name the site was
    reached by, so that another host name gives no fresh attempts."""
    return login.strip().lower()


def _keys(request: HttpRequest) -> list[str]:
    """What allauth keys its per-address limits on, as far as this request says."""
    post = request.POST if request.method == "POST" else {}
    typed = [str(post.get(name, "")).strip().lower() for name in ("login", "email")]
    return [key for key in dict.fromkeys(typed) if key]


def _wait(action: str, rate: ratelimit.Rate, source: tuple[str, ...]) -> float:
    cache_key = ":".join(["allauth", "rl", APP, action, str(rate), *source])
    history: list[float] = cache.get(cache_key, [])
    now = time.time()
    live = [stamp for stamp in history if stamp > now - rate.duration]
    if len(live) < rate.amount:
        return 0.0
    # The history is newest first: the attempt that frees a place is the amount-th newest.
    return live[rate.amount - 1] + rate.duration - now


def retry_after(request: HttpRequest, *, keys: list[str] | None = None) -> int:
    """Seconds until every allauth limit this request has used up lets it through again.
    ``keys``: the addresses the limits are keyed on, when the caller knows them better than a
    form's fields do (a JSON login through the headless API has no form fields)."""
    sources: list[tuple[str, str]] = [("ip", ratelimit.get_ip(request))]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        sources.append(("user", str(user.pk)))
    keys = _keys(request) if keys is None else keys
    longest = 0.0
    for action, rates in account_settings.RATE_LIMITS.items():
        for rate in ratelimit.parse_rates(rates):
            candidates: list[tuple[str, ...]]
            if rate.per == "key":
                candidates = [(hashlib.sha256(key.encode()).hexdigest(),) for key in keys]
            else:
                candidates = [source for source in sources if source[0] == rate.per]
            for source in candidates:
                longest = max(longest, _wait(action, rate, source))
    return math.ceil(longest) if longest > 0 else DEFAULT_RETRY_SECONDS


def when_to_retry(seconds: int) -> str:
    """'Try again in 3 minutes.', in the active language."""
    if seconds < 90:
        return ngettext(
            "Try again in %(count)d second.", "Try again in %(count)d seconds.", seconds
        ) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Try again in %(count)d minute.", "Try again in %(count)d minutes.", minutes
    ) % {"count": minutes}


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(("/api/", "/_allauth/"))


def too_many_requests(request: HttpRequest, seconds: int) -> HttpResponse:
    """The 429 answer: a page on the site, the API's error shape on the API."""
    message = _("Too many attempts in a short time.")
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse(
            {"detail": f"{message} {when_to_retry(seconds)}", "retry_after": seconds}, status=429
        )
    else:
        context: dict[str, Any] = {"retry_after": seconds, "when": when_to_retry(seconds)}
        response = TemplateResponse(request, "429.html", context, status=429).render()
    response["Retry-After"] = str(seconds)
    return response


def handler429(request: HttpRequest) -> HttpResponse:
    """allauth's hook (``ROOT_URLCONF.handler429``) for the limits it answers with a 429."""
    return too_many_requests(request, retry_after(request))


PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'600/min' as (600, 60): how many requests, in how many seconds (DRF's way of writing)."""
    amount, period = rate.split("/")
    return int(amount), PERIODS[period[0]]


class RequestRateThrottle(BaseThrottle):
    """The API's limit: so many requests a member may send (the "user" rate), or an address
    without an account (the "anon" rate), in a window that starts with the first request.

    One trip to the cache a request (``count_in_window``): DRF's own throttles read the list of
    the time of every request in the last minute, up to 600 of them, and write it back whole.
    A refused request counts too, so a client that keeps asking stays refused until the window
    ends, which ``Retry-After`` tells exactly."""

    def __init__(self) -> None:
        self.seconds_left = 0.0

    def allow_request(self, request: Any, view: Any) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            scope, who = "user", str(user.pk)
        else:
            scope, who = "anon", self.get_ident(request)
        amount, seconds = parse_rate(str(api_settings.DEFAULT_THROTTLE_RATES[scope]))
        window = count_in_window(f"api-rate:{scope}:{who}", seconds=seconds)
        self.seconds_left = window.seconds_left
        return window.count <= amount

    def wait(self) -> float:
        return self.seconds_left
