"""A mediator's week, on a small phone with text at 200 %: Marc, a relais of the Croix-Rousse,
helps Mme Petit, 78, who has no e-mail.

At the EPN, Mme Petit agrees that Marc acts for her. Marc opens her account, acts for her and
offers her Thursday ride "from 12 rue d'Austerlitz to the station" by typing the words: the
departure is found by the geocoder, "la gare" brings several places and he chooses the
quartier's meeting point among them (radio buttons, with or without JavaScript). Alice reads
the ride as Mme Petit's, "posted by Marc for Mme Petit". Marc stops acting and prints the
quartier sheet, where the ride has its code. Months later Mme Petit has learnt at the
workshop: Marc gives her a take-over code, she chooses her e-mail and password, confirms the
address, signs in, and finds her ride and the log of what Marc did for her.

Each page is photographed at 360 px, once as it comes and once with text at 200 %; with
JavaScript on, each is audited with axe-core and checked for sideways scrolling.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from exchanges.rides import services as rides
from exchanges.rides.models import Ride
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.quartiers.sheet.codes import code_for
from neighbourhood.relais.models import ProxyAction
from tests.e2e.story import Story, exactly, logs_in, sees_signed_in
from tests.exchanges.produce.test_exports import pdf_text
from tests.factories import PART_DIEU, MembershipFactory, QuartierFactory, UserFactory, in_days

pytestmark = [
    pytest.mark.browser,
    pytest.mark.geocoder,
    pytest.mark.django_db(transaction=True),
]
SCREENSHOTS = "mediator"

SLUG = "croix-rousse"
MARC_EMAIL = "marc.mediator@example.org"
ALICE_EMAIL = "alice.mediator@example.org"
HER_EMAIL = "jeanne.petit@example.org"
HER_PASSWORD = "les-pentes-en-hiver-1947"
DEPARTURE = "Or another place of departure: an address or a place’s name"
ARRIVAL = "Or another place of arrival: an address or a place’s name"
FROM_HER_DOOR = "12 Rue d'Austerlitz 69004 Lyon"
# Text twice as large as the site's own (112.5 % of the browser's), through the CSSOM: the
# Content-Security-Policy refuses an added <style>.
TEXT_AT_200 = "() => { document.documentElement.style.fontSize = '225%'; }"
# What sticks out of the phone's width, to name it when a page is too wide.
WIDEST = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .slice(-5)
    .map(e => `${e.tagName}.${e.className} «${(e.textContent || '').trim().slice(0, 40)}»`)
    .join(', ')"""
CONFIRMATION_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+")


@pytest.fixture
def croix_rousse(transactional_db) -> Quartier:
    quartier = QuartierFactory.create(name="Croix-Rousse", slug=SLUG)
    claire = UserFactory.create(display_name="Claire", language="en")
    MembershipFactory.create(quartier=quartier, user=claire, role=Membership.Role.COORDINATOR)
    marc = UserFactory.create(email=MARC_EMAIL, display_name="Marc", language="en")
    MembershipFactory.create(quartier=quartier, user=marc, is_relais=True)
    # A relais of long standing: consents count from the day the role was given.
    Membership.objects.filter(user=marc).update(relais_since="2000-01-01T00:00Z")
    alice = UserFactory.create(email=ALICE_EMAIL, display_name="Alice", language="en")
    MembershipFactory.create(quartier=quartier, user=alice)
    rides.meeting_point_create(
        quartier=quartier,
        actor=claire,
        name="Gare Part-Dieu",
        latitude=PART_DIEU[0],
        longitude=PART_DIEU[1],
    )
    return quartier


def looks_at(story: Story, page: Page, name: str) -> None:
    """The page as it comes, then with text at 200 %: still whole on a 360 px phone."""
    story.look_at(page, name)
    page.evaluate(TEXT_AT_200)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, (
        f"{name} at 200 %: the page is {overflow} px wider than the phone; too wide: "
        + page.evaluate(WIDEST)
    )
    story.look_at(page, f"{name}-text-200")
    page.evaluate("() => { document.documentElement.style.fontSize = ''; }")


def test_a_relais_helps_mme_petit_until_she_takes_her_account_over(
    story: Story, new_phone, croix_rousse
) -> None:
    marc = new_phone(javascript=story.javascript).new_page()
    logs_in(story, marc, MARC_EMAIL)
    opens_her_account(story, marc)
    offers_her_ride_by_typing_the_address(story, marc)

    alice = new_phone(javascript=story.javascript).new_page()
    logs_in(story, alice, ALICE_EMAIL)
    ride = Ride.objects.get()
    story.visit(alice, f"/rides/{ride.pk}/")
    expect(alice.get_by_text("Posted by Marc for Mme Petit")).to_be_visible()
    looks_at(story, alice, "04-her-ride-seen-by-alice")

    prints_the_quartier_sheet(story, marc, ride)
    code = makes_her_a_takeover_code(story, marc)

    petit = new_phone(javascript=story.javascript).new_page()
    takes_her_account_over(story, petit, code)


def opens_her_account(story: Story, page: Page) -> None:
    story.visit(page, f"/quartiers/{SLUG}/")
    page.get_by_role("link", name="Neighbours I help").click()
    page.get_by_role("link", name="Open an account for a neighbour").click()
    page.get_by_label(exactly("Name shown to neighbours")).fill("Mme Petit")
    page.get_by_label(exactly("Phone")).fill("04 78 28 14 05")
    page.get_by_label(exactly("They agree that I act for them")).check()
    page.get_by_label(exactly("How they gave their consent")).fill("En personne, à l'EPN")
    looks_at(story, page, "01-her-account-form")
    page.get_by_role("button", name="Open the account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mme Petit")
    petit = User.objects.get(display_name="Mme Petit")
    assert petit.email is None and not petit.has_usable_password()


