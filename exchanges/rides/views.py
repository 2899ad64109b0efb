"""Pages of carpooling (being written)."""

from django.http import HttpRequest, HttpResponse


def my_rides(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def calendar_settings(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def calendar_feed(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def ride_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def ride_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def request_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def ride_search(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def meeting_points(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def meeting_point_delete(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def ride_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def ride_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def ride_cancel(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def trip_cancel(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def booking_request(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def request_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def request_close(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def booking_accept(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def booking_decline(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def booking_cancel(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError
