"""The season's vegetable contract, from its creation to the pick-up list of a distribution, on
a small phone.

Everyone in La Guillotière reads the site in English, so the assertions read the words they
read. Claire, a coordinator, sets the quartier's distribution day (Thursdays, 18:00–19:30), then
creates the vegetable contract of the Ferme du Grand Champ for nine Thursdays: a small basket, a
large one and a half share, the fourth Thursday off, three jokers, 40 shares, the charter. Her
first try has a season ending before it starts and no share size: refused in words at the top
and by each field, nothing created. The contract's page shows its dates, the one off struck out.

Karim subscribes: a large basket (21.50 € × 8 dates = 172.00 €) in three cheques. A first try
without accepting the terms is refused in words; the check-and-confirm step shows the total and
three amounts adding up to it (57.34 + 57.33 + 57.33, the cent left over on the first);
confirmed, his subscription shows the same three instalments. He will be away on the second
Thursday and gives his basket to his neighbour Mme Petit.

Claire opens that distribution's reports: Mme Petit's line holds Karim's large basket "for
Karim", and Karim has no line of his own that day; the pick-up list's CSV and PDF say the same.

Each page is photographed at 360 px under test-artifacts/ and, with JavaScript on, audited with
axe-core and checked for sideways scrolling. The story runs with JavaScript and without it.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from exchanges.produce.models import (
    Absence,
    Contract,
    ContractDate,
    DistributionDay,
    Instalment,
    Producer,
    Subscription,
)
from neighbourhood.quartiers.models import Membership, Quartier
from tests.e2e.story import CORRECT_BELOW, Story, assert_tappable, box_of, exactly, logs_in
from tests.e2e.test_produce import when_built
from tests.exchanges.produce.test_exports import pdf_text
from tests.factories import MembershipFactory, QuartierFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path: Path) -> None:
    """The report files in a documents storage of the test's own (real, on the disk)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "exchanges.consultations.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents"},
        },
    }


SCREENSHOTS = "contracts"

SLUG = "guillotiere"
QUARTIER = "La Guillotière"
CLAIRE = "claire@example.org"
KARIM = "karim@example.org"
PETIT = "petit@example.org"
ALICE = "alice@example.org"
FARM = "Ferme du Grand Champ"
TITLE = "Légumes de saison"
PLACE = "Salle Saint-Louis, 7 rue Saint-Louis"
CHARTER = "Je m'engage à venir chercher mon panier chaque jeudi, ou à le faire prendre."
SMALL, LARGE, HALF = "Small basket", "Large basket", "Half share"
# The large basket at 21.50 € on 8 dates: 172.00 €, in three cheques the cent left on the first.
TOTAL = "172.00 €"
CHEQUES = ["57.34 €", "57.33 €", "57.33 €"]


def site_today() -> datetime.date:
    return timezone.localdate(timezone.now(), timezone.get_default_timezone())


def thursdays() -> list[datetime.date]:
    """The season's nine Thursdays, the first at least a week away (absences are open)."""
    soon = site_today() + datetime.timedelta(days=7)
    first = soon + datetime.timedelta(days=(3 - soon.weekday()) % 7)
    return [first + datetime.timedelta(weeks=n) for n in range(9)]


def day(date: datetime.date) -> str:
    """A date as the pages write it: "Thursday 17 December"."""
    return f"{date:%A} {date.day} {date:%B}"


@pytest.fixture
def guillotiere(transactional_db) -> Quartier:
    quartier = QuartierFactory.create(name=QUARTIER, slug=SLUG)
    people = {CLAIRE: "Claire", KARIM: "Karim", PETIT: "Mme Petit", ALICE: "Alice"}
    for email, name in people.items():
        role = Membership.Role.COORDINATOR if email == CLAIRE else Membership.Role.MEMBER
        user = UserFactory.create(email=email, display_name=name, language="en")
        MembershipFactory.create(quartier=quartier, user=user, role=role)
    Producer.objects.create(quartier=quartier, farm_name=FARM, name="Paul Girard")
    return quartier


def test_a_season_contract_from_its_creation_to_the_pick_up_list(
    story: Story, new_phone, guillotiere
) -> None:
    claire = new_phone(javascript=story.javascript).new_page()
    logs_in(story, claire, CLAIRE, name="01-login")
    sets_the_distribution_day(story, claire)
    contract = creates_the_contract_after_a_refusal(story, claire)

    karim = new_phone(javascript=story.javascript).new_page()
    logs_in(story, karim, KARIM)
    subscription = subscribes_with_three_cheques(story, karim, contract)
    gives_his_basket_to_mme_petit(story, karim, subscription)

    reads_the_pick_up_list(story, claire, contract)


