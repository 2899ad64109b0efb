"""The geocoder client: what it asks, what it makes of the answer, and one exception for every
way the geocoder can fail."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest

from neighbourhood.places.geocoding import Candidate, GeocoderUnavailable, geocode
from tests.neighbourhood.places.conftest import geojson


def test_it_asks_with_addoks_protocol_and_reads_the_geojson(fake_geocoder, settings):
    fake = fake_geocoder(
        lambda path: (0, geojson(("12 Rue d'Austerlitz 69004 Lyon", 45.7763, 4.8322, 0.95)))
    )
    settings.GEOCODER_URL = fake.url
    found = geocode("12  rue d'Austerlitz ", near=(45.7745, 4.832), limit=4)
    assert found == [
        Candidate(
            label="12 Rue d'Austerlitz 69004 Lyon", latitude=45.7763, longitude=4.8322, score=0.95
        )
    ]
    [asked] = fake.asked
    parts = urlsplit(asked)
    assert parts.path == "/search/"
    assert parse_qs(parts.query) == {
        "q": ["12 rue d'Austerlitz"],
        "limit": ["4"],
        "lat": ["45.774500"],
        "lon": ["4.832000"],
    }


def test_it_leaves_out_candidates_far_weaker_than_the_best(fake_geocoder, settings):
    fake = fake_geocoder(
        lambda path: (
            0,
            geojson(
                ("Gare de Vaise 69009 Lyon", 45.7804, 4.8046, 0.224),
                ("Gare Part-Dieu 69003 Lyon", 45.7606, 4.8593, 0.217),
                ("Boulevard de la Croix-Rousse 69004 Lyon", 45.7753, 4.83, 0.157),
            ),
        )
    )
    settings.GEOCODER_URL = fake.url
    assert [c.label for c in geocode("la gare")] == [
        "Gare de Vaise 69009 Lyon",
        "Gare Part-Dieu 69003 Lyon",
    ]


def test_it_asks_nothing_for_no_words(fake_geocoder, settings):
    fake = fake_geocoder(lambda path: (0, geojson()))
    settings.GEOCODER_URL = fake.url
    assert geocode("   ") == []
    assert fake.asked == []


def test_it_is_unavailable_without_a_geocoder(settings):
    settings.GEOCODER_URL = ""
    with pytest.raises(GeocoderUnavailable):
        geocode("place de la Croix-Rousse")


def test_it_is_unavailable_when_the_geocoder_is_down(closed_port_url, settings):
    settings.GEOCODER_URL = closed_port_url
    with pytest.raises(GeocoderUnavailable):
        geocode("place de la Croix-Rousse")


def test_it_gives_up_on_a_slow_geocoder_within_its_timeout(fake_geocoder, settings):
    fake = fake_geocoder(lambda path: (2.0, geojson(("Lyon", 45.75, 4.85, 0.9))))
    settings.GEOCODER_URL, settings.GEOCODER_TIMEOUT = fake.url, 0.3
    started = time.monotonic()
    with pytest.raises(GeocoderUnavailable):
        geocode("place de la Croix-Rousse")
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize(
    "body",
    [b"<html>Bad gateway</html>", b'{"features": [{"geometry": null}]}', b'{"type": "x"}'],
    ids=["not-json", "not-a-point", "no-features"],
)
def test_it_is_unavailable_when_the_answer_is_not_geojson(fake_geocoder, settings, body):
    settings.GEOCODER_URL = fake_geocoder(lambda path: (0, body)).url
    with pytest.raises(GeocoderUnavailable):
        geocode("place de la Croix-Rousse")


@pytest.mark.parametrize(
    "value",
    ["", "45.7;4.8;;", "north;4.8;;Lyon", "95;4.8;;Lyon", "45.7;nan;;Lyon", "45.7;4.8"],
)
def test_a_candidate_sent_back_must_be_one(value):
    assert Candidate.from_value(value) is None


def test_a_candidate_comes_back_as_it_was_sent():
    candidate = Candidate(label="Gare; Part-Dieu", latitude=45.7606, longitude=4.8593, ref="x:1")
    assert Candidate.from_value(candidate.value) == Candidate(
        label="Gare; Part-Dieu", latitude=45.7606, longitude=4.8593, ref="x:1"
    )


@pytest.mark.geocoder
def test_the_real_geocoder_finds_a_numbered_address_of_the_quartier():
    [found] = geocode("12 rue d'Austerlitz", near=(45.7745, 4.832))
    assert found.label == "12 Rue d'Austerlitz 69004 Lyon"
    assert found.latitude == pytest.approx(45.7763, abs=0.0005)
    assert found.longitude == pytest.approx(4.8322, abs=0.0005)


@pytest.mark.geocoder
def test_the_real_geocoder_finds_the_stations_for_la_gare():
    labels = [c.label for c in geocode("la gare", near=(45.7745, 4.832))]
    assert "Gare Part-Dieu 69003 Lyon" in labels
    assert len(labels) > 1


@pytest.mark.geocoder
def test_the_real_geocoder_finds_nothing_for_nonsense():
    assert geocode("zzkq xyzzy") == []
