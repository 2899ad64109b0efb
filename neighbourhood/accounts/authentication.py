from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from neighbourhood.accounts.selectors import token_find
from neighbourhood.accounts.services import token_touch


class BearerTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>`` with a personal token the user created."""

    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("The Authorization header must be “Bearer <token>”.")
            )
        token = token_find(raw=parts[1].decode("latin-1"))
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid or was revoked."))
        token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Tells the OpenAPI schema how personal tokens are sent."""

    target_class = "neighbourhood.accounts.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "A personal API token."}