# --- Claire makes the contract ----------------------------------------------------------------


def sets_the_distribution_day(story: Story, page: Page) -> None:
    story.visit(page, f"/produce/in/{SLUG}/contracts/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Farm contracts in {QUARTIER}")
    expect(page.get_by_text("No contract yet.")).to_be_visible()
    story.look_at(page, "02-contracts-none")
    page.get_by_role("link", name="Distribution days").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Distribution days")
    expect(page.get_by_text("No distribution day yet.")).to_be_visible()

    new = page.get_by_role("region", name="Add a distribution day")
    new.get_by_label(exactly("Day")).select_option(label="Thursday")
    new.get_by_label(exactly("From")).fill("18:00")
    new.get_by_label(exactly("To")).fill("19:30")
    new.get_by_label(exactly("Place of the distribution")).fill(PLACE)
    story.look_at(page, "03-distribution-day-form")
    new.get_by_role("button", name="Add the day").click()

    expect(page.get_by_role("status")).to_contain_text("The distribution day is saved.")
    expect(page.get_by_role("heading", name="Thursday, 18:00–19:30")).to_be_visible()
    story.look_at(page, "04-distribution-day-saved")
    saved = DistributionDay.objects.get()
    assert (saved.weekday, saved.place) == (3, PLACE)
    assert (saved.starts_at, saved.ends_at) == (datetime.time(18), datetime.time(19, 30))


def fill_moment(page: Page, legend: str, moment: datetime.datetime) -> None:
    group = page.get_by_role("group", name=exactly(legend))
    group.get_by_label("Date").fill(moment.date().isoformat())
    group.get_by_label("Time").fill(moment.strftime("%H:%M"))


def size_row(page: Page, number: int) -> Locator:
    return page.get_by_role("group", name=f"Share {number}", exact=True)


def fill_size(page: Page, number: int, name: str, price: str, taken: str) -> None:
    row = size_row(page, number)
    row.get_by_label(f"Name — Share {number}").fill(name)
    row.get_by_label(f"Price per distribution, in euros — Share {number}").fill(price)
    row.get_by_label(f"Taken — Share {number}").select_option(label=taken)


def assert_full_width(field: Locator) -> None:
    """As wide as the group of fields it is in (less a pixel or two of rounding)."""
    box = box_of(field)
    row = box_of(field.locator("xpath=ancestor::div[contains(@class, 'side-by-side')][1]"))
    assert box["width"] >= row["width"] - 2, (box, row)


def assert_below(lower: Locator, upper: Locator) -> None:
    low, up = box_of(lower), box_of(upper)
    assert low["y"] >= up["y"] + up["height"], (low, up)


