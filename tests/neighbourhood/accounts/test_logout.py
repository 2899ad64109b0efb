"""Signing out, or erasing one's account, empties what the browser kept for the site (the
chat's messages not sent yet): on a shared computer, the next person signs in in the same tab.
Through allauth's own addresses (reversed by their names), so that a change of prefix in
neighbourhood.urls fails here."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

CLEAR_STORAGE = '"storage"'


def test_signing_out_clears_the_storage_of_the_site(alice):
    browser = Client()
    browser.force_login(alice)

    asked = browser.get(reverse("account_logout"))
    assert asked.status_code == 200  # "Sign out?": nothing happened yet
    assert not asked.has_header("Clear-Site-Data")
    assert browser.session.get("_auth_user_id") == str(alice.pk)

    signed_out = browser.post(reverse("account_logout"))
    assert signed_out.status_code == 302
    assert signed_out["Clear-Site-Data"] == CLEAR_STORAGE
    assert "_auth_user_id" not in browser.session


def test_signing_out_through_the_headless_api_clears_it_too(alice):
    browser = Client()
    browser.force_login(alice)
    session = reverse("headless:browser:account:current_session")

    assert browser.get(session).status_code == 200
    signed_out = browser.delete(session)
    assert signed_out.status_code == 401  # allauth's answer: nobody is signed in now
    assert signed_out["Clear-Site-Data"] == CLEAR_STORAGE
    assert "_auth_user_id" not in browser.session
    assert not browser.get(session).has_header("Clear-Site-Data")


def test_erasing_ones_account_clears_the_storage_too_but_a_wrong_password_does_not(alice, password):
    browser = Client()
    browser.force_login(alice)

    refused = browser.post(reverse("account_erase"), {"password": "not it"})
    assert refused.status_code == 400
    assert not refused.has_header("Clear-Site-Data")  # still signed in: nothing is forgotten

    erased = browser.post(reverse("account_erase"), {"password": password})
    assert erased.status_code == 302
    assert erased["Clear-Site-Data"] == CLEAR_STORAGE
