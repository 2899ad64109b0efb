"""Pages for 403, 404, 429 and 500 in the visitor's language, with a way back, even while DEBUG
is on; staff and INTERNAL_IPS keep Django's technical pages."""

import pytest
from django.test import Client
from django.urls import include, path

from neighbourhood.urls import handler403, handler404, handler429, handler500  # noqa: F401

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("a bug")


# The site's own addresses, and one that fails, to see the 500 page.
urlpatterns = [
    path("boom/", boom),
    path("api/boom/", boom),
    path("", include("neighbourhood.urls")),
]


@pytest.fixture(autouse=True)
def _debug_on(settings):
    settings.DEBUG = True
    settings.INTERNAL_IPS = []


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = __name__


def visitor(language: str, user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language, raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def has_a_way_back(page: str) -> bool:
    return 'href="/"' in page and 'href="/quartiers/"' in page


@pytest.mark.parametrize(
    ("language", "title"), [("fr", "Cette page n'existe pas"), ("en", "This page does not exist")]
)
def test_it_shows_the_friendly_404_for_an_unknown_address(language, title):
    response = visitor(language).get("/nowhere/at/all/")
    assert response.status_code == 404
    page = response.content.decode()
    assert f"<h1>{title}</h1>" in page
    assert f'<html lang="{language}">' in page
    assert has_a_way_back(page)
    assert "Traceback" not in page and "URLconf" not in page


def test_it_shows_the_friendly_404_for_what_a_view_does_not_find(dave):
    response = visitor("fr", dave).get("/quartiers/no-such-quartier/")
    assert response.status_code == 404
    assert "Cette page n'existe pas" in response.content.decode()


def test_it_still_adds_the_slash_before_saying_not_found():
    response = visitor("fr").get("/quartiers")
    assert response.status_code == 301
    assert response["Location"] == "/quartiers/"


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("fr", "Seul un coordinateur de ce quartier peut faire cela."),
        ("en", "Only a coordinator of this quartier can do this."),
    ],
)
def test_it_shows_the_friendly_403_with_the_reason(quartier, alice, language, reason, settings):
    settings.LANGUAGE_CODE = language
    alice.language = language
    alice.save(update_fields=["language"])
    response = visitor(language, alice).get(f"/quartiers/{quartier.slug}/edit/")
    assert response.status_code == 403
    page = response.content.decode()
    assert reason in page
    assert has_a_way_back(page)


@pytest.mark.parametrize(
    ("language", "title"), [("fr", "Le formulaire a expiré"), ("en", "The form has expired")]
)
def test_it_explains_an_expired_form_in_words(alice, language, title):
    alice.language = language
    alice.save(update_fields=["language"])
    client = Client(HTTP_ACCEPT_LANGUAGE=language, enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/profile/", {"display_name": "Alice"})
    assert response.status_code == 403
    assert title in response.content.decode()


@pytest.mark.parametrize(
    ("language", "title"), [("fr", "Un problème est survenu"), ("en", "Something went wrong")]
)
def test_it_shows_the_friendly_500(failing_site, language, title, caplog):
    response = visitor(language).get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert title in page
    assert f'<html lang="{language}">' in page
    assert 'href="/"' in page
    assert "RuntimeError" not in page
    # The error is still logged for the people who keep the site running.
    assert any(record.exc_info and record.exc_info[0] is RuntimeError for record in caplog.records)


def test_staff_keep_the_technical_pages(failing_site, dave):
    dave.is_staff = True
    dave.save(update_fields=["is_staff"])
    assert "RuntimeError" in visitor("en", dave).get("/boom/").content.decode()
    assert "URLconf" in visitor("en", dave).get("/nowhere/").content.decode()


def test_internal_ips_keep_the_technical_pages(failing_site, settings):
    settings.INTERNAL_IPS = ["127.0.0.1"]
    assert "URLconf" in visitor("en").get("/nowhere/").content.decode()


def test_with_debug_off_the_same_pages_answer(failing_site, settings):
    settings.DEBUG = False
    assert "Cette page n'existe pas" in visitor("fr").get("/nowhere/").content.decode()
    assert "Un problème est survenu" in visitor("fr").get("/boom/").content.decode()


@pytest.mark.parametrize(("language", "detail"), [("fr", "Non trouvé."), ("en", "Not found.")])
def test_an_unknown_api_address_answers_json(language, detail):
    response = visitor(language).get("/api/v1/nowhere/")
    assert response.status_code == 404
    assert response.json() == {"detail": detail}


def test_a_failing_api_address_answers_json(failing_site):
    response = visitor("fr").get("/api/boom/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Un problème est survenu"}