def creates_the_contract_after_a_refusal(story: Story, page: Page) -> Contract:
    dates = thursdays()
    story.visit(page, f"/produce/in/{SLUG}/contracts/")
    page.get_by_role("link", name="New contract").click()
    expect(page).to_have_url(story.url + f"/produce/in/{SLUG}/contracts/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("New contract")
    expect(page.get_by_label(exactly("Producer"))).to_have_value(str(Producer.objects.get().pk))
    page.get_by_label(exactly("Title")).fill(TITLE)
    page.get_by_label(exactly("What a share holds (optional)")).fill(
        "Les légumes de la semaine, cueillis le matin même."
    )
    # Her first try: the season ends before it starts, and no share size is typed.
    page.get_by_label(exactly("Season starts")).fill(dates[0].isoformat())
    page.get_by_label(exactly("Season ends")).fill(
        (dates[0] - datetime.timedelta(days=1)).isoformat()
    )
    page.get_by_label(exactly("Dates off (optional)")).fill(f"{dates[3]:%d/%m/%Y}")
    now = timezone.localtime(timezone.now(), timezone.get_default_timezone())
    fill_moment(page, "Signing opens", now - datetime.timedelta(hours=1))
    fill_moment(page, "Signing closes", now + datetime.timedelta(days=14))
    page.get_by_label(exactly("Shares the farm can serve")).fill("40")
    page.get_by_label(exactly("Referent (optional)")).select_option(label="Alice")
    page.get_by_label(exactly("Terms (the AMAP charter)")).fill(CHARTER)
    page.get_by_label(exactly("Absences allowed after the deadline (jokers)")).fill("3")
    page.get_by_role("button", name="Create the contract").click()

    story.sees_the_errors(page, CORRECT_BELOW)
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Season ends: The season ends after it starts.")
    expect(summary).to_contain_text("Share sizes: Give at least one share size and its price.")
    ends = page.get_by_label(exactly("Season ends"))
    expect(ends).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_ends_on_errors")).to_have_text("The season ends after it starts.")
    expect(ends).to_have_attribute("aria-describedby", re.compile(r"\bid_ends_on_errors\b"))
    sizes = page.get_by_role("group", name="Share sizes")
    expect(sizes.locator(".errorlist").first).to_have_text(
        "Give at least one share size and its price."
    )
    # On a small phone each date of the season is read whole: one under the other, the width
    # of the form, not two halves whose year hides under the calendar's button.
    starts = page.get_by_label(exactly("Season starts"))
    assert_full_width(starts)
    assert_full_width(ends)
    assert_below(ends, starts)
    # What she typed is still there.
    expect(page.get_by_label(exactly("Title"))).to_have_value(TITLE)
    expect(page.get_by_label(exactly("Terms (the AMAP charter)"))).to_have_value(CHARTER)
    story.look_at(page, "05-contract-refused")
    assert not Contract.objects.exists()

    page.get_by_label(exactly("Season ends")).fill(dates[-1].isoformat())
    fill_size(page, 1, SMALL, "12.50", "at every distribution")
    fill_size(page, 2, LARGE, "21.50", "at every distribution")
    fill_size(page, 3, HALF, "21.50", "every other distribution (half share)")
    # How a share is taken is read whole: the choice takes its row, not a sliver of it.
    for number in (1, 2, 3):
        assert_full_width(size_row(page, number).get_by_label(f"Taken — Share {number}"))
    # Typed again: a refused form keeps what it is sent; a signing moment is a minute later.
    now = timezone.localtime(timezone.now(), timezone.get_default_timezone())
    fill_moment(page, "Signing opens", now - datetime.timedelta(hours=1))
    story.look_at(page, "06-contract-form")
    page.get_by_role("button", name="Create the contract").click()

    expect(page).to_have_url(re.compile(r"/produce/contracts/(\d+)/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("status")).to_contain_text(
        "The contract is ready. Signing is open: members are told in a minute."
    )
    prices = page.get_by_role("table", name="Shares and prices")
    expect(prices.get_by_role("row", name=re.compile(LARGE))).to_contain_text("172.00 €")
    expect(prices.get_by_role("row", name=re.compile(HALF))).to_contain_text("86.00 €")
    distributions = page.get_by_role("region", name="Distributions").get_by_role("listitem")
    expect(distributions).to_have_count(9)
    # With their year: a season may run into the next one.
    expect(distributions.nth(3)).to_have_text(f"{day(dates[3])} {dates[3].year} — no distribution")
    expect(distributions.nth(3).locator("del")).to_have_text(f"{day(dates[3])} {dates[3].year}")
    expect(distributions.nth(0)).to_have_text(f"{day(dates[0])} {dates[0].year}")
    expect(distributions.locator("del")).to_have_count(1)
    expect(page.get_by_text("3 absences allowed after the deadline (jokers).")).to_be_visible()
    expect(page.get_by_role("region", name="Referent")).to_contain_text("Alice")
    expect(page.get_by_text("40 places left")).to_be_visible()
    story.look_at(page, "07-contract")

    contract = Contract.objects.get()
    assert (contract.title, contract.capacity, contract.jokers) == (TITLE, 40, 3)
    assert contract.referent is not None and contract.referent.email == ALICE
    assert sorted(contract.sizes.values_list("name", "price_cents", "every")) == [
        (HALF, 2150, 2),
        (LARGE, 2150, 1),
        (SMALL, 1250, 1),
    ]
    off = list(contract.dates.filter(off=True).values_list("date", flat=True))
    assert off == [dates[3]]
    on = contract.dates.filter(off=False)
    assert on.count() == 8 and not on.filter(cycle__isnull=True).exists()
    return contract


# --- Karim subscribes and is away once ----------------------------------------------------------


def subscribes_with_three_cheques(story: Story, page: Page, contract: Contract) -> Subscription:
    story.visit(page, f"/produce/contracts/{contract.pk}/")
    subscribe = page.get_by_role("link", name="Subscribe", exact=True)
    assert_tappable(subscribe)
    subscribe.click()
    expect(page).to_have_url(story.url + f"/produce/contracts/{contract.pk}/subscribe/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Subscribe · {TITLE}")
    page.get_by_role("radio", name=re.compile(rf"^{LARGE}: 21\.50 € a distribution")).check()
    expect(page.get_by_role("radio", name=re.compile(rf"^{LARGE}"))).to_have_accessible_name(
        f"{LARGE}: 21.50 € a distribution, {TOTAL} for 8 baskets"
    )
    expect(page.get_by_label(exactly("First basket"))).to_have_value(thursdays()[0].isoformat())
    page.get_by_role("radio", name="Equal instalments, one a month").check()
    page.get_by_label(exactly("Number of instalments")).select_option("3")
    page.get_by_label(exactly("Paid by")).first.select_option(label="Cheque")
    expect(page.get_by_role("region", name="The contract's terms")).to_contain_text(CHARTER)
    story.look_at(page, "08-subscribe")
    # He forgets to accept the terms.
    page.get_by_role("button", name="Check and confirm").click()

    story.sees_the_errors(page, CORRECT_BELOW)
    expect(page.get_by_role("alert")).to_contain_text("Read and accept the contract's terms.")
    terms = page.get_by_label(exactly("I have read the contract's terms and accept them"))
    expect(terms).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_accepted_terms_errors")).to_have_text(
        "Read and accept the contract's terms."
    )
    # What he chose is still chosen.
    expect(page.get_by_role("radio", name=re.compile(rf"^{LARGE}"))).to_be_checked()
    expect(page.get_by_label(exactly("Number of instalments"))).to_have_value("3")
    story.look_at(page, "09-subscribe-refused")
    assert not Subscription.objects.exists()

    terms.check()
    page.get_by_role("button", name="Check and confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and confirm")
    first = thursdays()[0]
    check = page.locator("dl.facts")
    expect(check.locator("dt")).to_have_text(["Share", "First basket", "Total"])
    expect(check.locator("dd")).to_have_text([f"1 × {LARGE}", f"{day(first)} {first.year}", TOTAL])
    plan = page.get_by_role("table", name="The payment plan")
    rows = plan.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.locator("td:last-child")).to_have_text(CHEQUES)
    expect(rows.locator("td:nth-child(2)")).to_have_text(["Cheque"] * 3)
    assert sum(float(amount.split()[0]) for amount in CHEQUES) == pytest.approx(172.00)
    confirm = page.get_by_role("button", name="Confirm my subscription")
    assert_tappable(confirm)
    story.look_at(page, "10-subscribe-check")
    assert not Subscription.objects.exists()  # nothing stored before he confirms
    confirm.click()

    expect(page).to_have_url(re.compile(r"/produce/subscriptions/(\d+)/$"))
    expect(page.get_by_role("status")).to_contain_text("You are subscribed.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Subscription · {TITLE}")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Subscribed")
    expect(facts).to_contain_text(f"1 × {LARGE}")
    expect(facts).to_contain_text(TOTAL)
    payments = page.get_by_role("table", name="The payment plan").locator("tbody tr")
    expect(payments).to_have_count(3)
    expect(payments.locator("td:nth-child(4)")).to_have_text(CHEQUES)
    expect(page.get_by_role("region", name="My baskets").get_by_role("listitem")).to_have_count(8)
    story.look_at(page, "11-subscription")

    subscription = Subscription.objects.get()
    assert subscription.member is not None and subscription.member.email == KARIM
    assert (subscription.status, subscription.total_cents) == ("active", 17200)
    assert subscription.accepted_terms_at is not None
    amounts = list(
        Instalment.objects.filter(subscription=subscription)
        .order_by("position")
        .values_list("amount_cents", "method")
    )
    assert amounts == [(5734, "cheque"), (5733, "cheque"), (5733, "cheque")]
    return subscription


