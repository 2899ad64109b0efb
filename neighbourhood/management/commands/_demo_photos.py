"""Photos for the demo, drawn here rather than shipped: a plain picture of a thing (a coloured
background, a simple shape, its name), so the demo's objects and coups de main can show how their
photos look without any file in the repository. Not yet called by seed_demo: it attaches one
where it has an object (`attach_demo_photo(subject=drill, owner=didier, ...)`)."""

from __future__ import annotations

import io
import zlib

from django.db import models
from PIL import Image, ImageDraw

from neighbourhood.accounts.models import User
from neighbourhood.photos.models import Photo
from neighbourhood.photos.services import photo_add

SIZE = (960, 720)
# Soft colours that read well behind dark text.
PALETTE = ["#f4d35e", "#9bc1bc", "#f7a072", "#b8d8ba", "#c3bef0", "#ffd6a5"]


def demo_photo(label: str) -> io.BytesIO:
    """A JPEG of ``label``: the same label always gives the same picture."""
    seed = zlib.crc32(label.encode())
    background = PALETTE[seed % len(PALETTE)]
    image = Image.new("RGB", SIZE, background)
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    box = (width // 4, height // 5, 3 * width // 4, 3 * height // 5)
    if seed % 2:
        draw.ellipse(box, fill="#3d5a80", outline="#293241", width=8)
    else:
        draw.rounded_rectangle(box, radius=40, fill="#3d5a80", outline="#293241", width=8)
    draw.text((width // 10, 4 * height // 5), label, fill="#293241", font_size=56)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    out.seek(0)
    return out


def attach_demo_photo(*, subject: models.Model, owner: User, label: str, alt_text: str) -> Photo:
    """Adds the picture of ``label`` to a demo subject, through the same service as an upload."""
    return photo_add(subject=subject, owner=owner, upload=demo_photo(label), alt_text=alt_text)
