"""A relais at work, on a small phone: Marc opens Mme Petit's account and posts a swap for her.

Marc is a relais of Les Pentes. Mme Petit has no e-mail: at the EPN she agrees that Marc acts
for her. He opens her account (sent once without her consent first: the form says what is
missing), presses "Act for Mme Petit", sees the banner on every page, offers her swap, and
stops. Alice, a neighbour, reads the swap as Mme Petit's, "posted by Marc for Mme Petit".

Each page is photographed at 360 px under test-artifacts/ and, with JavaScript on, audited with
axe-core. The story runs with JavaScript and without it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from exchanges.swaps.models import Swap
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.relais.models import ProxyAction
from tests.e2e.story import Story, exactly, logs_in
from tests.factories import MembershipFactory, QuartierFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = "relais"

SLUG = "les-pentes"
MARC_EMAIL = "marc@example.org"
ALICE_EMAIL = "alice@example.org"
HER_SWAP = "Raconter le quartier des canuts"


@pytest.fixture
def les_pentes(transactional_db) -> Quartier:
    quartier = QuartierFactory.create(name="Les Pentes", slug=SLUG)
    marc = UserFactory.create(email=MARC_EMAIL, display_name="Marc", language="en")
    MembershipFactory.create(quartier=quartier, user=marc, is_relais=True)
    Membership.objects.filter(user=marc).update(relais_since="2000-01-01T00:00Z")
    alice = UserFactory.create(email=ALICE_EMAIL, display_name="Alice", language="en")
    MembershipFactory.create(quartier=quartier, user=alice)
    return quartier


def test_a_relais_opens_an_account_and_posts_a_swap_for_her(
    story: Story, new_phone, les_pentes
) -> None:
    marc = new_phone(javascript=story.javascript).new_page()
    logs_in(story, marc, MARC_EMAIL)
    opens_her_account(story, marc)
    acts_for_her_and_posts_her_swap(story, marc)

    alice = new_phone(javascript=story.javascript).new_page()
    logs_in(story, alice, ALICE_EMAIL)
    swap = Swap.objects.get(title=HER_SWAP)
    story.visit(alice, f"/swaps/{swap.pk}/")
    expect(alice.get_by_text("Mme Petit offers to teach")).to_be_visible()
    expect(alice.get_by_text("Posted by Marc for Mme Petit")).to_be_visible()
    story.look_at(alice, "06-seen-by-alice")


def opens_her_account(story: Story, page: Page) -> None:
    story.visit(page, f"/quartiers/{SLUG}/")
    page.get_by_role("link", name="Neighbours I help").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neighbours I help")
    story.look_at(page, "01-relais-home")

    page.get_by_role("link", name="Open an account for a neighbour").click()
    page.get_by_label(exactly("Name shown to neighbours")).fill("Mme Petit")
    page.get_by_label(exactly("Phone")).fill("04 78 28 14 05")
    page.get_by_label(exactly("How they gave their consent")).fill("En personne, à l'EPN")
    page.get_by_role("button", name="Open the account").click()
    story.sees_the_errors(page)  # her consent is not ticked: nothing is saved
    assert not User.objects.filter(display_name="Mme Petit").exists()
    story.look_at(page, "02-account-form-errors")

    page.get_by_label(exactly("They agree that I act for them")).check()
    page.get_by_role("button", name="Open the account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mme Petit")
    expect(page.get_by_role("status")).to_contain_text("The account of Mme Petit is open.")
    story.look_at(page, "03-her-card")
    petit = User.objects.get(display_name="Mme Petit")
    assert petit.email is None and not petit.has_usable_password()


def acts_for_her_and_posts_her_swap(story: Story, page: Page) -> None:
    page.get_by_role("button", name="Act for Mme Petit").click()
    banner = page.get_by_role("region", name="Acting for a neighbour")
    expect(banner).to_contain_text("You are acting for Mme Petit")
    story.look_at(page, "04-acting-banner")

    story.visit(page, f"/swaps/new/{SLUG}/?kind=offer")
    expect(banner).to_be_visible()
    page.locator("#id_title").fill(HER_SWAP)
    page.locator("#id_description").fill("Le quartier d'autrefois, raconté aux enfants.")
    page.locator("#id_category").select_option(value="other")
    page.locator("#id_tags").fill("histoire, canuts")
    page.get_by_role("button", name="Publish").click()
    expect(page).to_have_url(re.compile(r"/swaps/\d+/"))
    expect(page.get_by_text("Posted by Marc for Mme Petit")).to_be_visible()
    story.look_at(page, "05-her-swap")
    swap = Swap.objects.get(title=HER_SWAP)
    assert swap.author.display_name == "Mme Petit"
    assert ProxyAction.objects.get(verb="swap_posted").target == swap

    page.get_by_role("button", name="Stop acting for Mme Petit").click()
    expect(page.get_by_role("region", name="Acting for a neighbour")).to_have_count(0)


def test_the_other_relais_pages_read_well_on_a_small_phone(
    live_server, new_phone, les_pentes, audit, screenshot
) -> None:
    """With JavaScript (axe is a script): the pages around the story, each audited once."""
    from neighbourhood.relais import services

    carol = UserFactory.create(email="carol@example.org", display_name="Carol", language="en")
    MembershipFactory.create(quartier=les_pentes, user=carol, role=Membership.Role.COORDINATOR)
    marc_user = User.objects.get(email=MARC_EMAIL)
    consent = services.neighbour_create(
        relais=marc_user, quartier=les_pentes, display_name="Mme Petit", phone="04", how="EPN"
    )
    story = Story(live_server.url, True, audit, screenshot, SCREENSHOTS)

    coordinator = new_phone().new_page()
    logs_in(story, coordinator, "carol@example.org")
    story.visit(coordinator, f"/quartiers/{SLUG}/members/")
    expect(
        coordinator.get_by_role("button", name="Take back the relais role from Marc")
    ).to_be_visible()
    story.look_at(coordinator, "10-members")
    coordinator.get_by_role("link", name="What relais did for neighbours").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Relais in Les Pentes")
    story.look_at(coordinator, "11-quartier-log")

    marc = new_phone().new_page()
    logs_in(story, marc, MARC_EMAIL)
    story.visit(marc, f"/relais/neighbours/{consent.neighbour_id}/")
    marc.get_by_role("button", name="Make a take-over code").click()
    expect(marc.get_by_role("heading", level=1)).to_have_text("Take-over code for Mme Petit")
    story.look_at(marc, "12-takeover-code")
    code = marc.locator(".takeover-code strong").inner_text()

    marc.get_by_role("link", name="Back to Mme Petit").click()
    marc.get_by_role("button", name="Act for Mme Petit").click()
    story.visit(marc, "/profile/")
    expect(marc.get_by_role("heading", level=1)).to_have_text("Not while acting for a neighbour")
    story.look_at(marc, "13-not-while-acting")

    petit = new_phone().new_page()
    story.visit(petit, "/relais/take-over/")
    story.look_at(petit, "14-takeover-code-form")
    petit.get_by_label(exactly("Take-over code")).fill(code)
    petit.get_by_role("button", name="Continue").click()
    expect(petit.get_by_text("Welcome, Mme Petit.")).to_be_visible()
    story.look_at(petit, "15-takeover-form")