def gives_his_basket_to_mme_petit(story: Story, page: Page, subscription: Subscription) -> None:
    away = thursdays()[1]
    date = ContractDate.objects.get(contract=subscription.contract, date=away)
    page.get_by_role("link", name="I will be away: pass my basket on").click()
    expect(page).to_have_url(story.url + f"/produce/subscriptions/{subscription.pk}/absences/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"My absences · {TITLE}")
    expect(page.get_by_text("After that, you may still use a joker: 3 of 3 left.")).to_be_visible()
    card = page.locator(f"#date-{date.pk}")
    expect(card.get_by_role("heading", level=3)).to_have_text(f"{day(away)} {away.year}")
    expect(card).to_contain_text("You collect your basket.")
    story.look_at(page, "12-absences")

    open_form = card.locator("summary", has_text="Mark an absence…")
    assert_tappable(open_form)
    open_form.click()
    card.get_by_role("radio", name="Given to a neighbour").check()
    card.get_by_label(exactly("The neighbour who takes it")).select_option(label="Mme Petit")
    story.look_at(page, "13-absence-form")
    mark = card.get_by_role("button", name=re.compile(r"^Mark my absence"))
    assert_tappable(mark)
    mark.click()

    expect(page).to_have_url(re.compile(rf"/absences/#date-{date.pk}$"))
    card = page.locator(f"#date-{date.pk}")
    story.is_told(card, "Your absence is marked.")
    expect(card).to_contain_text("Away: your basket goes to Mme Petit.")
    expect(card.get_by_role("link", name="I will be there after all")).to_be_visible()
    # The other dates are his as before.
    expect(page.locator(f"#date-{date.pk} ~ li").first).to_contain_text("You collect your basket.")
    story.look_at(page, "14-absence-marked")

    absence = Absence.objects.get()
    assert (absence.subscription_id, absence.date_id, absence.fate) == (
        subscription.pk,
        date.pk,
        "neighbour",
    )
    assert absence.taken_by is not None and absence.taken_by.email == PETIT
    assert not absence.joker


# --- At the distribution ------------------------------------------------------------------------


def pickup_card(page: Page, name: str) -> Locator:
    pickup = page.get_by_role("region", name="Pick-up list")
    return pickup.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=name, exact=True)
    )


