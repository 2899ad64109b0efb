"""The fonts of every PDF the project prints (farm orders' reports, the quartier sheet)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    euro: str  # "€", or "EUR" with a font that has no euro sign


@functools.cache
def fonts() -> Fonts:
    """DejaVu Sans where the system has it (Debian's fonts-dejavu-core): it draws the accents,
    the euro sign and most alphabets a member's name may be written in. Otherwise reportlab's
    Helvetica, whose WinAnsi encoding holds the French accents, Œ and €, but draws a box for a
    letter beyond them (a Polish Ł)."""
    try:
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    except (OSError, TTFError):
        regular, bold = "Helvetica", "Helvetica-Bold"
    else:
        regular, bold = "DejaVuSans", "DejaVuSans-Bold"
        # So that <b> in a paragraph finds the bold face.
        pdfmetrics.registerFontFamily(
            regular, normal=regular, bold=bold, italic=regular, boldItalic=bold
        )
    return Fonts(regular, bold, "€" if draws(regular, "€") else "EUR")


def draws(font_name: str, char: str) -> bool:
    """Whether the font has a glyph for ``char`` (reportlab would draw a box instead)."""
    font = pdfmetrics.getFont(font_name)
    glyphs = getattr(font.face, "charToGlyph", None)
    if glyphs is not None:  # an embedded TrueType font
        return ord(char) in glyphs
    try:  # one of the 14 standard fonts, in its 8-bit encoding
        char.encode(font.encoding.name.replace("Encoding", "").lower())
    except (LookupError, UnicodeEncodeError):
        return False
    return True
