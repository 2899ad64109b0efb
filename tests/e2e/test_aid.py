"""Mutual aid between neighbours, on a small phone: a drill lent, a wardrobe carried, a cot given.

Everyone in La Guillotière reads the site in English, as in the other stories, so the assertions
read the words they read. Didier lends his drill for 3 days at most; he first sends the form
without a title and with a loan of 0 days: the errors show where he looks, and nothing is saved.
He adds a photo of it, a phone's JPEG with its GPS position, described in words: the position is
gone from what is kept, and the words are the photo's alternative on the object's page. Amélie
finds the drill in the quartier's inventory by a word and a day it is free, and asks for it from
Saturday to Sunday, first with the end before the start (said in words, nothing stored). Didier
accepts from "My objects and loans"; both say it was handed over, and it is then lent.

Chantal asks for two helpers to carry a wardrobe on Saturday. Bernard, Élodie and Alice answer
"I can help". Chantal, with a second page opened while the places were all free, chooses Bernard
and Élodie on the first: choosing Alice on the second is refused in words, and the request's page
no longer offers to choose her. Chantal marks the coup de main done and thanks her helpers;
Bernard thanks her too. Élodie gives away a cot, first asked, first served: Alice asks for it and
it is reserved for her.

Each page on the way is photographed at 360 px wide under test-artifacts/ and, with JavaScript
on, audited with axe-core (no serious or critical violation) and checked for sideways scrolling.
The story runs twice: with JavaScript, and without it, to prove nothing depends on a script.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from PIL import Image
from playwright.sync_api import Page, expect

from exchanges.aid.models import CoupDeMain, Gift, HelpOffer, Item, Loan, Thanks
from neighbourhood.photos.models import Photo
from neighbourhood.quartiers.models import Quartier
from tests.e2e.story import Story, assert_tappable, box_of, exactly, logs_in
from tests.factories import MembershipFactory, QuartierFactory, UserFactory
from tests.neighbourhood.photos.conftest import assert_no_metadata, exif_with_gps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = "aid"

QUARTIER_NAME = "La Guillotière"
QUARTIER_SLUG = "la-guillotiere"
NEIGHBOURS = {
    "didier": ("didier@example.org", "Didier"),
    "amelie": ("amelie@example.org", "Amélie"),
    "chantal": ("chantal@example.org", "Chantal"),
    "bernard": ("bernard@example.org", "Bernard"),
    "elodie": ("elodie@example.org", "Élodie"),
    "alice": ("alice@example.org", "Alice"),
}

DRILL = "Perceuse à percussion"
DRILL_DESCRIPTION = "Avec sa mallette et trois forets pour le béton."
DRILL_ALT = "Une perceuse bleue dans sa mallette ouverte"
LOAN_MESSAGE = "Pour poser deux étagères, je la rends dimanche soir."
WARDROBE = "Porter une armoire au 3e sans ascenseur"
CHANTAL_THANKS = "Merci Bernard et Élodie, l'armoire est montée !"
COT = "Lit parapluie pour bébé"

ITEM_PAGE = re.compile(r"/objects/(\d+)/(#form-errors)?$")
COUP_PAGE = re.compile(r"/help/(\d+)/(#form-errors)?$")


def next_saturday() -> datetime.date:
    """The coming Saturday, two days away at least, in the site's timezone."""
    today = timezone.localdate()
    days = (5 - today.weekday()) % 7
    return today + datetime.timedelta(days=days if days >= 2 else days + 7)


@pytest.fixture
def la_guillotiere(transactional_db, settings) -> Quartier:
    # The site serves the photos itself, as under `make run`, so the pages show them.
    settings.PHOTOS_SERVE = True
    quartier = QuartierFactory.create(name=QUARTIER_NAME, slug=QUARTIER_SLUG)
    for email, name in NEIGHBOURS.values():
        user = UserFactory.create(email=email, display_name=name, language="en")
        MembershipFactory.create(quartier=quartier, user=user)
    return quartier


@pytest.fixture
def drill_photo(tmp_path: Path) -> Path:
    """A phone's photo of the drill: a JPEG that says where it was taken."""
    image = Image.new("RGB", (800, 600), "royalblue")
    image.paste("gold", (0, 0, 400, 600))
    path = tmp_path / "IMG_2041.jpg"
    image.save(path, format="JPEG", exif=exif_with_gps().tobytes())
    assert Image.open(path).getexif().get_ifd(0x8825)  # its GPS position, before
    return path


