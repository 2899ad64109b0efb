"""Errors are always JSON on the API: /api/ and allauth's headless /_allauth/ answer every
error in the error shape ``{"detail": "..."}``, in the reader's language, never with an HTML
page or a 500."""

import json
import time

import pytest
from django.test import Client
from django.urls import include, path

from neighbourhood.json_body import MAX_DEPTH, too_deep
from neighbourhood.urls import handler403, handler404, handler429, handler500  # noqa: F401
from tests.conftest import api_as

pytestmark = pytest.mark.django_db

LOGIN = "/_allauth/app/v1/auth/login"
BROWSER_LOGIN = "/_allauth/browser/v1/auth/login"
TOKENS = "/api/v1/me/tokens/"


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("api/v1/boom/", boom), path("", include("neighbourhood.urls"))]


def nested(depth: int) -> str:
    """A body ``depth`` levels deep: an object around arrays."""
    return '{"email": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"


def visitor(language: str = "en") -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE=language, raise_request_exception=False)


def member(user, language: str = "en") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = visitor(language)
    client.force_login(user)
    return client


def detail(response) -> str:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body["detail"]


# --- the depth scan ------------------------------------------------------------------------


def test_it_counts_the_depth_without_recursing():
    assert not too_deep(nested(MAX_DEPTH).encode())
    assert too_deep(nested(MAX_DEPTH + 1).encode())
    # Far past Python's recursion limit: a loop, not a recursion, answers.
    assert too_deep(b"[" * 100_000)


@pytest.mark.parametrize(
    "hostile",
    [
        b'"' + b'\\"' * 1_300_000,  # a string that never ends, full of escaped quotes
        b"[]" * 1_300_000,
        b"[" * 2_600_000,
        b'"",' * 870_000,
    ],
    ids=["escaped-quotes", "pairs", "deep", "strings"],
)
def test_the_scan_stays_linear_on_a_hostile_body_of_the_largest_size(hostile):
    # A string pattern that backtracked took minutes on the first body; a generous ceiling,
    # far above the tenth of a second it takes, so a busy machine does not fail it.
    started = time.perf_counter()
    too_deep(hostile)
    assert time.perf_counter() - started < 5


def test_brackets_inside_strings_are_text_not_depth():
    body = json.dumps({"name": "[" * 100, "bio": 'a "quoted" {{{{ \\ ['}).encode()
    assert not too_deep(body)
    assert too_deep(b'{"a": "\\"' + b"[" * 40 + b'"}', limit=1) is False


# --- /api/ ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"), [("en", "nested too deeply"), ("fr", "imbriquées trop profondément")]
)
def test_the_api_refuses_json_nested_too_deep_with_a_400(alice, language, words):
    response = member(alice, language).post(
        TOKENS, nested(MAX_DEPTH + 1), content_type="application/json"
    )
    assert response.status_code == 400
    assert words in detail(response)


