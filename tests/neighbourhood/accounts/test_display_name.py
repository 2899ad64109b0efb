"""Sign-up asks for the name the neighbours see, and no page, mail or answer of the API ever shows
part of an e-mail address as a name."""

import pytest
from django.test import Client

from neighbourhood.accounts.models import User
from tests.conftest import api_as
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Un-mot-de-passe-solide-42"
SIGN_UP = {"email": "jeanne.petit@example.org", "password1": PASSWORD, "password2": PASSWORD}


def test_the_sign_up_form_asks_for_the_name_first_with_a_hint():
    page = Client(HTTP_ACCEPT_LANGUAGE="fr").get("/accounts/signup/").content.decode()
    assert "Votre nom, tel que vos voisins le verront" in page
    assert "Votre adresse e-mail reste privée." in page
    assert page.index('name="display_name"') < page.index('name="email"')
    assert 'autocomplete="nickname"' in page


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("jeanne.petit@example.org", "Write a name, not an e-mail address"),
    ],
)
def test_it_refuses_a_sign_up_without_a_real_name(name, message):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        "/accounts/signup/", SIGN_UP | {"display_name": name}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_it_keeps_the_name_given_at_sign_up():
    response = Client(HTTP_ACCEPT_LANGUAGE="fr").post(
        "/accounts/signup/", SIGN_UP | {"display_name": "  Jeanne   P.  "}
    )
    assert response.status_code == 302
    user = User.objects.get()
    assert (user.display_name, user.public_name, user.language) == ("Jeanne P.", "Jeanne P.", "fr")


def test_an_account_without_a_name_never_shows_its_address(quartier, carol):
    nameless = UserFactory.create(email="jean.dupont@example.org", display_name="")
    MembershipFactory.create(quartier=quartier, user=nameless)
    assert nameless.public_name == f"Neighbour no. {nameless.pk}"
    assert str(nameless) == nameless.public_name

    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(carol)
    page = client.get(f"/quartiers/{quartier.slug}/members/").content.decode()
    assert f"Voisin·e n° {nameless.pk}" in page
    assert "jean.dupont" not in page

    members = api_as(carol).get(f"/api/v1/quartiers/{quartier.slug}/members/").json()
    names = {member["display_name"] for member in members}
    assert f"Neighbour no. {nameless.pk}" in names
    assert not any("jean.dupont" in name for name in names)


def test_the_profile_cannot_drop_the_name(alice):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(alice)
    form = {"display_name": " ", "bio": "", "language": "en", "timezone": "Europe/Paris"}
    response = client.post("/profile/", form)
    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


@pytest.mark.parametrize("name", ["", "alice@example.org"])
def test_the_api_cannot_drop_the_name_either(alice, name):
    response = api_as(alice).patch("/api/v1/me/", {"display_name": name}, format="json")
    assert response.status_code == 400
    assert "display_name" in response.json()["errors"]
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


def test_an_account_without_a_name_is_asked_for_one_at_login(db, password):
    nameless = UserFactory.create(email="jean.dupont@example.org", display_name="")
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    response = client.post(
        "/accounts/login/", {"login": nameless.email, "password": password}, follow=True
    )
    page = response.content.decode()
    told = f"Vos voisins vous voient sous le nom «\u00a0Voisin·e n° {nameless.pk}\u00a0»"
    assert told in page
    assert "jean.dupont" not in page.replace(str(nameless.email), "")
