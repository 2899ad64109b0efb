"""What the browser stories share: the story itself (where the site is, how to look at a page
on the way), logging in, and the checks a small phone needs. Each story module names its
screenshots with ``SCREENSHOTS`` (the `story` fixture in conftest.py reads it)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import FloatRect, Locator, Page, expect

from tests.factories import PASSWORD

CORRECT_BELOW = "Please correct what is marked below."


def exactly(text: str) -> re.Pattern[str]:
    """A label that starts with these words (the form adds " (required)" after some)."""
    return re.compile(rf"^{re.escape(text)}(?!\w)")


@dataclass
class Story:
    """What each step needs: where the site is, and how to look at a page on the way."""

    url: str
    javascript: bool
    audit: Callable[[Page, str], None]
    screenshot: Callable[[Page, str], Path]
    prefix: str

    def visit(self, page: Page, path: str) -> None:
        response = page.goto(self.url + path)
        assert response is not None

    def sees_the_errors(self, page: Page, text: str = CORRECT_BELOW) -> None:
        """A refused form says so where the eyes are: on the screen, not 1,000 px below, with or
        without a script (a form far down a page posts to the fragment of its refusal)."""
        summary = page.get_by_role("alert")
        expect(summary).to_contain_text(text)
        expect(summary).to_be_in_viewport()
        if self.javascript:  # site.js moves the focus there, for screen readers
            expect(summary).to_be_focused()

    def is_told(self, where: Locator, text: str) -> None:
        """What was just done is said where the page opens (the card acted on), not on top of a
        page that opens a few screens below it."""
        status = where.page.get_by_role("status")
        expect(status).to_have_count(1)
        expect(where.get_by_role("status")).to_contain_text(text)
        expect(status).to_be_in_viewport()

    def look_at(self, page: Page, name: str) -> None:
        """Photographs the page; with JavaScript on, also audits it (axe-core is a script) and
        checks that nothing makes a small phone scroll sideways."""
        suffix = "" if self.javascript else "-nojs"
        self.screenshot(page, f"{self.prefix}-{name}{suffix}")
        if self.javascript:
            self.audit(page, name)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name}: the page is {overflow} px wider than the phone"


def menu_button(page: Page) -> Locator:
    """The button a phone folds the main menu behind: a <summary>, which browsers expose as a
    button that is expanded or collapsed, but which Playwright gives no role to."""
    button = page.locator("details[data-menu] > summary")
    expect(button).to_have_accessible_name(re.compile(r"^Menu"))
    return button


def main_menu(page: Page, name: str = "Main menu") -> Locator:
    """The main menu, unfolded first where a phone folds it behind its button."""
    if not page.locator("details[data-menu]").evaluate("menu => menu.open"):
        menu_button(page).click()
    return page.get_by_role("navigation", name=name)


def sees_signed_in(page: Page, sign_out: str = "Sign Out", menu: str = "Main menu") -> None:
    """The menu offers to sign out; on a phone it is unfolded to see it, then folded again so
    that it covers nothing the story goes on with."""
    folded = not page.locator("details[data-menu]").evaluate("menu => menu.open")
    expect(main_menu(page, menu).get_by_role("link", name=sign_out)).to_be_visible()
    if folded:
        menu_button(page).click()
        expect(page.get_by_role("navigation", name=menu)).to_be_hidden()


def logs_in(story: Story, page: Page, email: str, *, name: str = "") -> None:
    story.visit(page, "/accounts/login/")
    if name:
        story.look_at(page, name)
    page.get_by_label(exactly("Email")).fill(email)
    page.get_by_label(exactly("Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(story.url + "/")
    sees_signed_in(page)


def box_of(target: Locator) -> FloatRect:
    """Where ``target`` is drawn, once the page has loaded: measured before the style sheet
    applies, a button is a line of plain text and a photo its file's width."""
    target.page.wait_for_load_state("load")
    box = target.bounding_box()
    assert box is not None, f"{target} is not drawn"
    return box


def assert_tappable(target: Locator) -> None:
    """At least 44 px high (WCAG 2.5.5), as a finger needs."""
    expect(target).to_be_visible()
    box = box_of(target)
    assert box["height"] >= 44, box


def types_a_place(page: Page, label: str, words: str, found: str, *, javascript: bool) -> None:
    """Types a place in words in the field labelled ``label``. With JavaScript, chooses
    ``found`` among the suggestions (the combobox); without it, the server takes the one
    place the words mean when the form is sent."""
    field = page.get_by_label(re.compile(rf"^{re.escape(label)}"))
    field.fill(words)
    if javascript:
        page.get_by_role("option", name=found).click()
        expect(field).to_have_value(found)
