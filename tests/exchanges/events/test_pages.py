"""The pages of gatherings, without JavaScript: the quartier's list and its queries, the form
with its errors in words, registering and the rank on the waiting list, dates off, the
attendance list."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from exchanges.events import selectors, services
from exchanges.events.models import Event, EventException, Registration
from tests.exchanges.events.fields import days_ahead, local, next_spring_forward, publish
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

REPEAT_UNTIL_FAR = "The last date comes at most two years after the first one."


def client_of(user):
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def form_data(**overrides):
    day = days_ahead(9)
    data = {
        "title": "Café débat",
        "description": "Un sujet, un café.",
        "place": "",
        "address": "Café de la Soie, Lyon",
        "date": day.isoformat(),
        "start_time": "19:00",
        "end_time": "21:00",
        "repeat": "monthly_weekday",
        "interval": "1",
        "repeat_until": "",
        "registration": "on",
        "capacity": "12",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_publishing_from_the_form(quartier, alice):
    response = client_of(alice).post(reverse("events:create", args=[quartier.slug]), form_data())
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.repeat == "monthly_weekday" and event.capacity == 12
    assert event.address == "Café de la Soie, Lyon"
    page = client_of(alice).get(event.get_absolute_url()).content.decode()
    assert "Every" in page and "of the month" in page
    assert "12 places left" in page


@pytest.mark.parametrize(
    ("overrides", "said"),
    [
        ({"end_time": "18:00"}, "A gathering ends after it starts."),
        ({"capacity": "0"}, "From 1 to 500 places, or empty for no limit."),
        ({"date": "2020-01-04"}, "Choose a date to come."),
        ({"start_time": "25:00"}, "Type an hour between 00:00 and 23:59, for example 09:30."),
        ({"end_time": "9h"}, "Type an hour between 00:00 and 23:59, for example 09:30."),
        (
            {"date": next_spring_forward().isoformat(), "start_time": "02:30"},
            "This time does not exist that day: the clocks go forward.",
        ),
        ({"address": ""}, "Say where: choose a place, or type an address."),
        ({"repeat_until": "9999-12-31"}, REPEAT_UNTIL_FAR),
    ],
)
def test_bad_input_comes_back_in_words_and_nothing_is_published(quartier, alice, overrides, said):
    response = client_of(alice).post(
        reverse("events:create", args=[quartier.slug]), form_data(**overrides)
    )
    assert response.status_code == 400
    assert said in response.content.decode()
    assert not Event.objects.exists()


def test_the_list_shows_each_gathering_by_its_next_date_in_fixed_queries(
    quartier, alice, django_assert_num_queries
):
    for n in range(3):
        publish(quartier, alice, title=f"Atelier {n}", repeat="weekly", day=days_ahead(3 + n))
    event = publish(quartier, alice, title="Repair café", repeat="monthly_weekday")
    services.exception_add(event=event, actor=alice, day=event.starts_at.date())
    client = client_of(alice)
    url = reverse("events:list", args=[quartier.slug])
    client.get(url)
    # session, user, quartier and membership, the gatherings, their dates off (the bell's count
    # is kept in the cache since the first page)
    with django_assert_num_queries(5):
        response = client.get(url)
    for n in range(5):
        publish(quartier, alice, title=f"Autre {n}", repeat="weekly")
    with django_assert_num_queries(5):
        response = client.get(url)
    page = response.content.decode()
    assert "Atelier 0" in page and "Repair café" in page and "Every week on" in page


def _register_both(quartier, alice, bob, n):
    event = publish(quartier, alice, title=f"Atelier {n}", capacity=1)
    day = event.starts_at.astimezone(quartier.zone).date()
    services.event_register(event=event, member=alice if n else bob, day=day)
    services.event_register(event=event, member=bob if n else alice, day=day)


def test_my_registrations_in_fixed_queries(quartier, alice, bob, django_assert_num_queries):
    for n in range(3):
        _register_both(quartier, alice, bob, n)
    client = client_of(bob)
    url = reverse("events:mine")
    client.get(url)
    # session, user, my quartiers, the registrations, the ranks; my quartiers, the gatherings I
    # organise (none: no dates off to read); the bell's count is kept since the first page
    with django_assert_num_queries(7):
        page = client.get(url).content.decode()
    assert page.count("On the waiting list: you are number 1") == 2
    for n in range(3, 6):
        _register_both(quartier, alice, bob, n)
    client.get(url)  # bob was told he waits: his bell is counted again, then kept
    with django_assert_num_queries(7):
        page = client.get(url).content.decode()
    assert page.count("On the waiting list: you are number 1") == 5


def test_the_gathering_i_organise_is_listed_behind_a_hundred_sooner_ones(quartier, alice, bob):
    """My page lists what I organise, whatever the number of the quartier's gatherings before
    it."""
    soon = local(days_ahead(3), 10)
    Event.objects.bulk_create(
        Event(
            quartier=quartier,
            organiser=bob,
            title=f"Atelier {n}",
            address="EPN",
            starts_at=soon,
            ends_at=soon + datetime.timedelta(hours=1),
        )
        for n in range(selectors.LIST_LIMIT)
    )
    publish(quartier, alice, title="Repair café de la Croix-Rousse", day=days_ahead(20))

    page = client_of(alice).get(reverse("events:mine")).content.decode()

    assert "Repair café de la Croix-Rousse" in page
    assert [row.event.title for row in selectors.my_organised(user=alice)] == [
        "Repair café de la Croix-Rousse"
    ]


def test_registering_then_waiting_with_a_rank_then_moving_up(quartier, alice):
    event = publish(quartier, alice, capacity=1)
    day = event.starts_at.astimezone(quartier.zone).date()
    bob, claire, dan = (UserFactory.create() for _ in range(3))
    for person in (bob, claire, dan):
        MembershipFactory.create(quartier=quartier, user=person)
    url = reverse("events:register", args=[event.pk])
    for person in (bob, claire, dan):
        client_of(person).post(url, {"date": day.isoformat()})

    page = client_of(dan).get(event.get_absolute_url()).content.decode()
    assert "Full: the waiting list is open" in page
    assert "On the waiting list: you are number 2" in page
    assert "Leave the waiting list" in page

    kept = Registration.objects.get(member=bob)
    cancel = reverse("events:registration_cancel", args=[kept.pk])
    asked = client_of(bob).get(cancel)
    assert asked.status_code == 200 and "Yes, cancel" in asked.content.decode()
    client_of(bob).post(cancel)

    assert Registration.objects.get(member=claire).status == "registered"
    page = client_of(dan).get(event.get_absolute_url()).content.decode()
    assert "On the waiting list: you are number 1" in page


def test_a_day_that_is_not_a_date_is_refused_in_words(quartier, alice, bob):
    event = publish(quartier, alice, repeat="weekly")
    day = event.starts_at.astimezone(quartier.zone).date() + datetime.timedelta(days=1)
    client = client_of(bob)
    response = client.post(
        reverse("events:register", args=[event.pk]), {"date": day.isoformat()}, follow=True
    )
    assert "does not take place on" in response.content.decode()
    assert not Registration.objects.exists()


def test_dates_off_and_back(quartier, alice, bob):
    event = publish(quartier, alice, repeat="weekly")
    day = event.starts_at.astimezone(quartier.zone).date()
    services.event_register(event=event, member=bob, day=day)
    client = client_of(alice)
    url = reverse("events:dates_off", args=[event.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": day.isoformat()})
    assert response.status_code == 302
    assert EventException.objects.filter(event=event, date=day).exists()
    assert Registration.objects.get().status == "cancelled"
    refused = client.post(url, {"date": (day + datetime.timedelta(days=1)).isoformat()})
    assert refused.status_code == 400 and "does not take place" in refused.content.decode()
    client.post(reverse("events:date_back", args=[event.pk]), {"date": day.isoformat()})
    assert not EventException.objects.exists()


def test_the_attendance_list_is_printable(quartier, alice, bob, carol):
    event = publish(quartier, alice, capacity=1)
    day = event.starts_at.astimezone(quartier.zone).date()
    services.event_register(event=event, member=bob, day=day)
    services.event_register(event=event, member=carol, day=day)
    page = client_of(alice).get(reverse("events:attendance", args=[event.pk, day.isoformat()]))
    text = page.content.decode()
    assert "css/attendance.css" in text
    assert text.index("Bob") < text.index("Waiting list") < text.index("Carol")
    assert client_of(alice).get(f"/events/{event.pk}/attendance/not-a-date/").status_code == 404


def test_a_coordinator_cancels_from_the_page(quartier, alice, carol):
    event = publish(quartier, alice)
    client = client_of(carol)
    assert "Cancel the gathering" in client.get(event.get_absolute_url()).content.decode()
    client.post(reverse("events:cancel", args=[event.pk]))
    event.refresh_from_db()
    assert event.is_cancelled


def test_the_quartier_page_links_to_its_gatherings(quartier, alice):
    page = client_of(alice).get(quartier.get_absolute_url()).content.decode()
    assert reverse("events:list", args=[quartier.slug]) in page
