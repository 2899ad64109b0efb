"""The `.ics` feeds, read by `icalendar` and by `vobject`, a second parser with its own reading of
VTIMEZONE and its own expansion of RRULE and EXDATE: a repeating gathering is one VEVENT, its
times carry their timezone, and its dates land right on both sides of a change of clocks."""

from __future__ import annotations

import datetime
import re
from typing import Any

import icalendar
import pytest
import vobject
from django.test import Client
from django.utils import timezone

from exchanges.events import services
from exchanges.events.models import Event, Occurrence, Registration
from exchanges.events.recurrence import next_dates
from exchanges.produce.models import Order, OrderCycle, Volunteer, VolunteerRole
from exchanges.rides import services as rides
from neighbourhood.quartiers.models import Membership
from tests.factories import cycle_fields
from tests.neighbourhood.calendar.conftest import MONTREAL, PARIS, local, register

pytestmark = pytest.mark.django_db


def public_feed(slug: str) -> bytes:
    response = Client().get(f"/calendar/in/{slug}/public.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def private_feed(user) -> bytes:
    token = rides.calendar_feed_for(user=user).token
    response = Client().get(f"/rides/calendar/{token}.ics")
    assert response.status_code == 200
    return response.content


def expanded(body: bytes, start: datetime.datetime, end: datetime.datetime) -> dict[str, list]:
    """Each VEVENT's dates from ``start`` to ``end``, by its summary, as vobject reads them."""
    calendar = vobject.readOne(body.decode())
    found = {}
    for event in calendar.vevent_list:
        found[event.summary.value] = list(event.getrruleset(addRDate=True).between(start, end))
    return found


def test_a_repeating_gathering_is_one_event_with_its_rule_and_dates_off(repair_cafe):
    calendar = icalendar.Calendar.from_ical(public_feed("croix-rousse"))

    [event] = calendar.walk("VEVENT")
    assert event["uid"] == f"event-{repair_cafe.pk}@voisinage"
    assert event["rrule"].to_ical() == b"FREQ=MONTHLY;BYDAY=2SA"
    assert event["dtstart"].params["TZID"] == "Europe/Paris"
    assert event.decoded("dtstart") == local(PARIS, 2026, 1, 10, 14)
    assert event.decoded("dtend") == local(PARIS, 2026, 1, 10, 17)
    exdates: Any = event["exdate"]
    [exdate] = exdates.dts
    assert exdate.dt == local(PARIS, 2026, 8, 8, 14)
    assert exdate.params["TZID"] == "Europe/Paris"
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/Paris"
    assert calendar.get_missing_tzids() == set()
    assert str(calendar["x-wr-timezone"]) == "Europe/Paris"


def test_the_second_saturdays_expand_right_across_the_change_to_summer_time(repair_cafe):
    """vobject builds the timezone from the feed's own VTIMEZONE: 14:00 in Lyon is 13:00 UTC in
    winter and 12:00 UTC in summer; August is skipped."""
    utc = datetime.UTC
    found = expanded(
        public_feed("croix-rousse"),
        datetime.datetime(2026, 1, 1, tzinfo=utc),
        datetime.datetime(2026, 12, 31, tzinfo=utc),
    )
    dates = found["Repair café"]
    assert [moment.date() for moment in dates] == [
        datetime.date(2026, month, day)
        for month, day in [
            (1, 10),
            (2, 14),
            (3, 14),
            (4, 11),
            (5, 9),
            (6, 13),
            (7, 11),
            (9, 12),
            (10, 10),
            (11, 14),
            (12, 12),
        ]
    ]
    assert {moment.astimezone(PARIS).time() for moment in dates} == {datetime.time(14)}
    by_month = {moment.month: moment.astimezone(utc).hour for moment in dates}
    assert by_month[3] == 13  # 14 March: winter time, UTC+1
    assert by_month[4] == 12  # 11 April: summer time, UTC+2
    assert by_month[10] == 12  # 10 October: still summer time
    assert by_month[11] == 13  # 14 November: winter again


def test_a_montreal_evening_stays_at_18_30_when_its_clocks_go_back(code_club, repair_cafe):
    body = public_feed("le-plateau")
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert event["dtstart"].params["TZID"] == "America/Montreal"
    assert "Repair café" not in body.decode()  # the other quartier's

    utc = datetime.UTC
    found = expanded(
        body,
        datetime.datetime(2026, 10, 1, tzinfo=utc),
        datetime.datetime(2026, 11, 30, tzinfo=utc),
    )
    dates = found["Club de code"]
    assert [moment.date() for moment in dates] == [
        datetime.date(2026, 10, 6),
        datetime.date(2026, 10, 13),
        datetime.date(2026, 10, 20),
        datetime.date(2026, 10, 27),
        # 3 November is off.
        datetime.date(2026, 11, 10),
        datetime.date(2026, 11, 17),
        datetime.date(2026, 11, 24),
    ]
    assert {moment.astimezone(MONTREAL).time() for moment in dates} == {datetime.time(18, 30)}
    assert dates[0].astimezone(utc).time() == datetime.time(22, 30)  # EDT, UTC-4
    assert dates[-1].astimezone(utc).time() == datetime.time(23, 30)  # EST, UTC-5


def test_a_rule_with_an_end_writes_it_in_utc_and_stops_there(repair_cafe):
    repair_cafe.repeat_until = timezone.localdate() + datetime.timedelta(days=100)
    repair_cafe.save(update_fields=["repeat_until"])
    body = public_feed("croix-rousse")
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    rule: Any = event["rrule"]
    until = rule["UNTIL"][0]
    assert until.tzinfo is not None and until.utcoffset() == datetime.timedelta(0)
    assert re.search(rb"RRULE:FREQ=MONTHLY;UNTIL=\d{8}T\d{6}Z;BYDAY=2SA", body)
    dates = expanded(
        body,
        datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC),
    )["Repair café"]
    assert max(dates).astimezone(PARIS).date() <= repair_cafe.repeat_until


