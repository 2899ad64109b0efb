"""The suggestions an address field shows as one types: the same places as the form's second
step, as JSON, for the quartier's members only, and not too many at once."""

from __future__ import annotations

import pytest
from django.test import Client

from exchanges.rides import services
from exchanges.rides.models import MeetingPoint
from neighbourhood.places.limits import LOOKUPS_PER_MINUTE
from tests.factories import PART_DIEU

pytestmark = pytest.mark.django_db

URL = "/places/suggest/"


def client_for(user, language: str = "en") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.geocoder
def test_it_suggests_the_meeting_points_then_the_addresses_to_a_member(quartier, alice, carol):
    services.meeting_point_create(
        quartier=quartier,
        actor=carol,
        name="Gare Part-Dieu",
        latitude=PART_DIEU[0],
        longitude=PART_DIEU[1],
    )
    response = client_for(alice).get(URL, {"q": "la gare", "quartier": "croix-rousse"})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    results = response.json()["results"]
    assert results[0]["display"] == "Gare Part-Dieu (meeting point)"
    assert results[0]["value"].endswith(
        f";meeting_point:{MeetingPoint.objects.get(quartier=quartier).pk};Gare Part-Dieu"
    )
    assert "Gare de Perrache 69002 Lyon" in [result["label"] for result in results]


@pytest.mark.geocoder
def test_it_suggests_addresses_to_whoever_starts_a_quartier(dave):
    response = client_for(dave).get(URL, {"q": "12 rue d'Austerlitz"})
    assert response.status_code == 200
    [found] = response.json()["results"]
    assert found["label"] == "12 Rue d'Austerlitz 69004 Lyon"
    assert (found["latitude"], found["longitude"]) == pytest.approx((45.7763, 4.8322), abs=0.0005)


def test_an_outsider_gets_404_for_a_quartier_not_theirs(quartier, dave):
    response = client_for(dave).get(URL, {"q": "la gare", "quartier": "croix-rousse"})
    assert response.status_code == 404
    assert response.json()["results"] == []


def test_a_signed_out_visitor_gets_403(quartier):
    response = Client().get(URL, {"q": "la gare", "quartier": "croix-rousse"})
    assert response.status_code == 403
    assert response.json()["message"] == "Connectez-vous d’abord."


def test_a_few_letters_ask_nothing(alice, settings, fake_geocoder):
    fake = fake_geocoder(lambda path: (0, b"{}"))
    settings.GEOCODER_URL = fake.url
    response = client_for(alice).get(URL, {"q": "gr"})
    assert response.json() == {"results": [], "message": ""}
    assert fake.asked == []


def test_a_down_geocoder_is_said_in_words(quartier, alice, settings, closed_port_url):
    settings.GEOCODER_URL = closed_port_url
    response = client_for(alice, "fr").get(URL, {"q": "rue de Cuire", "quartier": "croix-rousse"})
    assert response.status_code == 503
    assert response.json()["message"].startswith("Les adresses ne peuvent pas être cherchées")


def test_too_many_suggestions_at_once_wait_a_minute(alice, settings, fake_geocoder):
    settings.GEOCODER_URL = fake_geocoder(lambda path: (0, b'{"features": []}')).url
    client = client_for(alice)
    for _ in range(LOOKUPS_PER_MINUTE):
        assert client.get(URL, {"q": "rue de Cuire"}).status_code == 200
    refused = client.get(URL, {"q": "rue de Cuire"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert refused.json()["message"] == "Too many searches at once: wait a minute."


def test_a_visitor_searching_quartiers_near_a_place_is_paced_by_address(
    db, settings, fake_geocoder
):
    settings.GEOCODER_URL = fake_geocoder(lambda path: (0, b'{"features": []}')).url
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="203.0.113.7")
    for _ in range(LOOKUPS_PER_MINUTE):
        assert visitor.get("/quartiers/", {"near_label": "rue de Cuire"}).status_code != 429
    refused = visitor.get("/quartiers/", {"near_label": "rue de Cuire"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Too many attempts in a short time." in refused.content.decode()
    assert "Try again in 60 seconds." in refused.content.decode()
    # A search by name asks no geocoder and is not counted; another address is not paced.
    assert visitor.get("/quartiers/", {"q": "Croix"}).status_code == 200
    neighbour = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="203.0.113.8")
    assert neighbour.get("/quartiers/", {"near_label": "rue de Cuire"}).status_code != 429
