"""Errors are always JSON on the API (``/api/`` and allauth's headless ``/_allauth/``).

A client of the API reads every answer as JSON, so none may be an HTML page or a 500:

- a body nested deeper than ``MAX_DEPTH`` is refused with a 400 before any parser recurses into
  it (Python's parser gives up with a ``RecursionError`` at about a thousand levels, a 500): the
  depth is counted in one pass over the body's brackets, never by recursion;
- on ``/_allauth/``, whose views read the body themselves, ``JsonBodyMiddleware`` checks the
  body at the door: too large (413), not JSON (415), nested too deep or malformed (400);
  on ``/api/`` the parser (``DepthLimitedJSONParser``) and ``neighbourhood.api.exception_handler``
  do the same inside DRF;
- whatever still answers an error as HTML there (Django's 400 page, the CSRF failure page,
  allauth's empty 400) is answered again in the API's error shape, ``{"detail": "..."}``.
"""

from __future__ import annotations

import itertools
import json
import operator
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json as json_utils

from neighbourhood import limits
from neighbourhood.error_pages import json_error, shows_technical_pages

# No exchange of the API nests past four or five levels; 32 leaves room and stays far below
# Python's recursion limit.
MAX_DEPTH = 32
# A JSON string, escapes included, or an unterminated one up to the end: the optional closing
# quote lets every match succeed, so the pattern never backtracks and stays linear however the
# quotes and backslashes of a hostile body are arranged.
_STRING = re.compile(rb'"(?:[^"\\]+|\\.)*"?', re.DOTALL)
_NOT_BRACKETS = bytes(range(256)).translate(None, b"[]{}")
# An opening bracket becomes 2, a closing one 0: see too_deep.
_WEIGHTS = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


def too_deep(body: bytes, *, limit: int = MAX_DEPTH) -> bool:
    """Whether the JSON text ``body`` nests arrays and objects more than ``limit`` deep.

    Strings are dropped first (a ``[`` inside one is a letter), then only the brackets are kept,
    weighted 2 (opening) or 0 (closing): the running sum of the weights less the number of
    brackets read is the depth after each bracket. Every step runs in C (a regex, translate,
    accumulate, map, max): no recursion, and no Python loop over a body of 2.5 MB. A malformed
    body is not too deep by itself: the parser says what is wrong with it.
    """
    brackets = _STRING.sub(b"", body).translate(_WEIGHTS, delete=_NOT_BRACKETS)
    if len(brackets) <= limit:
        return False
    return max(map(operator.sub, itertools.accumulate(brackets), itertools.count(1))) > limit


def too_deep_message() -> str:
    return _("The data sent is nested too deeply (at most %(depth)d levels).") % {
        "depth": MAX_DEPTH
    }


def not_json_message() -> str:
    return _("The data sent is not valid JSON.")


def too_large_message() -> str:
    return _("The data sent is too large (at most %(size)s).") % {
        "size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    }


class DepthLimitedJSONParser(JSONParser):
    """DRF's JSON parser, refusing too deep a body before parsing it, with errors in words."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        # DRF hands JSON parsers the whole body (request.body), already size-checked by Django.
        body: bytes = stream.read()
        if too_deep(body):
            raise ParseError(too_deep_message())
        strict = json_utils.strict_constant if self.strict else None
        try:
            return json.loads(body, parse_constant=strict)
        except (ValueError, UnicodeDecodeError):
            raise ParseError(not_json_message()) from None


def _is_json(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


def _status_message(status: int) -> str:
    """The sentence for an error that came without one of ours."""
    if status == 413:
        return too_large_message()
    messages = {
        403: _("You do not have permission to perform this action."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        415: _("Send the data as JSON (Content-Type: application/json)."),
    }
    if status >= 500:
        return _("Something went wrong")
    return messages.get(status, _("The request is not valid."))


class JsonBodyMiddleware:
    """Checks the bodies sent to allauth's headless API, and answers every API error as JSON.

    Placed after the language middlewares, so the answers are in the reader's language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not limits.wants_json(request):
            return self.get_response(request)
        if request.path.startswith("/_allauth/"):
            refused = self._refuse_body(request)
            if refused is not None:
                return refused
        return self._as_json(request, self.get_response(request))

    @staticmethod
    def _refuse_body(request: HttpRequest) -> HttpResponse | None:
        # allauth parses any body as JSON, whatever its type, and lets a RecursionError through.
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        try:
            body = request.body
        except RequestDataTooBig:
            return json_error(too_large_message(), 413)
        if not body:
            return None
        if not _is_json(request.content_type or ""):
            return json_error(_status_message(415), 415)
        if too_deep(body):
            return json_error(too_deep_message(), 400)
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return json_error(not_json_message(), 400)
        if not isinstance(data, dict):
            return json_error(_("The data sent must be a JSON object."), 400)
        return None

    @staticmethod
    def _as_json(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code < 400 or _is_json(response.get("Content-Type", "")):
            return response
        # Staff and INTERNAL_IPS keep Django's technical pages while DEBUG is on.
        if settings.DEBUG and shows_technical_pages(request):
            return response
        answer = json_error(_status_message(response.status_code), response.status_code)
        for header in ("Retry-After", "Allow"):
            if response.has_header(header):
                answer[header] = response[header]
        return answer
