"""From sign-up to a first quartier, through the pages and through the API."""

import re

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership

# Account e-mails leave after the commit: these tests commit, as the site does.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Un-mot-de-passe-solide-42"
QUARTIER = {
    "name": "Les Terreaux",
    "slug": "terreaux",
    "description": "",
    "latitude": "45.767",
    "longitude": "4.834",
    "radius_km": "1",
    "policy": "approval",
}


def confirmation_key(message) -> str:
    match = re.search(r"/accounts/confirm-email/([^/\s]+)/", message.body)
    assert match, message.body
    return match.group(1)


def test_sign_up_verify_and_create_a_first_quartier_through_the_pages():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        "/accounts/signup/",
        {
            "display_name": "Marie L.",
            "email": "marie@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["marie@example.org"]
    # Until the address is verified, members-only pages stay closed.
    assert client.get("/quartiers/new/").status_code == 302

    key = confirmation_key(mail.outbox[0])
    response = client.post(f"/accounts/confirm-email/{key}/", follow=True)
    assert response.status_code == 200
    assert client.get("/quartiers/new/").status_code == 200

    response = client.post("/quartiers/new/", QUARTIER, follow=True)
    assert response.redirect_chain[-1][0] == "/quartiers/terreaux/"
    marie = User.objects.get(email="marie@example.org")
    assert Membership.objects.get(user=marie).role == "coordinator"


def test_sign_up_and_create_a_first_quartier_through_the_api():
    app = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    response = app.post(
        "/_allauth/app/v1/auth/signup",
        {"display_name": "Paul", "email": "paul@example.org", "password": PASSWORD},
        format="json",
    )
    # allauth answers 401 with the pending flow: the e-mail must be verified first.
    assert response.status_code == 401
    flows = {flow["id"]: flow for flow in response.json()["data"]["flows"]}
    assert flows["verify_email"]["is_pending"] is True
    session_token = response.json()["meta"]["session_token"]

    key = confirmation_key(mail.outbox[0])
    response = app.post(
        "/_allauth/app/v1/auth/email/verify",
        {"key": key},
        format="json",
        HTTP_X_SESSION_TOKEN=session_token,
    )
    assert response.status_code == 200, response.json()
    session_token = response.json()["meta"].get("session_token", session_token)

    response = app.post(
        "/api/v1/me/tokens/",
        {"name": "mon téléphone"},
        format="json",
        HTTP_X_SESSION_TOKEN=session_token,
    )
    assert response.status_code == 201, response.json()
    bearer = response.json()["key"]

    client = APIClient(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {bearer}")
    assert client.get("/api/v1/me/").json()["email"] == "paul@example.org"
    response = client.post("/api/v1/quartiers/", QUARTIER, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["my_role"] == "coordinator"


def test_signing_up_twice_tells_nothing_about_the_address(alice):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    taken = client.post(
        "/accounts/signup/",
        {"display_name": "A", "email": alice.email, "password1": PASSWORD, "password2": PASSWORD},
    )
    fresh = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        "/accounts/signup/",
        {
            "display_name": "N",
            "email": "new@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    # Both land on the same "check your inbox" page; the owner of the taken address is told
    # by e-mail instead.
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert User.objects.filter(email=alice.email).count() == 1


def test_password_reset_tells_nothing_about_the_address(alice):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    known = client.post("/accounts/password/reset/", {"email": alice.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_failed_logins_are_rate_limited(alice, password):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(5):
        page = client.post("/accounts/login/", {"login": alice.email, "password": "wrong"})
        assert "Too many wrong passwords" not in page.content.decode()
    # The sixth try is refused, even with the right password, and nobody is logged in: the
    # form says so and when to try again, and the page answers 429 with Retry-After.
    page = client.post("/accounts/login/", {"login": alice.email, "password": password})
    assert page.status_code == 429
    assert 0 < int(page["Retry-After"]) <= 300
    assert "Too many wrong passwords for this account. Try again in 5 minutes." in (
        page.content.decode()
    )
    assert client.get("/profile/").status_code == 302


def test_the_right_password_logs_in(alice, password):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/accounts/login/", {"login": alice.email, "password": password})
    assert response.status_code == 302
    assert client.get("/profile/").status_code == 200


def test_a_bad_sign_up_is_refused_field_by_field():
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        "/accounts/signup/",
        {"email": "not-an-address", "password1": "short", "password2": "other"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_email_errors"' in page
    assert not User.objects.exists()
    assert mail.outbox == []


def test_the_admin_logs_in_through_the_rate_limited_login(password):
    from tests.factories import UserFactory

    UserFactory.create(email="staff@example.org", is_staff=True, is_superuser=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # The admin's own form is never reached, so its posts log nobody in.
    client.post("/admin/login/", {"username": "staff@example.org", "password": password})
    assert client.get("/admin/").status_code == 302
    client.post("/accounts/login/", {"login": "staff@example.org", "password": password})
    assert client.get("/admin/").status_code == 200


def test_a_forgotten_password_is_reset_from_the_mailed_link(alice):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post("/accounts/password/reset/", {"email": alice.email})
    assert len(mail.outbox) == 1
    link = re.search(
        r"http://testserver(/accounts/password/reset/key/\S+/)", str(mail.outbox[0].body)
    )
    assert link, mail.outbox[0].body
    form_page = client.get(link.group(1), follow=True)
    new_password = "Un-nouveau-mot-de-passe-77"
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": new_password, "password2": new_password},
    )
    alice.refresh_from_db()
    assert alice.check_password(new_password)


def test_a_resident_changes_their_address_after_verifying_the_new_one(alice):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(alice)
    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "alice.nouvelle@example.org"}
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["alice.nouvelle@example.org"]
    key = confirmation_key(mail.outbox[-1])
    client.post(f"/accounts/confirm-email/{key}/")
    alice.refresh_from_db()
    assert alice.email == "alice.nouvelle@example.org"
