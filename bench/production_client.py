"""What the scenarios on the production set share: the set started on the bench's own test
database, free ports for it, and a visitor without JavaScript that logs in through the set's own
login form and keeps its cookies."""

from __future__ import annotations

import os
import re
import socket
import time
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from allauth.account.models import EmailAddress
from django.db import connection

from neighbourhood.accounts.models import User
from neighbourhood.deploy.runner import ProductionSet, ProductionSetError, check_port_free

APP_WORKERS = 2  # app processes of the set, as it runs in production
# The password of the bench's members who log in, in its throwaway database only.
PASSWORD = "mot de passe du banc d'essai"  # noqa: S105


def test_database_url() -> str:
    """DATABASE_URL naming the throwaway database the bench fills (``test_<db>``)."""
    return (
        urlsplit(os.environ["DATABASE_URL"])
        ._replace(path="/" + str(connection.settings_dict["NAME"]))
        .geturl()
    )


def free_base_port(count: int = APP_WORKERS) -> int:
    """A port free with the ``count`` after it (nginx and the app processes of one set)."""
    for _attempt in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = int(probe.getsockname()[1])
        if base + count < 65_000 and all(_free(base + n) for n in range(count + 1)):
            return base
    raise RuntimeError("no run of free ports found")


def _free(port: int) -> bool:
    try:
        check_port_free(port)
    except ProductionSetError:
        return False
    return True


def production_set(*, celery: bool, **options: object) -> ProductionSet:
    """The production set on the bench's database and Redis (not started yet). The bench's rows
    are committed before it starts: the bench writes outside any transaction."""
    environment = {"DATABASE_URL": test_database_url(), "REDIS_URL": os.environ["REDIS_URL"]}
    return ProductionSet(
        port=free_base_port(),
        app_workers=APP_WORKERS,
        environment=environment,
        celery=celery,
        **options,  # type: ignore[arg-type]
    )


def member(email: str, **fields: object) -> User:
    """Someone who logs in with PASSWORD, their e-mail address verified."""
    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    verified(user)
    return user


def verified(user: User) -> None:
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Visitor:
    """A browser without JavaScript: its cookies, no redirect followed. Plain HTTP here, so the
    cookies the site marks Secure (DEBUG off) are sent back by hand, as TLS would let them."""

    def __init__(self, base: str, language: str = "fr") -> None:
        self.base = base
        self.language = language
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirect)

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(
        self, path: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        sent = {"Accept-Language": self.language, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = self.cookie_header
        body = None
        if data is not None:
            body = urlencode(data).encode()
            sent |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.base}
        request = urllib.request.Request(self.base + path, data=body, headers=sent)  # noqa: S310
        try:
            with self.opener.open(request, timeout=120) as response:
                status, received, content = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, received, content = error.code, error.headers, error.read()
        for header in received.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return status, dict(received.items()), content

    def timed(self, path: str) -> tuple[float, int, bytes]:
        """Milliseconds, status and body of one GET."""
        started = time.perf_counter()
        status, _headers, body = self.request(path)
        return (time.perf_counter() - started) * 1000, status, body

    def log_in(self, user: User, password: str = PASSWORD) -> None:
        """Through the site's login form."""
        status, _, page = self.request("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise RuntimeError(f"the login page answered {status}")
        form = {
            "login": str(user.email),
            "password": password,
            "csrfmiddlewaretoken": token[1].decode(),
        }
        status, _, _ = self.request("/accounts/login/", data=form)
        if status != 302 or not any("session" in name for name in self.cookies):
            raise RuntimeError(f"the login form answered {status}, with no session")
