"""photo_prepare: the type from the content, the limits, and nothing of the upload's metadata
kept."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image

from neighbourhood.photos.processing import _open, photo_prepare
from tests.neighbourhood.photos.conftest import assert_no_metadata, photo_bytes, upload

NOT_A_PHOTO = "This file is not a photo (JPEG, PNG, WebP or HEIC)."


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_each_accepted_format_comes_out_clean_in_two_sizes(fmt):
    source = photo_bytes(fmt, size=(2000, 1500))
    assert Image.open(io.BytesIO(source)).getexif()[0x010F] == "PhoneMaker"  # it had some
    prepared = photo_prepare(upload(source))
    assert (prepared.width, prepared.height) == (2000, 1500)
    assert (prepared.card.width, prepared.card.height) == (480, 360)
    assert (prepared.page.width, prepared.page.height) == (1280, 960)
    for rendition in (prepared.card, prepared.page):
        assert_no_metadata(rendition.content)
        image = Image.open(io.BytesIO(rendition.content))
        assert image.size == (rendition.width, rendition.height)


def test_a_small_photo_is_not_enlarged():
    prepared = photo_prepare(upload(photo_bytes(size=(300, 200))))
    assert (prepared.card.width, prepared.card.height) == (300, 200)
    assert (prepared.page.width, prepared.page.height) == (300, 200)


def _rgb(image: Image.Image, xy: tuple[int, int]) -> tuple[int, int, int]:
    # Rounded to the colour it is meant to be: WebP is lossy.
    pixel = image.getpixel(xy)
    assert isinstance(pixel, tuple)
    return (round(pixel[0] / 255) * 255, round(pixel[1] / 255) * 255, round(pixel[2] / 255) * 255)


def test_the_exif_orientation_is_applied():
    # Orientation 6: the camera was turned a quarter clockwise; the upright photo is portrait,
    # and the red half that was on the left is now on top.
    prepared = photo_prepare(upload(photo_bytes(size=(600, 400), orientation=6)))
    image = Image.open(io.BytesIO(prepared.page.content)).convert("RGB")
    assert image.size == (400, 600)
    assert _rgb(image, (200, 100)) == (255, 0, 0)
    assert _rgb(image, (200, 500)) == (0, 0, 255)


def test_a_large_jpeg_decoded_reduced_keeps_its_size_orientation_and_renditions():
    # 4032×3024, a phone's 12 megapixels: decoded at half its size (libjpeg's scaling), which
    # still covers the page rendition; the photo's own size is the file's, turned upright.
    prepared = photo_prepare(upload(photo_bytes(size=(4032, 3024), orientation=6)))
    assert (prepared.width, prepared.height) == (3024, 4032)
    assert (prepared.page.width, prepared.page.height) == (960, 1280)
    assert (prepared.card.width, prepared.card.height) == (360, 480)
    page = Image.open(io.BytesIO(prepared.page.content)).convert("RGB")
    assert _rgb(page, (480, 200)) == (255, 0, 0)
    assert _rgb(page, (480, 1080)) == (0, 0, 255)
    card = Image.open(io.BytesIO(prepared.card.content)).convert("RGB")
    assert _rgb(card, (180, 60)) == (255, 0, 0) and _rgb(card, (180, 420)) == (0, 0, 255)


def test_a_png_keeps_its_transparency_and_loses_its_text_chunks():
    from PIL.PngImagePlugin import PngInfo

    image = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    info = PngInfo()
    info.add_text("Comment", "taken at 12 rue d'Austerlitz")
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    prepared = photo_prepare(upload(out.getvalue()))
    assert b"Austerlitz" not in prepared.card.content
    pixel = Image.open(io.BytesIO(prepared.card.content)).getpixel((5, 5))
    assert isinstance(pixel, tuple) and pixel[3] == 0


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        b"Bonjour, ceci est un fichier texte nomme photo.jpg\n",
        photo_bytes("JPEG")[:200],  # a truncated JPEG
    ],
    ids=["renamed-pdf", "text", "truncated"],
)
def test_anything_else_is_refused_in_words(data):
    named = upload(data)
    named.name = "photo.jpg"  # the name says JPEG: it is not believed
    with pytest.raises(ValidationError) as refused:
        photo_prepare(named)
    assert refused.value.messages == [NOT_A_PHOTO]


def test_the_refusal_is_translated():
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        photo_prepare(upload(b"%PDF-1.7\n"))
    assert refused.value.messages == ["Ce fichier n’est pas une photo (JPEG, PNG, WebP ou HEIC)."]


def test_a_gif_is_refused_although_pillow_reads_it():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(ValidationError, match="not a photo"):
        photo_prepare(upload(out.getvalue()))


def test_a_file_over_the_size_limit_is_refused(settings):
    assert settings.PHOTO_MAX_BYTES == 10_000_000
    data = photo_bytes()
    data += b"\0" * (settings.PHOTO_MAX_BYTES + 1 - len(data))
    with pytest.raises(ValidationError) as refused:
        photo_prepare(upload(data))
    assert refused.value.messages == ["This photo is too large: at most 10 MB."]
    # At the limit exactly, the same photo passes.
    photo_prepare(upload(data[:-1]))


def _png(size: tuple[int, int]) -> bytes:
    # A black one-bit image compresses to almost nothing: a small file, a huge decoded image.
    out = io.BytesIO()
    Image.new("1", size).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    "size",
    [(8000, 6000), (12000, 12000)],  # past our limit (Pillow warns), past twice it (Pillow refuses)
    ids=["48-megapixels", "144-megapixels"],
)
def test_a_decompression_bomb_is_refused(settings, size):
    assert settings.PHOTO_MAX_PIXELS == 40_000_000
    data = _png(size)
    assert len(data) < 1_000_000
    with pytest.raises(ValidationError) as refused:
        photo_prepare(upload(data))
    assert refused.value.messages == ["This photo has too many pixels: at most 40 megapixels."]


def test_a_photo_at_the_pixel_limit_passes(settings):
    settings.PHOTO_MAX_PIXELS = 2_000_000
    photo_prepare(upload(_png((2000, 1000))))
    with pytest.raises(ValidationError, match="too many pixels"):
        photo_prepare(upload(_png((2000, 1001))))


def test_a_colour_profile_is_applied_and_not_written():
    from PIL import ImageCms

    tagged = io.BytesIO()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    Image.new("RGB", (40, 40), (200, 30, 30)).save(
        tagged, format="JPEG", quality=95, icc_profile=srgb.tobytes()
    )
    assert "icc_profile" in Image.open(io.BytesIO(tagged.getvalue())).info
    prepared = photo_prepare(upload(tagged.getvalue()))
    image = Image.open(io.BytesIO(prepared.card.content))
    assert "icc_profile" not in image.info
    assert _rgb(image, (20, 20)) == (255, 0, 0)


def test_a_cmyk_jpeg_comes_out_in_rgb():
    cmyk = io.BytesIO()
    Image.new("CMYK", (40, 40), (0, 255, 255, 0)).save(cmyk, format="JPEG")  # red in ink
    prepared = photo_prepare(upload(cmyk.getvalue()))
    image = Image.open(io.BytesIO(prepared.card.content))
    assert image.mode == "RGB"
    assert _rgb(image, (20, 20)) == (255, 0, 0)


def _two_picture_jpeg(size: tuple[int, int]) -> bytes:
    # What a phone's HDR photo is: a JPEG followed by a second picture (a gain map, a depth
    # map), which Pillow reads as "MPO".
    first, second = Image.new("RGB", size, (255, 0, 0)), Image.new("RGB", size, (0, 0, 255))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    first.save(out, format="MPO", save_all=True, append_images=[second], exif=exif)
    return out.getvalue()


def test_a_jpeg_holding_several_pictures_is_taken_as_its_first():
    source = _two_picture_jpeg((2000, 1500))
    opened = Image.open(io.BytesIO(source))
    assert (opened.format, getattr(opened, "n_frames", 1)) == ("MPO", 2)
    prepared = photo_prepare(upload(source))
    assert (prepared.width, prepared.height) == (2000, 1500)
    assert (prepared.page.width, prepared.page.height) == (1280, 960)
    for rendition in (prepared.card, prepared.page):
        assert_no_metadata(rendition.content)
    page = Image.open(io.BytesIO(prepared.page.content)).convert("RGB")
    assert _rgb(page, (640, 480)) == (255, 0, 0)


def test_a_large_jpeg_holding_several_pictures_is_decoded_reduced_as_any_jpeg():
    decoded, size = _open(_two_picture_jpeg((4032, 3024)))
    assert size == (4032, 3024)
    assert decoded.size == (2016, 1512)
