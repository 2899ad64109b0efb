"""Turns an uploaded file into the photos that are stored: read, checked, cleaned, resized.

Nothing of the upload is kept as it came: the pixels are decoded, turned upright from the EXIF
orientation, converted to sRGB, and re-encoded from a fresh image that carries no metadata at all
(no EXIF, so no GPS position nor camera serial, no ICC profile, no XMP, no comment).

The renditions are WebP: every browser the site supports reads it (Safari since 14), it is about
a quarter smaller than JPEG at the same quality, which counts on a phone's data plan, and it keeps
the transparency of a PNG. One format means one file per size, and no fallback to keep in sync.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

# The formats Pillow names when it reads them; HEIC (and HEIF) through pillow-heif. "MPO" is a
# JPEG followed by more pictures (the HDR gain map or depth map of most current phones): the
# first picture is the photo, decoded as any JPEG, and the others are left unread.
JPEG_FORMATS = frozenset({"JPEG", "MPO"})
ACCEPTED_FORMATS = frozenset({*JPEG_FORMATS, "PNG", "WEBP", "HEIF"})
RENDITIONS = {"card": 480, "page": 1280}
WEBP_QUALITY = 80


@dataclass(frozen=True)
class Rendition:
    content: bytes
    width: int
    height: int


@dataclass(frozen=True)
class Prepared:
    card: Rendition
    page: Rendition
    # The upright size of the photo as decoded, before any resizing.
    width: int
    height: int


def _not_a_photo() -> ValidationError:
    return ValidationError(_("This file is not a photo (JPEG, PNG, WebP or HEIC)."), code="type")


def _too_large_pixels() -> ValidationError:
    return ValidationError(
        _("This photo has too many pixels: at most %(megapixels)d megapixels.")
        % {"megapixels": settings.PHOTO_MAX_PIXELS // 1_000_000},
        code="pixels",
    )


def _read_limited(upload: IO[bytes]) -> bytes:
    # Read one byte past the limit: the declared size of an upload is the client's word.
    limit = settings.PHOTO_MAX_BYTES
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("This photo is too large: at most %(megabytes)d MB.")
            % {"megabytes": limit // 1_000_000},
            code="size",
        )
    return data


def _open(data: bytes) -> tuple[Image.Image, tuple[int, int]]:
    """The decoded image, and its size in the file (a JPEG may be decoded smaller)."""
    # Pillow's bomb guard refuses outright past twice its limit and only warns between; the limit
    # is ours, so the warning is an error too, and the size is checked again below in any case.
    Image.MAX_IMAGE_PIXELS = settings.PHOTO_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise _not_a_photo()
            if image.width * image.height > settings.PHOTO_MAX_PIXELS:
                raise _too_large_pixels()
            size = image.size
            if image.format in JPEG_FORMATS:
                # libjpeg decodes at 1/2, 1/4 or 1/8 of the size as cheaply as it reads: the
                # smallest scale that still covers the page rendition on both sides. A phone's
                # 12-megapixel photo then takes a quarter of the memory and of the time.
                longest = RENDITIONS["page"]
                image.draft(None, (longest, longest))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        # A truncated or corrupt file of an accepted type is not a photo either.
        raise _not_a_photo() from None
    return image, size


def _to_srgb(image: Image.Image) -> Image.Image:
    # A phone's Display P3 photo shown without its profile looks dull: convert the pixels rather
    # than keep the profile, which is metadata too.
    # The profile applies to the pixels as decoded (a CMYK JPEG's to its CMYK values), so it is
    # used before any conversion of mode.
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    mode = "RGBA" if has_alpha else "RGB"
    icc = image.info.get("icc_profile")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode=mode
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile, or a mode it cannot take: the pixels as they are
    return image.convert(mode)


def _rendition(image: Image.Image, longest: int) -> Rendition:
    """Shrinks ``image`` in place to ``longest`` pixels at most, and encodes it."""
    image.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif, icc_profile nor xmp argument, and a fresh image whose info is empty.
    image.save(out, format="WEBP", quality=WEBP_QUALITY, method=4)
    return Rendition(content=out.getvalue(), width=image.width, height=image.height)


def _pixels_only(image: Image.Image) -> Image.Image:
    # A fresh image, whose info is empty, with the pixels pasted in: the metadata stays behind
    # with the decoded image, and no copy of the pixels as bytes is made on the way.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def photo_prepare(upload: IO[bytes]) -> Prepared:
    """Checks an upload (type from its content, size, pixels) and returns its clean renditions.
    Raises a translated ValidationError for anything that is not an acceptable photo.

    Each step lets go of the image before it, so that at most two full images are held at once:
    the web process runs this for each upload (bench/photo_processing.py measures it)."""
    image, (width, height) = _open(_read_limited(upload))
    decoded = image.size
    # An unreadable orientation tag leaves the photo as it was taken.
    with contextlib.suppress(OSError, ValueError, TypeError):
        ImageOps.exif_transpose(image, in_place=True)
    if image.size != decoded:
        width, height = height, width  # turned a quarter
    srgb = _to_srgb(image)
    del image
    clean = _pixels_only(srgb)
    del srgb
    # Shrunk in place: to the page's size, encoded, then on to the card's.
    page = _rendition(clean, RENDITIONS["page"])
    card = _rendition(clean, RENDITIONS["card"])
    return Prepared(card=card, page=page, width=width, height=height)
