"""A bucket on the local S3 server (moto's) for a test, reached as the site reaches its own:
``store`` gives the same options `neighbourhood.settings.s3_store` reads from the environment,
so a test's STORAGES entry is the project's own (`photos_s3_storage`, `documents_s3_storage`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest


def store(endpoint: str, bucket: str) -> dict[str, Any]:
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "access_key": "test",
        "secret_key": "test",
    }


@contextmanager
def fresh_bucket(endpoint: str, bucket: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The bucket, created empty and removed after the test, with a client to look inside."""
    import boto3

    # Never the machine's own AWS configuration: only what the settings name.
    for name in ("AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        monkeypatch.delenv(name, raising=False)
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(Bucket=bucket)
    try:
        yield client
    finally:
        for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
            client.delete_object(Bucket=bucket, Key=item["Key"])
        client.delete_bucket(Bucket=bucket)
