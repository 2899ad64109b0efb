"""Pages of farm produce (being written)."""

from django.http import HttpRequest, HttpResponse


def my_orders(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def cycle_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def producer_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def producer_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def cycle_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def producer_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def producer_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def product_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def product_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def cycle_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def order_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def order_cancel(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def cycle_copy(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def cycle_close(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def cycle_reopen(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def cycle_send_reports(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def reports(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def report_export(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def order_manage(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def line_weight(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def payments(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def volunteer(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError
