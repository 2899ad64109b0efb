"""The pages a visitor sees when something goes wrong: 403, 404, 429 and 500, in their language,
each with a way back.

Django shows its technical pages instead of these while ``DEBUG`` is on. ``make run`` runs with
``DEBUG`` on, and it is also what an EPN or a small association runs for a workshop: neighbours
would get a page of English stack traces for a mistyped address. So ``FriendlyErrorsMiddleware``
renders the friendly pages while ``DEBUG`` is on too, and keeps the technical ones for the
people who can use them: staff accounts and the addresses of ``INTERNAL_IPS``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from allauth.core.exceptions import ImmediateHttpResponse, RateLimited, ReauthenticationRequired
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.template.response import TemplateResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import defaults

from neighbourhood import limits

logger = logging.getLogger("django.request")


def json_error(message: str, status: int) -> JsonResponse:
    """The API's error shape (neighbourhood.api), for an answer no API view gives."""
    return JsonResponse({"detail": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """What Django refuses before any view runs (a host outside ALLOWED_HOSTS): Django's own
    page, JSON on the API. (The API's bodies are checked where they are read: see
    neighbourhood/json_body.py.)"""
    if limits.wants_json(request):
        return json_error(_("The request is not valid."), 400)
    return defaults.bad_request(request, exception or Exception())


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if limits.wants_json(request):
        return json_error(_("Not found."), 404)
    return TemplateResponse(request, "404.html", status=404).render()


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The services word their refusals for the reader ("Only the driver of this ride can do
    # this."): the page says that rather than a general sentence.
    reason = str(exception) if exception is not None and exception.args else ""
    if limits.wants_json(request):
        return json_error(reason or _("You do not have permission to perform this action."), 403)
    return TemplateResponse(request, "403.html", {"reason": reason}, status=403).render()


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent after its page grew old (or with cookies off): say so in words."""
    if limits.wants_json(request):
        # allauth's browser API (/_allauth/browser/) is the one JSON client checked for CSRF.
        return json_error(_("The CSRF check failed: send the X-CSRFToken header."), 403)
    context = {"form_expired": True}
    return TemplateResponse(request, "403.html", context, status=403).render()


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors and no base template: the database, which they read, may be what
    # failed. The language is still the visitor's.
    if limits.wants_json(request):
        return json_error(_("Something went wrong"), 500)
    template = loader.get_template("500.html")
    return HttpResponse(template.render({"LANGUAGE_CODE": get_language()}), status=500)


def shows_technical_pages(request: HttpRequest) -> bool:
    """Who sees Django's technical error pages while DEBUG is on."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    return request.META.get("REMOTE_ADDR") in settings.INTERNAL_IPS


class FriendlyErrorsMiddleware:
    """Friendly error pages while DEBUG is on (see the module), and the 429 of a limit that a
    view only noted (``request.retry_after``: the login form after too many failed attempts)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._friendly(request) and not self._resolves(request):
            # Django answers an unknown address before any view or process_exception runs.
            response = page_not_found(request)
        else:
            response = self.get_response(request)
        seconds = getattr(request, "retry_after", None)
        if seconds is not None:
            response.status_code = 429
            response["Retry-After"] = str(seconds)
        elif response.status_code == 429 and not response.has_header("Retry-After"):
            response["Retry-After"] = str(limits.retry_after(request))
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RateLimited):
            return limits.too_many_requests(request, limits.retry_after(request))
        if not self._friendly(request):
            return None
        if isinstance(exception, (ImmediateHttpResponse, ReauthenticationRequired)):
            return None  # allauth's own flow, answered by its middleware
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return permission_denied(request, exception)
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500, "request": request},
        )
        return server_error(request)

    @staticmethod
    def _friendly(request: HttpRequest) -> bool:
        return settings.DEBUG and not shows_technical_pages(request)

    @staticmethod
    def _resolves(request: HttpRequest) -> bool:
        try:
            resolve(request.path_info, getattr(request, "urlconf", get_urlconf()))
        except Resolver404:
            return False
        return True