def test_the_public_feed_holds_only_the_quartier_s_public_scheduled_gatherings(
    quartier, plateau, repair_cafe, code_club, carol
):
    def gathering(title: str, **fields) -> Event:
        start = timezone.now() + datetime.timedelta(days=3)
        return Event.objects.create(
            quartier=quartier,
            organiser=carol,
            title=title,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            **fields,
        )

    gathering("Réunion des coordinateurs", public=False)
    gathering("Café débat annulé", public=True, status=Event.Status.CANCELLED)
    gathering("Carto-party", public=True)
    summaries = {
        str(event["summary"])
        for event in icalendar.Calendar.from_ical(public_feed("croix-rousse")).walk("VEVENT")
    }
    assert summaries == {"Repair café", "Carto-party"}


def test_the_public_feed_of_an_unknown_quartier_is_not_found(db):
    assert Client().get("/calendar/in/nowhere/public.ics").status_code == 404


def test_the_public_feed_speaks_the_quartier_s_language(plateau, code_club):
    calendar = icalendar.Calendar.from_ical(public_feed("le-plateau"))
    assert str(calendar["x-wr-calname"]) == "Le Plateau · Voisinage"


# --- the private feed ---------------------------------------------------------------------------


def test_the_private_feed_holds_each_date_i_registered_for(repair_cafe, alice, bob):
    first, second = next_dates(repair_cafe, timezone.now(), 2)
    register(repair_cafe, alice, first)
    register(repair_cafe, alice, second, status="waiting")
    register(repair_cafe, bob, first)

    body = private_feed(alice)
    events = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}

    assert set(events) == {
        f"event-{repair_cafe.pk}-{first.date:%Y%m%d}@voisinage",
        f"event-{repair_cafe.pk}-{second.date:%Y%m%d}@voisinage",
    }
    registered = events[f"event-{repair_cafe.pk}-{first.date:%Y%m%d}@voisinage"]
    waiting = events[f"event-{repair_cafe.pk}-{second.date:%Y%m%d}@voisinage"]
    assert str(registered["status"]) == "CONFIRMED"
    assert str(waiting["status"]) == "TENTATIVE"
    assert "rrule" not in registered
    assert registered["dtstart"].params["TZID"] == "Europe/Paris"
    assert registered.decoded("dtstart") == first.starts_at
    # The second parser reads the same dates, from the feed's own VTIMEZONE.
    calendar = vobject.readOne(body.decode())
    starts = sorted(event.dtstart.value for event in calendar.vevent_list)
    assert starts == [first.starts_at, second.starts_at]
    assert {start.astimezone(PARIS).time() for start in starts} == {datetime.time(14)}


def test_a_cancelled_gathering_stays_in_the_private_feed_as_cancelled(repair_cafe, alice, bob):
    """Its organiser calls it off (which cancels every registration to come): the dates I was
    registered or waiting for stay in my feed, CANCELLED, so my calendar app takes them off; a
    date I had cancelled myself before does not come back."""
    first, second, third = next_dates(repair_cafe, timezone.now(), 3)
    for when in (first, second, third):
        services.event_register(event=repair_cafe, member=alice, day=when.date)
    [mine] = Registration.objects.filter(member=alice, occurrence__date=third.date)
    services.registration_cancel(registration=mine, actor=alice)
    Event.objects.filter(pk=repair_cafe.pk).update(capacity=1)
    Occurrence.objects.filter(date=second.date).update(capacity=1)
    services.event_register(event=repair_cafe, member=bob, day=second.date)
    assert private_uids(alice) == {uid(repair_cafe, first), uid(repair_cafe, second)}

    services.event_cancel(event=repair_cafe, actor=repair_cafe.organiser)

    events = {
        str(e["uid"]): e for e in icalendar.Calendar.from_ical(private_feed(alice)).walk("VEVENT")
    }
    assert set(events) == {uid(repair_cafe, first), uid(repair_cafe, second)}
    assert {str(e["status"]) for e in events.values()} == {"CANCELLED"}
    assert private_uids(bob) == {uid(repair_cafe, second)}


