"""The quartier's calendar page: a week or a month as lists by day, in the quartier's time, for
its members only; and the queries it (and the private feed) takes, whatever the number of items."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from bench import member_calendar
from exchanges.aid.models import Item, Loan
from exchanges.events.models import Event
from exchanges.events.recurrence import next_dates
from exchanges.produce.models import Order, OrderCycle
from neighbourhood.calendar import calendar_for
from neighbourhood.calendar.periods import MONTH, WEEK, period_of
from neighbourhood.calendar.views import period_links
from neighbourhood.quartiers.models import Membership
from tests.factories import cycle_fields
from tests.neighbourhood.calendar.conftest import MONTREAL, register

pytestmark = pytest.mark.django_db


def client_for(user, language: str = "en") -> Client:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def page(user, address: str) -> str:
    response = client_for(user).get(address)
    assert response.status_code == 200
    return response.content.decode()


def day_section(html: str, day: datetime.date) -> str:
    start = html.index(f'<section aria-labelledby="day-{day.isoformat()}">')
    return html[start : html.index("</section>", start)]


# --- who may see it -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "/calendar/in/croix-rousse/",
        "/calendar/in/croix-rousse/week/2026-12-07/",
        "/calendar/in/croix-rousse/month/2026-12/",
    ],
)
def test_the_page_is_not_found_for_anyone_but_a_member(quartier, alice, dave, marie, address):
    assert client_for(alice).get(address).status_code == 200
    assert client_for(dave).get(address).status_code == 404
    assert client_for(marie).get(address).status_code == 404  # a member elsewhere
    assert Client().get(address).status_code == 404
    Membership.objects.filter(user=alice).update(status=Membership.Status.LEFT)
    assert client_for(alice).get(address).status_code == 404


def test_an_unknown_quartier_is_not_found(alice):
    assert client_for(alice).get("/calendar/in/nowhere/").status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "week/2026-13-01/",
        "week/2026-1-5/",
        "week/today/",
        "month/2026-1/",
        "month/2026-12-01/",
        "month/1850-01/",
        "week/9999-12-31/",
    ],
)
def test_a_period_that_is_no_date_is_not_found(alice, address):
    assert client_for(alice).get(f"/calendar/in/croix-rousse/{address}").status_code == 404


# --- the week and the month ---------------------------------------------------------------------


def test_a_week_shows_each_day_under_its_heading_and_marks_my_dates(repair_cafe, alice):
    [when] = next_dates(repair_cafe, timezone.now(), 1)
    register(repair_cafe, alice, when)
    monday = when.date - datetime.timedelta(days=when.date.weekday())

    html = page(alice, f"/calendar/in/croix-rousse/week/{when.date.isoformat()}/")

    headings = re.findall(r'<h3 id="day-([0-9-]+)">', html)
    assert headings == [(monday + datetime.timedelta(days=n)).isoformat() for n in range(7)]
    saturday = day_section(html, when.date)
    assert "Repair café" in saturday
    assert '<time datetime="' in saturday and ">14:00</time>–" in saturday
    assert "You are registered" in saturday
    assert "Nothing planned." in day_section(html, monday)
    # Its neighbours, week before and after, without a script.
    before = (monday - datetime.timedelta(days=7)).isoformat()
    after = (monday + datetime.timedelta(days=7)).isoformat()
    assert f'href="/calendar/in/croix-rousse/week/{before}/" rel="prev"' in html
    assert f'href="/calendar/in/croix-rousse/week/{after}/" rel="next"' in html


def test_a_gathering_over_several_days_is_in_the_week_it_ends_in(quartier, carol, alice):
    """From Saturday to Monday: the week of the Monday shows it, under its Monday, though it
    began the week before."""
    today = timezone.localdate()
    saturday = today + datetime.timedelta(days=14 + (5 - today.weekday()) % 7)
    monday = saturday + datetime.timedelta(days=2)
    starts = datetime.datetime.combine(saturday, datetime.time(10), tzinfo=quartier.zone)
    weekend = Event.objects.create(
        quartier=quartier,
        organiser=carol,
        title="Week-end de l'entraide",
        address="Gymnase",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(days=2, hours=2),
        registration=True,
    )
    [when] = next_dates(weekend, timezone.now(), 1)
    register(weekend, alice, when)

    html = page(alice, f"/calendar/in/croix-rousse/week/{monday.isoformat()}/")

    first_day = day_section(html, monday)
    assert "Week-end de l&#x27;entraide" in first_day
    assert "You are registered" in first_day


def test_a_month_lists_only_its_days_with_something_on(repair_cafe, quartier, alice, bob):
    OrderCycle.objects.create(
        quartier=quartier,
        **cycle_fields(distribution_date=datetime.date(2026, 3, 5), title="Panier de mars"),
    )
    drill = Item.objects.create(
        quartier=quartier, owner=bob, mode="lend", title="Perceuse", category="tools"
    )
    Loan.objects.create(
        item=drill,
        borrower=alice,
        starts_on=datetime.date(2026, 2, 27),
        ends_on=datetime.date(2026, 3, 2),
        status=Loan.Status.ACCEPTED,
    )

    html = page(alice, "/calendar/in/croix-rousse/month/2026-03/")

    assert '<h2 id="period">March 2026</h2>' in html
    days = re.findall(r'<h3 id="day-([0-9-]+)">', html)
    # The loan began in February: it shows on the month's first day.
    assert days == ["2026-03-01", "2026-03-05", "2026-03-14"]
    assert "Borrowed from Bob: Perceuse" in day_section(html, datetime.date(2026, 3, 1))
    assert "From 27 February to 2 March" in html
    assert "Distribution: Panier de mars" in day_section(html, datetime.date(2026, 3, 5))
    assert "Repair café" in day_section(html, datetime.date(2026, 3, 14))
    assert 'href="/calendar/in/croix-rousse/month/2026-02/" rel="prev"' in html
    assert 'href="/calendar/in/croix-rousse/month/2026-04/" rel="next"' in html
    assert 'href="/calendar/in/croix-rousse/week/2026-02-23/"' in html  # the same days by week


@pytest.mark.parametrize(
    ("kind", "shown", "week", "month"),
    [
        # This week began in November, but today (5 December) is this month.
        (WEEK, "2026-12-05", "week/2026-11-30/", "month/2026-12/"),
        # Another week: the month holding most of its days (its Thursday's).
        (WEEK, "2026-10-30", "week/2026-10-26/", "month/2026-10/"),
        (WEEK, "2026-12-29", "week/2026-12-28/", "month/2026-12/"),
        # This month leads to this week; another month to its first week.
        (MONTH, "2026-12-05", "week/2026-11-30/", "month/2026-12/"),
        (MONTH, "2027-02-10", "week/2027-02-01/", "month/2027-02/"),
    ],
)
def test_the_other_view_of_the_same_days_holds_today_when_it_can(kind, shown, week, month):
    today = datetime.date(2026, 12, 5)
    period = period_of(kind, datetime.date.fromisoformat(shown))
    links = period_links(period, today, "croix-rousse")
    assert links["week"] == f"/calendar/in/croix-rousse/{week}"
    assert links["month"] == f"/calendar/in/croix-rousse/{month}"


def test_an_empty_month_says_so(alice):
    html = page(alice, "/calendar/in/croix-rousse/month/2031-02/")
    assert "Nothing planned this month." in html


def test_times_are_the_quartier_s_whoever_looks(code_club, marie):
    marie.timezone = "Europe/Paris"
    marie.save(update_fields=["timezone"])
    html = page(marie, "/calendar/in/le-plateau/week/2026-11-10/")
    tuesday = day_section(html, datetime.date(2026, 11, 10))
    assert ">18:30</time>–" in tuesday
    assert "(America/Montreal)" in html
    # A Montreal Tuesday evening is already Wednesday in Paris: it stays on its Tuesday.
    assert "Club de code" not in day_section(html, datetime.date(2026, 11, 11))


def test_the_page_tells_how_to_add_the_calendars_to_a_calendar_app(quartier, alice):
    html = page(alice, "/calendar/in/croix-rousse/")
    token = alice.ride_calendar.token
    assert f'href="webcal://testserver/rides/calendar/{token}.ics"' in html
    assert f'value="http://testserver/rides/calendar/{token}.ics"' in html
    assert 'href="webcal://testserver/calendar/in/croix-rousse/public.ics"' in html
    assert 'href="/calendar/in/croix-rousse/news.atom"' in html
    assert '<h2 id="subscribe">Add this calendar to my calendar app</h2>' in html


def test_the_quartier_page_leads_to_the_calendar_and_announces_its_feeds(quartier, alice, dave):
    html = client_for(alice).get("/quartiers/croix-rousse/").content.decode()
    assert 'href="/calendar/in/croix-rousse/"' in html
    for visitor in (Client(), client_for(dave)):
        html = visitor.get("/quartiers/croix-rousse/").content.decode()
        head = html[: html.index("</head>")]
        assert (
            '<link rel="alternate" type="application/atom+xml" '
            'href="/calendar/in/croix-rousse/news.atom"' in head
        )
        assert 'type="text/calendar" href="/calendar/in/croix-rousse/public.ics"' in head


def test_the_page_speaks_french(repair_cafe, alice):
    html = (
        client_for(alice, language="fr")
        .get("/calendar/in/croix-rousse/month/2026-03/")
        .content.decode()
    )
    assert "Agenda de Croix-Rousse" in html
    assert "mars 2026" in html
    assert "samedi 14 mars" in html
    # Words for people new to computers: what it does, then what it needs.
    assert (
        'href="/calendar/in/croix-rousse/news.atom">Suivre les nouvelles du quartier (pour une '
        "application de lecture de flux)</a>" in html
    )


def test_a_cancelled_gathering_leaves_the_page(repair_cafe, alice):
    Event.objects.filter(pk=repair_cafe.pk).update(status=Event.Status.CANCELLED)
    assert "Repair café" not in page(alice, "/calendar/in/croix-rousse/month/2026-03/")


# --- queries, whatever the number of items ------------------------------------------------------


def busy_member(per_kind: int, slug: str):
    """A member with ``per_kind`` items of each of the five kinds, all in the coming weeks."""
    return member_calendar.populate(per_kind=per_kind, spacing_days=0, slug=slug)


def month_address(quartier) -> str:
    tomorrow = timezone.localdate(timezone=quartier.zone) + datetime.timedelta(days=1)
    return f"/calendar/in/{quartier.slug}/month/{tomorrow:%Y-%m}/"


# The session and its user (2), the membership (1), the sections: gatherings with their dates
# off and my registrations (3), distributions and my roles (2), the contract baskets I collect
# (my subscriptions, their dates, my absences, the baskets passed on to me: 4), my rides and
# their weekly departures, trips and seats (4), my loans (1); the private feed's address (1),
# the consultations' votes opening or closing (1). The menu's unread count is kept in the cache
# since the first page.
PAGE_QUERIES = 19
# Per section, each keeping my quartiers in its own query: my registrations (1), my
# distributions and my roles (2), the contract baskets I collect (my quartiers, then 4), my
# rides, their weekly departures, trips and seats (4), my loans (1), the votes of my quartiers'
# consultations opening or closing (1).
FEED_QUERIES = 14


def test_the_page_takes_the_same_queries_for_5_items_and_for_200(django_assert_num_queries):
    for per_kind in (1, 40):
        quartier, member = busy_member(per_kind, f"busy-{per_kind}")
        client = client_for(member)
        client.get(month_address(quartier))  # the feed's address is made once, the bell counted
        with django_assert_num_queries(PAGE_QUERIES):
            html = client.get(month_address(quartier)).content.decode()
        assert html.count('<li class="card">') == 5 * per_kind


def test_the_private_feed_takes_the_same_queries_for_5_items_and_for_200(
    django_assert_num_queries,
):
    for per_kind in (1, 40):
        _quartier, member = busy_member(per_kind, f"busy-{per_kind}")
        with timezone.override(MONTREAL), django_assert_num_queries(FEED_QUERIES):
            body = calendar_for(user=member)
        assert body.count(b"BEGIN:VEVENT") == 5 * per_kind


def test_the_bench_and_its_floor_read_the_same_rows(monkeypatch):
    monkeypatch.setattr(member_calendar, "PER_KIND", 6)
    monkeypatch.setattr(member_calendar, "SPACING_DAYS", 50)
    monkeypatch.setattr(member_calendar, "REPEAT", 2)
    rows = member_calendar.run()  # asserts that the feed and the floor count the same items
    assert len(rows) == 4
    assert rows[1].queries == rows[3].queries == 1


def test_the_distribution_i_ordered_for_is_marked(quartier, alice):
    cycle = OrderCycle.objects.create(quartier=quartier, **cycle_fields())
    Order.objects.create(cycle=cycle, member=alice)
    html = page(alice, f"/calendar/in/croix-rousse/week/{cycle.distribution_date.isoformat()}/")
    section = day_section(html, cycle.distribution_date)
    assert "You have an order to pick up" in section
    assert ">18:00</time>–<time" in section
