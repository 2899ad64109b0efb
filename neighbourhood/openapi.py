"""The OpenAPI document says every answer an operation can give, not only its happy one.

``AutoSchema`` (``DEFAULT_SCHEMA_CLASS``) adds to each operation the error answers of
``neighbourhood.api.exception_handler``, each with its shape, from what the view itself says: its
body, its query parameters, its path, its authentication, its permissions and its throttles. The
contract is checked against the running app by ``tests/api/test_contract.py`` (schemathesis), so
an answer left out here fails the tests.
"""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import permissions, serializers

from neighbourhood.api import MAX_ID

# Path converters match digits only (``<int:…>``) or a slug (``<slug:…>``): any other value does
# not reach the view at all, so the document says which values the path takes. An id beyond
# any row's is not found either (neighbourhood.middleware.IdsInRangeMiddleware).
PATH_PARAMETER_SCHEMAS: dict[str, dict[str, Any]] = {
    "integer": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
    "slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
}


class ErrorSerializer(serializers.Serializer):
    """Every error but a refused input or a limit: ``{"detail": "…"}``."""

    detail = serializers.CharField()


# A refused input: the first message, and every message by field. Built by name because a
# serializer's own ``errors`` attribute cannot be a field of a class.
ValidationErrorSerializer = inline_serializer(
    name="ValidationError",
    fields={
        "detail": serializers.CharField(),
        # Left out when the body could not be read at all (not JSON, say).
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()), required=False
        ),
    },
)


class ThrottledSerializer(serializers.Serializer):
    """Too many requests: the message says when to try again, in seconds too."""

    detail = serializers.CharField()
    retry_after = serializers.IntegerField(min_value=0)


def _error(description: str, shape: Any = ErrorSerializer) -> Any:
    return OpenApiResponse(response=shape, description=description)


ERRORS: dict[int, Any] = {
    400: _error("The input was refused.", ValidationErrorSerializer),
    401: _error("No credentials, or credentials that are not valid."),
    403: _error("Not allowed for this account."),
    404: _error("Not found, or not visible to this account."),
    409: _error("The object changed meanwhile."),
    413: _error("The body is over the size limit."),
    415: _error("The body is of a media type the operation does not read."),
    429: _error("Too many requests in a short time.", ThrottledSerializer),
}


def _may_be_blank(field: serializers.EmailField) -> bool:
    """Whether a read-only e-mail may be answered as "": a read-only field of a model
    serializer says nothing of blanks, its model field does."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if not field.read_only or model is None:
        return False
    try:
        return bool(model._meta.get_field(field.source).blank)
    except FieldDoesNotExist:
        return True  # unknown source (a property, a path through relations): say it may be ""


def _either(theirs: dict[str, Any], ours: dict[str, Any]) -> None:
    for content in theirs.get("content", {}).values():
        schema = ours["content"]["application/json"]["schema"]
        if content.get("schema") != schema:
            content["schema"] = {"anyOf": [content["schema"], schema]}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, with the errors each operation can answer."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code in self.error_codes():
            ours = self._get_response_for_code(ERRORS[code], str(code), direction=direction)
            theirs = responses.get(str(code))
            if theirs is None:
                responses[str(code)] = ours
            elif code == 400:
                # A view's own refusal (an order's lines refused one by one) comes besides the
                # input checks every operation makes.
                _either(theirs, ours)
        return responses

    def error_codes(self) -> list[int]:
        codes = []
        takes_body = self.method in {"POST", "PUT", "PATCH"} and bool(self._get_request_body())
        if takes_body or self.method not in permissions.SAFE_METHODS or self._query_parameters():
            # A body or a query to check, or a service that may refuse the write.
            codes.append(400)
        if self.view.authentication_classes:
            # A token that is not valid is refused on any operation, even an open one.
            codes.append(401)
        if self._may_forbid():
            codes.append(403)
        if "{" in self.path:
            codes.append(404)
        if getattr(self.view, "can_conflict", False):
            codes.append(409)
        if takes_body:
            codes += [413, 415]
        if self.view.throttle_classes:
            codes.append(429)
        return codes

    def _query_parameters(self) -> bool:
        return any(p.get("in") == "query" for p in self._get_parameters())

    def _may_forbid(self) -> bool:
        # A member who may see an object but not act on it; a session without its CSRF token or
        # acting for a neighbour (relais.middleware refuses the API then).
        allow_any = all(p is permissions.AllowAny for p in self.view.permission_classes)
        return not allow_any or self.method not in permissions.SAFE_METHODS

    def _insert_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        super()._insert_field_validators(field, schema)
        if isinstance(field, serializers.EmailField) and _may_be_blank(field):
            # An optional address is answered as "" when there is none: not an e-mail format.
            # (drf-spectacular says so itself for a field that reads blanks, not for one that
            # only answers them.)
            schema.pop("format", None)
            schema["anyOf"] = [{"format": "email"}, {"maxLength": 0}]

    def _resolve_path_parameters(self, variables: list[str]) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if schema.get("type") == "integer":
                schema.update(PATH_PARAMETER_SCHEMAS["integer"])
            elif schema.get("type") == "string" and "pattern" not in schema:
                # The project's only string converter is the slug.
                schema.update(PATH_PARAMETER_SCHEMAS["slug"])
        return parameters
