"""Every limit answers 429 with Retry-After and says, in the visitor's language, when to try
again: a page on the site, the API's JSON on the API."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

SIGN_UP = {"display_name": "Marie", "email": "not-an-address", "password1": "x", "password2": "y"}


@pytest.fixture
def strict_sign_up(settings):
    # Two sign-up attempts a minute from one address, so that the third is refused.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["Patientez un instant", "Trop d'essais en peu de temps.", "Réessayez dans"]),
        ("en", ["Please wait a moment", "Too many attempts in a short time.", "Try again in"]),
    ],
)
def test_the_site_answers_a_limit_with_a_page_in_the_visitors_language(
    strict_sign_up, language, words
):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    for _ in range(2):
        assert client.post("/accounts/signup/", SIGN_UP).status_code == 200
    response = client.post("/accounts/signup/", SIGN_UP)

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert all(word in page for word in words), page
    assert 'href="/"' in page


def test_a_limit_per_address_leaves_other_addresses_alone(strict_sign_up):
    client = Client(REMOTE_ADDR="192.0.2.1")
    statuses = [client.post("/accounts/signup/", SIGN_UP).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    # Another address is not concerned.
    assert Client(REMOTE_ADDR="192.0.2.2").post("/accounts/signup/", SIGN_UP).status_code == 200


def test_the_app_sign_up_answers_json_with_retry_after(strict_sign_up):
    app = APIClient(HTTP_ACCEPT_LANGUAGE="fr")
    body = {"display_name": "Paul", "email": "bad", "password": "x"}
    for _ in range(2):
        app.post("/_allauth/app/v1/auth/signup", body, format="json")
    response = app.post("/_allauth/app/v1/auth/signup", body, format="json")
    assert response.status_code == 429
    assert response.json()["status"] == 429
    assert 0 < int(response["Retry-After"]) <= 60


@pytest.fixture
def strict_api(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "3/min"},
    }


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        ("fr", "Trop de demandes en peu de temps. Réessayez dans "),
        ("en", "Too many requests in a short time. Try again in "),
    ],
)
def test_the_api_answers_a_limit_in_its_json_shape(strict_api, quartier, language, detail):
    api = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    for _ in range(2):
        assert api.get("/api/v1/quartiers/").status_code == 200
    response = api.get("/api/v1/quartiers/")

    assert response.status_code == 429
    body = response.json()
    seconds = int(response["Retry-After"])
    assert 0 < seconds <= 60
    assert body["retry_after"] == seconds
    assert body["detail"].startswith(detail), body


def test_the_app_login_tells_how_long_an_account_stays_locked(alice):
    # Five wrong passwords lock the account for five minutes, through the JSON login too.
    app = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    body = {"email": alice.email, "password": "not-her-password"}
    for _ in range(5):
        assert app.post("/_allauth/app/v1/auth/login", body, format="json").status_code == 400
    response = app.post("/_allauth/app/v1/auth/login", body, format="json")
    assert response.status_code == 429
    assert 240 < int(response["Retry-After"]) <= 300


def test_the_api_limit_counts_each_member_apart_and_says_when_the_window_ends(
    strict_api, alice, bob
):
    # Three requests a minute a member here: alice's fourth is refused, bob from the same
    # address is not, and the refusal says when alice's minute ends.
    alice_api, bob_api = APIClient(), APIClient()
    alice_api.force_authenticate(alice)
    bob_api.force_authenticate(bob)
    for _ in range(3):
        assert alice_api.get("/api/v1/quartiers/").status_code == 200
    refused = alice_api.get("/api/v1/quartiers/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert bob_api.get("/api/v1/quartiers/").status_code == 200
    # A refused request counts too: asking again does not get through before the window ends.
    assert alice_api.get("/api/v1/quartiers/").status_code == 429
