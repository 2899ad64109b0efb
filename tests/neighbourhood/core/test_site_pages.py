"""The accessibility statement, the legal notice and the privacy page, in French and English,
linked from every footer; the site's icons."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = {
    "/accessibility/": {"fr": "Déclaration d'accessibilité", "en": "Accessibility statement"},
    "/legal-notice/": {"fr": "Mentions légales", "en": "Legal notice"},
    "/privacy/": {"fr": "Vos données sur Voisinage", "en": "Your data on Voisinage"},
}
FOOTER = {
    "fr": ["Accessibilité", "Mentions légales", "Confidentialité"],
    "en": ["Accessibility", "Legal notice", "Privacy"],
}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("address", list(PAGES))
def test_each_page_answers_in_both_languages(address, language):
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get(address)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert f"<h1>{PAGES[address][language]}</h1>" in page


def test_the_accessibility_statement_says_what_was_tested_and_its_limits():
    page = Client(HTTP_ACCEPT_LANGUAGE="fr").get("/accessibility/").content.decode()
    for words in ["axe-core", "Playwright", "360 pixels", "200", "clavier", "Sans JavaScript"]:
        assert words in page
    assert "Limites connues" in page
    assert "Défenseur des droits" in page


def test_the_legal_notice_shows_what_the_operator_set(settings):
    settings.LEGAL_NOTICE = {
        **settings.LEGAL_NOTICE,
        "publisher": "Association Voisins de la Croix-Rousse",
        "contact": "bonjour@voisins-croix-rousse.example",
    }
    page = Client(HTTP_ACCEPT_LANGUAGE="fr").get("/legal-notice/").content.decode()
    assert "Association Voisins de la Croix-Rousse" in page
    assert "bonjour@voisins-croix-rousse.example" in page
    # What is not set yet says so, instead of an empty line.
    assert "Pas encore indiqué par l'exploitant du site." in page


def test_the_privacy_page_links_to_what_a_resident_can_do():
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/privacy/").content.decode()
    for address in ["/profile/", "/profile/erase/", "/notifications/settings/", "/digest/"]:
        assert f'href="{address}"' in page


def footer_of(page: str) -> str:
    return page[page.index('<footer class="site-footer">') :]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_footer_links_them_on_the_home_page_and_a_signed_in_page(alice, quartier, language):
    visitor = Client(HTTP_ACCEPT_LANGUAGE=language)
    member = Client()
    alice.language = language
    alice.save(update_fields=["language"])
    member.force_login(alice)
    for page in [
        visitor.get("/").content.decode(),
        member.get("/").content.decode(),
        member.get(f"/quartiers/{quartier.slug}/").content.decode(),
    ]:
        footer = footer_of(page)
        assert 'href="/accessibility/"' in footer
        assert 'href="/legal-notice/"' in footer
        assert 'href="/privacy/"' in footer
        assert all(words in footer for words in FOOTER[language])


def test_every_page_links_its_icons():
    page = Client().get("/").content.decode()
    assert 'rel="icon" href="/static/icons/voisinage.svg" type="image/svg+xml"' in page
    assert 'rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png"' in page
    assert 'rel="manifest" href="/manifest.webmanifest"' in page


def test_favicon_ico_is_served():
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/icons/favicon.ico"
    assert finders.find("icons/favicon.ico")


def test_the_manifest_names_the_icons():
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    icons = response.json()["icons"]
    assert {icon["sizes"] for icon in icons} == {"192x192", "512x512", "any"}
    for icon in icons:
        assert finders.find(icon["src"].removeprefix("/static/"))
