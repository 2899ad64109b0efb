"""Gatherings in the API: the quartier's list by next date, publishing (bad input refused in
words, nothing written), one with its next dates, registering and the waiting list, mine, and
the organiser's attendance list; the lists in fixed queries."""

import datetime

import pytest

from exchanges.events.models import Event, Registration
from tests.conftest import api_as
from tests.exchanges.events.fields import days_ahead, local, next_spring_forward, publish

pytestmark = pytest.mark.django_db

REPEAT_UNTIL_FAR = "The last date comes at most two years after the first one."


def body(**overrides):
    day = days_ahead(10)
    data = {
        "title": "Repair café",
        "address": "Maison des associations, Lyon",
        "starts_at": local(day, 14).isoformat(),
        "ends_at": local(day, 17).isoformat(),
        "repeat": "monthly_weekday",
        "registration": True,
        "capacity": 1,
    }
    data.update(overrides)
    return data


def test_publishing_and_reading_with_its_next_dates(quartier, alice, bob):
    response = api_as(alice).post(
        f"/api/v1/quartiers/{quartier.slug}/events/", body(), format="json"
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["repeat"] == "monthly_weekday" and len(created["dates"]) == 6
    assert created["dates"][0]["places_left"] == 1 and created["dates"][0]["my_status"] is None

    detail = api_as(bob).get(f"/api/v1/events/{created['id']}/").json()
    assert detail["where"] == "Maison des associations, Lyon"
    listed = api_as(bob).get(f"/api/v1/quartiers/{quartier.slug}/events/").json()
    assert [e["id"] for e in listed] == [created["id"]]
    assert listed[0]["next"]["date"] == created["dates"][0]["date"]


@pytest.mark.parametrize(
    ("overrides", "field", "said"),
    [
        ({"capacity": 0}, "capacity", "From 1 to 500 places, or empty for no limit."),
        (
            {"ends_at": local(days_ahead(10), 13).isoformat()},
            "ends_at",
            "A gathering ends after it starts.",
        ),
        ({"place": 2**62}, "place", "Choose one of the quartier's places."),
        ({"organiser": 3}, "organiser", "This cannot be changed."),
        ({"repeat": "daily"}, "repeat", "Choose how often it takes place."),
        ({"repeat_until": "9999-12-31"}, "repeat_until", REPEAT_UNTIL_FAR),
        (
            {
                "starts_at": f"{next_spring_forward().isoformat()}T02:30:00",
                "ends_at": f"{next_spring_forward().isoformat()}T05:00:00",
            },
            "starts_at",
            "This time does not exist that day: the clocks go forward.",
        ),
        (
            {"repeat_until": (days_ahead(10) + datetime.timedelta(days=2 * 366 + 1)).isoformat()},
            "repeat_until",
            REPEAT_UNTIL_FAR,
        ),
    ],
)
def test_bad_input_is_refused_in_words(quartier, alice, overrides, field, said):
    response = api_as(alice).post(
        f"/api/v1/quartiers/{quartier.slug}/events/", body(**overrides), format="json"
    )
    assert response.status_code == 400
    assert said in response.json()["errors"][field]
    assert not Event.objects.exists()


def test_registering_waiting_cancelling_and_the_attendance_list(quartier, alice, bob, carol):
    event = publish(quartier, alice, capacity=1)
    day = event.starts_at.astimezone(quartier.zone).date().isoformat()
    url = f"/api/v1/events/{event.pk}/registrations/"

    first = api_as(bob).post(url, {"date": day}, format="json")
    second = api_as(carol).post(url, {"date": day}, format="json")
    twice = api_as(carol).post(url, {"date": day}, format="json")

    assert first.status_code == 201 and first.json()["status"] == "registered"
    assert second.json()["status"] == "waiting" and second.json()["waiting_rank"] == 1
    assert twice.status_code == 400
    assert twice.json()["detail"] == "You are already on the waiting list for this date."
    mine = api_as(carol).get("/api/v1/me/event-registrations/").json()
    assert [(r["event"], r["status"], r["waiting_rank"]) for r in mine] == [
        (event.pk, "waiting", 1)
    ]
    attendance = api_as(alice).get(f"/api/v1/events/{event.pk}/attendance/?date={day}").json()
    assert [p["person"]["display_name"] for p in attendance["people"]] == ["Bob", "Carol"]
    assert api_as(bob).get(f"/api/v1/events/{event.pk}/attendance/?date={day}").status_code == 403

    cancelled = api_as(bob).post(f"/api/v1/event-registrations/{first.json()['id']}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert Registration.objects.get(member=carol).status == "registered"


def test_a_day_that_is_not_a_date_or_is_past(quartier, alice, bob):
    event = publish(quartier, alice, repeat="weekly")
    day = event.starts_at.astimezone(quartier.zone).date()
    url = f"/api/v1/events/{event.pk}/registrations/"
    wrong = api_as(bob).post(url, {"date": (day + datetime.timedelta(days=2)).isoformat()})
    assert wrong.status_code == 400 and "does not take place" in wrong.json()["detail"]
    bad = api_as(bob).post(url, {"date": "2027-02-30"})
    assert bad.status_code == 400 and "date" in bad.json()["errors"]
    assert not Registration.objects.exists()


def test_the_list_is_read_in_fixed_queries(quartier, alice, django_assert_num_queries):
    for n in range(3):
        publish(quartier, alice, title=f"Atelier {n}", repeat="weekly")
    client = api_as(alice)
    url = f"/api/v1/quartiers/{quartier.slug}/events/"
    # the quartier and membership, the gatherings, their dates off
    with django_assert_num_queries(3):
        assert len(client.get(url).json()) == 3
    for n in range(4):
        publish(quartier, alice, title=f"Autre {n}")
    with django_assert_num_queries(3):
        assert len(client.get(url).json()) == 7


def test_the_organiser_changes_takes_a_date_off_and_a_coordinator_cancels(
    quartier, alice, bob, carol
):
    event = publish(quartier, alice, capacity=2, repeat="weekly")
    day = event.starts_at.astimezone(quartier.zone).date()
    api_as(bob).post(f"/api/v1/events/{event.pk}/registrations/", {"date": day.isoformat()})
    url = f"/api/v1/events/{event.pk}/"

    assert api_as(bob).patch(url, {"capacity": 5}, format="json").status_code == 403
    changed = api_as(alice).patch(url, {"capacity": 5, "title": "Repair café du plateau"})
    assert changed.status_code == 200 and changed.json()["capacity"] == 5
    assert changed.json()["dates"][0]["places_left"] == 4
    off = api_as(alice).post(f"{url}dates-off/", {"date": day.isoformat()})
    assert off.status_code == 200 and off.json()["dates_off"] == [day.isoformat()]
    assert Registration.objects.get(member=bob).status == "cancelled"
    back = api_as(alice).post(f"{url}dates-off/back/", {"date": day.isoformat()})
    assert back.status_code == 200 and back.json()["dates_off"] == []

    assert api_as(bob).post(f"{url}cancel/").status_code == 403
    cancelled = api_as(carol).post(f"{url}cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["dates"] == []
