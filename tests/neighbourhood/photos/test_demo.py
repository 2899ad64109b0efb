"""The demo's drawn photos: a real JPEG that goes through the same processing as an upload."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from neighbourhood.management.commands._demo_photos import attach_demo_photo, demo_photo

pytestmark = pytest.mark.django_db


def test_a_demo_photo_is_a_jpeg_and_always_the_same_for_a_label():
    first = demo_photo("Perceuse").getvalue()
    assert Image.open(io.BytesIO(first)).format == "JPEG"
    assert demo_photo("Perceuse").getvalue() == first
    assert demo_photo("Poussette").getvalue() != first


def test_it_is_attached_as_an_upload_would_be(item, alice, photos_root):
    photo = attach_demo_photo(
        subject=item, owner=alice, label="Perceuse", alt_text="Une perceuse bleue"
    )
    assert photo.subject == item and photo.position == 1
    assert (photos_root / photo.card.name).exists()
