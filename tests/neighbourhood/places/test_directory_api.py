"""The directory in the API: filters, one place with its hours and whether it is open now, a
suggestion and its approval, and bad hours refused in words with nothing written."""

from __future__ import annotations

import datetime

import pytest

from neighbourhood.places.models import Place
from tests.conftest import api_as
from tests.neighbourhood.places.directory import place_with_hours

pytestmark = pytest.mark.django_db

ALL_WEEK = {day: ["00:00-00:00"] for day in range(7)}


def test_the_list_filters_and_orders_by_distance(quartier, alice) -> None:
    place_with_hours(
        quartier, "EPN", ALL_WEEK, services=["online_forms"], latitude=45.78, longitude=4.83
    )
    place_with_hours(
        quartier,
        "Médiathèque",
        {},
        kind="library",
        services=["online_forms"],
        latitude=45.775,
        longitude=4.832,
    )
    url = f"/api/v1/quartiers/{quartier.slug}/places/"
    api = api_as(alice)

    near = api.get(url, {"service": "online_forms", "near": "45.775,4.832"}).json()
    assert [p["name"] for p in near] == ["Médiathèque", "EPN"]
    assert near[0]["distance_km"] == 0.0 and near[1]["open_now"] is True
    open_now = api.get(url, {"open_now": "true"}).json()
    assert [p["name"] for p in open_now] == ["EPN"]
    assert open_now[0]["open_words"] == "Open day and night"
    refused = api.get(url, {"near": "north"})
    assert refused.status_code == 400 and "latitude,longitude" in refused.json()["detail"]


def test_the_list_leaves_meeting_points_out_unless_their_kind_is_asked_for(quartier, alice) -> None:
    place_with_hours(quartier, "EPN", ALL_WEEK, latitude=45.78, longitude=4.83)
    place_with_hours(quartier, "Gare", {}, kind="meeting_point", latitude=45.76, longitude=4.86)
    url = f"/api/v1/quartiers/{quartier.slug}/places/"
    api = api_as(alice)

    assert [p["name"] for p in api.get(url).json()] == ["EPN"]
    assert [p["name"] for p in api.get(url, {"near": "45.76,4.86"}).json()] == ["EPN"]
    assert [p["name"] for p in api.get(url, {"kind": "meeting_point"}).json()] == ["Gare"]


def test_one_place_with_its_week_and_periods(quartier, alice) -> None:
    day = datetime.date.today() + datetime.timedelta(days=30)
    place = place_with_hours(
        quartier, "EPN", {0: ["09:00-12:00", "14:00-18:00"]}, closed=[(day, day, None)]
    )

    answer = api_as(alice).get(f"/api/v1/places/{place.pk}/").json()

    assert answer["hours"] == [
        {"weekday": 0, "opens": "09:00", "closes": "12:00"},
        {"weekday": 0, "opens": "14:00", "closes": "18:00"},
    ]
    assert answer["closed_periods"][0]["starts_on"] == day.isoformat()
    assert isinstance(answer["open_now"], bool)


def test_a_member_suggests_and_a_coordinator_approves(quartier, alice, carol) -> None:
    body = {
        "kind": "epn",
        "name": "EPN Voltaire",
        "services": ["online_forms"],
        "hours": [{"weekday": 0, "opens": "09:00", "closes": "18:00"}],
        "closed_periods": [{"starts_on": "2027-05-01", "ends_on": "2027-05-01"}],
    }

    created = api_as(alice).post(f"/api/v1/quartiers/{quartier.slug}/places/", body, format="json")

    assert created.status_code == 201 and created.json()["status"] == "suggested"
    place_id = created.json()["id"]
    approved = api_as(carol).post(f"/api/v1/places/{place_id}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    again = api_as(carol).post(f"/api/v1/places/{place_id}/decline/")
    assert again.status_code == 400


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            {"hours": [{"weekday": 0, "opens": "25:00", "closes": "12:00"}]},
            "between 00:00 and 23:59",
        ),
        (
            {"hours": [{"weekday": 0, "opens": "09:00", "closes": "09:00"}]},
            "cannot close at the time",
        ),
        (
            {"hours": [{"weekday": 9, "opens": "09:00", "closes": "12:00"}]},
            "less than or equal to 6",
        ),
        (
            {"closed_periods": [{"starts_on": "2027-05-02", "ends_on": "2027-05-01"}]},
            "cannot end before it starts",
        ),
        ({"kind": "castle"}, "Choose a kind"),
        ({"services": ["teleportation"]}, "Choose the services"),
    ],
)
def test_bad_input_is_refused_in_words(quartier, carol, change, words) -> None:
    body = {"kind": "epn", "name": "EPN"} | change

    response = api_as(carol).post(f"/api/v1/quartiers/{quartier.slug}/places/", body, format="json")

    assert response.status_code == 400
    assert words in response.json()["detail"]
    assert not Place.objects.exists()


def test_refusals_are_in_the_users_language(quartier, carol) -> None:
    body = {
        "kind": "epn",
        "name": "EPN",
        "hours": [{"weekday": 0, "opens": "25:00", "closes": "12:00"}],
    }

    response = api_as(carol, "fr").post(
        f"/api/v1/quartiers/{quartier.slug}/places/", body, format="json"
    )

    assert response.status_code == 400
    assert "Tapez une heure" in response.json()["detail"]
