"""The digest's settings (page and API) and the one-click unsubscribe link of each mail."""

from __future__ import annotations

import time
from unittest import mock

from django.core import signing
from django.test import Client
from django.urls import reverse

from messaging.digests import tokens
from messaging.models import DigestPreference
from neighbourhood.accounts.models import User
from tests.conftest import api_as


def unsubscribe_url(token: str) -> str:
    return reverse("messaging:digest_unsubscribe", kwargs={"token": token})


def frequency_of(user: User) -> str:
    found = DigestPreference.objects.filter(user=user).first()
    return found.frequency if found else "weekly (default)"


def test_the_link_asks_before_stopping_the_digest(client, alice):
    url = unsubscribe_url(tokens.for_user(alice))
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert b"alice@example.org" in page.content and b'<form method="post">' in page.content
    assert frequency_of(alice) == "weekly (default)"  # a GET (a link checker) changes nothing
    done = client.post(url)
    assert done.status_code == 200
    assert frequency_of(alice) == "none"


def test_one_click_from_the_mail_program_needs_no_cookie_nor_csrf_token(alice):
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        unsubscribe_url(tokens.for_user(alice)),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert frequency_of(alice) == "none"


def test_it_keeps_the_day_and_hour_for_when_they_come_back(client, alice):
    DigestPreference.objects.create(user=alice, frequency="daily", weekday=3, hour=19)
    client.post(unsubscribe_url(tokens.for_user(alice)))
    preference = DigestPreference.objects.get(user=alice)
    assert (preference.frequency, preference.weekday, preference.hour) == ("none", 3, 19)


def test_it_rejects_a_forged_token(client, alice, bob):
    token = tokens.for_user(alice)
    value, _signature = token.rsplit(":", 1)
    # Bob's signed token with Alice's payload put in its place: the signature no longer fits.
    _bob_payload, bob_timestamp, bob_signature = tokens.for_user(bob).rsplit(":", 2)
    alice_payload = value.rsplit(":", 1)[0]
    swapped = f"{alice_payload}:{bob_timestamp}:{bob_signature}"
    assert swapped != token
    for forged in (value + ":forged", swapped, "nonsense"):
        response = client.post(unsubscribe_url(forged))
        assert response.status_code == 400
        assert "n’est pas valide".encode() in response.content  # French by default
    assert frequency_of(alice) == frequency_of(bob) == "weekly (default)"


def test_it_rejects_a_token_made_for_another_resident_signed_with_another_key(client, alice):
    other = signing.TimestampSigner(key="not-our-secret", salt=tokens.SALT)
    response = client.post(unsubscribe_url(other.sign_object({"u": alice.pk, "e": alice.email})))
    assert response.status_code == 400
    assert frequency_of(alice) == "weekly (default)"


def test_it_rejects_an_expired_token(client, alice, settings):
    settings.DIGEST_UNSUBSCRIBE_DAYS = 90
    long_ago = time.time() - 91 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        token = tokens.for_user(alice)
    response = client.post(unsubscribe_url(token))
    assert response.status_code == 400
    assert b"trop ancien" in response.content
    assert frequency_of(alice) == "weekly (default)"
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 89 * 24 * 3600):
        recent = tokens.for_user(alice)
    assert client.post(unsubscribe_url(recent)).status_code == 200


def test_a_token_stops_working_when_the_address_changes(client, alice):
    token = tokens.for_user(alice)
    alice.email = "alice.new@example.org"
    alice.save(update_fields=["email"])
    assert client.post(unsubscribe_url(token)).status_code == 400


def test_the_settings_page_saves_the_choice(client, alice):
    client.force_login(alice)
    url = reverse("messaging:digest_settings")
    page = client.get(url)
    assert page.status_code == 200 and b"Europe/Paris" in page.content
    response = client.post(url, {"frequency": "daily", "weekday": "0", "hour": "19"})
    assert response.status_code == 302
    preference = DigestPreference.objects.get(user=alice)
    assert (preference.frequency, preference.hour) == ("daily", 19)


def test_the_settings_page_refuses_a_bad_hour_and_changes_nothing(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("messaging:digest_settings"), {"frequency": "daily", "weekday": "0", "hour": "25"}
    )
    assert response.status_code == 400
    assert "Sélectionnez un choix valide".encode() in response.content  # French by default
    assert not DigestPreference.objects.filter(user=alice).exists()


def test_the_settings_page_is_for_signed_in_residents(client):
    response = client.get(reverse("messaging:digest_settings"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_api_reads_and_writes_the_choice(alice):
    api = api_as(alice)
    url = reverse("api:digest")
    assert api.get(url).json() == {
        "frequency": "weekly",
        "weekday": 0,
        "hour": 8,
        "timezone": "Europe/Paris",
    }
    response = api.put(url, {"frequency": "daily", "weekday": 2, "hour": 7}, format="json")
    assert response.status_code == 200
    assert response.json()["frequency"] == "daily"
    assert DigestPreference.objects.get(user=alice).hour == 7


def test_the_api_refuses_bad_input_and_changes_nothing(alice):
    api = api_as(alice)
    url = reverse("api:digest")
    for bad in (
        {"frequency": "hourly", "weekday": 0, "hour": 8},
        {"frequency": "daily", "weekday": 7, "hour": 8},
        {"frequency": "daily", "weekday": 0, "hour": 24},
        {"frequency": "daily"},
    ):
        response = api.put(url, bad, format="json")
        assert response.status_code == 400, bad
    assert not DigestPreference.objects.filter(user=alice).exists()


def test_the_api_refuses_strangers(api):
    assert api.get(reverse("api:digest")).status_code in {401, 403}


def test_the_link_speaks_the_residents_language_whatever_the_browser(client, alice, bob):
    bob.language = "en"
    bob.save(update_fields=["language"])
    french = client.get(unsubscribe_url(tokens.for_user(alice)), HTTP_ACCEPT_LANGUAGE="en")
    english = client.get(unsubscribe_url(tokens.for_user(bob)), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Arrêter le résumé".encode() in french.content
    assert b"Stop the digest" in english.content


def test_a_daily_digest_needs_no_day_and_keeps_the_one_saved(client, alice):
    DigestPreference.objects.create(user=alice, frequency="weekly", weekday=4, hour=18)
    client.force_login(alice)
    response = client.post(
        reverse("messaging:digest_settings"), {"frequency": "daily", "hour": "7"}
    )
    assert response.status_code == 302
    preference = DigestPreference.objects.get(user=alice)
    assert (preference.frequency, preference.weekday, preference.hour) == ("daily", 4, 7)
