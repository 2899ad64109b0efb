"""The photo processing benchmark measures what it says: a phone's 12-megapixel JPEG with its
GPS position, under the size limit, and a child's peak memory that grows with the work."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from bench import photo_processing
from neighbourhood.photos.processing import photo_prepare
from tests.neighbourhood.photos.conftest import GPS_IFD, ORIENTATION, assert_no_metadata


def test_the_photo_is_a_phones_with_its_gps_and_comes_out_clean(settings):
    data = photo_processing.phone_photo("JPEG")
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.size == (4032, 3024)
    exif = image.getexif()
    assert exif[ORIENTATION] == 6 and exif.get_ifd(GPS_IFD)[1] == "N"
    assert "icc_profile" in image.info
    assert 1_000_000 < len(data) < settings.PHOTO_MAX_BYTES
    prepared = photo_prepare(io.BytesIO(data))
    assert (prepared.width, prepared.height) == (3024, 4032)
    assert_no_metadata(prepared.page.content)


def test_a_child_reports_its_own_peak_memory(tmp_path: Path):
    path = tmp_path / "photo"
    path.write_bytes(photo_processing.phone_photo("JPEG"))
    read = photo_processing._peak_kb("read", path)
    decoded = photo_processing._peak_kb("decode", path)
    # Decoding 12 megapixels in RGB holds 36 MB more than reading the file.
    assert decoded - read > 30_000
