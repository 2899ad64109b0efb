"""The results to take away, in the quartier's language whoever downloads them: a CSV for a
spreadsheet (as French Excel opens it: a byte order mark, semicolons), and the PDF report to
hand to the mairie: the question, the information given, the phases' dates, participation, the
results by method, the answers by group, and the debate's summary a coordinator wrote."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import override
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table

from exchanges.consultations import plain_words, tables
from exchanges.consultations.models import Consultation
from exchanges.consultations.results import Results, results
from exchanges.produce.exports.spreadsheet import safe
from neighbourhood.pdf import fonts

MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN


def attach(
    response: HttpResponse, consultation: Consultation, extension: str, *, download: bool
) -> None:
    stem = slugify(_("Consultation %(id)s results") % {"id": consultation.pk}) or "results"
    header = content_disposition_header(download, f"{stem}.{extension}")
    if header is not None:
        response["Content-Disposition"] = header


def phases(consultation: Consultation) -> list[tuple[str, str]]:
    zone = consultation.quartier.zone

    def when(moment: object) -> str:
        return date_format(localtime(moment, zone), "j F Y, H:i")  # type: ignore[arg-type]

    return [
        (_("Information from"), when(consultation.information_at)),
        (_("Debate from"), when(consultation.debate_at)),
        (_("Vote from"), when(consultation.vote_at)),
        (_("Vote closes"), when(consultation.results_at)),
    ]


# --- CSV --------------------------------------------------------------------------------------


def csv_response(consultation: Consultation) -> HttpResponse:
    with override(consultation.quartier.language):
        found = results(consultation=consultation)
        rows = list(csv_rows(found))
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerows([safe(cell) for cell in row] for row in rows)
        response = HttpResponse(
            codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8"),
            content_type="text/csv; charset=utf-8",
        )
        attach(response, consultation, "csv", download=True)
    return response


def csv_rows(found: Results) -> Iterator[Sequence[str | int]]:
    """The question and the sentence, participation by way, then each table under its caption,
    then the answers by group."""
    turnout = found.turnout
    yield [_("Question"), found.consultation.question]
    yield [_("Result"), found.sentence]
    yield [_("Members"), turnout.members]
    yield [_("Voters"), turnout.voters]
    if turnout.outside:
        yield [_("From outside the quartier"), turnout.outside]
    yield [_("Online"), turnout.online]
    yield [_("Through a relais"), turnout.relais]
    yield [_("On paper"), turnout.paper]
    for table in tables.tables(found):
        yield []
        yield [table.caption]
        yield table.header
        for row in table.rows:
            yield [cell.text for cell in row]
    if found.groups:
        yield []
        yield [_("Group"), _("Answer")]
        for group in found.groups:
            for answer in group.answers:
                yield [group.label or _("Not grouped"), answer]


# --- the PDF report ---------------------------------------------------------------------------


def pdf_response(consultation: Consultation) -> HttpResponse:
    with override(consultation.quartier.language):
        found = results(consultation=consultation)
        buffer = io.BytesIO()
        Report(found).build(buffer, consultation.quartier.language)
        response = HttpResponse(buffer.getvalue(), content_type="application/pdf")
        attach(response, consultation, "pdf", download=False)
    return response


class Report:
    def __init__(self, found: Results) -> None:
        self.found = found
        self.fonts = fonts()
        body = ParagraphStyle("body", fontName=self.fonts.regular, fontSize=9.5, leading=12.5)
        self.styles = {
            "body": body,
            "bold": ParagraphStyle("bold", parent=body, fontName=self.fonts.bold),
            "title": ParagraphStyle(
                "title", parent=body, fontName=self.fonts.bold, fontSize=15, leading=19
            ),
            "heading": ParagraphStyle(
                "heading",
                parent=body,
                fontName=self.fonts.bold,
                fontSize=11.5,
                leading=15,
                spaceBefore=10,
                spaceAfter=4,
            ),
            "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10),
        }

    def text(self, *lines: str, style: str = "body") -> Paragraph:
        return Paragraph("<br/>".join(escape(line) for line in lines), self.styles[style])

    def build(self, buffer: io.BytesIO, language: str) -> None:
        consultation = self.found.consultation
        title = _("Consultation report: %(question)s") % {"question": consultation.question}
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + 5 * mm,
            title=title,
            author=consultation.quartier.name,
            lang=language,
        )
        page = _("%(title)s, page %(page)s")

        def footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
            canvas.saveState()
            canvas.setFont(self.fonts.regular, 8)
            canvas.drawString(
                MARGIN, MARGIN, page % {"title": consultation.quartier.name, "page": doc.page}
            )
            canvas.restoreState()

        document.build(self.story(title), onFirstPage=footer, onLaterPages=footer)

    def story(self, title: str) -> list[Flowable]:
        consultation = self.found.consultation
        story: list[Flowable] = [
            self.text(title, style="title"),
            self.text(consultation.quartier.name),
            Spacer(0, 4 * mm),
            self.text(self.found.sentence, style="bold"),
            self.text(_("The question"), style="heading"),
            self.text(consultation.question),
            self.text(str(consultation.get_method_display())),
        ]
        story += self.information()
        story.append(self.text(_("Phases"), style="heading"))
        story.append(self.text(*(f"{name}: {when}" for name, when in phases(consultation))))
        story.append(self.text(_("Participation"), style="heading"))
        story.append(
            self.text(
                plain_words.participation(self.found.turnout),
                plain_words.ways(self.found.turnout),
                *([self.found.paper_words] if self.found.paper_hands else []),
            )
        )
        story.append(self.text(_("Results"), style="heading"))
        for table in tables.tables(self.found):
            story += [self.text(table.caption, style="bold"), self.grid(table), Spacer(0, 3 * mm)]
        for group in self.found.groups:
            story.append(self.text(group.label or _("Not grouped"), style="bold"))
            story.append(self.text(*(f"• {answer}" for answer in group.answers)))
        story.append(self.text(_("Summary of the debate"), style="heading"))
        story.append(
            self.text(*(consultation.summary or _("No summary was written.")).splitlines())
        )
        return story

    def information(self) -> list[Flowable]:
        consultation = self.found.consultation
        story: list[Flowable] = [self.text(_("The information given"), style="heading")]
        if consultation.background:
            story.append(self.text(*consultation.background.splitlines()))
        links = [line.strip() for line in consultation.links.splitlines() if line.strip()]
        if links:
            story.append(self.text(_("Links"), style="bold"))
            story.append(self.text(*links))
        titles = [document.title for document in consultation.documents.all()]
        if titles:
            story.append(self.text(_("Documents"), style="bold"))
            story.append(self.text(*titles))
        return story

    def grid(self, table: tables.Table) -> Table:
        head = [self.text(name, style="cell") for name in table.header]
        rows = [
            [
                self.text(
                    _("%(share)s (median)") % {"share": cell.text} if cell.median else cell.text,
                    style="cell",
                )
                for cell in row
            ]
            for row in table.rows
        ]
        first = min(45 * mm, WIDTH / 2)
        rest = (WIDTH - first) / max(len(table.header) - 1, 1)
        grid = Table(
            [head, *rows], colWidths=[first, *([rest] * (len(table.header) - 1))], repeatRows=1
        )
        grid.setStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
        return grid
