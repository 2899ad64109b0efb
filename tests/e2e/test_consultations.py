"""Neighbours decide together, on a small phone: a date poll and a majority-judgment question.

Claire coordinates Les Pentes. Through the real form she opens "Quel samedi pour la fête de la
rue ?" (a date poll over three Saturdays) after a first try whose vote closed before it opened
(refused in words, summed up at the top of the form), then "La AMAP ajoute-t-elle un
boulanger ?" (majority judgment over three options). Their votes opened a little while ago: the
clock's real tick, run beside the browser, moves them to their vote. Amélie grades each option
(one radio group, one fieldset per option), first leaving one ungraded (refused in words), then
changes her mind once: counted once. Bob votes. Marc, a relais, votes for Mme Petit, who has no
computer: her participation says it came through a relais. Then the clock (mocked: the outside
world) passes the close, the tick moves both to their results, and everyone reads them in plain
words, with the participation, the CSV and the PDF report for the mairie.

Each page is photographed at 360 px under test-artifacts/ and, with JavaScript on, audited with
axe-core. The story runs with JavaScript and without it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar
from unittest import mock

import pytest
from django.db import connections
from django.utils import timezone
from playwright.sync_api import Page, expect

from exchanges.consultations.models import Ballot, Consultation, Participation, Via
from exchanges.consultations.services import clock
from exchanges.consultations.tasks import consultations_tick
from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.relais import services as relais
from neighbourhood.relais.models import ProxyAction
from tests.e2e.story import Story, exactly, logs_in
from tests.factories import MembershipFactory, QuartierFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = "consultations"

SLUG = "les-pentes"
CLAIRE = "claire@example.org"
AMELIE = "amelie@example.org"
BOB = "bob@example.org"
MARC = "marc@example.org"
PARTY = "Quel samedi pour la fête de la rue ?"
BREAD = "La AMAP ajoute-t-elle un boulanger ?"
SATURDAYS = ["2027-06-12", "2027-06-19", "2027-06-26"]
BAKERS = ["La Fournée", "Le Pain des Pentes", "Pas de pain"]
T = TypeVar("T")


def beside_the_browser(work: Callable[[], T]) -> T:
    """Runs a service in a thread of its own: Playwright's event loop runs in the test's, and
    the services' live events (sent after each commit) may not run inside a running loop."""

    def run() -> T:
        try:
            return work()
        finally:
            connections.close_all()  # this thread's own

    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(run).result()


@pytest.fixture
def les_pentes(transactional_db) -> tuple[Quartier, int]:
    """The quartier, its coordinator, two members, a relais and Mme Petit, whom he helps."""
    quartier = QuartierFactory.create(name="Les Pentes", slug=SLUG)
    claire = UserFactory.create(email=CLAIRE, display_name="Claire", language="en")
    MembershipFactory.create(quartier=quartier, user=claire, role=Membership.Role.COORDINATOR)
    for email, name in ((AMELIE, "Amélie"), (BOB, "Bob")):
        user = UserFactory.create(email=email, display_name=name, language="en")
        MembershipFactory.create(quartier=quartier, user=user)
    marc = UserFactory.create(email=MARC, display_name="Marc", language="en")
    MembershipFactory.create(quartier=quartier, user=marc, is_relais=True)
    Membership.objects.filter(user=marc).update(relais_since="2000-01-01T00:00Z")
    consent = beside_the_browser(
        lambda: relais.neighbour_create(
            relais=marc, quartier=quartier, display_name="Mme Petit", phone="04", how="EPN"
        )
    )
    return quartier, consent.neighbour_id


def test_neighbours_decide_the_party_date_and_the_baker(
    story: Story, new_phone, les_pentes
) -> None:
    quartier, petit_id = les_pentes
    claire = new_phone(javascript=story.javascript).new_page()
    logs_in(story, claire, CLAIRE)
    party = opens_the_date_poll(story, claire, quartier)
    bread = opens_the_judgment(story, claire, quartier)

    # Time moves: the votes opened a little while ago; the clock's own tick opens them.
    assert party.phase != Consultation.Phase.VOTE
    assert beside_the_browser(consultations_tick)["moved"] == 2
    story.visit(claire, party.get_absolute_url())
    expect(claire.get_by_role("link", name="Vote", exact=True)).to_be_visible()

    amelie = new_phone(javascript=story.javascript).new_page()
    logs_in(story, amelie, AMELIE)
    amelie_votes_then_changes_her_mind(story, amelie, party, bread)

    bob = new_phone(javascript=story.javascript).new_page()
    logs_in(story, bob, BOB)
    grades(story, bob, bread, ["Very good", "Good", "To reject"])
    answers(story, bob, party, ["Yes", "No", "No"])

    marc = new_phone(javascript=story.javascript).new_page()
    logs_in(story, marc, MARC)
    marc_votes_for_mme_petit(story, marc, petit_id, party, bread)

    # The clock (the outside world) passes the close; the tick moves both to their results.
    after_the_close = bread.results_at + datetime.timedelta(minutes=1)
    with mock.patch.object(clock.timezone, "now", return_value=after_the_close):
        moved = beside_the_browser(consultations_tick)
    assert moved["moved"] == 2
    assert beside_the_browser(consultations_tick)["moved"] == 0  # once

    reads_the_results(story, amelie, party, bread)