def test_neighbours_lend_help_and_give(
    story: Story, new_phone, la_guillotiere, drill_photo
) -> None:
    pages = {}
    for key, (email, _name) in NEIGHBOURS.items():
        pages[key] = new_phone(javascript=story.javascript).new_page()
        logs_in(story, pages[key], email, name="01-login" if key == "didier" else "")

    drill_id = publishes_his_drill(story, pages["didier"])
    adds_a_photo(story, pages["didier"], drill_id, drill_photo)
    finds_the_drill_and_asks_for_the_weekend(story, pages["amelie"], drill_id)
    accepts_the_loan(story, pages["didier"], drill_id)
    both_confirm_the_hand_over(story, pages["didier"], pages["amelie"], drill_id)

    coup_id = asks_for_a_hand_with_the_wardrobe(story, pages["chantal"])
    for key in ("bernard", "elodie", "alice"):
        says_i_can_help(story, pages[key], coup_id, first=key == "bernard")
    # Chantal opens her request a second time while all its places are free.
    second = new_phone(javascript=story.javascript).new_page()
    logs_in(story, second, NEIGHBOURS["chantal"][0])
    story.visit(second, f"/help/{coup_id}/")
    chooses_two_helpers(story, pages["chantal"], coup_id)
    is_told_the_places_are_taken(story, second, coup_id)
    marks_it_done_and_thanks(story, pages["chantal"], coup_id)
    thanks_back(story, pages["bernard"], coup_id)

    cot_id = gives_a_cot(story, pages["elodie"])
    asks_for_the_cot(story, pages["alice"], cot_id)


def goes_to_the_quartier(story: Story, page: Page) -> None:
    story.visit(page, "/")
    page.get_by_role("region", name="My quartiers").get_by_role("link", name=QUARTIER_NAME).click()
    expect(page).to_have_url(story.url + f"/quartiers/{QUARTIER_SLUG}/")


def item_id_of(page: Page) -> int:
    found = ITEM_PAGE.search(page.url)
    assert found, page.url
    return int(found.group(1))


