"""The reports as A4 PDFs to print for the distribution: the producers' totals, the sign-off sheet
("liste d'émargement") with the volunteers at the top and a box for each member to sign, and
the packing list, product by product."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Table

from exchanges.produce import reports
from exchanges.produce.exports import common
from exchanges.produce.progress import Progress
from neighbourhood.pdf import fonts

MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN  # 180 mm
CELL_PADDING = 6  # reportlab's default left and right padding in a table's cell
FONT_SIZE, LEADING = 9, 11.5


def report_pdf(report: str, data: reports.Lines, progress: Progress | None = None) -> bytes:
    """One of "totals", "pickup" or "packing" as an A4 PDF to print, in the active language;
    404 for another name. `progress` counts the rows prepared."""
    title = common.report_title(report)
    sheet = ReportSheet(data, progress or Progress())
    body = {"totals": sheet.totals, "pickup": sheet.pickup, "packing": sheet.packing}[report]()
    heading = f"{title} · {data.cycle.title}"
    page = _("%(title)s, page %(page)s")

    def footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(sheet.fonts.regular, 8)
        canvas.drawString(MARGIN, MARGIN, page % {"title": heading, "page": doc.page})
        canvas.restoreState()

    story = [
        Paragraph(escape(heading), sheet.styles["title"]),
        Paragraph(escape(common.distribution(data)), sheet.styles["subtitle"]),
        *body,
    ]
    return pdf_bytes(story, title=heading, language=get_language(), footer=footer)


def pdf_bytes(
    story: list[Flowable],
    *,
    title: str,
    language: str,
    footer: Callable[[Canvas, SimpleDocTemplate], None] | None = None,
) -> bytes:
    """An A4 document with the reports' margins (room at the bottom for a `footer`)."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 5 * mm if footer is not None else MARGIN,
        title=title,
        author="Voisinage",
        lang=language,
    )
    if footer is not None:
        document.build(story, onFirstPage=footer, onLaterPages=footer)
    else:
        document.build(story)
    return buffer.getvalue()


class LinesTable(Table):
    """A table whose cells of several lines of plain text, set left and at the top, are drawn
    as one text object each rather than one per line (what reportlab's `Table` does): the same
    text at the same places, a fraction of the work for a long sign-off sheet."""

    def _drawCell(self, cellval: object, cellstyle: Any, pos: Any, size: Any) -> None:
        lines = (
            isinstance(cellval, str)
            and "\n" in cellval
            and cellstyle.alignment == "LEFT"
            and cellstyle.valign == "TOP"
            and not (cellstyle.href or cellstyle.destination or cellstyle.direction)
        )
        if not lines:
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        canvas = self.canv
        current: Any = getattr(self, "_curcellstyle", None)
        if current is not cellstyle:  # as Table._drawCell keeps it
            if current is None or cellstyle.color != current.color:
                canvas.setFillColor(cellstyle.color)
            canvas.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
            self._curcellstyle = cellstyle
        (column, row), (_width, height) = pos, size
        text = RepeatedText(
            canvas,
            column + cellstyle.leftPadding,
            row + height - cellstyle.topPadding - cellstyle.fontsize,
        )
        text.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
        text.textLines(str(cellval), trim=0)
        canvas.drawText(text)


class RepeatedText(PDFTextObject):
    """A text object that encodes each line of text once a document: a product's line comes
    back on many members' rows, and reportlab maps each character to its font subset on every
    line drawn. The operators written are reportlab's own, the same bytes in the same order
    (once a text's characters have their codes in the document, they keep them)."""

    _curSubset: int  # the font subset selected last in this text object (reportlab's)

    def _formatText(self, text: str) -> str:
        font = getFont(self._fontname)
        if not font._dynamicFont or type(text) is not str:  # a standard font, a shaped text
            return str(super()._formatText(text))
        canvas = self._canvas
        encoded: dict[tuple[str, str], list[tuple[int, str, str]]] = canvas.__dict__.setdefault(
            "_encoded_lines", {}
        )
        chunks = encoded.get((self._fontname, text))
        if chunks is None:
            document = canvas._doc
            chunks = [
                (subset, font.getSubsetInternalName(subset, document), f"({canvas._escape(t)}) Tj")
                for subset, t in font.splitString(text, document)
            ]
            encoded[(self._fontname, text)] = chunks
        operators: list[str] = []
        for subset, name, shown in chunks:
            if subset != self._curSubset:
                operators.append(f"{name} {fp_str(self._fontsize)} Tf {fp_str(self._leading)} TL")
                self._curSubset = subset
            operators.append(shown)
        return " ".join(operators)


