"""The authentication backends read the signed-in user by a query compiled once, and sessions
opened under the old backends' paths were carried over, not signed out."""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user
from django.contrib.sessions.models import Session
from django.test import Client

from neighbourhood.accounts.backends import AccountBackend, UserBackend
from neighbourhood.sessions import SessionStore

pytestmark = pytest.mark.django_db

migration = importlib.import_module("neighbourhood.accounts.migrations.0003_sessions_backends")
SESSION_PAGE = "/_allauth/browser/v1/auth/session"


@pytest.mark.parametrize("backend", [UserBackend(), AccountBackend()])
def test_each_backend_reads_the_user_the_orm_reads(backend, alice):
    found = backend.get_user(alice.pk)
    assert found == alice
    assert (found.email, found.display_name, found.date_joined, found.password) == (
        alice.email,
        alice.display_name,
        alice.date_joined,
        alice.password,
    )
    assert found.date_joined.tzinfo is not None


@pytest.mark.parametrize("backend", [UserBackend(), AccountBackend()])
def test_no_user_for_an_inactive_account_an_unknown_id_or_no_id(backend, alice):
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert backend.get_user(alice.pk) is None
    assert backend.get_user(alice.pk + 1000) is None
    assert backend.get_user("not a number") is None
    assert backend.get_user(None) is None


def test_a_password_sign_in_names_the_new_backend_and_signs_in(alice):
    alice.set_password("un mot de passe sûr 42")
    alice.save()
    client = Client()
    assert client.login(email=alice.email, password="un mot de passe sûr 42")
    assert client.session[BACKEND_SESSION_KEY] == "neighbourhood.accounts.backends.UserBackend"
    assert client.get(SESSION_PAGE).status_code == 200
    assert not Client().login(email=alice.email, password="pas le bon")


def old_session(user, backend_path: str) -> str:
    """A session as the site stored it before, naming the backend by its old path."""
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend_path
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    assert store.session_key is not None
    return store.session_key


def reader_of(key: str):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client.get(SESSION_PAGE).status_code


def test_sessions_opened_under_the_old_paths_stay_signed_in_after_the_migration(alice, bob):
    by_password = old_session(alice, "django.contrib.auth.backends.ModelBackend")
    by_allauth = old_session(bob, "allauth.account.auth_backends.AuthenticationBackend")
    unrelated = SessionStore()
    unrelated["cart"] = [1, 2]
    unrelated.create()
    untouched = Session.objects.get(pk=unrelated.session_key).session_data
    assert reader_of(by_password) == 401  # the old path is no longer known

    migration.forwards(apps, None)

    assert SessionStore(by_password).load()[BACKEND_SESSION_KEY] == (
        "neighbourhood.accounts.backends.UserBackend"
    )
    assert SessionStore(by_allauth).load()[BACKEND_SESSION_KEY] == (
        "neighbourhood.accounts.backends.AccountBackend"
    )
    assert Session.objects.get(pk=unrelated.session_key).session_data == untouched
    assert reader_of(by_password) == 200
    assert reader_of(by_allauth) == 200

    migration.backwards(apps, None)
    assert SessionStore(by_password).load()[BACKEND_SESSION_KEY] == (
        "django.contrib.auth.backends.ModelBackend"
    )


def test_a_request_reads_its_session_then_its_user(alice, django_assert_num_queries):
    client = Client()
    client.force_login(alice)
    request = type("Request", (), {})()
    request.session = SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value)
    with django_assert_num_queries(2):  # the session, then its user
        assert get_user(request) == alice
