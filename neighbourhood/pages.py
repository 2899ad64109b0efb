"""What page views share."""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
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


def act(
    request: HttpRequest, write: Callable[[], object], done: str, fallback: str
) -> HttpResponse:
    """What a button does: ``write`` (a service's call), then back where the button was (see
    ``back``), saying ``done``, or the service's refusal in words."""
    try:
        write()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(done))
    return redirect(back(request, fallback))


@dataclass(frozen=True)
class Question:
    """What the page asks before something is destroyed or cancelled: its title (a question),
    what will happen, the words of the button that does it, and where "No" goes back to."""

    title: str
    yes: str
    back: str
    text: str = ""


def ask_first(
    request: HttpRequest,
    question: Question,
    *,
    form: forms.BaseForm | None = None,
    keep: Iterable[str] = (),
) -> HttpResponse | None:
    """One tap never destroys: the button of such an action is a link (or a GET form) to the
    action's own address, which answers GET with a page that asks (this one), and POST by
    doing it (then this returns None and the view goes on). No script is needed.

    ``form`` holds what the action may take (a reason, a date), shown on the page; ``keep``
    names the values of the link's query that the page posts back unchanged."""
    if request.method == "POST":
        return None
    return confirm_page(request, question, form=form, keep=keep)


def confirm_page(
    request: HttpRequest,
    question: Question,
    *,
    form: forms.BaseForm | None = None,
    keep: Iterable[str] = (),
    refusal: str = "",
) -> HttpResponse:
    """The page that asks; asked again, with why, when the answer Yes was refused (400)."""
    values = request.GET if request.method == "GET" else request.POST
    kept = [(name, values[name]) for name in (*keep, "next") if values.get(name)]
    next_url = values.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        question = Question(question.title, question.yes, next_url, question.text)
    else:
        kept = [(name, value) for name, value in kept if name != "next"]
    return render(
        request,
        "confirm.html",
        {"question": question, "form": form, "kept": kept, "refusal": refusal},
        status=400 if refusal else 200,
    )


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
        for name, texts in error.message_dict.items():
            merged.setdefault(self.aliases.get(name, name), []).extend(texts)
        return ValidationError(merged)