def publishes_his_drill(story: Story, page: Page) -> int:
    goes_to_the_quartier(story, page)
    objects = page.get_by_role("region", name="Lending and giving")
    story.look_at(page, "02-quartier")
    objects.get_by_role("link", name="Lend or give an object").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lend or give an object")
    story.look_at(page, "03-lend-or-give")
    # Lend or give first: then only the fields of a loan.
    page.get_by_role("link", name="I lend it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lend an object")
    expect(page.get_by_label(exactly("Who gets it"))).to_have_count(0)
    story.look_at(page, "03-item-form")

    # No title, and a loan of 0 days: both said next to their fields; nothing is saved.
    page.get_by_label(exactly("Category")).select_option(label="Tools and DIY")
    page.get_by_label(exactly("Longest loan, in days")).fill("0")
    page.get_by_role("button", name="Publish").click()
    story.sees_the_errors(page)
    expect(page.get_by_label(exactly("Title"))).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label(exactly("Longest loan, in days"))).to_have_attribute(
        "aria-invalid", "true"
    )
    expect(page.get_by_role("alert")).to_contain_text("Give the object a title: what is it?")
    expect(page.get_by_role("alert")).to_contain_text("A loan lasts from 1 to 90 days.")
    # What he chose is still chosen.
    expect(page.get_by_role("heading", level=1)).to_have_text("Lend an object")
    story.look_at(page, "04-item-errors")
    assert not Item.objects.exists()

    page.get_by_label(exactly("Title")).fill(DRILL)
    page.get_by_label(exactly("Description")).fill(DRILL_DESCRIPTION)
    page.get_by_label(exactly("Longest loan, in days")).fill("3")
    page.get_by_label(exactly("Where to collect it")).fill("Au 12 rue Sébastien-Gryphe, le soir")
    page.get_by_role("button", name="Publish").click()

    expect(page).to_have_url(ITEM_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text(DRILL)
    expect(page.get_by_role("status")).to_contain_text(
        "Your object is published. Your neighbours can see it."
    )
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("3 days")
    expect(page.get_by_role("region", name="When it is lent")).to_contain_text(
        "Nobody has borrowed it for the days to come."
    )
    story.look_at(page, "05-item-published")

    drill = Item.objects.get(pk=item_id_of(page))
    assert (drill.owner.email, drill.mode, drill.category, drill.max_days) == (
        NEIGHBOURS["didier"][0],
        Item.Mode.LEND,
        "tools",
        3,
    )
    return drill.pk


def adds_a_photo(story: Story, page: Page, drill_id: int, photo: Path) -> None:
    page.get_by_role("region", name="Your object").get_by_role("link", name="Add photos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Photos of “{DRILL}”")
    expect(page.get_by_text("No photo yet.")).to_be_visible()
    # The file picker's button is as big as a finger needs.
    assert_tappable(page.get_by_label(exactly("Photo")))
    story.look_at(page, "06-photos-none")

    page.get_by_label(exactly("Photo")).set_input_files(photo)
    page.get_by_label(exactly("What the photo shows")).fill(DRILL_ALT)
    page.get_by_role("button", name="Add the photo").click()
    expect(page.get_by_role("status")).to_contain_text("The photo was added.")
    expect(page.get_by_role("heading", name="1 photo of 6")).to_be_visible()
    expect(page.get_by_role("img", name=DRILL_ALT)).to_be_visible()
    story.look_at(page, "07-photo-added")

    page.get_by_role("link", name=f"Back to “{DRILL}”").click()
    expect(page).to_have_url(story.url + f"/objects/{drill_id}/")
    picture = page.get_by_role("img", name=DRILL_ALT)
    expect(picture).to_be_visible()
    # The photo is shown (served, decoded), and no wider than the phone.
    expect(picture).to_have_js_property("complete", True)
    assert picture.evaluate("img => img.naturalWidth") > 0
    assert 0 < box_of(picture)["width"] <= 360
    story.look_at(page, "08-item-with-photo")

    kept = Photo.objects.get(object_id=drill_id)
    assert kept.alt_text == DRILL_ALT
    for rendition in (kept.card, kept.page):
        with rendition.open("rb") as stored:
            assert_no_metadata(stored.read())


def finds_the_drill_and_asks_for_the_weekend(story: Story, page: Page, drill_id: int) -> None:
    saturday = next_saturday()
    sunday = saturday + datetime.timedelta(days=1)
    goes_to_the_quartier(story, page)
    page.get_by_role("region", name="Lending and giving").get_by_role(
        "link", name="Objects to lend or give"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Objects to lend or give in {QUARTIER_NAME}"
    )
    story.look_at(page, "09-inventory")

    search = page.get_by_role("search", name="Search")
    search.get_by_label(exactly("Words")).fill("perceuse")
    search.get_by_label(exactly("Available on")).fill(saturday.isoformat())
    search.get_by_role("button", name="Search").click()
    results = page.get_by_role("region", name="What fits")
    expect(results.get_by_role("heading", level=3)).to_have_text([DRILL])
    expect(results).to_contain_text("Didier")
    expect(search.get_by_label(exactly("Words"))).to_have_value("perceuse")
    story.look_at(page, "10-inventory-found")
    results.get_by_role("link", name=DRILL).click()

    expect(page).to_have_url(story.url + f"/objects/{drill_id}/")
    expect(page.get_by_role("img", name=DRILL_ALT)).to_be_visible()
    borrow = page.get_by_role("region", name="Borrow it")
    story.look_at(page, "11-item-seen-by-amelie")

    # The end before the start, by mistake: refused in words, and nothing is stored.
    borrow.get_by_label(exactly("From")).fill(sunday.isoformat())
    borrow.get_by_label(exactly("Until")).fill(saturday.isoformat())
    borrow.get_by_label(exactly("A word for the owner")).fill(LOAN_MESSAGE)
    borrow.get_by_role("button", name="Ask to borrow it").click()
    story.sees_the_errors(page)
    expect(page.get_by_role("alert")).to_contain_text("The period ends before it starts.")
    borrow = page.get_by_role("region", name="Borrow it")
    expect(borrow.get_by_label(exactly("Until"))).to_have_attribute("aria-invalid", "true")
    expect(borrow.get_by_label(exactly("A word for the owner"))).to_have_value(LOAN_MESSAGE)
    story.look_at(page, "12-loan-errors")
    assert not Loan.objects.exists()

    borrow.get_by_label(exactly("From")).fill(saturday.isoformat())
    borrow.get_by_label(exactly("Until")).fill(sunday.isoformat())
    borrow.get_by_role("button", name="Ask to borrow it").click()
    expect(page).to_have_url(ITEM_PAGE)
    expect(page.get_by_role("status")).to_contain_text("Your request is sent to the owner.")
    mine = page.get_by_role("region", name="Your loan")
    expect(mine).to_contain_text("Asked")
    expect(mine).to_contain_text(LOAN_MESSAGE)
    story.look_at(page, "13-loan-asked")

    loan = Loan.objects.get()
    assert (loan.item_id, loan.borrower.email, loan.status) == (
        drill_id,
        NEIGHBOURS["amelie"][0],
        Loan.Status.ASKED,
    )
    assert (loan.starts_on, loan.ends_on) == (saturday, sunday)


def loan_card(page: Page, region: str):
    return page.get_by_role("region", name=region).get_by_role("listitem").filter(has_text=DRILL)


def accepts_the_loan(story: Story, page: Page, drill_id: int) -> None:
    story.visit(page, f"/objects/{drill_id}/")
    page.get_by_role("region", name="Your object").get_by_role(
        "link", name="My objects and loans"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My objects and loans")
    request = loan_card(page, "Loans of my objects")
    expect(request).to_contain_text("Borrower: Amélie")
    expect(request).to_contain_text(LOAN_MESSAGE)
    story.look_at(page, "14-my-objects-asked")
    # The button says whose request it accepts, for those who hear the page.
    request.get_by_role("button", name="Accept Amélie").click()

    expect(page).to_have_url(story.url + "/objects/mine/")
    expect(page.get_by_role("status")).to_contain_text("The loan is accepted.")
    expect(loan_card(page, "Loans of my objects")).to_contain_text("Accepted")
    story.look_at(page, "15-my-objects-accepted")
    assert Loan.objects.get().status == Loan.Status.ACCEPTED


def both_confirm_the_hand_over(story: Story, didier: Page, amelie: Page, drill_id: int) -> None:
    saturday = next_saturday()
    card = loan_card(didier, "Loans of my objects")
    card.get_by_role("button", name=exactly("It was handed over")).click()
    expect(didier.get_by_role("status")).to_contain_text("Your confirmation is noted.")
    card = loan_card(didier, "Loans of my objects")
    # Said once: he is told he waits for Amélie, and not asked again.
    expect(card).to_contain_text("You said it was handed over; waiting for Amélie to say so too.")
    expect(card.get_by_role("button", name=exactly("It was handed over"))).to_have_count(0)
    story.look_at(didier, "16-handed-over-by-owner")
    assert Loan.objects.get().status == Loan.Status.ACCEPTED

    story.visit(amelie, f"/objects/{drill_id}/")
    mine = amelie.get_by_role("region", name="Your loan")
    expect(mine).to_contain_text("Accepted")
    mine.get_by_role("button", name=exactly("It was handed over")).click()
    expect(amelie.get_by_role("status")).to_contain_text("Your confirmation is noted.")
    mine = amelie.get_by_role("region", name="Your loan")
    expect(mine).to_contain_text("Handed over")
    expect(mine.get_by_role("button", name=exactly("It was returned"))).to_be_visible()
    day = date_format(saturday, "DATE_FORMAT")
    expect(amelie.get_by_role("region", name="When it is lent")).to_contain_text(f"Lent from {day}")
    story.look_at(amelie, "17-handed-over")
    assert Loan.objects.get().status == Loan.Status.HANDED_OVER


def asks_for_a_hand_with_the_wardrobe(story: Story, page: Page) -> int:
    saturday = next_saturday()
    goes_to_the_quartier(story, page)
    page.get_by_role("region", name="Coups de main").get_by_role(
        "link", name="I need a hand"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish a coup de main")
    expect(page.get_by_role("radio", name="I need a hand")).to_be_checked()
    story.look_at(page, "18-help-form")

    page.get_by_label(exactly("Category")).select_option(label="Moving and carrying")
    page.get_by_label(exactly("Title")).fill(WARDROBE)
    page.get_by_label(exactly("Details")).fill("Elle est démontée ; il faut deux bras de plus.")
    when = page.get_by_role("group", name="Date and time")
    expect(when.get_by_role("radio", name="On a date, at a time")).to_be_checked()
    when.get_by_label(exactly("Date (or first day)")).fill(saturday.isoformat())
    when.get_by_label(exactly("Time (or from)")).fill("10:00")
    page.get_by_label(exactly("Where")).fill("8 rue de Marseille")
    page.get_by_label(exactly("How many helpers do you need?")).fill("2")
    page.get_by_role("button", name="Publish").click()

    expect(page).to_have_url(COUP_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text(WARDROBE)
    expect(page.get_by_role("status")).to_contain_text("Your coup de main is published.")
    expect(page.locator("dl.facts")).to_contain_text("2 needed · 2 places left")
    story.look_at(page, "19-help-published")

    found = COUP_PAGE.search(page.url)
    assert found
    coup = CoupDeMain.objects.get(pk=int(found.group(1)))
    assert (coup.kind, coup.helpers_needed, coup.helpers_taken) == ("request", 2, 0)
    assert timezone.localtime(coup.starts_at).date() == saturday
    return coup.pk


def says_i_can_help(story: Story, page: Page, coup_id: int, *, first: bool) -> None:
    goes_to_the_quartier(story, page)
    page.get_by_role("region", name="Coups de main").get_by_role(
        "link", name="All the coups de main asked for and offered"
    ).click()
    card = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=WARDROBE))
    expect(card).to_contain_text("Chantal needs a hand")
    if first:
        story.look_at(page, "20-help-list")
    card.get_by_role("link", name=WARDROBE).click()
    expect(page).to_have_url(story.url + f"/help/{coup_id}/")
    offer = page.get_by_role("region", name="I can help")
    offer.get_by_label(exactly("A word for the asker")).fill("Je suis libre samedi matin.")
    if first:
        story.look_at(page, "21-help-seen-by-a-neighbour")
    offer.get_by_role("button", name="I can help").click()
    expect(page).to_have_url(COUP_PAGE)
    expect(page.get_by_role("status")).to_contain_text(
        "Thank you! The asker is told and will answer."
    )
    expect(page.get_by_role("region", name="Your offer of help")).to_contain_text("Proposed")
    if first:
        story.look_at(page, "22-help-offered")


def helpers(page: Page):
    return page.get_by_role("region", name="Your request")


def chooses_two_helpers(story: Story, page: Page, coup_id: int) -> None:
    story.visit(page, f"/help/{coup_id}/")
    yours = helpers(page)
    expect(yours.get_by_role("listitem")).to_have_count(3)
    story.look_at(page, "23-help-three-offers")
    for name in ("Bernard", "Élodie"):
        helpers(page).get_by_role("button", name=f"Choose {name}").click()
        expect(page).to_have_url(story.url + f"/help/{coup_id}/")
        expect(page.get_by_role("status")).to_contain_text(f"{name} is chosen and told.")
    expect(page.locator("p.state")).to_contain_text("Enough helpers")
    # Full: Alice may still be told no, but no longer chosen.
    expect(helpers(page).get_by_role("button", name="Choose Alice")).to_have_count(0)
    expect(helpers(page).get_by_role("button", name="Decline Alice")).to_be_visible()
    story.look_at(page, "24-help-full")


def is_told_the_places_are_taken(story: Story, page: Page, coup_id: int) -> None:
    # The page opened earlier still offers to choose Alice.
    helpers(page).get_by_role("button", name="Choose Alice").click()
    expect(page).to_have_url(story.url + f"/help/{coup_id}/")
    expect(page.get_by_role("status")).to_contain_text(
        "2 helpers were needed: all places are taken."
    )
    expect(helpers(page).get_by_role("button", name="Choose Alice")).to_have_count(0)
    story.look_at(page, "25-help-third-refused")
    coup = CoupDeMain.objects.get(pk=coup_id)
    assert (coup.status, coup.helpers_taken) == (CoupDeMain.Status.FULL, 2)
    assert list(
        HelpOffer.objects.filter(coup_de_main=coup)
        .order_by("helper__display_name")
        .values_list("helper__display_name", "status")
    ) == [("Alice", "proposed"), ("Bernard", "chosen"), ("Élodie", "chosen")]


def marks_it_done_and_thanks(story: Story, page: Page, coup_id: int) -> None:
    page.get_by_role("link", name="It is done").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Is “{WARDROBE}” done?")
    story.look_at(page, "26-help-done-question")
    page.get_by_role("button", name="Yes, it is done").click()
    expect(page).to_have_url(story.url + f"/help/{coup_id}/")
    expect(page.get_by_role("status")).to_contain_text("Done. You can now say thanks.")

    thanks = page.get_by_role("region", name="Thanks")
    thanks.get_by_label(exactly("Your thanks")).fill(CHANTAL_THANKS)
    thanks.get_by_role("button", name="Say thanks").click()
    expect(page.get_by_role("status")).to_contain_text("Your thanks are sent.")
    thanks = page.get_by_role("region", name="Thanks")
    expect(thanks.get_by_role("blockquote")).to_contain_text("l'armoire est montée")
    expect(thanks.get_by_role("button", name="Say thanks")).to_have_count(0)
    story.look_at(page, "27-help-thanked")
    assert CoupDeMain.objects.get(pk=coup_id).status == CoupDeMain.Status.DONE


def thanks_back(story: Story, page: Page, coup_id: int) -> None:
    story.visit(page, f"/help/{coup_id}/")
    thanks = page.get_by_role("region", name="Thanks")
    expect(thanks.get_by_role("blockquote")).to_contain_text("l'armoire est montée")
    thanks.get_by_label(exactly("Your thanks")).fill("Avec plaisir, et merci pour le café !")
    thanks.get_by_role("button", name="Say thanks").click()
    expect(page.get_by_role("status")).to_contain_text("Your thanks are sent.")
    expect(page.get_by_role("region", name="Thanks").get_by_role("blockquote")).to_have_count(2)
    story.look_at(page, "28-help-thanked-back")
    assert sorted(Thanks.objects.values_list("author__display_name", flat=True)) == [
        "Bernard",
        "Chantal",
    ]


def gives_a_cot(story: Story, page: Page) -> int:
    goes_to_the_quartier(story, page)
    page.get_by_role("region", name="Lending and giving").get_by_role(
        "link", name="Lend or give an object"
    ).click()
    page.get_by_role("link", name="I give it away").click()
    expect(page.get_by_label(exactly("Longest loan, in days"))).to_have_count(0)
    page.get_by_label(exactly("Title")).fill(COT)
    page.get_by_label(exactly("Category")).select_option(label="Children and babies")
    page.get_by_label(exactly("Condition")).select_option(label="Worn but works")
    expect(page.get_by_role("radio", name="First asked, first served")).to_be_checked()
    story.look_at(page, "29-gift-form")
    page.get_by_role("button", name="Publish").click()
    expect(page).to_have_url(ITEM_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text(COT)
    expect(page.locator("dl.facts")).to_contain_text("First asked, first served")
    story.look_at(page, "30-gift-published")
    return item_id_of(page)


def asks_for_the_cot(story: Story, page: Page, cot_id: int) -> None:
    story.visit(page, f"/objects/in/{QUARTIER_SLUG}/")
    page.get_by_role("link", name=COT).click()
    take = page.get_by_role("region", name="Take it")
    take.get_by_label(exactly("A word for the giver")).fill("Pour ma nièce, merci !")
    story.look_at(page, "31-gift-seen-by-alice")
    take.get_by_role("button", name="Ask for it").click()
    expect(page).to_have_url(ITEM_PAGE)
    expect(page.get_by_role("status")).to_contain_text("Your request is sent to the giver.")
    expect(page.get_by_role("region", name="Your request")).to_contain_text("Reserved")
    expect(page.get_by_role("region", name="Take it")).to_have_count(0)
    story.look_at(page, "32-gift-reserved")
    gift = Gift.objects.get()
    assert (gift.item_id, gift.taker.email, gift.status) == (
        cot_id,
        NEIGHBOURS["alice"][0],
        Gift.Status.RESERVED,
    )
