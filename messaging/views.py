"""PLACEHOLDER: being written."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def conversation_list(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def conversation_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def notification_list(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def notifications_read(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