class Sheet:
    """The styles, texts, amounts and tables of the printed papers, in the fonts found."""

    def __init__(self) -> None:
        self.fonts = fonts()
        self._breaks: dict[tuple[str, str, float], list[str]] = {}
        self._widths: dict[str, dict[str, float]] = {}  # each word's, per font
        body = ParagraphStyle("body", fontName=self.fonts.regular, fontSize=9, leading=11.5)
        self.styles = {
            "body": body,
            "bold": ParagraphStyle("bold", parent=body, fontName=self.fonts.bold),
            "number": ParagraphStyle("number", parent=body, alignment=TA_RIGHT),
            "title": ParagraphStyle(
                "title", parent=body, fontName=self.fonts.bold, fontSize=15, leading=19
            ),
            "subtitle": ParagraphStyle(
                "subtitle", parent=body, fontSize=10.5, leading=14, spaceAfter=6
            ),
            "heading": ParagraphStyle(
                "heading",
                parent=body,
                fontName=self.fonts.bold,
                fontSize=11,
                leading=14,
                spaceBefore=8,
                spaceAfter=4,
            ),
        }

    def text(self, *lines: str, style: str = "body") -> Paragraph:
        """A paragraph of one or more lines of plain text (escaped: a name may hold a "<")."""
        return Paragraph("<br/>".join(escape(line) for line in lines), self.styles[style])

    def money(self, cents: int, missing: int = 0) -> str:
        written = f"{common.amount(cents)} {self.fonts.euro}"
        if missing:
            return _("%(amount)s + %(count)s to weigh") % {"amount": written, "count": missing}
        return written

    def amount(self, cents: int, missing: int = 0) -> Paragraph:
        """An amount in a cell; what is still to weigh on a line of its own."""
        written = f"{common.amount(cents)} {self.fonts.euro}"
        if missing:
            return self.text(
                written, _("+ %(count)s to weigh") % {"count": missing}, style="number"
            )
        return self.text(written, style="number")

    def table(
        self,
        header: Sequence[str],
        rows: list[list[Flowable | str]],
        widths: Sequence[float],
        *,
        numbers: Sequence[int] = (),
        total: bool = False,
        padding: float = 3,
    ) -> Table:
        """A grid with its header row repeated on each page; ``numbers`` are the columns
        aligned right, and ``total`` sets the last row in bold."""
        head: list[Flowable | str] = [
            self.text(name, style="bold" if i not in numbers else "number")
            for i, name in enumerate(header)
        ]
        table = Table([head, *rows], colWidths=[width * mm for width in widths], repeatRows=1)
        style: list[tuple[object, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 1), (-1, -1), padding),
            ("BOTTOMPADDING", (0, 1), (-1, -1), padding),
        ]
        if total:
            style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f4f4f4")))
        table.setStyle(style)
        return table

    def wrapped(self, lines: Sequence[str], width: float, *, bold: bool = False) -> str:
        """Lines of plain text broken to fit a cell `width` mm wide, as a paragraph would
        break them (at spaces, runs of spaces as one): a cell of a `plain_table`."""
        font = self.fonts.bold if bold else self.fonts.regular
        room = width * mm - 2 * CELL_PADDING
        broken: list[str] = []
        for line in lines:
            broken.extend(self._broken(line, font, room))
        return "\n".join(broken)

    def _broken(self, line: str, font: str, room: float) -> list[str]:
        """One line broken as `simpleSplit` breaks it, each text measured once a sheet (a
        product's line comes back on many members' rows); a line that fits whole is measured
        in one call rather than word by word (the same sum of the same glyphs' widths)."""
        key = (line, font, room)
        found = self._breaks.get(key)
        if found is None:
            text = " ".join(line.split())
            if text and stringWidth(text, font, FONT_SIZE) < room - 1e-6:
                found = [text]
            else:
                found = self._split(text, font, room)
            self._breaks[key] = found
        return found

    def _split(self, text: str, font: str, room: float) -> list[str]:
        """reportlab's `simpleSplit` of one line (the same sums in the same order), each word
        measured once a sheet: the payments' lines, all different, share most of their words."""
        widths = self._widths.setdefault(font, {})

        def width(word: str) -> float:
            found = widths.get(word)
            if found is None:
                found = widths[word] = stringWidth(word, font, FONT_SIZE)
            return found

        lines: list[str] = []
        space = width(" ")
        taken: list[str] = []
        used = -space
        for word in text.split():
            measured = width(word)
            if used + space + measured <= room or not taken:
                taken.append(word)
                used = used + space + measured
            else:
                lines.append(" ".join(taken))
                taken = [word]
                used = measured
        if taken:
            lines.append(" ".join(taken))
        return lines

    def plain_table(
        self,
        header: Sequence[str],
        rows: list[list[Sequence[str]]],
        widths: Sequence[float],
        *,
        numbers: Sequence[int] = (),
        bold: Sequence[int] = (),
        blank: int | None = None,
        total: bool = False,
        padding: float = 3,
    ) -> Table:
        """`table` for the long reports: each cell the lines of plain text given, broken here
        once (`wrapped`) rather than laid out as a paragraph each time the table is measured
        or split across pages; ``bold`` are the columns set in bold, ``blank`` the one left
        empty to write in by hand (a box to sign or tick: a line of the table's own font
        high)."""
        head: list[Sequence[str]] = [[name] for name in header]
        cells = [
            [
                self.wrapped(lines, widths[i], bold=i in bold or at == 0)
                for i, lines in enumerate(row)
            ]
            for at, row in enumerate([head, *rows])
        ]
        table = LinesTable(cells, colWidths=[width * mm for width in widths], repeatRows=1)
        style: list[tuple[object, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),
            ("FONTNAME", (0, 0), (-1, 0), self.fonts.bold),
            ("FONTSIZE", (0, 0), (-1, -1), FONT_SIZE),
            ("LEADING", (0, 0), (-1, -1), LEADING),
            *([("FONTSIZE", (blank, 1), (blank, -1), 10)] if blank is not None else []),
            *([("LEADING", (blank, 1), (blank, -1), 12)] if blank is not None else []),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 1), (-1, -1), padding),
            ("BOTTOMPADDING", (0, 1), (-1, -1), padding),
        ]
        style += [("FONTNAME", (column, 1), (column, -1), self.fonts.bold) for column in bold]
        style += [("ALIGN", (column, 0), (column, -1), "RIGHT") for column in numbers]
        if total:
            style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f4f4f4")))
        table.setStyle(style)
        return table

    def amount_lines(self, cents: int, missing: int = 0) -> list[str]:
        """`amount` as the lines of a `plain_table`'s cell."""
        written = f"{common.amount(cents)} {self.fonts.euro}"
        if missing:
            return [written, _("+ %(count)s to weigh") % {"count": missing}]
        return [written]


