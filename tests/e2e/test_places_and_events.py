"""The quartier's places, its repair café and its calendar, on a small phone.

Everyone in La Guillotière reads the site in English, as in the other stories. Claire, a
coordinator, adds the EPN to the directory through the form: help with online forms, free
computer access, step-free access, open Monday to Friday 9:00–12:00 and 14:00–18:00 and on
Saturday morning. She first types 25:00 for an hour (as a browser without a time picker lets
one type it): it is refused in words, and nothing is saved.

The live server reads the real clock (the project reads ``timezone.now()`` everywhere, and the
database's own clock too), so rather than stop it the story gives the EPN an open day on the day
it runs, in the quartier's time: that day is 00:00–00:00 (and the next one too after 23:00),
the rest of the week is the EPN's usual week. So the EPN is open whenever the story runs.

Amélie looks for "help with an online form, open now" in the directory and finds the EPN, open
until midnight (or a later day). Bernard runs the repair café there every second Saturday of
the month, 12 places: the next date is full, so Amélie joins its waiting list (number 1) and
registers for the following one. When one of the twelve cancels, Amélie is moved up and told.
She opens the quartier's calendar, finds the repair café's date in the month, and adds the
calendars to her calendar app: the public ``.ics`` and her private one, fetched with the page's
own cookies, parse with ``icalendar``; the public one holds the repair café once, as a monthly
RRULE on the second Saturday, in the quartier's timezone.

Each page on the way is photographed at 360 px wide under test-artifacts/ and, with JavaScript
on, audited with axe-core (no serious or critical violation) and checked for sideways scrolling.
The story runs twice: with JavaScript, and without it, to prove nothing depends on a script.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import icalendar
import pytest
from django.db import connections
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Locator, Page, expect

from exchanges.events import services as events
from exchanges.events.models import Event, Registration
from exchanges.events.recurrence import When, next_dates
from messaging.models import Notification
from neighbourhood.accounts.models import User
from neighbourhood.places.models import Place
from neighbourhood.quartiers.models import Membership, Quartier
from tests.e2e.story import Story, exactly, logs_in
from tests.factories import MembershipFactory, QuartierFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = "places-events"

QUARTIER_NAME = "La Guillotière"
QUARTIER_SLUG = "la-guillotiere"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
CLAIRE = ("claire@example.org", "Claire")
AMELIE = ("amelie@example.org", "Amélie")
BERNARD = ("bernard@example.org", "Bernard")
CAPACITY = 12

EPN = "EPN de la Guillotière"
EPN_DESCRIPTION = "Des ordinateurs en libre accès et une médiatrice pour les démarches en ligne."
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# The EPN's usual week: Monday to Friday with a lunch break, Saturday morning.
USUAL_WEEK = {day: [("09:00", "12:00"), ("14:00", "18:00")] for day in range(5)} | {
    5: [("09:00", "12:00")]
}
ALL_DAY = [("00:00", "00:00")]
REPAIR_CAFE = "Repair café"

PLACE_PAGE = re.compile(r"/places/(\d+)/$")
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


def the_week_of_the_story() -> dict[int, list[tuple[str, str]]]:
    """The EPN's usual week, but open all day on the day the story runs in the quartier's time
    (and the next day too late in the evening, so that midnight never comes mid-story)."""
    local = timezone.now().astimezone(PARIS)
    open_days = {local.weekday()}
    if local.hour >= 23:
        open_days.add((local.weekday() + 1) % 7)
    return USUAL_WEEK | dict.fromkeys(open_days, ALL_DAY)


def hours_in_words(week: dict[int, list[tuple[str, str]]]) -> list[str]:
    """Each day's hours as the place's page writes them."""
    return [
        "All day"
        if week.get(day) == ALL_DAY
        else ", ".join(f"{opens}–{closes}" for opens, closes in week.get(day, [])) or "Closed"
        for day in range(7)
    ]


def second_saturday_after(day: datetime.date) -> datetime.date:
    """The first second Saturday of a month after ``day``."""
    month = day.replace(day=1)
    while True:
        first_saturday = month + datetime.timedelta(days=(5 - month.weekday()) % 7)
        second = first_saturday + datetime.timedelta(days=7)
        if second > day:
            return second
        month = (month + datetime.timedelta(days=32)).replace(day=1)


@pytest.fixture
def la_guillotiere(transactional_db) -> Quartier:
    quartier = QuartierFactory.create(
        name=QUARTIER_NAME, slug=QUARTIER_SLUG, timezone="Europe/Paris"
    )
    for (email, name), role in (
        (CLAIRE, Membership.Role.COORDINATOR),
        (AMELIE, Membership.Role.MEMBER),
        (BERNARD, Membership.Role.MEMBER),
    ):
        user = UserFactory.create(email=email, display_name=name, language="en")
        MembershipFactory.create(quartier=quartier, user=user, role=role)
    return quartier


def test_the_epn_the_repair_cafe_and_the_calendar(story: Story, new_phone, la_guillotiere) -> None:
    claire = new_phone(javascript=story.javascript).new_page()
    logs_in(story, claire, CLAIRE[0])
    epn_id = adds_the_epn(story, claire)

    repair = beside_the_browser(lambda: bernard_runs_the_repair_cafe_at_the_epn(epn_id))
    full, following = next_dates(repair, timezone.now(), 2)
    beside_the_browser(lambda: twelve_fill_its_next_date(la_guillotiere, repair, full))

    amelie = new_phone(javascript=story.javascript).new_page()
    logs_in(story, amelie, AMELIE[0])
    finds_help_with_an_online_form_open_now(story, amelie, epn_id)
    registers_for_the_repair_cafe(story, amelie, repair, full, following)
    is_moved_up_when_someone_cancels(story, amelie, repair, full)
    finds_it_in_the_calendar_and_subscribes(story, amelie, repair, full, following)


def day_hours(page: Page, weekday: int) -> Locator:
    return page.get_by_role("group", name=DAYS[weekday], exact=True)


def fills_the_week(page: Page, week: dict[int, list[tuple[str, str]]]) -> None:
    labels = [("Opens", "Closes"), ("Opens again (optional)", "Closes again")]
    for weekday in range(7):
        group = day_hours(page, weekday)
        for n, (opens_label, closes_label) in enumerate(labels):
            opens, closes = week[weekday][n] if n < len(week.get(weekday, [])) else ("", "")
            group.get_by_label(opens_label, exact=True).fill(opens)
            group.get_by_label(closes_label, exact=True).fill(closes)


def adds_the_epn(story: Story, page: Page) -> int:
    story.visit(page, f"/quartiers/{QUARTIER_SLUG}/")
    page.get_by_role("region", name="Places of the quartier").get_by_role(
        "link", name="The places directory"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Places of {QUARTIER_NAME}")
    expect(page.get_by_role("heading", name="0 places")).to_be_visible()
    page.get_by_role("link", name="Add a place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a place")
    story.look_at(page, "01-place-form")

    page.get_by_label(exactly("Kind of place")).select_option(label="EPN / digital help point")
    page.get_by_label(exactly("Name")).fill(EPN)
    page.get_by_label(exactly("Description")).fill(EPN_DESCRIPTION)
    services = page.get_by_role("group", name=exactly("Services offered"))
    services.get_by_label("Help with online forms").check()
    services.get_by_label("Free computer access").check()
    page.get_by_label("Step-free access").check()
    fills_the_week(page, USUAL_WEEK)
    # 25:00 by mistake on Monday morning. A phone's time picker cannot type it; a browser
    # without one shows a plain text field, which can.
    monday_opens = day_hours(page, 0).get_by_label("Opens", exact=True)
    monday_opens.evaluate("input => { input.type = 'text'; }")
    monday_opens.fill("25:00")
    page.get_by_role("button", name="Add the place").click()

    story.sees_the_errors(page)
    expect(page.get_by_role("alert")).to_contain_text(
        "Type an hour between 00:00 and 23:59, for example 09:30."
    )
    monday_opens = day_hours(page, 0).get_by_label("Opens", exact=True)
    expect(monday_opens).to_have_attribute("aria-invalid", "true")
    # What she typed elsewhere is kept.
    expect(page.get_by_label(exactly("Name"))).to_have_value(EPN)
    expect(day_hours(page, 0).get_by_label("Closes again", exact=True)).to_have_value("18:00")
    story.look_at(page, "02-place-form-25h")
    assert not Place.objects.exists()

    fills_the_week(page, the_week_of_the_story())
    page.get_by_role("button", name="Add the place").click()

    expect(page).to_have_url(PLACE_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text(EPN)
    expect(page.get_by_role("status")).to_contain_text("The place is in the directory.")
    expect(page.locator("p.state")).to_contain_text("Open until")
    hours = page.get_by_role("table", name="Opening hours, day by day")
    for weekday, said in enumerate(hours_in_words(the_week_of_the_story())):
        row = hours.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=DAYS[weekday], exact=True)
        )
        expect(row.get_by_role("cell")).to_have_text(said)
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Help with online forms")
    expect(facts).to_contain_text("Step-free access")
    story.look_at(page, "03-place-added")

    found = PLACE_PAGE.search(page.url)
    assert found
    place = Place.objects.get(pk=int(found.group(1)))
    assert (place.kind, place.status, place.step_free) == ("epn", "approved", True)
    assert sorted(place.services) == ["free_computers", "online_forms"]
    week = the_week_of_the_story()
    assert sorted(
        (row.weekday, row.opens.strftime("%H:%M"), row.closes.strftime("%H:%M"))
        for row in place.hours.all()
    ) == sorted((day, opens, closes) for day, rows in week.items() for opens, closes in rows)
    return place.pk


def bernard_runs_the_repair_cafe_at_the_epn(epn_id: int) -> Event:
    """Published through the services: the gathering's form is another story's."""
    today = timezone.now().astimezone(PARIS).date()
    saturday = second_saturday_after(today + datetime.timedelta(days=1))
    epn = Place.objects.select_related("quartier").get(pk=epn_id)
    return events.event_create(
        quartier=epn.quartier,
        organiser=User.objects.get(email=BERNARD[0]),
        title=REPAIR_CAFE,
        description="Apportez ce qui est cassé : des bénévoles réparent avec vous.",
        place=epn,
        starts_at=datetime.datetime.combine(saturday, datetime.time(14), tzinfo=PARIS),
        ends_at=datetime.datetime.combine(saturday, datetime.time(17), tzinfo=PARIS),
        repeat=Event.Repeat.MONTHLY_BY_WEEKDAY,
        registration=True,
        capacity=CAPACITY,
        public=True,
    )


def twelve_fill_its_next_date(quartier: Quartier, repair: Event, when: When) -> None:
    for n in range(CAPACITY):
        neighbour = UserFactory.create(display_name=f"Voisin {n + 1}")
        MembershipFactory.create(quartier=quartier, user=neighbour)
        events.event_register(event=repair, member=neighbour, day=when.date)


def finds_help_with_an_online_form_open_now(story: Story, page: Page, epn_id: int) -> None:
    story.visit(page, f"/quartiers/{QUARTIER_SLUG}/")
    page.get_by_role("region", name="Places of the quartier").get_by_role(
        "link", name="The places directory"
    ).click()
    search = page.get_by_role("form", name="Find a place")
    search.get_by_label(exactly("Service offered")).select_option(label="Help with online forms")
    search.get_by_label("Open now").check()
    search.get_by_role("button", name="Show").click()

    results = page.get_by_role("region", name="1 place")
    card = results.get_by_role("listitem").filter(has=page.get_by_role("link", name=EPN))
    expect(card).to_contain_text("EPN / digital help point")
    expect(card).to_contain_text(re.compile(r"Open until (midnight|\w+ at 00:00)"))
    expect(card).to_contain_text("Help with online forms")
    expect(card).to_contain_text("Step-free access")
    expect(search.get_by_label("Open now")).to_be_checked()
    story.look_at(page, "04-directory-open-now")

    card.get_by_role("link", name=EPN).click()
    expect(page).to_have_url(story.url + f"/places/{epn_id}/")
    gatherings = page.get_by_role("region", name="Gatherings held here")
    expect(gatherings.get_by_role("link", name=REPAIR_CAFE)).to_be_visible()
    story.look_at(page, "05-place-seen-by-amelie")


def date_card(page: Page, when: When) -> Locator:
    return page.locator(f"#date-{when.date.isoformat()}")


def registers_for_the_repair_cafe(
    story: Story, page: Page, repair: Event, full: When, following: When
) -> None:
    page.get_by_role("region", name="Gatherings held here").get_by_role(
        "link", name=REPAIR_CAFE
    ).click()
    expect(page).to_have_url(story.url + f"/events/{repair.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(REPAIR_CAFE)
    expect(page.locator("dl.facts")).to_contain_text(EPN)
    expect(page.locator("dl.facts")).to_contain_text("12 places each date")
    expect(date_card(page, full)).to_contain_text("Full: the waiting list is open")
    expect(date_card(page, following)).to_contain_text("12 places left")
    story.look_at(page, "06-repair-cafe")

    day, month = full.date.day, date_format(full.date, "F")
    date_card(page, full).get_by_role(
        "button", name=f"Join the waiting list for {day} {month}"
    ).click()
    expect(page).to_have_url(story.url + f"/events/{repair.pk}/")
    expect(page.get_by_role("status")).to_contain_text("is full: you are on the waiting list.")
    expect(date_card(page, full)).to_contain_text("On the waiting list: you are number 1")
    story.look_at(page, "07-repair-cafe-waiting")

    day, month = following.date.day, date_format(following.date, "F")
    date_card(page, following).get_by_role("button", name=f"Register for {day} {month}").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"You are registered for {date_format(following.date, 'l j F')}. See you there!"
    )
    expect(date_card(page, following)).to_contain_text("You are registered")
    expect(date_card(page, following)).to_contain_text("11 places left")
    story.look_at(page, "08-repair-cafe-registered")

    amelie = User.objects.get(email=AMELIE[0])
    assert sorted(
        Registration.objects.filter(member=amelie).values_list("occurrence__date", "status")
    ) == [(full.date, "waiting"), (following.date, "registered")]


def is_moved_up_when_someone_cancels(story: Story, page: Page, repair: Event, full: When) -> None:
    # One of the twelve cannot come after all.
    first = (
        Registration.objects.filter(occurrence__event=repair, occurrence__date=full.date)
        .exclude(member__email=AMELIE[0])
        .order_by("created_at")
        .first()
    )
    assert first is not None
    beside_the_browser(lambda: events.registration_cancel(registration=first, actor=first.member))

    page.reload()
    expect(date_card(page, full)).to_contain_text("You are registered")
    expect(date_card(page, full)).not_to_contain_text("you are number")
    amelie = User.objects.get(email=AMELIE[0])
    told = Notification.objects.get(user=amelie, kind="event_moved_up")
    assert told.url == f"/events/{repair.pk}/#date-{full.date.isoformat()}"
    story.visit(page, "/notifications/")
    expect(page.get_by_role("main")).to_contain_text(told.title)
    story.look_at(page, "09-moved-up-told")
    occurrence = first.occurrence
    occurrence.refresh_from_db()
    assert occurrence.taken == CAPACITY


def finds_it_in_the_calendar_and_subscribes(
    story: Story, page: Page, repair: Event, full: When, following: When
) -> None:
    story.visit(page, f"/quartiers/{QUARTIER_SLUG}/")
    page.get_by_role("navigation", name="In this quartier").get_by_role(
        "link", name="The calendar"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Calendar of {QUARTIER_NAME}")
    story.look_at(page, "10-calendar-week")
    page.get_by_role("navigation", name="Week or month").get_by_role(
        "link", name="By month"
    ).click()
    today = timezone.now().astimezone(PARIS).date()
    if (full.date.year, full.date.month) != (today.year, today.month):
        page.get_by_role("navigation", name="Other months").get_by_role(
            "link", name="Next month"
        ).click()
    expect(page.get_by_role("heading", level=2, name=date_format(full.date, "F Y"))).to_be_visible()
    day = page.get_by_role("region", name=date_format(full.date, "l j F"))
    expect(day.get_by_role("link", name=REPAIR_CAFE)).to_be_visible()
    expect(day).to_contain_text("14:00–17:00")
    expect(day).to_contain_text(EPN)
    story.look_at(page, "11-calendar-month")

    subscribe = page.get_by_role("region", name="Add this calendar to my calendar app")
    public = reads_the_feed(
        page, subscribe.get_by_role("link", name="Add the public calendar to my calendar app")
    )
    [gathering] = [c for c in public.walk("VEVENT") if str(c["SUMMARY"]) == REPAIR_CAFE]
    assert gathering["UID"] == f"event-{repair.pk}@voisinage"
    rule = gathering.decoded("RRULE")  # a vRecur: the rule's parts, each a list
    assert (rule["FREQ"], rule["BYDAY"]) == (["MONTHLY"], ["2SA"])
    assert gathering["DTSTART"].params["TZID"] == "Europe/Paris"
    assert gathering.decoded("DTSTART") == full.starts_at
    assert [tz["TZID"] for tz in public.walk("VTIMEZONE")] == ["Europe/Paris"]

    private = reads_the_feed(
        page, subscribe.get_by_role("link", name="Add my calendar to my calendar app")
    )
    mine = {str(c["UID"]): c for c in private.walk("VEVENT")}
    for when in (full, following):
        entry = mine[f"event-{repair.pk}-{when.date:%Y%m%d}@voisinage"]
        assert str(entry["SUMMARY"]).startswith(REPAIR_CAFE)
        assert entry.decoded("DTSTART") == when.starts_at
        assert str(entry.get("STATUS", "CONFIRMED")) == "CONFIRMED"


def reads_the_feed(page: Page, link: Locator) -> icalendar.Calendar:
    """What a calendar app reads at the link's ``webcal://`` address: the same address over
    HTTP, fetched with the page's own request context."""
    address = link.get_attribute("href")
    assert address and address.startswith("webcal://"), address
    response = page.request.get("http://" + address.removeprefix("webcal://"))
    assert response.ok, response.status
    assert response.headers["content-type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.body())
