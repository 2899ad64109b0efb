"""PLACEHOLDER: being written."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def feed(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def entry_hide(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
