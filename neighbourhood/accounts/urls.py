from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account.views import logout
from allauth.headless.account.views import SessionView
from allauth.headless.constants import Client
from django.http import HttpRequest, HttpResponseBase
from django.urls import path

from neighbourhood.accounts import views

View = Callable[..., HttpResponseBase]


def clears_site_data(view: View) -> View:
    """Signing out forgets the browser's storage (``views.forget_browser_storage``). allauth's
    ``user_logged_out`` signal cannot set a header, hence this wrapper around its own views, at
    their own addresses (these patterns come before ``allauth.urls`` and
    ``allauth.headless.urls`` in ``neighbourhood.urls``)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if request.method in ("POST", "DELETE"):  # a GET only asks "Sign out?"
            return views.forget_browser_storage(response)
        return response

    return wrapped


urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", views.token_list, name="tokens"),
    path("profile/erase/", views.account_erase, name="account_erase"),
    path("profile/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/logout/", clears_site_data(logout), name="account_logout"),
    # The headless logout of a browser (an app's storage is not the browser's).
    path(
        "_allauth/browser/v1/auth/session",
        clears_site_data(SessionView.as_api_view(client=Client.BROWSER)),
    ),
]