def test_the_api_refuses_json_far_past_the_recursion_limit(alice):
    deep = "[" * 50_000 + "]" * 50_000
    response = member(alice).post(TOKENS, deep, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in detail(response)


def test_json_as_deep_as_allowed_changes_nothing(alice):
    # The depth limit only refuses: a body within it reaches the serializer as before.
    response = member(alice).post(TOKENS, nested(MAX_DEPTH), content_type="application/json")
    assert response.status_code == 400
    assert "name" in response.json()["errors"]
    response = member(alice).post(TOKENS, {"name": "phone"}, content_type="application/json")
    assert response.status_code == 201


def test_the_api_refuses_malformed_json_in_words(alice):
    response = member(alice).post(TOKENS, "{nope", content_type="application/json")
    assert response.status_code == 400
    assert detail(response) == "The data sent is not valid JSON."


def test_the_api_refuses_nan_as_before(alice):
    response = member(alice).post(TOKENS, '{"name": NaN}', content_type="application/json")
    assert response.status_code == 400
    assert detail(response) == "The data sent is not valid JSON."


@pytest.mark.parametrize(
    ("language", "words", "size"),
    [("en", "too large", "9.8\xa0KB"), ("fr", "trop volumineuses", "9,8\xa0Kio")],
)
def test_the_api_answers_413_for_a_body_over_the_limit(alice, settings, language, words, size):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({"name": "x" * 20_000})
    response = member(alice, language).post(TOKENS, body, content_type="application/json")
    assert response.status_code == 413
    assert words in detail(response)
    assert size in detail(response)


def test_the_api_answers_415_for_a_wrong_content_type(alice):
    response = member(alice).post(TOKENS, "name=phone", content_type="text/plain")
    assert response.status_code == 415
    detail(response)


def test_the_api_answers_405_in_json(alice):
    response = member(alice).delete("/api/v1/quartiers/")
    assert response.status_code == 405
    detail(response)


def test_an_unknown_api_address_answers_404_in_json_with_debug_off(settings):
    settings.DEBUG = False
    response = visitor("fr").get("/api/v1/nowhere/")
    assert response.status_code == 404
    assert detail(response) == "Non trouvé."


def test_a_failing_api_view_answers_500_in_json_with_debug_off(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    response = visitor().get("/api/v1/boom/")
    assert response.status_code == 500
    assert detail(response) == "Something went wrong"


def test_a_request_django_refuses_before_any_view_answers_json_on_the_api():
    # A host outside ALLOWED_HOSTS: Django's own 400 page, answered again in the error shape.
    response = Client(HTTP_HOST="evil.example.com", HTTP_ACCEPT_LANGUAGE="fr").get("/api/v1/me/")
    assert response.status_code == 400
    assert detail(response) == "La requête n’est pas valide."
    page = Client(HTTP_HOST="evil.example.com").get("/")
    assert page.status_code == 400
    assert page["Content-Type"].startswith("text/html")


def test_an_api_client_still_gets_json_from_a_drf_view(alice):
    client = api_as(alice)
    response = client.post(TOKENS, {"name": "phone"}, format="json")
    assert response.status_code == 201
    assert response.json()["name"] == "phone"


# --- allauth's headless API, before login -----------------------------------------------------


@pytest.mark.parametrize("address", [LOGIN, BROWSER_LOGIN])
def test_allauth_refuses_json_nested_too_deep_with_a_400_before_login(address):
    deep = "[" * 50_000 + "]" * 50_000
    response = visitor().post(address, deep, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in detail(response)
    response = visitor().post(address, nested(MAX_DEPTH + 1), content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("address", [LOGIN, BROWSER_LOGIN])
def test_allauth_answers_malformed_json_in_words(address):
    response = visitor("fr").post(address, "{nope", content_type="application/json")
    assert response.status_code == 400
    assert detail(response) == "Les données envoyées ne sont pas du JSON valide."
    response = visitor().post(address, "[1, 2]", content_type="application/json")
    assert response.status_code == 400
    assert detail(response) == "The data sent must be a JSON object."


def test_allauth_answers_413_for_a_body_over_the_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({"email": "a@example.org", "password": "x" * 20_000})
    response = visitor().post(LOGIN, body, content_type="application/json")
    assert response.status_code == 413
    assert "too large" in detail(response)


def test_allauth_answers_415_for_a_body_that_is_not_json():
    response = visitor().post(LOGIN, "email=a@example.org", content_type="text/plain")
    assert response.status_code == 415
    assert "JSON" in detail(response)


def test_allauth_answers_a_failed_csrf_check_in_json():
    client = Client(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=True)
    body = {"email": "a@example.org", "password": "x"}
    response = client.post(BROWSER_LOGIN, body, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in detail(response)


def test_allauth_keeps_its_own_answers(alice, password):
    # Checked at the door, a good body reaches allauth unchanged, and its own errors keep
    # allauth's shape, which its clients read.
    wrong = visitor().post(
        LOGIN, {"email": alice.email, "password": "wrong"}, content_type="application/json"
    )
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["param"] == "password"
    right = visitor().post(
        LOGIN, {"email": alice.email, "password": password}, content_type="application/json"
    )
    assert right.status_code == 200
    assert right.json()["meta"]["is_authenticated"] is True
    session = visitor().get("/_allauth/app/v1/auth/session")
    assert session.status_code == 401
    assert session.json()["meta"]["is_authenticated"] is False


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", ""])
def test_allauth_still_accepts_an_empty_body_of_any_type(content_type):
    # The resend endpoints take no body; allauth reads an empty one as {}.
    response = visitor().post(
        "/_allauth/app/v1/auth/email/verify/resend", "", content_type=content_type
    )
    assert response.status_code == 409  # nothing to resend: allauth's own answer
    assert response.json()["status"] == 409


def test_an_unknown_allauth_address_answers_404_in_json():
    response = visitor().get("/_allauth/app/v1/nowhere")
    assert response.status_code == 404
    detail(response)


# --- what the API's JSON changes nothing for -----------------------------------------------


def test_the_pages_keep_their_html_errors(alice):
    response = member(alice).get("/quartiers/no-such-quartier/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_staff_keep_the_technical_pages_on_the_api_with_debug_on(settings, dave):
    settings.DEBUG = True
    settings.INTERNAL_IPS = []
    settings.ROOT_URLCONF = __name__
    dave.is_staff = True
    dave.save(update_fields=["is_staff"])
    response = member(dave).get("/api/v1/boom/")
    assert response.status_code == 500
    assert "RuntimeError" in response.content.decode()


def test_the_api_answers_a_form_with_too_many_fields_in_json(alice, settings):
    # Django refuses a form past DATA_UPLOAD_MAX_NUMBER_FIELDS when it is read (TooManyFieldsSent).
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    fields = "&".join(f"name{i}=x" for i in range(20))
    response = member(alice).post(TOKENS, fields, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    detail(response)
    assert not alice.tokens.exists()


@pytest.mark.parametrize("debug", [True, False])
def test_an_api_address_without_its_slash_is_a_json_404_not_a_redirect(alice, settings, debug):
    settings.DEBUG = debug
    response = member(alice).post("/api/v1/me/tokens", {"name": "phone"}, format="json")
    assert response.status_code == 404
    detail(response)
    assert not alice.tokens.exists()


def test_the_pages_still_add_their_slash(client):
    response = client.get("/glossary")
    assert response.status_code == 301
    assert response["Location"] == "/glossary/"
