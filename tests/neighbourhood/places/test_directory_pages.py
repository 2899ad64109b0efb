"""The directory's pages without JavaScript: its filters (kind, service, open now, near a
point) and their query count, a place's page, the form with its week of hours and closed
periods, bad input refused in words with a 400, and the coordinators' queue."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from neighbourhood.accounts.models import User
from neighbourhood.places.models import Place
from tests.factories import chosen_place
from tests.neighbourhood.places.directory import place_with_hours

pytestmark = pytest.mark.django_db

ALL_WEEK = {day: ["00:00-00:00"] for day in range(7)}


def client_for(user: User) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def places(quartier) -> dict[str, Place]:
    return {
        "epn": place_with_hours(
            quartier,
            "EPN Voltaire",
            ALL_WEEK,
            services=["online_forms", "free_computers"],
            latitude=45.7800,
            longitude=4.8300,
            step_free=True,
        ),
        "library": place_with_hours(
            quartier,
            "Médiathèque",
            {},
            kind="library",
            services=["online_forms", "wifi"],
            latitude=45.7750,
            longitude=4.8320,
        ),
        "fablab": place_with_hours(
            quartier, "Fablab", ALL_WEEK, kind="fablab", services=["repairs"]
        ),
        "suggested": place_with_hours(
            quartier, "Café suggéré", ALL_WEEK, status=Place.Status.SUGGESTED
        ),
    }


def names(page: str, places: dict[str, Place]) -> set[str]:
    return {key for key, place in places.items() if f">{place.name}</a>" in page}


def test_the_directory_filters_by_kind_service_open_now(quartier, alice, places) -> None:
    client = client_for(alice)
    url = reverse("places:directory", args=[quartier.slug])

    def shown(**query: Any) -> set[str]:
        response = client.get(url, query)
        assert response.status_code == 200
        return names(response.content.decode(), places)

    assert shown() == {"epn", "library", "fablab"}
    assert shown(kind="fablab") == {"fablab"}
    assert shown(service="online_forms") == {"epn", "library"}
    assert shown(service="online_forms", open_now="on") == {"epn"}
    page = client.get(url, {"service": "online_forms", "open_now": "on"}).content.decode()
    assert "Open day and night" in page and "Step-free access" in page


def test_meeting_points_are_listed_only_when_their_kind_is_asked_for(
    quartier, alice, places
) -> None:
    """The rides' meeting points have no hours: the directory leaves them out, but the rides'
    meeting points page links to the directory filtered by their kind, which lists them."""
    places["station"] = place_with_hours(
        quartier, "Gare", {}, kind="meeting_point", latitude=45.76, longitude=4.86
    )
    client = client_for(alice)
    url = reverse("places:directory", args=[quartier.slug])

    assert names(client.get(url).content.decode(), places) == {"epn", "library", "fablab"}
    assert names(client.get(url, {"service": ""}).content.decode(), places) == {
        "epn",
        "library",
        "fablab",
    }
    asked = client.get(url, {"kind": "meeting_point"}).content.decode()
    assert names(asked, places) == {"station"}


def test_near_an_address_the_nearest_come_first_with_their_distance(
    quartier, alice, places
) -> None:
    url = reverse("places:directory", args=[quartier.slug])
    near = chosen_place("near", (45.7751, 4.8321), "Rue d'Austerlitz")

    page = client_for(alice).get(url, near).content.decode()

    order = [page.index(f">{name}</a>") for name in ("Médiathèque", "EPN Voltaire", "Fablab")]
    assert order == sorted(order)
    assert "0.0 km away" in page and "0.6 km away" in page


def test_an_unknown_kind_is_refused_in_words(quartier, alice, places) -> None:
    url = reverse("places:directory", args=[quartier.slug])

    response = client_for(alice).get(url, {"kind": "castle"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_directory_costs_the_same_queries_for_many_places(
    quartier, alice, django_assert_num_queries
) -> None:
    client = client_for(alice)
    url = reverse("places:directory", args=[quartier.slug])
    query = {"service": "online_forms", "open_now": "on"} | chosen_place(
        "near", (45.775, 4.832), "Rue d'Austerlitz"
    )
    place_with_hours(quartier, "EPN 0", ALL_WEEK, services=["online_forms"])
    client.get(url, query)  # warms the session, the content types and the bell's count
    with django_assert_num_queries(QUERIES_DIRECTORY) as few:
        client.get(url, query)
    for number in range(1, 10):
        place_with_hours(
            quartier,
            f"EPN {number}",
            ALL_WEEK,
            services=["online_forms"],
            closed=[(datetime.date(2020, 1, 1), datetime.date(2020, 1, 2), None)],
        )
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url, query).status_code == 200


# The session and the user, the membership with its quartier, the places (filtered and ordered in
# one query), their hours, their closed periods (the bell's unread count is kept in the cache
# since the first page).
QUERIES_DIRECTORY = 6


def week_data(rows: dict[int, tuple[str, ...]] | None = None) -> dict[str, str]:
    data = {
        "hours-TOTAL_FORMS": "7",
        "hours-INITIAL_FORMS": "7",
        "hours-MIN_NUM_FORMS": "7",
        "hours-MAX_NUM_FORMS": "7",
        "closed-TOTAL_FORMS": "1",
        "closed-INITIAL_FORMS": "0",
        "closed-MIN_NUM_FORMS": "0",
        "closed-MAX_NUM_FORMS": "30",
    }
    for day in range(7):
        data[f"hours-{day}-weekday"] = str(day)
        for n, value in enumerate((rows or {}).get(day, ()), start=0):
            name = ("opens_1", "closes_1", "opens_2", "closes_2")[n]
            data[f"hours-{day}-{name}"] = value
    return data


def test_a_coordinator_adds_the_epn_with_its_hours_and_a_holiday(quartier, carol) -> None:
    client = client_for(carol)
    url = reverse("places:create", args=[quartier.slug])
    assert client.get(url).status_code == 200
    data = {
        "kind": "epn",
        "name": "EPN Voltaire",
        "services": ["online_forms", "wifi"],
        "step_free": "on",
        "phone": "04 72 00 00 00",
        **week_data({d: ("09:00", "12:00", "14:00", "18:00") for d in range(5)}),
        "closed-0-starts_on": "2027-05-01",
        "closed-0-label": "Fête du travail",
    }

    response = client.post(url, data)

    place = Place.objects.get(name="EPN Voltaire")
    assert response.status_code == 302 and response["Location"] == place.get_absolute_url()
    assert place.status == Place.Status.APPROVED and place.hours.count() == 10
    assert place.closed_periods.get().ends_on == datetime.date(2027, 5, 1)
    page = client.get(place.get_absolute_url()).content.decode()
    assert "09:00–12:00, 14:00–18:00" in page and "Fête du travail" in page
    edit = client.get(reverse("places:edit", args=[place.pk])).content.decode()
    assert 'value="14:00"' in edit


@pytest.mark.parametrize(
    ("rows", "period", "words"),
    [
        ({0: ("25:00", "12:00")}, {}, "Type an hour between 00:00 and 23:59"),
        ({0: ("09:00", "09:00")}, {}, "cannot close at the time it opens"),
        ({0: ("09:00",)}, {}, "Give both the opening and the closing hour"),
        (
            {},
            {"closed-0-starts_on": "2027-05-02", "closed-0-ends_on": "2027-05-01"},
            "cannot end before it starts",
        ),
    ],
)
def test_bad_hours_are_refused_in_words_and_nothing_is_written(
    quartier, alice, rows, period, words
) -> None:
    url = reverse("places:create", args=[quartier.slug])
    data = {"kind": "epn", "name": "EPN", **week_data(rows), **period}

    response = client_for(alice).post(url, data)

    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Place.objects.exists()


def test_a_member_suggests_and_a_coordinator_approves_from_the_queue(
    quartier, alice, bob, carol
) -> None:
    url = reverse("places:create", args=[quartier.slug])
    client_for(alice).post(url, {"kind": "repair_cafe", "name": "Repair café", **week_data()})
    place = Place.objects.get()
    assert place.status == Place.Status.SUGGESTED
    assert client_for(bob).get(place.get_absolute_url()).status_code == 404
    assert client_for(alice).get(place.get_absolute_url()).status_code == 200

    queue = reverse("places:suggestions", args=[quartier.slug])
    assert "Repair café" in client_for(carol).get(queue).content.decode()
    assert client_for(alice).get(queue).status_code == 403
    response = client_for(carol).post(reverse("places:approve", args=[place.pk]))

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.status == Place.Status.APPROVED
    assert client_for(bob).get(place.get_absolute_url()).status_code == 200


def test_withdrawing_asks_first(quartier, carol, places) -> None:
    url = reverse("places:withdraw", args=[places["fablab"].pk])
    client = client_for(carol)

    assert "Withdraw" in client.get(url).content.decode()
    client.post(url)

    places["fablab"].refresh_from_db()
    assert places["fablab"].status == Place.Status.WITHDRAWN


def test_the_quartier_page_and_the_meeting_points_link_to_the_directory(quartier, carol) -> None:
    directory = reverse("places:directory", args=[quartier.slug])
    client = client_for(carol)

    assert directory in client.get(quartier.get_absolute_url()).content.decode()
    points = reverse("rides:meeting_points", args=[quartier.slug])
    assert directory in client.get(points).content.decode()


@pytest.mark.geocoder
def test_the_address_is_found_through_the_geocoder(quartier, carol) -> None:
    url = reverse("places:create", args=[quartier.slug])
    data = {"kind": "epn", "name": "EPN", "address": "12 rue d'Austerlitz Lyon", **week_data()}

    response = client_for(carol).post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    place = Place.objects.get()
    assert place.address == "12 Rue d'Austerlitz 69004 Lyon"
    assert (place.latitude, place.longitude) == pytest.approx((45.776263, 4.832212))


@pytest.mark.geocoder
def test_an_address_nobody_knows_is_refused_in_words(quartier, carol) -> None:
    url = reverse("places:create", args=[quartier.slug])
    data = {"kind": "epn", "name": "EPN", "address": "zzqx wvvk", **week_data()}

    response = client_for(carol).post(url, data)

    assert response.status_code == 400
    assert "No place found for “zzqx wvvk”" in response.content.decode()
    assert not Place.objects.exists()


def test_the_coordinator_sets_the_quartiers_timezone(quartier, carol):
    url = reverse("quartiers:edit", args=[quartier.slug])
    data = {
        "name": quartier.name,
        "description": quartier.description,
        "radius_km": "1.5",
        "policy": quartier.policy,
        "timezone": "Pacific/Noumea",
    }
    client = client_for(carol)
    assert "Pacific/Noumea" in client.get(url).content.decode()

    assert client.post(url, data | {"timezone": "Mars/Olympus"}).status_code == 400
    quartier.refresh_from_db()
    assert quartier.timezone == "Europe/Paris"
    response = client.post(url, data)

    assert response.status_code == 302
    quartier.refresh_from_db()
    assert quartier.timezone == "Pacific/Noumea"


@pytest.mark.parametrize(
    ("kind", "map_shown"),
    [("epn", True), ("fablab", False)],
    ids=["a-place-with-its-point", "none-with-a-point"],
)
def test_the_map_is_offered_only_when_a_place_listed_has_its_point(
    places, alice, settings, kind, map_shown
) -> None:
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    page = client_for(alice).get(f"/places/in/croix-rousse/?kind={kind}").content.decode()
    assert ('id="map"' in page) is map_shown
    assert ("The map does not show" in page) is map_shown


def test_the_form_offers_no_meeting_point_but_keeps_one_s_own_kind(quartier, carol) -> None:
    from exchanges.rides.services import meeting_point_create

    client = client_for(carol)
    new = client.get(reverse("places:create", args=[quartier.slug])).content.decode()
    assert 'value="epn"' in new and 'value="meeting_point"' not in new
    point = meeting_point_create(
        quartier=quartier, actor=carol, name="Gare", latitude=45.76, longitude=4.86
    )
    edit = client.get(reverse("places:edit", args=[point.pk])).content.decode()
    assert 'value="meeting_point" selected' in edit
