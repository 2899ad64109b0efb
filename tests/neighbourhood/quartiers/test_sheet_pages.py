"""The sheet's pages: the print-friendly page (members), the one-page A4 PDF (coordinators),
the page where a code opens its item (members), the sheet's language; 404 for an outsider."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.quartiers.sheet import sections
from tests.exchanges.produce.test_exports import pages, pdf_text
from tests.factories import CROIX_ROUSSE, PART_DIEU, UserFactory, in_days, place
from tests.neighbourhood.quartiers.sheet_data import distribution, full_ride, ride, swap

pytestmark = pytest.mark.django_db


def signed_in(user, language: str = "en") -> Client:
    """A client signed in as ``user``, who reads the site in ``language``."""
    user.language = language
    user.save(update_fields=["language"])
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def sheet_url(quartier: Quartier, name: str = "sheet") -> str:
    return reverse(f"quartiers:{name}", kwargs={"slug": quartier.slug})


def code_url(quartier: Quartier, code: str | None = None) -> str:
    url = sheet_url(quartier, "code")
    return url if code is None else f"{url}?c={code}"


@pytest.fixture
def english(quartier: Quartier) -> Quartier:
    quartier.language = "en"
    quartier.save(update_fields=["language"])
    return quartier


def test_a_member_reads_the_sheet_on_a_page_of_its_own(english, alice, bob, carol):
    offer = swap(english, alice, title="Conversation en espagnol")
    wish = swap(english, bob, "request", title="Réparer un vélo")
    offered = ride(english, bob, departs_at=in_days(3))
    full = full_ride(english, alice, bob, departs_at=in_days(2))
    cycle = distribution(english, carol)

    response = signed_in(alice).get(sheet_url(english))

    assert response.status_code == 200
    page = response.content.decode()
    for code in (f"E-{offer.pk}", f"E-{wish.pk}", f"C-{offered.pk}", f"A-{cycle.pk}"):
        assert code in page
    assert f"C-{full.pk}" not in page
    assert "Conversation en espagnol" in page and "Maison des associations" in page
    assert "To order: before " in page
    assert "Carol" in page  # whom to ask
    assert "http://testserver/quartiers/croix-rousse/" in page
    assert "http://testserver/quartiers/croix-rousse/code/" in page
    # No menu, no footer: the sheet alone, with the tools to use it (never printed).
    assert 'aria-label="Main menu"' not in page and "site-footer" not in page
    # A member views it; printing is the coordinators' job.
    assert sheet_url(english, "sheet_pdf") not in page
    assert "data-print" not in page


def test_a_coordinator_gets_the_print_button_the_pdf_and_the_language(english, carol):
    page = signed_in(carol).get(sheet_url(english)).content.decode()

    assert sheet_url(english, "sheet_pdf") in page
    assert "data-print" in page
    assert sheet_url(english, "sheet_language") in page


def test_it_says_how_many_more_are_on_the_site(english, alice):
    for n in range(sections.MAX_LINES + 2):
        swap(english, alice, title=f"Atelier {n}")

    page = signed_in(alice).get(sheet_url(english)).content.decode()

    assert "and 2 more on the site" in page
    assert "Atelier 1<" not in page and f"Atelier {sections.MAX_LINES + 1}" in page


def test_the_sheet_is_in_the_quartiers_language_not_the_readers(quartier, alice, carol):
    swap(quartier, alice)
    distribution(quartier, carol)

    page = signed_in(alice, "en").get(sheet_url(quartier)).content.decode()

    assert '<html lang="en">' in page  # the tools: the reader's language
    assert '<article class="sheet" lang="fr"' in page
    assert "Des voisins peuvent vous apprendre" in page
    assert "Pour commander : avant le " in page
    assert "Pour répondre" in page
    assert "Neighbours who can teach you" not in page


def test_a_coordinator_chooses_the_sheets_language(quartier, carol, alice):
    refused = signed_in(alice).post(sheet_url(quartier, "sheet_language"), {"language": "en"})
    assert refused.status_code == 403

    response = signed_in(carol).post(sheet_url(quartier, "sheet_language"), {"language": "en"})

    assert response.status_code == 302
    quartier.refresh_from_db()
    assert quartier.language == "en"
    page = signed_in(alice, "fr").get(sheet_url(quartier)).content.decode()
    assert '<article class="sheet" lang="en"' in page
    assert "Neighbours who can teach you" in page


def test_it_escapes_what_members_typed(english, alice):
    swap(english, alice, title='<script>alert("E")</script> & <b>gras', availability="<i>soir")

    page = signed_in(alice).get(sheet_url(english)).content.decode()

    assert "<script>alert" not in page and "<b>gras" not in page and "<i>soir" not in page
    assert "&lt;script&gt;alert(&quot;E&quot;)&lt;/script&gt; &amp; &lt;b&gt;gras" in page


def test_the_pdf_is_one_a4_page_in_the_quartiers_language(quartier, carol, alice):
    offer = swap(quartier, alice, title="Conversation en espagnol")
    cycle = distribution(quartier, carol)

    response = signed_in(carol, "en").get(sheet_url(quartier, "sheet_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert pages(response.content) == 1
    assert f"croix-rousse-{timezone.localdate().isoformat()}.pdf" in response["Content-Disposition"]
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in response.content  # A4
    assert b"/Lang (fr)" in response.content
    text = pdf_text(response.content)
    assert "Croix-Rousse" in text
    assert f"E-{offer.pk}" in text and "Conversation en espagnol" in text
    assert f"A-{cycle.pk}" in text and "Pour commander : avant le" in text
    assert "Pour répondre" in text and "Carol" in text
    assert "http://testserver/quartiers/croix-rousse/code/" in text


def test_a_full_quartier_still_prints_on_one_page(quartier, carol, alice, bob):
    # As long as a title, an availability and a place can be.
    long = ("Un très long titre d’atelier qui ne finit pas " * 4)[:115]
    for n in range(sections.MAX_LINES + 4):
        swap(quartier, alice, title=f"{n} {long}", availability="le soir " * 25)
        swap(quartier, bob, "request", title=f"{n} {long}", availability="le matin " * 22)
        ride(
            quartier,
            bob,
            departs_at=in_days(1 + n),
            origin=place(CROIX_ROUSSE, ("Place de la Croix-Rousse, devant la mairie " * 3)[:80]),
            destination=place(PART_DIEU, ("Gare Part-Dieu, côté Villette, sortie " * 3)[:80]),
        )
    distribution(quartier, carol, place=("Maison des associations, 12 rue d'Austerlitz " * 5)[:200])

    content = signed_in(carol).get(sheet_url(quartier, "sheet_pdf")).content

    assert pages(content) == 1
    assert "et 4 autres sur le site" in pdf_text(content)


def test_the_pdf_takes_any_title_as_plain_text(english, carol, alice):
    swap(english, alice, title='Cours <b>gras</b> & "guillemets" <unclosed', availability="<br/>")

    content = signed_in(carol).get(sheet_url(english, "sheet_pdf")).content

    assert pages(content) == 1
    # Drawn as written (the reading of the PDF puts spaces around the brackets).
    assert 'Cours<b>gras</b>&"guillemets"<unclosed' in pdf_text(content).replace(" ", "")


def test_a_member_cannot_print_the_pdf(quartier, alice):
    assert signed_in(alice).get(sheet_url(quartier, "sheet_pdf")).status_code == 403


def test_a_relais_prints_the_sheet_and_is_named_on_it_as_someone_to_ask(english, bob, carol):
    Membership.objects.filter(quartier=english, user=bob).update(is_relais=True)
    page = signed_in(bob).get(sheet_url(english)).content.decode()
    assert sheet_url(english, "sheet_pdf") in page
    assert "data-print" in page
    # The language stays the coordinators' choice.
    assert sheet_url(english, "sheet_language") not in page

    response = signed_in(bob).get(sheet_url(english, "sheet_pdf"))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "to a relais or a coordinator of the quartier" in text
    assert bob.public_name in text and carol.public_name in text


def test_a_code_opens_its_item(english, alice, bob, carol):
    offer = swap(english, alice)
    offered = ride(english, bob)
    cycle = distribution(english, carol)
    client = signed_in(bob)

    for typed, item in (
        (f"E-{offer.pk}", offer),
        (f"c {offered.pk}", offered),
        (f"a{cycle.pk}", cycle),
    ):
        response = client.get(code_url(english, typed))
        assert response.status_code == 302, typed
        assert response["Location"] == item.get_absolute_url()


def test_a_code_that_is_no_item_says_so_on_a_404_page(english, alice):
    elsewhere_swap = swap(english, alice)
    client = signed_in(alice)

    unknown = client.get(code_url(english, f"E-{elsewhere_swap.pk + 100}"))
    nonsense = client.get(code_url(english, "hello"))
    empty = client.get(code_url(english, ""))
    form = client.get(code_url(english))

    assert unknown.status_code == 404
    assert f"No item of Croix-Rousse has the code “E-{elsewhere_swap.pk + 100}”" in (
        unknown.content.decode()
    )
    assert nonsense.status_code == 404
    assert empty.status_code == 400
    assert form.status_code == 200
    assert "E: a knowledge swap" in form.content.decode()
    assert "C: a ride" in form.content.decode()


def test_a_code_of_another_quartier_opens_nothing_here(english, alice):
    from tests.factories import MembershipFactory, QuartierFactory

    elsewhere = QuartierFactory.create(slug="vaise")
    zoe = UserFactory.create()
    MembershipFactory.create(quartier=elsewhere, user=zoe)
    theirs = swap(elsewhere, zoe)

    assert signed_in(alice).get(code_url(english, f"E-{theirs.pk}")).status_code == 404


@pytest.mark.parametrize(
    ("method", "name", "query"),
    [
        ("get", "sheet", ""),
        ("get", "sheet_pdf", ""),
        ("get", "code", ""),
        ("get", "code", "?c=E-1"),
        ("post", "sheet_language", ""),
    ],
)
def test_an_outsider_gets_a_404(quartier, alice, dave, method, name, query):
    swap(quartier, alice)  # E-1 exists, in a quartier dave is not in

    response = getattr(signed_in(dave), method)(sheet_url(quartier, name) + query)

    assert response.status_code == 404


def test_the_quartier_page_links_to_the_sheet(quartier, carol, alice):
    coordinator = signed_in(carol).get(quartier.get_absolute_url()).content.decode()
    member = signed_in(alice).get(quartier.get_absolute_url()).content.decode()

    assert "Print the quartier's sheet" in coordinator
    assert "Print the quartier's sheet" not in member
    assert sheet_url(quartier) in member


def test_a_cycle_not_open_yet_says_when_orders_open(english, carol, alice):
    now = timezone.now()
    distribution(
        english,
        carol,
        opens_at=now + datetime.timedelta(hours=5),
        closes_at=now + datetime.timedelta(days=2),
    )

    page = signed_in(alice).get(sheet_url(english)).content.decode()

    assert "Orders open " in page