# --- Claire opens two consultations ----------------------------------------------------------


def _local(moment: datetime.datetime, quartier: Quartier) -> str:
    return moment.astimezone(quartier.zone).strftime("%Y-%m-%dT%H:%M")


def fills_the_form(
    page: Page, quartier: Quartier, question: str, method: str, options: list[str]
) -> None:
    page.get_by_label(exactly("Question")).fill(question)
    page.get_by_label(exactly("Background information")).fill(
        "Le conseil de quartier décide après avoir lu vos avis."
    )
    page.get_by_role("radio", name=method).check()
    page.get_by_label(exactly("Options")).fill("\n".join(options))
    now = timezone.now()
    dates = {
        "Information from": now - datetime.timedelta(minutes=30),
        "Debate from": now - datetime.timedelta(minutes=20),
        "Vote from": now - datetime.timedelta(minutes=10),
        "Vote closes": now + datetime.timedelta(days=7),
    }
    for label, moment in dates.items():
        page.get_by_label(exactly(label)).fill(_local(moment, quartier))


def opens_the_date_poll(story: Story, page: Page, quartier: Quartier) -> Consultation:
    story.visit(page, f"/consultations/in/{SLUG}/")
    story.look_at(page, "01-list")
    page.get_by_role("link", name="Open a consultation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a consultation")
    fills_the_form(page, quartier, PARTY, "A date poll", SATURDAYS)
    # Her first try: the vote closes before it opens.
    vote_from = page.get_by_label(exactly("Vote from")).input_value()
    page.get_by_label(exactly("Vote closes")).fill(vote_from.replace(vote_from[:4], "2020"))
    page.get_by_role("button", name="Open", exact=True).click()
    story.sees_the_errors(page)
    expect(page.get_by_role("alert")).to_contain_text(
        "Vote closes: The vote closes after it opens, at least one hour later."
    )
    assert not Consultation.objects.exists()
    story.look_at(page, "02-form-refused")

    closes = timezone.now() + datetime.timedelta(days=7)
    page.get_by_label(exactly("Vote closes")).fill(_local(closes, quartier))
    page.get_by_role("button", name="Open", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PARTY)
    expect(page.get_by_role("status")).to_contain_text("The consultation is open.")
    story.look_at(page, "03-date-poll")
    party = Consultation.objects.get(question=PARTY)
    assert party.method == Consultation.Method.DATE_POLL
    assert [str(o.date) for o in party.options.order_by("position")] == SATURDAYS
    return party


def opens_the_judgment(story: Story, page: Page, quartier: Quartier) -> Consultation:
    story.visit(page, f"/consultations/in/{SLUG}/new/")
    fills_the_form(page, quartier, BREAD, "Majority judgment", BAKERS)
    page.get_by_role("button", name="Open", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BREAD)
    bread = Consultation.objects.get(question=BREAD)
    assert [o.label for o in bread.options.order_by("position")] == BAKERS
    return bread


# --- Three neighbours vote ---------------------------------------------------------------------


def _fieldset(page: Page, legend: str):
    return page.get_by_role("group", name=re.compile(rf"^{re.escape(legend)}"))


def grades(story: Story, page: Page, bread: Consultation, given: list[str | None]) -> None:
    """Grades each baker (None leaves it ungraded) and sends the ballot."""
    story.visit(page, f"/consultations/{bread.pk}/vote/")
    for baker, grade in zip(BAKERS, given, strict=True):
        if grade is not None:
            _fieldset(page, baker).get_by_role("radio", name=grade, exact=True).check()
    page.get_by_role("button", name=re.compile(r"^(Vote|Save my new ballot)$")).click()


def answers(story: Story, page: Page, party: Consultation, given: list[str]) -> None:
    story.visit(page, f"/consultations/{party.pk}/vote/")
    groups = page.locator("form.ballot fieldset")
    expect(groups).to_have_count(len(SATURDAYS))
    for index, answer in enumerate(given):
        groups.nth(index).get_by_role("radio", name=answer, exact=True).check()
    page.get_by_role("button", name=re.compile(r"^(Vote|Save my new ballot)$")).click()
    expect(page.locator("#ballot-recorded")).to_be_visible()