def uid(event: Event, when) -> str:
    return f"event-{event.pk}-{when.date:%Y%m%d}@voisinage"


def private_uids(user) -> set[str]:
    return {str(e["uid"]) for e in icalendar.Calendar.from_ical(private_feed(user)).walk("VEVENT")}


def test_the_private_feed_holds_my_distributions_and_my_volunteer_roles(quartier, alice, bob):
    ordered = OrderCycle.objects.create(quartier=quartier, **cycle_fields())
    OrderCycle.objects.create(quartier=quartier, **cycle_fields(title="Sans commande"))
    Order.objects.create(cycle=ordered, member=alice)
    role = VolunteerRole.objects.create(cycle=ordered, name="Accueil")
    volunteer = Volunteer.objects.create(role=role, member=alice)
    Volunteer.objects.create(
        role=VolunteerRole.objects.create(cycle=ordered, name="Caisse"), member=bob
    )

    events = {
        str(e["uid"]): e for e in icalendar.Calendar.from_ical(private_feed(alice)).walk("VEVENT")
    }

    assert set(events) == {
        f"distribution-{ordered.pk}@voisinage",
        f"volunteer-{volunteer.pk}@voisinage",
    }
    distribution = events[f"distribution-{ordered.pk}@voisinage"]
    # In the owner's language, French here.
    assert str(distribution["summary"]) == "Distribution : Panier de la semaine"
    assert distribution["dtstart"].params["TZID"] == "Europe/Paris"
    assert distribution.decoded("dtstart") == datetime.datetime.combine(
        ordered.distribution_date, datetime.time(18), tzinfo=PARIS
    )
    assert str(events[f"volunteer-{volunteer.pk}@voisinage"]["summary"]) == (
        "Bénévolat : Accueil, Panier de la semaine"
    )


def test_a_distribution_of_montreal_is_at_montreal_s_hour(plateau, marie):
    cycle = OrderCycle.objects.create(quartier=plateau, **cycle_fields())
    Order.objects.create(cycle=cycle, member=marie)
    body = private_feed(marie)
    [event] = vobject.readOne(body.decode()).vevent_list
    assert event.dtstart.value.astimezone(MONTREAL) == datetime.datetime.combine(
        cycle.distribution_date, datetime.time(18), tzinfo=MONTREAL
    )


def test_a_former_member_s_feed_keeps_nothing_of_the_quartier(quartier, repair_cafe, alice):
    [when] = next_dates(repair_cafe, timezone.now(), 1)
    register(repair_cafe, alice, when)
    cycle = OrderCycle.objects.create(quartier=quartier, **cycle_fields())
    Order.objects.create(cycle=cycle, member=alice)
    Membership.objects.filter(user=alice).update(status=Membership.Status.LEFT)
    assert icalendar.Calendar.from_ical(private_feed(alice)).walk("VEVENT") == []


def test_the_private_feed_needs_its_token(alice):
    rides.calendar_feed_for(user=alice)
    assert Client().get("/rides/calendar/not-the-token.ics").status_code == 404
    assert Client().get("/rides/calendar/.ics").status_code == 404


def test_a_date_taken_off_stays_in_the_private_feed_as_cancelled(repair_cafe, alice, bob):
    """The organiser takes one date off (which cancels its registrations): that date stays in
    the feed of those registered, CANCELLED, so their calendar app takes it off; a date I
    cancelled myself before, then taken off, does not come back."""
    first, second, _third = next_dates(repair_cafe, timezone.now(), 3)
    services.event_register(event=repair_cafe, member=alice, day=first.date)
    services.event_register(event=repair_cafe, member=alice, day=second.date)
    services.event_register(event=repair_cafe, member=bob, day=second.date)
    [bobs] = Registration.objects.filter(member=bob)
    services.registration_cancel(registration=bobs, actor=bob)

    services.exception_add(event=repair_cafe, actor=repair_cafe.organiser, day=second.date)

    events = {
        str(e["uid"]): e for e in icalendar.Calendar.from_ical(private_feed(alice)).walk("VEVENT")
    }
    assert str(events[uid(repair_cafe, first)]["status"]) == "CONFIRMED"
    assert str(events[uid(repair_cafe, second)]["status"]) == "CANCELLED"
    assert private_uids(bob) == set()
