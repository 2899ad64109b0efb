"""The first quartier, told through a small phone.

Nadia signs up, confirms her e-mail, and starts the quartier of her street ("on approval").
Bastien, who already has an account, finds it, asks to join with a word; Nadia approves him,
and he is a member. Each page on the way is audited with axe-core (no serious or critical
violation) and photographed at 360 px wide under test-artifacts/.

The story runs twice: with JavaScript, and without it, to prove nothing depends on a script.
The map tiles come from the internet, which the tests cannot reach: the centre is typed in words
and found by the tests' own geocoder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import Page, expect

from neighbourhood.quartiers.models import JoinRequest, Membership, Quartier
from tests.e2e.story import sees_signed_in, types_a_place
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.geocoder,
    pytest.mark.django_db(transaction=True),
]

NADIA_EMAIL = "nadia@example.org"
NADIA_PASSWORD = "des-tomates-sur-le-balcon-42"
QUARTIER_NAME = "Les Pentes"
QUARTIER_SLUG = "les-pentes"
CENTRE = "Rue d'Austerlitz 69004 Lyon"
JOIN_MESSAGE = "Bonjour, j'habite au 12 montée de la Grande-Côte."
CONFIRMATION_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+")


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

    def visit(self, page: Page, path: str) -> None:
        response = page.goto(self.url + path)
        assert response is not None

    def look_at(self, page: Page, name: str) -> None:
        """Photographs the page; with JavaScript on, also audits it (axe-core is a script)."""
        suffix = "" if self.javascript else "-nojs"
        self.screenshot(page, f"{name}{suffix}")
        if self.javascript:
            self.audit(page, name)


@pytest.fixture(params=[True, False], ids=["with-javascript", "without-javascript"])
def story(request, live_server, audit, screenshot) -> Story:
    return Story(live_server.url, request.param, audit, screenshot)


def test_a_neighbour_starts_a_quartier_and_welcomes_another(story: Story, new_phone) -> None:
    nadia = new_phone(javascript=story.javascript).new_page()
    signs_up_and_confirms_her_email(story, nadia)
    starts_a_quartier_on_approval(story, nadia)

    UserFactory.create(email="bastien@example.org", display_name="Bastien", language="en")
    bastien = new_phone(javascript=story.javascript).new_page()
    logs_in(story, bastien, "bastien@example.org", PASSWORD)
    finds_the_quartier_and_asks_to_join(story, bastien)

    approves_the_request(story, nadia)

    sees_himself_as_member(story, bastien)


def signs_up_and_confirms_her_email(story: Story, page: Page) -> None:
    story.visit(page, "/accounts/signup/")
    story.look_at(page, "01-signup")
    # The name her neighbours will see comes first, and is never taken from her address.
    page.get_by_label(exactly("Your name, as your neighbours will see it")).fill("Nadia B.")
    page.get_by_label(exactly("Email")).fill(NADIA_EMAIL)
    page.get_by_label(exactly("Password")).first.fill(NADIA_PASSWORD)
    page.get_by_label(exactly("Password (again)")).fill(NADIA_PASSWORD)
    page.get_by_role("button", name="Sign Up").click()

    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify Your Email Address")
    story.look_at(page, "02-verification-sent")

    assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
    message = mail.outbox[0]
    assert message.to == [NADIA_EMAIL]
    found = CONFIRMATION_LINK.search(str(message.body))
    assert found, f"no confirmation link in the mail:\n{message.body}"
    page.goto(found.group(0))
    story.look_at(page, "03-confirm-email")
    page.get_by_role("button", name="Confirm").click()

    # Confirmed in the browser she signed up with: she is logged in, on her home page.
    expect(page).to_have_url(story.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Nadia B.")
    sees_signed_in(page)
    story.look_at(page, "04-home-new-neighbour")
    assert EmailAddress.objects.get(email=NADIA_EMAIL).verified


def starts_a_quartier_on_approval(story: Story, page: Page) -> None:
    page.get_by_role("link", name="Start a quartier").click()
    expect(page).to_have_url(story.url + "/quartiers/new/")

    # Sent empty first: every missing field says so, next to it, and the page stays usable.
    page.get_by_role("button", name="Create the quartier").click()
    expect(page.get_by_role("alert")).to_contain_text("Please correct what is marked below.")
    expect(page.get_by_label(exactly("Name"))).to_have_attribute("aria-invalid", "true")
    story.look_at(page, "05-new-quartier-errors")

    page.get_by_label(exactly("Name")).fill(QUARTIER_NAME)
    page.get_by_label(exactly("Short name in addresses")).fill(QUARTIER_SLUG)
    page.get_by_label(exactly("Description")).fill(
        "Les pentes de la Croix-Rousse, de la place Sathonay à la Grande-Côte."
    )
    types_a_place(page, "Its centre", "rue d'Austerlitz", CENTRE, javascript=story.javascript)
    page.get_by_label(re.compile(r"^Radius")).fill("1.2")
    page.get_by_label("On approval by a coordinator").check()
    story.look_at(page, "06-new-quartier-filled")
    page.get_by_role("button", name="Create the quartier").click()

    expect(page).to_have_url(story.url + f"/quartiers/{QUARTIER_SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(QUARTIER_NAME)
    expect(page.get_by_role("status")).to_contain_text("You are its coordinator.")
    expect(page.get_by_text("You coordinate this quartier.")).to_be_visible()
    expect(page.get_by_role("link", name="0 requests to join")).to_be_visible()
    story.look_at(page, "07-quartier-coordinator")

    quartier = Quartier.objects.get(slug=QUARTIER_SLUG)
    assert quartier.policy == Quartier.Policy.APPROVAL
    assert (quartier.latitude, quartier.longitude) == (45.7766, 4.8319)
    assert quartier.memberships.get().role == Membership.Role.COORDINATOR


def logs_in(story: Story, page: Page, email: str, password: str) -> None:
    story.visit(page, "/accounts/login/")
    story.look_at(page, "08-login")
    page.get_by_label(exactly("Email")).fill(email)
    page.get_by_label(exactly("Password")).fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(story.url + "/")
    sees_signed_in(page)


def finds_the_quartier_and_asks_to_join(story: Story, page: Page) -> None:
    story.visit(page, "/quartiers/?q=Pentes")
    expect(page.get_by_role("heading", name="1 quartier")).to_be_visible()
    story.look_at(page, "09-search")
    page.get_by_role("link", name=QUARTIER_NAME).click()

    expect(page).to_have_url(story.url + f"/quartiers/{QUARTIER_SLUG}/")
    story.look_at(page, "10-quartier-outsider")
    page.get_by_role("link", name="Ask to join").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Join {QUARTIER_NAME}")
    story.look_at(page, "11-join")
    page.get_by_label("A word for the coordinators").fill(JOIN_MESSAGE)
    page.get_by_role("button", name="Send my request").click()

    expect(page).to_have_url(story.url + f"/quartiers/{QUARTIER_SLUG}/")
    expect(page.get_by_role("status")).to_contain_text("Your request is sent.")
    expect(page.get_by_text("Your request to join is waiting for a coordinator.")).to_be_visible()
    story.look_at(page, "12-quartier-request-waiting")
    assert JoinRequest.objects.get(quartier__slug=QUARTIER_SLUG).message == JOIN_MESSAGE


def approves_the_request(story: Story, page: Page) -> None:
    story.visit(page, f"/quartiers/{QUARTIER_SLUG}/")
    page.get_by_role("link", name="1 request to join").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Requests to join {QUARTIER_NAME}")
    expect(page.get_by_role("listitem").filter(has_text="Bastien")).to_contain_text(JOIN_MESSAGE)
    story.look_at(page, "13-requests")
    page.get_by_role("button", name="Approve Bastien").click()

    expect(page.get_by_role("status")).to_contain_text("Bastien is now a member.")
    expect(page.get_by_text("No request is waiting.")).to_be_visible()
    story.look_at(page, "14-requests-done")

    page.get_by_role("link", name=f"Back to {QUARTIER_NAME}").click()
    page.get_by_role("link", name="All the members").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Members of {QUARTIER_NAME}")
    expect(page.get_by_role("row").filter(has_text="Bastien")).to_contain_text("Member")
    story.look_at(page, "15-members")


def sees_himself_as_member(story: Story, page: Page) -> None:
    story.visit(page, f"/quartiers/{QUARTIER_SLUG}/")
    expect(page.get_by_text("You are a member of this quartier.")).to_be_visible()
    expect(page.get_by_role("link", name="Ask to join")).to_have_count(0)
    story.look_at(page, "16-quartier-member")

    story.visit(page, "/")
    my_quartiers = page.get_by_role("region", name="My quartiers")
    expect(my_quartiers.get_by_role("link", name=QUARTIER_NAME)).to_be_visible()
    expect(my_quartiers).to_contain_text("Member")
    story.look_at(page, "17-home-member")

    membership = Membership.objects.get(
        quartier__slug=QUARTIER_SLUG, user__email="bastien@example.org"
    )
    assert membership.role == Membership.Role.MEMBER
    assert membership.is_active
