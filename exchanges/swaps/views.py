"""Pages of knowledge swaps. PLACEHOLDER: being written; every view answers 404 for now."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def my_swaps(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def swap_create(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def swap_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def swap_edit(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def swap_status(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def swap_renew(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def swap_interest(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def swap_introduce(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def exchange_held(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def exchange_evaluate(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def category_overview(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
