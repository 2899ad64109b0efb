"""Photos in an S3-compatible store, for real: moto's S3 server (conftest.py) on a free local
port, behind django-storages' S3 backend configured as PHOTOS_S3_* configures it."""

from __future__ import annotations

import pytest

from neighbourhood.photos.services import photo_add, photo_delete
from tests.neighbourhood.photos.conftest import BUCKET, assert_no_metadata, photo_bytes, upload

pytestmark = [pytest.mark.s3, pytest.mark.django_db]


def _keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_a_photo_is_stored_in_the_bucket_and_deleted_from_it(
    s3, quartier, alice, photos_root, django_capture_on_commit_callbacks
):
    photo = photo_add(
        subject=quartier, owner=alice, upload=upload(photo_bytes("HEIF")), alt_text="Un escabeau"
    )
    assert _keys(s3) == {photo.card.name, photo.page.name}
    assert not photos_root.exists()  # nothing on the local disk
    for name in (photo.card.name, photo.page.name):
        stored = s3.get_object(Bucket=BUCKET, Key=name)
        assert stored["CacheControl"] == "public, max-age=31536000, immutable"
        assert stored["ContentType"] == "image/webp"
        data = stored["Body"].read()
        assert_no_metadata(data)
    assert photo.card.url.startswith(s3.meta.endpoint_url)
    assert photo.card.url.endswith(f"/{BUCKET}/{photo.card.name}")

    with django_capture_on_commit_callbacks(execute=True):
        photo_delete(photo=photo, actor=alice)
    assert _keys(s3) == set()
