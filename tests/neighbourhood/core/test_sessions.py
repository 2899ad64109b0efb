"""Sessions read by a query compiled once (`neighbourhood.sessions`): Django's database sessions,
the same rows and the same expiry."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from neighbourhood.sessions import SessionStore

pytestmark = pytest.mark.django_db


def signed_in(user) -> str:
    client = Client()
    client.force_login(user)
    assert isinstance(client.session, SessionStore)  # the engine the site uses
    return client.cookies["sessionid"].value


def test_a_session_reads_what_django_stored(alice):
    key = signed_in(alice)
    store = SessionStore(key)
    assert store.load()["_auth_user_id"] == str(alice.pk)
    assert store.session_key == key


def test_an_expired_session_is_empty_and_its_key_forgotten(alice):
    key = signed_in(alice)
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - datetime.timedelta(1))
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None


def test_an_unknown_key_is_an_empty_session(alice):
    store = SessionStore("x" * 32)
    assert store.load() == {}
    assert store.session_key is None


def test_a_page_knows_its_reader_until_the_session_expires(alice):
    client = Client()
    client.force_login(alice)
    assert client.get("/_allauth/browser/v1/auth/session").status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/_allauth/browser/v1/auth/session").status_code == 401
