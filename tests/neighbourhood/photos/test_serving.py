"""The site serves the local disk's photos itself only when told to (under DEBUG), and then as a
web server would: cached for a year, never revalidated, since a changed photo has a new name."""

from __future__ import annotations

import pytest
from django.test import Client

from neighbourhood.photos.services import photo_add
from tests.neighbourhood.photos.conftest import photo_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(quartier, alice):
    return photo_add(
        subject=quartier, owner=alice, upload=upload(photo_bytes()), alt_text="Un vélo rouge"
    )


def test_a_photo_is_served_with_a_year_of_cache(settings, photo):
    settings.PHOTOS_SERVE = True
    assert photo.card.url == f"/media/photos/{photo.card.name}"
    response = Client().get(photo.card.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.getvalue() == photo.card.read()


def test_nothing_is_served_when_the_site_does_not_serve_photos(settings, photo):
    settings.PHOTOS_SERVE = False
    assert Client().get(photo.card.url).status_code == 404


@pytest.mark.parametrize("name", ["missing-card.webp", "..%2F..%2Fsettings.py", "%2Fetc%2Fpasswd"])
def test_only_the_photos_folder_is_served(settings, photo, name):
    settings.PHOTOS_SERVE = True
    assert Client().get(f"/media/photos/{name}").status_code == 404
