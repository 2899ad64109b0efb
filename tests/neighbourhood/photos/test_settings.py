"""PHOTOS_* in the environment: the disk by default, an S3 bucket when one is named, and bad
values stop start-up naming the variable."""

from __future__ import annotations

import json

import pytest

from tests.neighbourhood.core.test_settings import manage

# The site's own settings, not the tests' (which keep the photos in a folder of the run's own).
SITE = {"DJANGO_SETTINGS_MODULE": "neighbourhood.settings"}
SHOW = (
    "import json; from django.conf import settings; "
    "print(json.dumps(settings.STORAGES['photos'], default=str))"
)


def test_photos_go_to_the_local_disk_by_default():
    result = manage("shell", "-c", SHOW, env=SITE)
    assert result.returncode == 0, result.stderr
    photos = json.loads(result.stdout.strip().splitlines()[-1])
    assert photos["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert photos["OPTIONS"]["location"].endswith("/media/photos")
    assert photos["OPTIONS"]["base_url"] == "/media/photos/"


def test_a_bucket_named_sends_them_to_s3():
    env = SITE | {
        "PHOTOS_S3_BUCKET": "voisinage-photos",
        "PHOTOS_S3_ENDPOINT_URL": "https://s3.fr-par.example.net",
        "PHOTOS_S3_REGION": "fr-par",
        "PHOTOS_S3_ACCESS_KEY_ID": "key",
        "PHOTOS_S3_SECRET_ACCESS_KEY": "secret",
    }
    result = manage("shell", "-c", SHOW, env=env)
    assert result.returncode == 0, result.stderr
    photos = json.loads(result.stdout.strip().splitlines()[-1])
    assert photos["BACKEND"] == "storages.backends.s3.S3Storage"
    options = photos["OPTIONS"]
    assert options["bucket_name"] == "voisinage-photos"
    assert options["endpoint_url"] == "https://s3.fr-par.example.net"
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    assert options["querystring_auth"] is False
    assert options["object_parameters"]["CacheControl"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PHOTOS_URL", "/media/photos"),
        ("PHOTO_MAX_BYTES", "ten megabytes"),
        ("PHOTO_MAX_PIXELS", "40M"),
        ("PHOTOS_SERVE", "perhaps"),
    ],
)
def test_a_bad_value_stops_start_up(variable, value):
    result = manage("check", env=SITE | {variable: value})
    assert result.returncode != 0
    assert variable in result.stderr


def test_a_bad_endpoint_stops_start_up():
    result = manage(
        "check", env={"PHOTOS_S3_BUCKET": "b", "PHOTOS_S3_ENDPOINT_URL": "s3.example.net"}
    )
    assert result.returncode != 0
    assert "PHOTOS_S3_ENDPOINT_URL" in result.stderr
