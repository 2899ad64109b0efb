"""The quartier sheet as a one-page A4 PDF, in the quartier's language.

The parts are capped (`sections.MAX_LINES` lines each) and long titles cut, so the sheet fits a
page in large type; the whole story is laid out in a frame that shrinks it rather than spill
onto a second page, should a quartier still hold too much.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from neighbourhood.pdf import fonts
from neighbourhood.quartiers.sheet import words
from neighbourhood.quartiers.sheet.sections import Part
from neighbourhood.quartiers.sheet.selectors import Sheet

MARGIN = 12 * mm
# What the page's frame leaves inside its own padding (6 points a side).
WIDTH, HEIGHT = A4[0] - 2 * MARGIN - 12, A4[1] - 2 * MARGIN - 12
CODE_WIDTH = 24 * mm
# A title and its details on one line each, in most hands.
TITLE_CHARS, DETAILS_CHARS = 60, 80


def sheet_pdf(sheet: Sheet, *, page_url: str, code_url: str) -> bytes:
    """The sheet as the bytes of a one-page A4 PDF."""
    with translation.override(sheet.language):
        return _Printer(sheet).build(page_url=page_url, code_url=code_url)


class _Printer:
    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        found = fonts()
        regular, bold = found.regular, found.bold
        body = ParagraphStyle("body", fontName=regular, fontSize=12, leading=14.5)
        self.styles = {
            "body": body,
            "bold": ParagraphStyle("bold", parent=body, fontName=bold),
            "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=22, leading=26),
            "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=12, leading=16),
            "heading": ParagraphStyle(
                "heading",
                parent=body,
                fontName=bold,
                fontSize=15,
                leading=18,
                spaceBefore=8,
                spaceAfter=3,
            ),
            "code": ParagraphStyle("code", parent=body, fontName=bold, fontSize=15, leading=15),
        }

    def text(self, text: str, style: str = "body") -> Paragraph:
        """A paragraph of plain text: escaped, since a member's title may hold a "<"."""
        return Paragraph(escape(text), self.styles[style])

    def build(self, *, page_url: str, code_url: str) -> bytes:
        sheet = self.sheet
        title = _("%(quartier)s: the quartier's sheet") % {"quartier": sheet.quartier.name}
        buffer = io.BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=title,
            author="Voisinage",
            lang=sheet.language,
        )
        story: list[Flowable] = [
            self.text(sheet.quartier.name, "title"),
            self.text(words.subtitle(sheet), "subtitle"),
        ]
        for part in sheet.parts:
            story.extend(self.part(part))
        story.extend(self.how_to_answer(page_url=page_url, code_url=code_url))
        # One page, whatever happens: too much shrinks the type rather than spill over.
        document.build([KeepInFrame(WIDTH, HEIGHT, story, mode="shrink")])
        return buffer.getvalue()

    def part(self, part: Part) -> list[Flowable]:
        flowables: list[Flowable] = [self.text(part.title, "heading")]
        if not part.lines:
            flowables.append(self.text(part.empty))
        else:
            rows = [
                [
                    Paragraph(_code_markup(line.code, line.is_new), self.styles["code"]),
                    Paragraph(_line_markup(line.title, line.details), self.styles["body"]),
                ]
                for line in part.lines
            ]
            table = Table(rows, colWidths=[CODE_WIDTH, WIDTH - CODE_WIDTH], hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (0, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 2),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                        ("LINEBELOW", (0, 0), (-1, -2), 0.4, colors.grey),
                    ]
                )
            )
            flowables.append(table)
        if part.more:
            flowables.append(self.text(words.more(part.more)))
        flowables.extend(self.text(note) for note in part.notes)
        return flowables

    def how_to_answer(self, *, page_url: str, code_url: str) -> list[Flowable]:
        lines = [self.text(_("To answer"), "heading"), self.text(words.answer(self.sheet))]
        lines.append(self.text(_("On the site: %(url)s") % {"url": code_url}))
        lines.append(self.text(_("The quartier's page: %(url)s") % {"url": page_url}))
        return [Spacer(0, 2 * mm), *lines]


def _code_markup(code: str, is_new: bool) -> str:
    """The code, and under it "NEW" in small capitals for what is new this week."""
    if not is_new:
        return escape(code)
    return f'{escape(code)}<br/><font size="9">{escape(_("New").upper())}</font>'


def _line_markup(title: str, details: str) -> str:
    """The item's title in bold, its details under it; every piece escaped."""
    title = Truncator(title).chars(TITLE_CHARS)
    details = Truncator(details).chars(DETAILS_CHARS)
    return f"<b>{escape(title)}</b><br/>{escape(details)}"