class ReportSheet(Sheet):
    """The flowables of each report of a cycle."""

    def __init__(self, data: reports.Lines, progress: Progress) -> None:
        super().__init__()
        self.data = data
        self.progress = progress

    def nothing(self) -> list[Flowable]:
        return [self.text(_("No orders in this cycle."))]

    def totals(self) -> list[Flowable]:
        """Per producer: each product ordered, its price, quantity, weight and amount."""
        grams, prices = common.weighed_grams(self.data), common.unit_prices(self.data)
        story: list[Flowable] = []
        grand_total, grand_missing = 0, 0
        producers = reports.producer_totals(self.data)
        self.progress.start(len(producers))
        for producer in producers:
            self.progress.step()
            if producer.shares:
                farm = producer.producer
                story.append(self.text(f"{farm.farm_name} ({farm.name})", style="heading"))
                story.append(self.text(*common.shares_text(producer)))
            ordered = [product for product in producer.products if product.quantity]
            if not ordered:
                continue
            rows: list[list[Flowable | str]] = []
            for product in ordered:
                offer = product.offer
                weight = grams.get(offer.pk)
                price = " / ".join(self.money(cents) for cents in prices.get(offer.pk, []))
                rows.append(
                    [
                        self.text(common.product_name(offer)),
                        self.text(common.unit_name(offer)),
                        self.text(price, style="number"),
                        self.text(str(product.quantity), style="number"),
                        self.text(
                            f"{common.kilograms(weight)} kg" if weight is not None else "",
                            style="number",
                        ),
                        self.amount(product.amount_cents, product.weights_missing),
                    ]
                )
            total = self.amount(producer.amount_cents, producer.weights_missing)
            rows.append([self.text(_("Total"), style="bold"), "", "", "", "", total])
            header = [_("Product"), _("Unit"), _("Unit price"), _("Quantity"), _("Weight")]
            farm = producer.producer
            story.append(
                KeepTogether(
                    [
                        self.text(f"{farm.farm_name} ({farm.name})", style="heading"),
                        self.table(
                            [*header, _("Amount")],
                            rows,
                            [62, 22, 24, 20, 22, 30],
                            numbers=(2, 3, 4, 5),
                            total=True,
                        ),
                    ]
                )
            )
            grand_total += producer.amount_cents
            grand_missing += producer.weights_missing
        if not story:
            return self.nothing()
        overall = _("Total of the cycle: %(amount)s") % {
            "amount": self.money(grand_total, grand_missing)
        }
        return [*story, self.text(overall, style="heading")]

    def pickup(self) -> list[Flowable]:
        """The sign-off sheet: who helps at the distribution, then one row a member with their
        lines, the amount, their payments and an empty box to sign when they pick up."""
        story: list[Flowable] = [self.text(_("Volunteers"), style="heading")]
        helpers = common.volunteers(self.data)
        for role, names in helpers:
            story.append(self.text(f"{role}: {', '.join(names)}"))
        if not helpers:
            story.append(self.text(_("Nobody has signed up to help yet.")))
        pickups = reports.pickup_list(self.data)
        if not pickups:
            return [*story, *self.nothing()]
        rows: list[list[Sequence[str]]] = []
        self.progress.start(len(pickups))
        for pickup in pickups:
            self.progress.step()
            missing = sum(1 for line in pickup.lines if line.amount_cents is None)
            rows.append(
                [
                    [pickup.name],
                    common.pickup_texts(pickup),
                    self.amount_lines(pickup.amount_cents, missing),
                    [common.payment_text(p, self.fonts.euro) for p in pickup.payments],
                    [],
                ]
            )
        total = sum(pickup.amount_cents for pickup in pickups)
        missing = sum(1 for line in self.data.lines if line.amount_cents is None)
        members = ngettext("%(count)s member", "%(count)s members", len(pickups)) % {
            "count": len(pickups)
        }
        rows.append([[_("Total")], [members], self.amount_lines(total, missing), [], []])
        header = [_("Member"), _("Baskets and products"), _("Amount"), _("Payments")]
        header.append(_("Signature"))
        table = self.plain_table(
            header,
            rows,
            [40, 60, 22, 32, 26],
            numbers=(2,),
            bold=(0,),
            blank=4,
            total=True,
            padding=8,
        )
        return [*story, self.text(_("Members"), style="heading"), table]

    def packing(self) -> list[Flowable]:
        """Product by product, each member's quantity, and a box to tick once packed."""
        story: list[Flowable] = []
        products = reports.packing(self.data)
        self.progress.start(sum(len(packing.members) for packing in products))
        for packing in products:
            self.progress.step(len(packing.members))
            offer = packing.offer
            title = _("%(product)s, %(farm)s: %(quantity)s × %(unit)s") % {
                "product": common.product_name(offer),
                "farm": offer.product.producer.farm_name,
                "quantity": packing.quantity,
                "unit": common.unit_name(offer),
            }
            rows: list[list[Sequence[str]]] = [
                [[member.public_name], [str(quantity)], []] for member, quantity in packing.members
            ]
            header = [_("Member"), _("Quantity"), _("Packed")]
            table = self.plain_table(header, rows, [110, 40, 30], numbers=(1,), blank=2)
            story.append(KeepTogether([self.text(title, style="heading"), table]))
        return story or self.nothing()
