import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from neighbourhood.accounts.models import PersonalToken
from neighbourhood.accounts.services import token_create
from tests.confirmations import asks_first_then_does
from tests.conftest import api_as

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_token_is_shown_once_and_stored_hashed(alice):
    response = api_as(alice).post("/api/v1/me/tokens/", {"name": "laptop"}, format="json")
    raw = response.json()["key"]
    token = PersonalToken.objects.get()
    assert raw not in token.key_hash
    assert "key" not in api_as(alice).get("/api/v1/me/tokens/").json()[0]
    assert bearer(raw).get("/api/v1/me/").json()["email"] == alice.email


def test_a_revoked_token_no_longer_works(alice):
    token, raw = token_create(user=alice, name="phone")
    assert api_as(alice).delete(f"/api/v1/me/tokens/{token.pk}/").status_code == 204
    response = bearer(raw).get("/api/v1/me/")
    assert response.status_code == 401
    assert "not valid" in response.json()["detail"]


def test_nobody_revokes_another_residents_token(alice, dave):
    token, raw = token_create(user=alice, name="phone")
    assert api_as(dave).delete(f"/api/v1/me/tokens/{token.pk}/").status_code == 404
    assert bearer(raw).get("/api/v1/me/").status_code == 200


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer vsn_forged"])
def test_a_malformed_or_forged_bearer_is_refused(db, header):
    response = APIClient(HTTP_AUTHORIZATION=header).get("/api/v1/me/")
    assert response.status_code == 401


def test_a_token_of_a_deactivated_account_is_refused(alice):
    _token, raw = token_create(user=alice, name="phone")
    alice.is_active = False
    alice.save()
    assert bearer(raw).get("/api/v1/me/").status_code == 401


def test_tokens_are_created_and_revoked_from_the_page(alice):
    alice.language = "en"
    alice.save()
    client = Client()
    client.force_login(alice)
    page = client.post("/profile/tokens/", {"name": "tablette"}).content.decode()
    token = PersonalToken.objects.get()
    assert "it will not be shown again" in page
    assert token.hint in page
    client.post(f"/profile/tokens/{token.pk}/revoke/")
    assert not PersonalToken.objects.exists()


def test_an_empty_token_name_is_refused(alice):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(alice)
    response = client.post("/profile/tokens/", {"name": ""})
    assert response.status_code == 400
    assert not PersonalToken.objects.exists()


def test_the_profile_holds_name_bio_language_and_timezone(alice):
    response = api_as(alice).patch(
        "/api/v1/me/",
        {
            "display_name": "Alice B.",
            "bio": "Je jardine.",
            "language": "en",
            "timezone": "America/Montreal",
        },
        format="json",
    )
    assert response.status_code == 200
    alice.refresh_from_db()
    assert (alice.display_name, alice.bio, alice.language, alice.timezone) == (
        "Alice B.",
        "Je jardine.",
        "en",
        "America/Montreal",
    )


@pytest.mark.parametrize(
    ("field", "value"), [("timezone", "Mars/Olympus"), ("language", "de"), ("bio", "x" * 501)]
)
def test_the_profile_refuses_bad_values(alice, field, value):
    response = api_as(alice).patch("/api/v1/me/", {field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    alice.refresh_from_db()
    assert alice.timezone == "Europe/Paris" and alice.language == "fr" and alice.bio == ""


def test_the_profile_page_saves_and_refuses(alice):
    client = Client()
    client.force_login(alice)
    data = {"display_name": "Alice", "bio": "", "language": "fr", "timezone": "Europe/Paris"}
    assert client.post("/profile/", data | {"timezone": "Nowhere/Land"}).status_code == 400
    assert client.post("/profile/", data | {"display_name": "Alice D."}).status_code == 302
    alice.refresh_from_db()
    assert alice.display_name == "Alice D."


def test_the_default_timezone_is_paris_and_language_french(dave):
    assert (dave.timezone, dave.language) == ("Europe/Paris", "fr")


def test_the_api_refuses_anonymous_visitors(api):
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_times_are_shown_in_the_residents_own_timezone(alice):
    from django.test.signals import template_rendered
    from django.utils import timezone

    alice.timezone = "America/Montreal"
    alice.save()
    client = Client()
    client.force_login(alice)
    while_rendering: list[str] = []

    def note_zone(**_kwargs: object) -> None:
        while_rendering.append(timezone.get_current_timezone_name())

    template_rendered.connect(note_zone)
    try:
        response = client.get("/profile/")
    finally:
        template_rendered.disconnect(note_zone)
    assert response.status_code == 200
    assert while_rendering and set(while_rendering) == {"America/Montreal"}


def test_it_lists_frances_timezone_first_then_the_overseas_ones_then_the_rest(alice):
    client = Client()
    client.force_login(alice)
    page = client.get("/profile/").content.decode()
    values = re.findall(r'<option value="([^"]+)"', page.split('name="timezone"')[1])
    assert values[0] == "Europe/Paris"
    overseas = values[1:14]
    assert {"Indian/Reunion", "America/Guadeloupe", "America/Martinique", "America/Cayenne"} <= set(
        overseas
    )
    rest = values[14:]
    assert rest == sorted(rest) and "Europe/Paris" not in rest and "America/Montreal" in rest
    assert "France métropolitaine (Paris)" in page and "Guyane" in page
    # A timezone from the rest of the world is still taken.
    data = {"display_name": "Alice", "bio": "", "language": "fr", "timezone": "Asia/Tokyo"}
    assert client.post("/profile/", data).status_code == 302


def test_it_asks_before_a_token_is_revoked(alice, bob):
    token, _raw = token_create(user=alice, name="tablette")
    asks_first_then_does(
        actor=alice,
        dave=bob,
        url=f"/profile/tokens/{token.pk}/revoke/",
        done=lambda: not PersonalToken.objects.exists(),
        asks="Revoke the token “tablette”?",
    )
