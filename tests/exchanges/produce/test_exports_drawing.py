"""The sign-off sheet's shortcuts draw what reportlab draws: each distinct line encoded once a
document (`RepeatedText`) writes the same operators as reportlab's own text object, and a
cell's text broken once (`Sheet.wrapped`) breaks where `simpleSplit` breaks."""

from __future__ import annotations

import pytest
from django.utils import translation
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.textobject import PDFTextObject

from exchanges.produce import exports, reports, services
from exchanges.produce.exports import printed
from exchanges.produce.models import Payment
from tests.exchanges.produce.test_exports import order, pages, pdf_streams, pdf_text
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def streams(content: bytes) -> list[bytes]:
    """Every stream of the PDF inflated, in the file's order: the pages' drawing operators and
    the fonts' subsets (the info dictionary's dates and the file's id left out)."""
    return list(pdf_streams(content).values())


@pytest.fixture
def crowded(cycle, quartier, carol):
    """40 members ordering the same products (their lines repeat from row to row), half of
    them paying by cheque: a sheet of several pages."""
    for number in range(40):
        member = UserFactory.create(display_name=f"Élodie Voisine {number:02d}")
        MembershipFactory.create(quartier=quartier, user=member)
        order(
            cycle,
            member,
            eggs=int(number % 5 == 0),
            basket=1 + number % 2,
            cheese=int(number % 10 == 0),
        )
    for number, placed in enumerate(cycle.orders.all()):
        if number % 2:
            services.payment_record(
                order=placed,
                producer=cycle.offers.first().product.producer,
                actor=carol,
                method=Payment.Method.CHEQUE,
                cheque_number=f"{number:07d}",
                status=Payment.Status.RECEIVED,
                amount_cents=1_000 + number,
            )
    return cycle


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("report", ["pickup", "packing"])
def test_the_sheet_draws_the_same_pages_as_reportlabs_own_text_object(
    crowded, monkeypatch, language, report
):
    data = reports.load(crowded)
    with translation.override(language):
        drawn = exports.report_pdf(report, data)
        monkeypatch.setattr(printed, "RepeatedText", PDFTextObject)
        reference = exports.report_pdf(report, data)

    assert pages(drawn) >= 2
    assert streams(drawn) == streams(reference)
    assert pdf_text(drawn) == pdf_text(reference)
    assert "Élodie Voisine 39" in pdf_text(drawn)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "   ",
        "2 × Œufs (boîte de 6)",
        "Ferme des Monts d'Or:   Chèque n° 0000012,  12,50 €, reçu",
        "Tomme de chèvre (la grande, celle de la ferme d'en haut), à peser, 1,250 kg " * 3,
        "Unmotbeaucouptroplongpourtenirdanslacolonnequelquesoitlapoliceetlatailleoucettelargeur",
    ],
)
@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("width", [22, 40, 60])
def test_a_cell_is_broken_where_simple_split_breaks_it(line, bold, width):
    sheet = printed.Sheet()
    font = sheet.fonts.bold if bold else sheet.fonts.regular
    room = width * mm - 2 * printed.CELL_PADDING
    expected = simpleSplit(" ".join(line.split()), font, printed.FONT_SIZE, room)

    assert sheet.wrapped([line], width, bold=bold) == "\n".join(expected)
    assert sheet.wrapped([line, line], width, bold=bold) == "\n".join(expected + expected)
