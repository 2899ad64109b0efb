"""Places typed in words on the pages, without JavaScript, against the real geocoder (addok fed
tests/geocoder/croix-rousse.jsonl): one place is taken, several are offered as radio buttons
(the quartier's meeting points first), none or no geocoder is said in plain words."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from exchanges.produce.models import Producer
from exchanges.rides import services
from exchanges.rides.models import MeetingPoint, Ride
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from tests.factories import PART_DIEU, QuartierFactory, chosen_place, in_days

pytestmark = pytest.mark.django_db

NEW_RIDE = "/rides/in/croix-rousse/new/"
# Where addok puts 12 rue d'Austerlitz (tests/geocoder/croix-rousse.jsonl).
AUSTERLITZ_12 = (45.776263, 4.832212)


def client_for(user: User, language: str = "en") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def ride(**overrides: str) -> dict[str, str]:
    """Alice's ride, in two days at 8:00, the places typed in words."""
    return {
        "kind": "one_off",
        "origin_label": "12 rue d'Austerlitz",
        "destination_label": "Gare Part-Dieu",
        "departs_at_0": in_days(2).date().isoformat(),
        "departs_at_1": "08:00",
        "seats": "2",
        "detour_value": "10",
        "detour_unit": "min",
    } | overrides


def radios(page: str, name: str) -> list[tuple[str, str]]:
    """The radio buttons named ``name``: (value, label) each."""
    found = []
    for match in re.finditer(
        rf'<input type="radio" name="{name}" value="([^"]*)"[^>]*id="([^"]+)"', page
    ):
        value, input_id = unescape(match.group(1)), match.group(2)
        label = re.search(rf'<label for="{input_id}">(.*?)</label>', page, re.S)
        text = re.sub(r"<[^>]+>", "", label.group(1) if label else "")
        found.append((value, unescape(" ".join(text.split()))))
    return found


@pytest.mark.geocoder
def test_it_takes_the_one_place_the_words_mean(quartier: Quartier, alice: User) -> None:
    response = client_for(alice).post(NEW_RIDE, ride())
    assert response.status_code == 302, response.content.decode()[:3000]
    made = Ride.objects.get()
    assert made.origin_label == "12 Rue d'Austerlitz 69004 Lyon"
    assert (made.origin_latitude, made.origin_longitude) == pytest.approx(AUSTERLITZ_12)
    assert made.destination_label == "Gare Part-Dieu 69003 Lyon"
    assert (made.destination_latitude, made.destination_longitude) == pytest.approx(PART_DIEU)


@pytest.mark.geocoder
def test_it_asks_which_place_when_the_words_mean_several(quartier: Quartier, alice: User) -> None:
    client = client_for(alice)
    response = client.post(NEW_RIDE, ride(destination_label="la gare", seats="3"))
    assert response.status_code == 400
    page = response.content.decode()
    # A second step: the stations as radio buttons under a legend naming the place.
    assert "<legend>Which place of arrival do you mean?" in page
    assert "Several places match “la gare”: choose the right one." in page
    stations = radios(page, "destination_place")
    assert [label for _value, label in stations] == [
        "Gare de Vaise 69009 Lyon",
        "Gare Part-Dieu 69003 Lyon",
        "Gare Saint-Paul 69005 Lyon",
        "Gare de Perrache 69002 Lyon",
    ]
    # What was typed stays; the place of departure is shown as understood.
    assert 'name="origin_label" value="12 Rue d&#x27;Austerlitz 69004 Lyon"' in page
    assert 'name="seats" value="3"' in page
    assert 'name="destination_label" value="la gare"' in page
    assert not Ride.objects.exists()

    [part_dieu] = [value for value, label in stations if "Part-Dieu" in label]
    again = client.post(
        NEW_RIDE,
        ride(
            origin_label="12 Rue d'Austerlitz 69004 Lyon",
            destination_label="la gare",
            destination_place=part_dieu,
            destination_query="la gare",
            seats="3",
        ),
    )
    assert again.status_code == 302
    made = Ride.objects.get()
    assert (made.seats, made.destination_label) == (3, "Gare Part-Dieu 69003 Lyon")
    assert (made.destination_latitude, made.destination_longitude) == pytest.approx(PART_DIEU)


