"""First steps on a small phone, in French: the sign-up form asks for the name the neighbours
see; the pages every footer links to (accessibility, legal notice, privacy) and the error pages
read well at 360 px, with text at 200 %, with the keyboard, with and without JavaScript.

Each page is photographed under test-artifacts/first-steps-*.png and, with JavaScript on,
audited with axe-core (no serious or critical violation) and checked for sideways scrolling.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.story import Story, exactly

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = "first-steps"
PASSWORD = "des-tomates-sur-le-balcon-42"
PAGES = {
    "accessibility": ("/accessibility/", "Déclaration d'accessibilité"),
    "legal-notice": ("/legal-notice/", "Mentions légales"),
    "privacy": ("/privacy/", "Vos données sur Voisinage"),
    "not-found": ("/une/adresse/mal/tapee/", "Cette page n'existe pas"),
}
# Text twice as large as the site's own (which is already 112.5 % of the browser's). Set through
# the CSSOM: the site's Content-Security-Policy refuses an added <style>.
TEXT_AT_200 = "() => { document.documentElement.style.fontSize = '225%'; }"


def in_french(story: Story, page: Page) -> Page:
    """The phone asks for English; the neighbour switches to French with the header's button."""
    story.visit(page, "/")
    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    return page


def test_the_sign_up_form_asks_for_the_name_shown_to_neighbours(story: Story, new_phone) -> None:
    page = in_french(story, new_phone(javascript=story.javascript).new_page())
    story.visit(page, "/accounts/signup/")
    name = page.get_by_label(exactly("Votre nom, tel que vos voisins le verront"))
    expect(name).to_be_visible()
    expect(page.get_by_text("Votre adresse e-mail reste privée.")).to_be_visible()
    story.look_at(page, "signup")

    # Left empty, the browser itself asks for it; an address typed as a name, the site refuses.
    page.get_by_label(exactly("Courriel")).fill("jeanne@example.org")
    page.get_by_role("button", name="S’inscrire").click()
    assert name.evaluate("field => field.validity.valueMissing")
    name.fill("jeanne@example.org")
    page.get_by_label(exactly("Mot de passe")).first.fill(PASSWORD)
    page.get_by_label(exactly("Mot de passe (confirmation)")).fill(PASSWORD)
    page.get_by_role("button", name="S’inscrire").click()
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Écrivez un nom, pas une adresse e-mail").last).to_be_visible()
    story.look_at(page, "signup-refused")


@pytest.mark.parametrize("name", list(PAGES))
def test_the_footer_pages_and_errors_read_well(story: Story, new_phone, name: str) -> None:
    path, title = PAGES[name]
    page = in_french(story, new_phone(javascript=story.javascript).new_page())
    story.visit(page, path)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    story.look_at(page, name)

    page.evaluate(TEXT_AT_200)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    story.look_at(page, f"{name}-text-200")

    # The keyboard reaches the skip link first, then, in order, the footer's links.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
    footer = page.get_by_role("navigation", name="À propos de ce site")
    target = footer.get_by_role("link", name="Accessibilité")
    for _ in range(60):
        if target.evaluate("link => link === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(target).to_be_focused()


def test_a_limit_answers_with_a_page_that_says_when(story: Story, new_phone, settings) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    page = in_french(story, new_phone(javascript=story.javascript).new_page())
    for _ in range(2):  # a password too short, twice: the second try is one too many
        story.visit(page, "/accounts/signup/")
        page.get_by_label(exactly("Votre nom, tel que vos voisins le verront")).fill("Jeanne")
        page.get_by_label(exactly("Courriel")).fill("jeanne@example.org")
        page.get_by_label(exactly("Mot de passe")).first.fill("court")
        page.get_by_label(exactly("Mot de passe (confirmation)")).fill("court")
        page.get_by_role("button", name="S’inscrire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Patientez un instant")
    expect(page.get_by_text("Réessayez dans")).to_be_visible()
    story.look_at(page, "too-many-requests")
