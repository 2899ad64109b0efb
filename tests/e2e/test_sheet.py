"""The quartier's sheet, on a small phone and on paper.

Colette coordinates Croix-Rousse and reads the site in English; the quartier's sheet is in its
own language, French. Ahmed offers Spanish conversation, Béa would like to learn to use a
tablette, Ahmed drives to Part-Dieu in two days with three seats, and a distribution is open.
Colette taps "Print the quartier's sheet" on the quartier's page: the sheet shows each item with
its code, in French, under the tools (in English) that are never printed; with JavaScript a
Print button appears. Printed by Chromium on A4, the sheet holds on one page, without the tools.

Béa, who has no computer at home, gives the code E-… to a coordinator: on the sheet's page,
Colette types it, lowercase and without the hyphen, and lands on Ahmed's offer. A code that is
no item of the quartier says so.

Each page is photographed at 360 px under test-artifacts/ and, with JavaScript on, audited with
axe-core. The story runs with JavaScript and without it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from exchanges.aid.services import help as aid_help
from exchanges.aid.services import objects as aid_objects
from exchanges.rides import services as rides
from exchanges.swaps import services as swaps
from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.quartiers.sheet import sections
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.story import Story, logs_in
from tests.exchanges.aid.help.fields import help_fields
from tests.factories import (
    CROIX_ROUSSE,
    PART_DIEU,
    MembershipFactory,
    QuartierFactory,
    UserFactory,
    in_days,
    place,
    ride_fields,
    swap_fields,
)
from tests.neighbourhood.quartiers.sheet_data import distribution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = "sheet"

COLETTE_EMAIL = "colette@example.org"


@pytest.fixture
def croix_rousse(transactional_db) -> Quartier:
    quartier = QuartierFactory.create(
        name="Croix-Rousse",
        slug="croix-rousse",
        latitude=CROIX_ROUSSE[0],
        longitude=CROIX_ROUSSE[1],
        language="fr",
    )
    colette = UserFactory.create(email=COLETTE_EMAIL, display_name="Colette", language="en")
    ahmed = UserFactory.create(display_name="Ahmed", language="en")
    bea = UserFactory.create(display_name="Béa", language="fr")
    MembershipFactory.create(quartier=quartier, user=colette, role=Membership.Role.COORDINATOR)
    MembershipFactory.create(quartier=quartier, user=ahmed)
    MembershipFactory.create(quartier=quartier, user=bea)
    swaps.swap_create(
        quartier=quartier,
        author=ahmed,
        kind="offer",
        **swap_fields(title="Conversation en espagnol"),
    )
    swaps.swap_create(
        quartier=quartier,
        author=bea,
        kind="request",
        **swap_fields(title="Se servir d'une tablette", category="digital", tags="tablette"),
    )
    rides.ride_create(quartier=quartier, driver=ahmed, **ride_fields(departs_at=in_days(2)))
    distribution(quartier, colette)
    return quartier


def test_a_coordinator_prints_the_sheet_and_opens_an_item_from_its_code(
    story: Story, new_phone, croix_rousse
) -> None:
    colette = new_phone(javascript=story.javascript).new_page()
    logs_in(story, colette, COLETTE_EMAIL)
    story.visit(colette, "/quartiers/croix-rousse/")
    colette.get_by_role("link", name="Print the quartier's sheet").click()

    expect(colette).to_have_url(re.compile(r"/quartiers/croix-rousse/sheet/$"))
    sheet = colette.locator("article.sheet")
    expect(sheet).to_have_attribute("lang", "fr")
    expect(sheet.get_by_role("heading", level=1)).to_have_text("Croix-Rousse")
    expect(sheet.get_by_role("heading", name="Des voisins peuvent vous apprendre")).to_be_visible()
    expect(sheet).to_contain_text("Conversation en espagnol")
    expect(sheet).to_contain_text("Place de la Croix-Rousse → Gare Part-Dieu")
    expect(sheet).to_contain_text("Pour commander : avant le")
    expect(sheet).to_contain_text("Colette")
    offer_code = sheet.locator(".sheet-code").first.inner_text().split()[0]
    assert re.fullmatch(r"E-\d+", offer_code), offer_code
    print_button = colette.get_by_role("button", name="Print")
    if story.javascript:
        expect(print_button).to_be_visible()
    else:
        expect(print_button).to_be_hidden()
    expect(colette.get_by_role("link", name="The sheet as a PDF (A4)")).to_be_visible()
    story.look_at(colette, "01-sheet")

    if story.javascript:
        # On paper: A4, one page, the tools left out.
        colette.emulate_media(media="print")
        expect(colette.locator(".sheet-tools")).to_be_hidden()
        ARTIFACTS.mkdir(exist_ok=True)
        printed = colette.pdf(format="A4", print_background=False)
        (ARTIFACTS / "sheet-02-printed.pdf").write_bytes(printed)
        assert len(re.findall(rb"/Type\s*/Page(?!s)", printed)) == 1
        colette.emulate_media(media="screen")

    # Béa gave the code of Ahmed's offer, as a neighbour would say it: "e" and the number.
    colette.get_by_label(re.compile(r"^Code of an item of the sheet")).fill(
        offer_code.replace("-", "").lower()
    )
    colette.get_by_role("button", name="Open").click()
    expect(colette).to_have_url(re.compile(r"/swaps/\d+/$"))
    expect(colette.get_by_role("heading", level=1)).to_contain_text("Conversation en espagnol")

    story.visit(colette, "/quartiers/croix-rousse/code/?c=E-99999")
    expect(colette.get_by_role("alert")).to_contain_text(
        "No item of Croix-Rousse has the code “E-99999”"
    )
    story.look_at(colette, "03-unknown-code")

    if story.javascript:
        # A busy week, every title and place as long as they can be: still one page on paper.
        fills_the_quartier(croix_rousse)
        story.visit(colette, "/quartiers/croix-rousse/sheet/")
        expect(colette.locator("article.sheet")).to_contain_text("et 8 autres sur le site")
        colette.emulate_media(media="print")
        printed = colette.pdf(format="A4", print_background=False)
        (ARTIFACTS / "sheet-04-printed-full.pdf").write_bytes(printed)
        assert len(re.findall(rb"/Type\s*/Page(?!s)", printed)) == 1


def fills_the_quartier(quartier: Quartier) -> None:
    author = Membership.objects.filter(quartier=quartier, role="member").first()
    assert author is not None
    title = ("Un très long titre d’atelier qui ne finit pas " * 3)[:118]
    origin = place(CROIX_ROUSSE, ("Place de la Croix-Rousse, devant la mairie " * 3)[:80])
    destination = place(PART_DIEU, ("Gare Part-Dieu, côté Villette, sortie " * 3)[:80])
    for n in range(sections.MAX_LINES + 6):
        for kind in ("offer", "request"):
            swaps.swap_create(
                quartier=quartier,
                author=author.user,
                kind=kind,
                **swap_fields(title=f"{n} {title}", availability="le soir " * 24),
            )
        rides.ride_create(
            quartier=quartier,
            driver=author.user,
            **ride_fields(departs_at=in_days(1 + n), origin=origin, destination=destination),
        )
        aid_help.help_publish(
            quartier=quartier,
            author=author.user,
            kind="request",
            **help_fields(title=f"{n} {title}", starts_at=in_days(1 + n)),
        )
        aid_objects.item_publish(
            quartier=quartier,
            owner=author.user,
            mode="lend",
            title=f"{n} {title}",
            category="tools",
            max_days=3,
        )