def offers_her_ride_by_typing_the_address(story: Story, page: Page) -> None:
    page.get_by_role("button", name="Act for Mme Petit").click()
    expect(page.get_by_role("region", name="Acting for a neighbour")).to_contain_text(
        "You are acting for Mme Petit"
    )
    story.visit(page, f"/rides/in/{SLUG}/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Offer a ride")
    departure = page.get_by_label(DEPARTURE)
    if story.javascript:  # the suggestions as he types; Enter takes the first
        departure.press_sequentially("12 rue d'Austerlitz", delay=20)
        expect(page.get_by_role("option", name=FROM_HER_DOOR)).to_be_visible()
        departure.press("ArrowDown")
        departure.press("Enter")
        expect(departure).to_have_value(FROM_HER_DOOR)
    else:
        departure.fill("12 rue d'Austerlitz")
    page.get_by_label(ARRIVAL).fill("la gare")
    if story.javascript:
        page.get_by_label(ARRIVAL).press("Escape")  # not choosing among the suggestions
    when = page.get_by_role("group", name=re.compile("^Departure"))
    when.get_by_label("Date").fill(in_days(3).date().isoformat())
    when.get_by_label("Time").fill("09:30")
    page.get_by_label(re.compile("^Seats offered")).fill("2")
    looks_at(story, page, "02-ride-form")
    page.get_by_role("button", name="Publish").click()

    # "la gare" means several places: the form asks which, keeping everything typed.
    choice = page.get_by_role("group", name=re.compile("^Which place of arrival do you mean"))
    expect(choice.get_by_role("radio").first).to_have_accessible_name(
        "Gare Part-Dieu (meeting point)"
    )
    expect(page.get_by_label(DEPARTURE)).to_have_value(FROM_HER_DOOR)
    looks_at(story, page, "03-which-station")
    assert not Ride.objects.exists()
    choice.get_by_role("radio", name="Gare Part-Dieu (meeting point)").check()
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"{FROM_HER_DOOR} → Gare Part-Dieu")
    expect(page.get_by_text("Posted by Marc for Mme Petit")).to_be_visible()
    ride = Ride.objects.get()
    assert ride.driver.display_name == "Mme Petit"
    assert ride.destination_point is not None and ride.destination_point.name == "Gare Part-Dieu"
    assert (ride.origin_latitude, ride.origin_longitude) == pytest.approx((45.776263, 4.832212))
    logged = ProxyAction.objects.get(verb=ProxyAction.Verb.RIDE_OFFERED)
    assert (logged.relais_name, logged.neighbour, logged.target) == ("Marc", ride.driver, ride)

    page.get_by_role("button", name="Stop acting for Mme Petit").click()
    expect(page.get_by_role("region", name="Acting for a neighbour")).to_have_count(0)


def prints_the_quartier_sheet(story: Story, page: Page, ride: Ride) -> None:
    story.visit(page, f"/quartiers/{SLUG}/")
    page.get_by_role("link", name="The quartier's sheet").click()
    sheet = page.get_by_role("article")
    expect(sheet).to_contain_text(code_for("C", ride.pk))
    expect(sheet).to_contain_text("Marc")  # the people a neighbour gives a code to
    looks_at(story, page, "05-quartier-sheet")

    pdf_link = page.get_by_role("link", name="The sheet as a PDF (A4)")
    href = pdf_link.get_attribute("href")
    assert href
    printed = page.request.get(story.url + href)
    assert printed.ok and printed.headers["content-type"] == "application/pdf"
    text = pdf_text(printed.body())
    assert code_for("C", ride.pk) in text and "Marc" in text


def makes_her_a_takeover_code(story: Story, page: Page) -> str:
    story.visit(page, "/relais/")
    page.get_by_role("link", name="Mme Petit").first.click()
    page.get_by_role("button", name="Make a take-over code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Take-over code for Mme Petit")
    looks_at(story, page, "06-takeover-code")
    return page.locator(".takeover-code strong").inner_text()


def takes_her_account_over(story: Story, page: Page, code: str) -> None:
    story.visit(page, "/relais/take-over/")
    page.get_by_label(exactly("Take-over code")).fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Welcome, Mme Petit.")).to_be_visible()
    page.get_by_label(exactly("Your e-mail address")).fill(HER_EMAIL)
    page.get_by_label(exactly("Choose a password")).fill(HER_PASSWORD)
    page.get_by_label(exactly("The same password again")).fill(HER_PASSWORD)
    looks_at(story, page, "07-takeover-form")
    page.get_by_role("button", name="Take my account over").click()

    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    (message,) = [m for m in mail.outbox if HER_EMAIL in m.to]
    link = CONFIRMATION_LINK.search(str(message.body))
    assert link, message.body
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()

    story.visit(page, "/accounts/login/")
    page.get_by_label(exactly("Email")).fill(HER_EMAIL)
    page.get_by_label(exactly("Password")).fill(HER_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    # Her account speaks French, as Marc set it when he opened it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Mme Petit")
    sees_signed_in(page, sign_out="Se déconnecter", menu="Menu principal")

    story.visit(page, "/relais/for-me/")
    expect(page.get_by_role("main")).to_contain_text("Marc")
    expect(page.get_by_role("main")).to_contain_text("a proposé un trajet")
    looks_at(story, page, "08-what-marc-did-for-her")
    petit = User.objects.get(display_name="Mme Petit")
    assert petit.email == HER_EMAIL and petit.has_usable_password()
