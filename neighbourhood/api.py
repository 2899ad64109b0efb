"""What every API view shares: the endpoint base, the error shape, and fields whose errors read
as sentences."""

import math
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Generic, TypeVar

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.plumbing import get_lib_doc_excludes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.fields import empty
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from neighbourhood import json_body, limits
from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.quartiers.selectors import get_quartier_for_member

T = TypeVar("T")


class Endpoint(APIView, Generic[T]):
    """An API view that resolves its object once, before any handler runs.

    ``find`` is the app's access helper. It is called with the signed-in user and the URL's
    arguments (``find(user=request.user, ride_id=7)``) and returns the object, or raises
    ``Http404`` for anyone who may not see it (the outsider) and ``PermissionDenied`` for a member
    who may see it but not do this. Handlers read ``self.object``, validate their input with
    ``self.valid(...)`` and call one service; a service's ``ValidationError`` becomes a 400 in
    ``exception_handler``, so no handler needs a ``try``.

    A method that needs stricter access than the others (members read, a coordinator writes)
    names its own helper in ``find_for`` (``{"POST": get_quartier_for_coordinator}``). A view
    whose methods need something else overrides ``find_object``.

    A service names a refused field as its model does (``member``); an endpoint that takes it
    under another name (``member_id``) says so in ``aliases``, and the refusal comes back under
    the name the client sent.
    """

    find: ClassVar[Callable[..., Any] | None] = None
    find_for: ClassVar[Mapping[str, Callable[..., Any]]] = {}
    aliases: ClassVar[Mapping[str, str]] = {}
    # True where a handler answers 409 (the object changed meanwhile): the OpenAPI document then
    # lists it (neighbourhood.openapi). None does yet: concurrent writes are refused with a 400.
    can_conflict: ClassVar[bool] = False
    object: T

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttles
        found = self.find_object(request, **kwargs)
        if found is not None:
            self.object = found

    def find_object(self, request: Request, **kwargs: Any) -> T | None:
        # Read on the class: a plain function stored on it is not bound to the view.
        find = self.find_for.get(request.method or "", type(self).find)
        return None if find is None else find(user=request.user, **kwargs)

    def handle_exception(self, exc: Exception) -> Response:
        if self.aliases and isinstance(exc, DjangoValidationError) and hasattr(exc, "error_dict"):
            exc = DjangoValidationError(
                {self.aliases.get(name, name): errors for name, errors in exc.error_dict.items()}
            )
        return super().handle_exception(exc)

    def valid(
        self,
        serializer: type[serializers.BaseSerializer],
        *,
        instance: Any = None,
        partial: bool = False,
        **context: Any,
    ) -> dict[str, Any]:
        """The request's body, checked by ``serializer``; a 400 with the error shape if not."""
        checked = serializer(
            instance,
            data=self.request.data,
            partial=partial,
            context={"request": self.request, **context},
        )
        checked.is_valid(raise_exception=True)
        return dict(checked.validated_data)

    def valid_query(
        self, serializer: type[serializers.BaseSerializer], **context: Any
    ) -> dict[str, Any]:
        """The query string, checked by ``serializer``."""
        checked = serializer(
            data=self.request.query_params, context={"request": self.request, **context}
        )
        checked.is_valid(raise_exception=True)
        return dict(checked.validated_data)


class QuartierEndpoint(Endpoint[tuple[Quartier, Membership]]):
    """An endpoint under ``quartiers/<slug>/``: its object is the quartier with the user's active
    membership, a 404 for anyone else (``find_for`` a coordinator's: a 403 for a member)."""

    find = get_quartier_for_member

    @property
    def quartier(self) -> Quartier:
        return self.object[0]


def lib_doc_excludes() -> list[type]:
    """The classes whose docstrings never describe an operation in the OpenAPI document: DRF's,
    and these bases, written for the developer, not for the client."""
    return [*get_lib_doc_excludes(), Endpoint, QuartierEndpoint]


def refuse_unknown(serializer: serializers.Serializer, attrs: dict[str, Any]) -> dict[str, Any]:
    """A change that cannot be made is refused, not ignored (a PATCH with a typo, a field
    that is read only)."""
    unknown = set(serializer.initial_data) - set(serializer.fields)
    if unknown:
        raise serializers.ValidationError(
            {name: [_("This cannot be changed.")] for name in sorted(unknown)}
        )
    return attrs


def created(data: Any) -> Response:
    return Response(data, status=201)


def no_content() -> Response:
    return Response(status=204)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Errors are JSON: ``{"detail": "...", "errors": {"field": ["message", ...]}}``; a limit
    answers ``{"detail": "... Try again in 30 seconds.", "retry_after": 30}`` with a 429.

    A service that refuses a write raises Django's ValidationError; it becomes a 400 here, so
    views do not each translate it. A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django raises
    ``RequestDataTooBig`` when the parser reads it) is a 413, not Django's HTML 400 page.
    """
    if isinstance(exc, RequestDataTooBig):
        return Response({"detail": json_body.too_large_message()}, status=413)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.Throttled):
        # In the reader's language, with when to try again (DRF sets Retry-After itself).
        wait: float | None = getattr(exc, "wait", None)
        seconds = math.ceil(wait or limits.DEFAULT_RETRY_SECONDS)
        message = _("Too many requests in a short time.")
        response.data = {
            "detail": f"{message} {limits.when_to_retry(seconds)}",
            "retry_after": seconds,
        }
        response["Retry-After"] = str(seconds)
        return response
    if isinstance(exc, exceptions.ValidationError):
        detail = (
            response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data}
        )
        # The documented shape (neighbourhood.openapi): a list of sentences per field, also for
        # a list's item or a nested object's field.
        errors = {str(name): flat_messages(messages) for name, messages in detail.items()}
        first = next((messages[0] for messages in errors.values() if messages), "")
        response.data = {"detail": first, "errors": errors}
    return response


# --- fields whose errors read as sentences --------------------------------------------------

HH_MM = "%H:%M"


def flat_messages(detail: Any) -> list[str]:
    """Every message of a nested error (a list item's, a sub-field's), in order."""
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in flat_messages(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in flat_messages(value)]
    return [str(detail)]


class FlatListField(serializers.ListField):
    """A list whose errors read as sentences under the list's own name, not by item index."""

    def to_internal_value(self, data: Any) -> list[Any]:
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError(flat_messages(error.detail)) from None


class FlatSerializer(serializers.Serializer):
    """A nested input whose errors read as sentences under the parent's field name."""

    def run_validation(self, data: Any = empty) -> Any:
        try:
            return super().run_validation(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError(flat_messages(error.detail)) from None


# Answered as HH:MM, read with or without seconds: OpenAPI's ``format: time`` would promise
# RFC 3339 (``18:00:00Z``), which neither side uses.
HH_MM_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"


@extend_schema_field({"type": "string", "pattern": HH_MM_PATTERN, "example": "18:30"})
class LocalTimeField(serializers.TimeField):
    """A local time of day, ``HH:MM``."""


def time_field(**kwargs: Any) -> serializers.TimeField:
    return LocalTimeField(format=HH_MM, help_text="HH:MM, local time.", **kwargs)


# The largest id a row can have (a 64-bit primary key): a larger one is refused as input, not
# taken to the database, which cannot compare it (a 500 on SQLite).
MAX_ID = 2**63 - 1


def id_field(*, min_value: int = 1, **kwargs: Any) -> serializers.IntegerField:
    """The id of a row, given in a body or a query."""
    return serializers.IntegerField(min_value=min_value, max_value=MAX_ID, **kwargs)