def amelie_votes_then_changes_her_mind(
    story: Story, page: Page, party: Consultation, bread: Consultation
) -> None:
    story.visit(page, bread.get_absolute_url())
    page.get_by_role("link", name="Vote", exact=True).click()
    expect(page.get_by_role("heading", name="My ballot")).to_be_visible()
    for baker in BAKERS:  # one radio group of seven grades per option, never a slider
        expect(_fieldset(page, baker).get_by_role("radio")).to_have_count(7)
    story.look_at(page, "04-vote")

    # She forgets the third option: refused in words, nothing stored.
    grades(story, page, bread, ["Good", "Excellent", None])
    story.sees_the_errors(page, "Your ballot is not recorded yet.")
    expect(page.get_by_role("alert")).to_contain_text("Pas de pain: Give this option a grade.")
    assert not Participation.objects.filter(consultation=bread).exists()
    story.look_at(page, "05-vote-refused")

    grades(story, page, bread, ["Good", "Excellent", "To reject"])
    story.is_told(page.locator("body"), "Your ballot is recorded.")
    expect(page.locator("#ballot-recorded")).to_contain_text("You have voted.")
    expect(page.get_by_role("heading", name="Change my ballot")).to_be_visible()
    story.look_at(page, "06-voted")

    # She changes her mind once: her ballot is changed in place, counted once.
    story.visit(page, bread.get_absolute_url())
    page.get_by_role("link", name="Change my vote").click()
    checked = _fieldset(page, "Le Pain des Pentes").get_by_role("radio", name="Excellent")
    expect(checked).to_be_checked()  # her ballot, as she left it
    grades(story, page, bread, ["Excellent", "Good", "To reject"])
    expect(page.locator("#ballot-recorded")).to_be_visible()
    assert Participation.objects.filter(consultation=bread).count() == 1
    assert Ballot.objects.filter(consultation=bread).count() == 1

    answers(story, page, party, ["Yes", "If needed", "No"])
    story.look_at(page, "07-date-poll-voted")


def marc_votes_for_mme_petit(
    story: Story, page: Page, petit_id: int, party: Consultation, bread: Consultation
) -> None:
    story.visit(page, f"/relais/neighbours/{petit_id}/")
    page.get_by_role("button", name="Act for Mme Petit").click()
    banner = page.get_by_role("region", name="Acting for a neighbour")
    expect(banner).to_contain_text("You are acting for Mme Petit")

    grades(story, page, bread, ["Excellent", "Very good", "Insufficient"])
    expect(page.locator("#ballot-recorded")).to_be_visible()
    expect(banner).to_be_visible()
    story.look_at(page, "08-relais-voted")
    answers(story, page, party, ["Yes", "Yes", "No"])
    for consultation in (party, bread):
        petit = Participation.objects.get(consultation=consultation, member_id=petit_id)
        assert petit.via == Via.RELAIS and petit.relais is not None
        assert petit.relais.email == MARC
    assert ProxyAction.objects.filter(verb="ballot_cast").count() == 2

    page.get_by_role("button", name="Stop acting for Mme Petit").click()
    expect(page.get_by_role("region", name="Acting for a neighbour")).to_have_count(0)


# --- The results --------------------------------------------------------------------------------


def reads_the_results(story: Story, page: Page, party: Consultation, bread: Consultation) -> None:
    story.visit(page, bread.get_absolute_url())
    page.get_by_role("link", name="See the results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Results: {BREAD}")
    # Medians: La Fournée (Excellent, Very good, Excellent) → Excellent; Le Pain des Pentes
    # (Good, Good, Very good) → Good; Pas de pain (To reject ×2, Insufficient) → To reject.
    expect(page.locator(".results-sentence")).to_have_text(
        "La Fournée wins with the median grade Excellent (3 voters of 5 members)."
    )
    participation = page.get_by_role("region", name="Participation")
    expect(participation).to_contain_text("3 voters of 5 members")
    expect(participation.locator("dt:has-text('Online') + dd")).to_have_text("2")
    expect(participation.locator("dt:has-text('Through a relais') + dd")).to_have_text("1")
    expect(participation.locator("dt:has-text('On paper') + dd")).to_have_text("0")
    story.look_at(page, "09-results")

    with page.expect_download() as csv:
        page.get_by_role("link", name="The results as a spreadsheet (CSV)").click()
    assert csv.value.suggested_filename.endswith(".csv")
    csv_text = Path(csv.value.path()).read_bytes().decode("utf-8-sig")
    assert BREAD in csv_text and "La Fournée" in csv_text
    # The report opens in the browser, to be printed or saved; it is read as the browser gets
    # it, with Amélie's session.
    href = page.get_by_role("link", name="The report for the mairie (PDF)").get_attribute("href")
    assert href is not None
    report = page.context.request.get(story.url + href)
    assert report.ok and report.headers["content-type"].startswith("application/pdf")
    assert report.body().startswith(b"%PDF-")

    story.visit(page, f"/consultations/{party.pk}/results/")
    # 12 June: Yes, Yes, Yes (Amélie, Bob, Mme Petit); 19 June: If needed, No, Yes.
    expect(page.locator(".results-sentence")).to_have_text(
        "Saturday 12 June wins: 3 yes, 0 if needed."
    )
    story.look_at(page, "10-date-poll-results")