@pytest.mark.geocoder
def test_changed_words_are_looked_up_again(quartier: Quartier, alice: User) -> None:
    # A station chosen for "la gare", then the words changed to another address.
    station = chosen_place("destination", PART_DIEU, "Gare Part-Dieu 69003 Lyon")
    response = client_for(alice).post(
        NEW_RIDE,
        ride(**station | {"destination_label": "place Valmy", "destination_query": "la gare"}),
    )
    assert response.status_code == 302
    assert Ride.objects.get().destination_label == "Place Valmy 69009 Lyon"


@pytest.mark.geocoder
def test_the_quartiers_meeting_points_come_first(quartier: Quartier, alice, carol) -> None:
    point = services.meeting_point_create(
        quartier=quartier,
        actor=carol,
        name="Gare Part-Dieu",
        address="Place Charles Béraudier, 69003 Lyon",
        latitude=PART_DIEU[0],
        longitude=PART_DIEU[1],
    )
    client = client_for(alice)
    page = client.post(NEW_RIDE, ride(destination_label="la gare")).content.decode()
    offered = radios(page, "destination_place")
    assert offered[0][1] == "Gare Part-Dieu (meeting point)"
    assert len(offered) > 1  # then the geocoder's stations
    response = client.post(
        NEW_RIDE,
        ride(
            destination_label="la gare",
            destination_place=offered[0][0],
            destination_query="la gare",
        ),
    )
    assert response.status_code == 302
    made = Ride.objects.get()
    assert (made.destination_point, made.destination_label) == (point, "Gare Part-Dieu")


