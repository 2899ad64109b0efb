"""What the produce pages share: the site's timezone, where an action goes back to, and a
refusal said in words."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme


def in_site_timezone(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A distribution happens in the quartier: its pages show and read times in the site's
    timezone, whoever looks (the model builds the distribution's moments in it too)."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> HttpResponse:
        with timezone.override(timezone.get_default_timezone()):
            return view(*args, **kwargs)

    return wrapped


def back(request: HttpRequest, fallback: str) -> str:
    """Where an action's button was (it says so in ``next``), if on this site; else ``fallback``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def refusal(error: ValidationError) -> str:
    return " ".join(error.messages)
