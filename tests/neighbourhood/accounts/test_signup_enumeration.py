"""Signing up tells nothing about who has an account: not by the answer, not by the mail, not by
the time it takes (a new address hashes a password, so a known one hashes one too).

The time is pinned without a clock: by counting the password hasher's work on each path."""

from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from neighbourhood.accounts.models import User

# Account e-mails leave after the commit: these tests commit, as the site does.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Un-mot-de-passe-solide-42"
NEW = "new@example.org"


def hashes_during(action: Callable[[], Any]) -> tuple[int, Any]:
    """How many passwords the site's hasher encodes while ``action`` runs, and its result."""
    hasher = type(get_hasher())
    with mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as spy:
        result = action()
    return spy.call_count, result


def sign_up_on_the_page(email: str) -> Any:
    return Client(HTTP_ACCEPT_LANGUAGE="en").post(
        "/accounts/signup/",
        {"display_name": "N", "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def sign_up_through_the_api(email: str) -> Any:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en").post(
        "/_allauth/app/v1/auth/signup",
        {"display_name": "N", "email": email, "password": PASSWORD},
        format="json",
    )


@pytest.mark.parametrize("sign_up", [sign_up_on_the_page, sign_up_through_the_api])
def test_a_known_address_costs_the_same_hashing_as_a_new_one(alice, sign_up):
    known_hashes, _ = hashes_during(lambda: sign_up(alice.email))
    new_hashes, _ = hashes_during(lambda: sign_up(NEW))
    assert new_hashes == 1  # the new account's password
    assert known_hashes == new_hashes
    assert User.objects.filter(email=alice.email).count() == 1


def test_the_page_answers_a_known_and_a_new_address_alike(alice):
    known = sign_up_on_the_page(alice.email)
    new = sign_up_on_the_page(NEW)
    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"]
    # One mail each: the owner of the known address is told someone tried, the new one is asked
    # to confirm. Only the inbox's owner learns which.
    assert [message.to for message in mail.outbox] == [[alice.email], [NEW]]
    assert "already" in mail.outbox[0].subject.lower()
    assert "confirm" in mail.outbox[1].subject.lower()


def test_the_api_answers_a_known_and_a_new_address_alike(alice):
    known = sign_up_through_the_api(alice.email)
    new = sign_up_through_the_api(NEW)
    assert known.status_code == new.status_code == 401
    known_body, new_body = known.json(), new.json()
    assert known_body["data"] == new_body["data"]
    assert known_body["meta"].keys() == new_body["meta"].keys()
    assert [message.to for message in mail.outbox] == [[alice.email], [NEW]]


def test_a_login_stopped_at_check_your_inbox_hashes_no_more_than_one_that_goes_through(
    alice, password
):
    # Only the sign-up's "already exists" path does the extra work, not a login that stops at
    # an unverified address's "check your inbox" (a real account, whose password was checked).
    def log_in() -> Any:
        return APIClient().post(
            "/_allauth/app/v1/auth/login",
            {"email": alice.email, "password": password},
            format="json",
        )

    through, response = hashes_during(log_in)
    assert response.status_code == 200
    alice.emailaddress_set.update(verified=False)
    stopped, response = hashes_during(log_in)
    assert response.status_code == 401
    assert stopped == through