@pytest.mark.geocoder
def test_it_says_in_plain_french_when_nothing_is_found(quartier: Quartier, alice: User) -> None:
    response = client_for(alice, "fr").post(NEW_RIDE, ride(origin_label="zzkq xyzzy"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Aucun lieu trouvé pour «\u00a0zzkq xyzzy\u00a0»" in unescape(page)
    assert "ne peut pas être vide" not in page
    assert "valeur nulle" not in page
    assert not Ride.objects.exists()


@pytest.mark.parametrize("trouble", ["down", "slow"])
def test_it_says_in_plain_french_when_the_geocoder_fails(
    quartier, alice, settings, closed_port_url, fake_geocoder, trouble
) -> None:
    if trouble == "down":
        settings.GEOCODER_URL = closed_port_url
    else:
        settings.GEOCODER_URL = fake_geocoder(lambda path: (2.0, b"{}")).url
        settings.GEOCODER_TIMEOUT = 0.3
    response = client_for(alice, "fr").post(NEW_RIDE, ride())
    assert response.status_code == 400
    page = unescape(response.content.decode())
    assert (
        "Les adresses ne peuvent pas être cherchées pour l’instant. Réessayez dans quelques "
        "minutes."
    ) in page
    for technical in ("timeout", "Timeout", "geocod", "GEOCODER", "Errno", "refused"):
        assert technical not in page.split("<main", 1)[1]
    assert not Ride.objects.exists()


def test_a_down_geocoder_leaves_the_meeting_points_working(
    quartier, alice, carol, settings, closed_port_url
) -> None:
    settings.GEOCODER_URL = closed_port_url
    point = services.meeting_point_create(
        quartier=quartier,
        actor=carol,
        name="Gare Part-Dieu",
        latitude=PART_DIEU[0],
        longitude=PART_DIEU[1],
    )
    client = client_for(alice)
    refused = client.post(NEW_RIDE, ride())
    assert "Choose a meeting point, or try again in a few minutes." in refused.content.decode()
    # Its words name a meeting point: found without the geocoder.
    response = client.post(
        NEW_RIDE,
        ride(destination_label="gare part-dieu")
        | chosen_place("origin", AUSTERLITZ_12, "Chez moi"),
    )
    assert response.status_code == 302
    assert Ride.objects.get().destination_point == point


def test_the_page_forms_ask_no_coordinates(quartier, alice, carol) -> None:
    client = client_for(alice)
    for url in (NEW_RIDE, "/rides/in/croix-rousse/requests/new/", "/rides/in/croix-rousse/search/"):
        page = client.get(url).content.decode()
        assert "latitude" not in page.lower().split("<main", 1)[1]
        assert 'name="origin_label"' in page
    for url in (
        "/quartiers/new/",
        "/quartiers/croix-rousse/edit/",
        "/rides/in/croix-rousse/meeting-points/",
    ):
        page = client_for(carol).get(url).content.decode()
        assert 'name="latitude"' not in page


@pytest.mark.geocoder
def test_a_search_takes_places_in_words(quartier, alice, bob) -> None:
    services.ride_create(
        quartier=quartier,
        driver=alice,
        kind="one_off",
        origin=services.Place(label="Croix-Rousse", latitude=45.7745, longitude=4.8320),
        destination=services.Place(
            label="Part-Dieu", latitude=PART_DIEU[0], longitude=PART_DIEU[1]
        ),
        departs_at=in_days(2),
        seats=3,
        detour_value=10,
        detour_unit="min",
    )
    response = client_for(bob).get(
        "/rides/in/croix-rousse/search/",
        {
            "origin_label": "place de la Croix-Rousse",
            "destination_label": "gare part-dieu",
            "date": in_days(2).date().isoformat(),
            "earliest": "07:45",
            "latest": "08:30",
            "seats": "1",
        },
    )
    assert response.status_code == 200
    assert "1 ride found" in response.content.decode()


@pytest.mark.geocoder
def test_a_quartier_is_created_around_a_typed_address(dave) -> None:
    response = client_for(dave).post(
        "/quartiers/new/",
        {
            "name": "Plateau",
            "slug": "plateau",
            "description": "Le plateau.",
            "centre_label": "place de la Croix-Rousse",
            "radius_km": "1.2",
            "policy": "open",
        },
    )
    assert response.status_code == 302
    plateau = Quartier.objects.get(slug="plateau")
    assert (plateau.latitude, plateau.longitude) == pytest.approx((45.7745, 4.8320), abs=0.001)


@pytest.mark.geocoder
def test_a_meeting_point_is_added_at_a_typed_address(quartier, carol) -> None:
    url = "/rides/in/croix-rousse/meeting-points/"
    response = client_for(carol).post(url, {"name": "Gare", "place_label": "gare part-dieu"})
    assert response["Location"] == url
    point = MeetingPoint.objects.get(quartier=quartier)
    assert point.address == "Gare Part-Dieu 69003 Lyon"
    assert (point.latitude, point.longitude) == pytest.approx(PART_DIEU)


@pytest.mark.geocoder
def test_quartiers_are_found_near_a_typed_place(quartier) -> None:
    QuartierFactory.create(name="Paris 11e", slug="paris-11", latitude=48.858, longitude=2.379)
    page = Client().get("/quartiers/", {"near_label": "gratte-ciel villeurbanne"}).content.decode()
    assert "Croix-Rousse" in page
    assert "Paris 11e" not in page
    assert 'name="near_label" value="Gratte-Ciel 69100 Villeurbanne"' in page


@pytest.mark.geocoder
@pytest.mark.parametrize(
    ("words", "point"),
    [("Villeurbanne", (45.7719, 4.8902)), ("Poleymieux-au-Mont-d'Or", (None, None))],
    ids=["found", "not-sure"],
)
def test_a_farms_village_gains_coordinates_only_when_sure(quartier, carol, words, point) -> None:
    response = client_for(carol).post(
        "/produce/in/croix-rousse/producers/new/",
        {"farm_name": "Rucher", "name": "Paul", "place": words, "is_active": "on"},
    )
    assert response.status_code == 302
    producer = Producer.objects.get()
    assert producer.place == words
    assert (producer.latitude, producer.longitude) == point


def test_the_map_is_shown_only_with_tiles_of_the_sites_choice(quartier, alice, settings) -> None:
    client = client_for(alice)
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Tuiles & co"
    page = client.get(NEW_RIDE).content.decode()
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in page
    assert 'data-attribution="© Tuiles &amp; co"' in page
    assert "The map does not show; you can type the address." in page  # said if tiles fail
    settings.MAP_TILE_URL = ""
    page = client.get(NEW_RIDE).content.decode()
    assert "data-ride-map" not in page
    assert 'name="origin_label"' in page
