"""Photos are written to a fresh folder per test, through the same STORAGES["photos"] setting a
deployment uses, and the files are made by Pillow: real JPEG, PNG, WebP and HEIC photos."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from neighbourhood.settings import photos_s3_storage
from tests.s3 import fresh_bucket, store

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


@pytest.fixture(autouse=True)
def photos_root(settings, tmp_path: Path) -> Path:
    root = tmp_path / "photos"
    settings.STORAGES = {
        **settings.STORAGES,
        "photos": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": settings.PHOTOS_URL},
        },
    }
    return root


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update(
        {1: "N", 2: (45.0, 46.0, 30.0), 3: "E", 4: (4.0, 49.0, 10.0)}  # Lyon, Croix-Rousse
    )
    return exif


def photo_bytes(
    fmt: str = "JPEG", size: tuple[int, int] = (600, 400), orientation: int = 1
) -> bytes:
    """A photo whose left half is red and right half blue, with GPS in its EXIF."""
    image = Image.new("RGB", size, "blue")
    image.paste("red", (0, 0, size[0] // 2, size[1]))
    out = io.BytesIO()
    extra: dict[str, object] = {"exif": exif_with_gps(orientation).tobytes()}
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
    image.save(out, format=fmt, **extra)
    return out.getvalue()


def upload(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


def assert_no_metadata(data: bytes) -> None:
    image = Image.open(io.BytesIO(data))
    assert image.format == "WEBP"
    assert not image.getexif()
    for key in ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment"):
        assert key not in image.info
    assert b"Exif" not in data and b"PhoneMaker" not in data and b"GPS" not in data


@pytest.fixture
def item(quartier, alice):
    from exchanges.aid.models import Item

    return Item.objects.create(
        quartier=quartier, owner=alice, mode="lend", title="Perceuse", category="tools", max_days=2
    )


@pytest.fixture
def coup(quartier, alice):
    from exchanges.aid.models import CoupDeMain

    return CoupDeMain.objects.create(
        quartier=quartier,
        author=alice,
        kind="request",
        category="moving",
        title="Porter une armoire",
        timing="weekly",
        weekdays=[5],
    )


def stored_files(root: Path) -> set[str]:
    return {p.name for p in root.iterdir()} if root.exists() else set()


def pdf_named_jpeg() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def huge_bytes(megabytes: int = 40) -> bytes:
    """A real JPEG's start, then padding up to ``megabytes``: refused for its size before any
    decoding."""
    return photo_bytes() + b"\0" * (megabytes * 1_000_000)


# --- an S3 bucket: moto's server, on a free local port (test_s3, test_subject_deletion) ---

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
    with fresh_bucket(s3_endpoint, BUCKET, monkeypatch) as client:
        settings.STORAGES = {
            **settings.STORAGES,
            "photos": photos_s3_storage(store(s3_endpoint, BUCKET)),
        }
        yield client
