"""What page views share."""

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST, even an empty one (``request.POST or None`` would drop it)."""
    return request.POST if request.method == "POST" else None


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Shows a service's refusal next to the field it names, or at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def back(request: HttpRequest, fallback: str) -> str:
    """Where an action's button was (it says so in ``next``), if on this site; else ``fallback``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def in_site_timezone(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Rides and distributions happen in the quartier: their pages show and read times in the
    site's timezone, whoever looks (see exchanges/rides/schedule.py)."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> HttpResponse:
        with timezone.override(timezone.get_default_timezone()):
            return view(*args, **kwargs)

    return wrapped


class ServiceForm(forms.Form):
    """A form whose refusals come from a service, under the service's names (``price_cents``):
    ``aliases`` says under which of the form's fields each belongs."""

    aliases: dict[str, str] = {}

    def renamed(self, error: ValidationError) -> ValidationError:
        if not hasattr(error, "error_dict"):
            return error
        merged: dict[str, list[str]] = {}
        for name, messages in error.message_dict.items():
            merged.setdefault(self.aliases.get(name, name), []).extend(messages)
        return ValidationError(merged)