def reads_the_pick_up_list(story: Story, page: Page, contract: Contract) -> None:
    away = thursdays()[1]
    cycle_id = ContractDate.objects.get(contract=contract, date=away).cycle_id
    story.visit(page, f"/produce/cycles/{cycle_id}/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Reports · Distribution of {day(away)}"
    )
    pickup = page.get_by_role("region", name="Pick-up list")
    expect(pickup).to_contain_text("1 contract basket to hand over.")
    petit = pickup_card(page, "Mme Petit")
    expect(petit).to_have_count(1)
    expect(petit.locator(".pickup-baskets li")).to_have_text(
        re.compile(rf"^1 × {LARGE} \({TITLE}\) — for Karim\b")
    )
    # His first cheque, due this month, is not recorded as received yet: said on the line.
    expect(petit).to_contain_text("Karim is late with contract payments")
    # Karim is away: no line of his own that day, his basket only on Mme Petit's.
    expect(pickup_card(page, "Karim")).to_have_count(0)
    expect(pickup.get_by_role("heading", level=3)).to_have_text(["Mme Petit"])
    totals = page.get_by_role("region", name="Totals per producer")
    shares = totals.get_by_role("table", name=f"Contract shares to bring, {FARM}")
    expect(shares.get_by_role("row").filter(has_text=LARGE)).to_contain_text("1")
    assert_tappable(pickup.get_by_role("link", name="PDF, to print — Pick-up list"))
    assert_tappable(pickup.get_by_role("link", name="CSV, for a spreadsheet — Pick-up list"))
    story.look_at(page, "15-pick-up-list")

    reports_page = page.url
    # Not built yet: a page says it is being prepared, then the file comes by itself.
    with page.expect_download(timeout=30_000) as csv_download:
        pickup.get_by_role("link", name="CSV, for a spreadsheet — Pick-up list").click()
        expect(page.get_by_role("status")).to_contain_text("The CSV file is being prepared.")
    download = csv_download.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_bytes().decode("utf-8-sig")
    rows = [line for line in text.splitlines() if line and not line.startswith("Total;")]
    petit_row = next(line for line in rows if line.startswith("Mme Petit;"))
    assert f"1 × {LARGE} ({TITLE}), for Karim, contract payments late" in petit_row
    assert not any(line.startswith("Karim;") for line in rows)

    page.goto(reports_page)
    href = pickup.get_by_role("link", name="PDF, to print — Pick-up list").get_attribute("href")
    assert href is not None
    # The PDF opens in the browser to be printed; it is read as the browser gets it, with
    # Claire's session, once built.
    response = when_built(page, story.url + href)
    assert response.headers["content-type"].startswith("application/pdf")
    printed = pdf_text(response.body())
    assert "Mme Petit" in printed
    assert "for Karim" in printed
