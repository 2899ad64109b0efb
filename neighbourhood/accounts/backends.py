"""The authentication backends, Django's and allauth's, each reading the signed-in user of a
request by a query compiled once (`neighbourhood.compiled_queries`). Every signed-in request and
socket asks for its user; Django built and compiled that one-row read anew each time, for more
CPU than the database's work on it. How a user signs in (e-mail and password, allauth's codes
and links) is unchanged.

A session names the backend that signed its user in: the paths of these two replaced Django's
and allauth's in ``AUTHENTICATION_BACKENDS``, and sessions opened before were carried over by
the migration ``accounts.0003_sessions_backends``, so that nobody was signed out."""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet

from neighbourhood.accounts.models import User
from neighbourhood.compiled_queries import CompiledQuery


def _user_by_id(user_id: int) -> QuerySet[User]:
    # ModelBackend's own read: User._default_manager.get(pk=...).
    return User._default_manager.filter(pk=user_id)


_USER_BY_ID = CompiledQuery(_user_by_id, markers=(-4_242_424_301,))


class UserBackend(ModelBackend):
    """Django's ModelBackend (an e-mail and a password), whose ``get_user`` (the user by id, if
    it may sign in) runs a query compiled once."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):  # a session that names no user id
            return None
        found = _USER_BY_ID.instances(pk)
        return found[0] if found and self.user_can_authenticate(found[0]) else None


class AccountBackend(UserBackend, AuthenticationBackend):
    """allauth's backend: what allauth signs in itself (a code, a link, right after signing up)."""
