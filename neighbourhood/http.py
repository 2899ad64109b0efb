"""Request types for views that only signed-in residents reach (login_required, IsAuthenticated).

At run time they are Django's and DRF's own classes; for the type checker, ``request.user`` is a
``User`` there, not ``User | AnonymousUser``.
"""

from typing import TYPE_CHECKING

from django.http import HttpRequest
from rest_framework.request import Request

if TYPE_CHECKING:
    from neighbourhood.accounts.models import User

    class AuthenticatedHttpRequest(HttpRequest):
        user: User

    class AuthenticatedRequest(Request):
        user: User

else:
    AuthenticatedHttpRequest = HttpRequest
    AuthenticatedRequest = Request
