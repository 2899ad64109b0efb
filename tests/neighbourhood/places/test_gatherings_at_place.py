"""A place's page lists the gatherings held there ("Gatherings held here"), through the
registry of `neighbourhood.places.gatherings` the events app fills: each scheduled gathering
by its next date, a weekly one whose first date has passed too, never a cancelled one, and
every time in the quartier's timezone whoever reads it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from exchanges.events import services as events
from exchanges.events.models import Event
from neighbourhood.accounts.models import User
from neighbourhood.places.gatherings import gatherings_at
from neighbourhood.places.models import Place
from tests.exchanges.events.fields import days_ahead, local, publish
from tests.neighbourhood.places.directory import place_with_hours

pytestmark = pytest.mark.django_db


def client_for(user: User, zone: str = "Europe/Paris") -> Client:
    user.language, user.timezone = "en", zone
    user.save(update_fields=["language", "timezone"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def held_here(client: Client, place: Place) -> str:
    page = client.get(place.get_absolute_url())
    assert page.status_code == 200
    found = re.search(r'<section aria-labelledby="gatherings">(.*?)</section>', page.text, re.S)
    return " ".join(found.group(1).split()) if found else ""


def said(moment: datetime.datetime) -> str:
    """As the page says a start: "Tuesday 8 December, 14:00"."""
    return f"{moment:%A} {moment.day} {moment:%B}, {moment:%H:%M}"


@pytest.fixture
def epn(quartier) -> Place:
    return place_with_hours(quartier, "EPN Voltaire", latitude=45.78, longitude=4.83)


def started_weeks_ago(event: Event, weeks: int) -> datetime.datetime:
    """Moves the gathering's first date ``weeks`` back (it was published while still to
    come); its next date is then as many weeks after that first date."""
    first = local(days_ahead(2 - 7 * weeks), 14)
    Event.objects.filter(pk=event.pk).update(
        starts_at=first, ends_at=first + datetime.timedelta(hours=3)
    )
    return first + datetime.timedelta(weeks=weeks)


def test_a_weekly_gathering_whose_first_date_passed_is_listed_by_its_next_date(
    quartier, alice, epn
):
    repair = publish(quartier, alice, title="Repair café", place=epn, repeat="weekly")
    next_date = started_weeks_ago(repair, 3)
    publish(quartier, alice, title="Club robotique")  # elsewhere: not at this place

    listed = held_here(client_for(alice), epn)

    assert "Repair café" in listed
    assert said(next_date) in listed
    assert "Every week on" in listed
    assert "Club robotique" not in listed


def test_a_cancelled_gathering_is_not_listed(quartier, alice, carol, epn):
    debate = publish(quartier, alice, title="Café débat", place=epn)
    assert "Café débat" in held_here(client_for(alice), epn)

    events.event_cancel(event=debate, actor=carol)

    assert held_here(client_for(alice), epn) == ""


def test_times_are_the_quartiers_for_a_reader_elsewhere(quartier, alice, epn):
    day = days_ahead(5)
    publish(quartier, alice, title="Repair café", place=epn, day=day)

    listed = held_here(client_for(alice, zone="Pacific/Noumea"), epn)

    assert said(local(day, 14)) in listed  # 14:00 in Lyon, whatever the hour in Nouméa
    assert "14:00" in listed


def test_the_gatherings_of_a_place_are_read_in_two_queries_however_many(
    quartier, alice, epn, django_assert_num_queries
):
    for n in range(5):
        publish(quartier, alice, title=f"Atelier {n}", place=epn, repeat="weekly")
    epn = Place.objects.select_related("quartier").get(pk=epn.pk)

    with django_assert_num_queries(2):  # the gatherings, their dates off
        found = gatherings_at(epn)

    assert [g.title for g in found] == [f"Atelier {n}" for n in range(5)]
