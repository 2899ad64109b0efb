"""Photos in an S3-compatible store, for real: moto's S3 server, started here on a free local
port, behind django-storages' S3 backend configured as PHOTOS_S3_* configures it."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings

from neighbourhood.photos.services import photo_add, photo_delete
from tests.neighbourhood.photos.conftest import assert_no_metadata, photo_bytes, upload

pytestmark = [pytest.mark.s3, pytest.mark.django_db]

BUCKET = "voisinage-photos-test"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(settings, s3_endpoint, monkeypatch):
    import boto3

    # Never the machine's own AWS configuration: only what the settings name.
    for name in ("AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        monkeypatch.delenv(name, raising=False)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "photos": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "querystring_auth": False,
                "file_overwrite": False,
                "object_parameters": {
                    "CacheControl": django_settings.PHOTOS_CACHE_CONTROL,
                    "ContentType": "image/webp",
                },
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


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
