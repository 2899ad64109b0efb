"""The close-of-cycle reports as files: CSV for French Excel, A4 PDF to print (the sign-off
sheet), in the active language, in a fixed number of queries."""

from __future__ import annotations

import base64
import codecs
import csv
import io
import re
import zlib

import pytest
from django.http import Http404
from django.utils import translation

from exchanges.produce import exports, reports, services
from exchanges.produce.exports import common
from exchanges.produce.models import OrderCycle, OrderLine, Payment, VolunteerRole
from neighbourhood import pdf
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def order(cycle, member, **quantities: int) -> None:
    """``order(cycle, alice, eggs=2)``: the quantities by product fixture name."""
    products = {offer.product.name: offer.pk for offer in cycle.offers.select_related("product")}
    names = {"eggs": "Œufs", "basket": "Panier de légumes", "cheese": "Tomme de chèvre"}
    result = services.order_place(
        cycle=cycle,
        member=member,
        quantities={products[names[name]]: quantity for name, quantity in quantities.items()},
    )
    assert result.refused == {}


def csv_rows(cycle: OrderCycle, report: str) -> list[list[str]]:
    content = exports.report_csv(report, reports.load(cycle))
    assert content.startswith(codecs.BOM_UTF8)
    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def ordered(cycle, alice, bob):
    """Alice: 2 boxes of eggs and a basket. Bob: 1 box, 2 baskets and a cheese to weigh."""
    order(cycle, alice, eggs=2, basket=1)
    order(cycle, bob, eggs=1, basket=2, cheese=1)
    return cycle


def test_the_totals_csv_lists_each_product_ordered_and_adds_up_to_the_orders(ordered):
    rows = csv_rows(ordered, "totals")

    assert rows[0] == [
        "Producer",
        "Product",
        "Unit",
        "Unit price (€)",
        "Quantity",
        "Weight (kg)",
        "Amount (€)",
        "Still to weigh",
    ]
    assert rows[1:] == [
        ["Chèvrerie du Pilat", "Tomme de chèvre", "kg", "24.00", "1", "", "0.00", "1"],
        ["Chèvrerie du Pilat", "Total", "", "", "", "", "0.00", "1"],
        ["Ferme des Monts d'Or", "Œufs (boîte de 6)", "box", "3.50", "3", "", "10.50", "0"],
        ["Ferme des Monts d'Or", "Panier de légumes", "basket", "15.00", "3", "", "45.00", "0"],
        ["Ferme des Monts d'Or", "Total", "", "", "", "", "55.50", "0"],
        ["Total", "", "", "", "", "", "55.50", "1"],
    ]
    known = sum(line.amount_cents or 0 for line in OrderLine.objects.all())
    assert rows[-1][6] == f"{known / 100:.2f}"


def test_a_weighed_product_counts_in_the_totals_once_weighed(ordered, carol, cheese):
    before = csv_rows(ordered, "totals")
    line = OrderLine.objects.get(offer__product=cheese)

    services.line_set_weight(line=line, actor=carol, weight_grams=1250)

    after = csv_rows(ordered, "totals")
    assert before[1][5:] == ["", "0.00", "1"]
    assert after[1] == [
        "Chèvrerie du Pilat",
        "Tomme de chèvre",
        "kg",
        "24.00",
        "1",
        "1.250",
        "30.00",  # 24 €/kg × 1.25 kg
        "0",
    ]
    assert after[-1] == ["Total", "", "", "", "", "", "85.50", "0"]
    pickup = {row[0]: row for row in csv_rows(ordered, "pickup")}
    assert "1 × Tomme de chèvre, 1.250 kg" in pickup["Bob"][1]
    assert pickup["Bob"][2:4] == ["63.50", "0"]


def test_the_pick_up_csv_has_a_row_a_member_with_lines_payments_and_a_cell_to_sign(
    ordered, alice, bob, carol, farm
):
    alices_order = ordered.orders.get(member=alice)
    services.payment_record(
        order=alices_order,
        producer=farm,
        actor=carol,
        method=Payment.Method.CHEQUE,
        status=Payment.Status.RECEIVED,
        amount_cents=2200,
        cheque_number="0012345",
    )

    rows = csv_rows(ordered, "pickup")

    assert rows[0] == [
        "Member",
        "Baskets and products",
        "Amount (€)",
        "Still to weigh",
        "Payments",
        "Signature",
    ]
    [alices, bobs, total] = rows[1:]
    assert alices[0] == "Alice" and bobs[0] == "Bob"
    # The lines in the order the database sorts product names (where "Œ" falls varies).
    assert sorted(alices[1].split(", ")) == ["1 × Panier de légumes", "2 × Œufs (boîte de 6)"]
    assert sorted(bobs[1].split(", ")) == [
        "1 × Tomme de chèvre",
        "1 × Œufs (boîte de 6)",
        "2 × Panier de légumes",
        "to weigh",
    ]
    assert alices[2:] == [
        "22.00",
        "0",
        "Ferme des Monts d'Or: Cheque no. 0012345, 22.00 €, received",
        "",
    ]
    assert bobs[2:] == ["33.50", "1", "", ""]
    assert total == ["Total", "", "55.50", "1", "", ""]


def test_the_packing_csv_has_a_row_a_product_and_member(ordered):
    rows = csv_rows(ordered, "packing")

    assert rows == [
        ["Producer", "Product", "Unit", "Member", "Quantity"],
        ["Chèvrerie du Pilat", "Tomme de chèvre", "kg", "Bob", "1"],
        ["Ferme des Monts d'Or", "Œufs (boîte de 6)", "box", "Alice", "2"],
        ["Ferme des Monts d'Or", "Œufs (boîte de 6)", "box", "Bob", "1"],
        ["Ferme des Monts d'Or", "Panier de légumes", "basket", "Alice", "1"],
        ["Ferme des Monts d'Or", "Panier de légumes", "basket", "Bob", "2"],
    ]


def test_a_csv_is_named_after_the_distribution_day_and_written_in_the_active_language(ordered):
    with translation.override("fr"):
        text = exports.report_csv("totals", reports.load(ordered)).decode("utf-8-sig")
        name = common.filename("totals", ordered, "csv")

    assert name == f"totaux-par-producteur-{ordered.distribution_date.isoformat()}.csv"
    assert ";55,50;" in text  # the French decimal mark, which French Excel reads as a number
    assert "55.50" not in text


def test_a_name_that_a_spreadsheet_would_run_as_a_formula_stays_text(cycle, quartier):
    mallory = UserFactory.create(display_name='=HYPERLINK("http://evil.example","x")')
    MembershipFactory.create(quartier=quartier, user=mallory)
    order(cycle, mallory, basket=1)

    rows = csv_rows(cycle, "pickup")

    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","x")'


def test_a_report_that_does_not_exist_is_not_found(ordered):
    data = reports.load(ordered)
    with pytest.raises(Http404):
        exports.report_csv("owed", data)
    with pytest.raises(Http404):
        exports.report_pdf("../totals", data)


# --- PDF ---------------------------------------------------------------------------------------


PDF_OBJECT = re.compile(rb"(\d+) 0 obj\r?\n(.*?)\bendobj", re.S)


def pdf_streams(content: bytes) -> dict[bytes, bytes]:
    """Every stream of one of reportlab's PDFs inflated, by its object's number, in the file's
    order."""
    streams: dict[bytes, bytes] = {}
    for number, body in PDF_OBJECT.findall(content):
        head, found, data = body.partition(b"stream")
        if not found:
            continue
        data = data.strip(b"\r\n").removesuffix(b"endstream").strip(b"\r\n")
        if b"ASCII85Decode" in head:
            data = base64.a85decode(data.strip().removesuffix(b"~>"))
        if b"FlateDecode" in head:
            data = zlib.decompress(data)
        streams[number] = data
    return streams


def pdf_text(content: bytes) -> str:
    """The text drawn in one of reportlab's PDFs: the streams inflated, each string read through
    its font's ToUnicode map (an embedded subset) or as Windows-1252 (a standard font)."""
    streams = pdf_streams(content)
    to_unicode: dict[bytes, bytes] = {}
    for _number, body in PDF_OBJECT.findall(content):
        if b"/ToUnicode" in body:
            name = re.search(rb"/Name /(\S+)", body)
            cmap = re.search(rb"/ToUnicode (\d+) 0 R", body)
            assert name and cmap
            to_unicode[name.group(1)] = cmap.group(1)
    maps = {
        font: {
            int(code, 16): chr(int(char, 16))
            for code, char in re.findall(rb"<([0-9A-F]{2})> <([0-9A-F]{4})>", streams[number])
        }
        for font, number in to_unicode.items()
    }
    words: list[str] = []
    for data in streams.values():
        font = b""
        for token in re.finditer(rb"/(\S+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", data, re.S):
            if token.group(1) is not None:
                font = token.group(1)
                continue
            raw = unescape(token.group(2))
            if font in maps:
                words.append("".join(maps[font].get(code, "?") for code in raw))
            else:
                words.append(raw.decode("cp1252"))
    # Lines wrap where the column ends: the words are read as one run of text.
    return " ".join(" ".join(words).split())


def unescape(literal: bytes) -> bytes:
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
    return re.sub(
        rb"\\([0-7]{1,3}|.)",
        lambda m: (
            bytes([int(m.group(1), 8)]) if m.group(1).isdigit() else escapes.get(m.group(1), m[1])
        ),
        literal,
        flags=re.S,
    )


def pages(content: bytes) -> int:
    return len(re.findall(rb"/Type /Page(?!s)", content))


def test_the_pick_up_sheet_names_the_volunteers_and_each_member_with_their_order(
    ordered, alice, bob, carol
):
    role = VolunteerRole.objects.get(cycle=ordered)
    services.volunteer_sign_up(role=role, member=carol)

    content = exports.report_pdf("pickup", reports.load(ordered))

    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Pick-up list · Panier de la semaine" in text
    assert "Maison des associations, 12 rue d'Austerlitz" in text
    assert text.index("Responsable de distribution: Carol") < text.index("Alice")
    assert text.index("Alice") < text.index("Bob")
    assert "2 × Œufs (boîte de 6)" in text
    assert "22.00 €" in text  # Alice's amount, the euro sign drawn
    assert "33.50 € + 1 to weigh" in text  # Bob's cheese is not weighed yet
    assert "Signature" in text


def test_the_totals_and_packing_pdfs_hold_the_products_and_the_members(ordered):
    data = reports.load(ordered)

    totals = pdf_text(exports.report_pdf("totals", data))
    packing = pdf_text(exports.report_pdf("packing", data))

    assert "Chèvrerie du Pilat (Marc Roux)" in totals
    assert "Total for the week: 55.50 € + 1 to weigh" in totals
    assert "Œufs (boîte de 6), Ferme des Monts d'Or: 3 × box" in packing
    assert packing.count("Alice") == 2 and packing.count("Bob") == 3


def test_the_pick_up_sheet_takes_more_pages_as_more_members_order(cycle, quartier):
    first = pages(exports.report_pdf("pickup", reports.load(cycle)))
    for number in range(40):
        member = UserFactory.create(display_name=f"Élodie Voisine {number:02d}")
        MembershipFactory.create(quartier=quartier, user=member)
        order(cycle, member, basket=1)

    content = exports.report_pdf("pickup", reports.load(cycle))

    assert first == 1
    assert pages(content) >= 2
    text = pdf_text(content)
    assert all(f"Élodie Voisine {number:02d}" in text for number in range(40))


@pytest.fixture
def without_dejavu(monkeypatch, tmp_path):
    """A system without the DejaVu fonts (the font folder is empty)."""
    monkeypatch.setattr(pdf, "FONT_DIR", tmp_path)
    pdf.fonts.cache_clear()
    yield
    pdf.fonts.cache_clear()


def test_without_dejavu_the_pdf_falls_back_to_helvetica_and_its_euro_sign(ordered, without_dejavu):
    content = exports.report_pdf("pickup", reports.load(ordered))

    assert b"/BaseFont /Helvetica" in content and b"DejaVu" not in content
    text = pdf_text(content)
    assert "2 × Œufs (boîte de 6)" in text
    assert "22.00 €" in text  # WinAnsi, Helvetica's encoding, has the euro sign


def test_an_empty_cycle_still_makes_files_that_say_so(cycle):
    data = reports.load(cycle)

    assert "No orders this week." in pdf_text(exports.report_pdf("packing", data))
    assert csv_rows(cycle, "totals")[1:] == [["Total", "", "", "", "", "", "0.00", "0"]]


# --- Queries ------------------------------------------------------------------------------------


def many_orders(cycle, quartier, count: int) -> None:
    for number in range(count):
        member = UserFactory.create(display_name=f"Membre {number:02d}")
        MembershipFactory.create(quartier=quartier, user=member)
        order(cycle, member, eggs=int(number < 10), basket=1, cheese=int(number < 5))


@pytest.mark.parametrize("count", [5, 40])
def test_every_file_is_built_from_one_load_whatever_the_number_of_orders(
    cycle, quartier, carol, count, django_assert_num_queries
):
    VolunteerRole.objects.filter(cycle=cycle).update(places=50)
    many_orders(cycle, quartier, count)
    services.volunteer_sign_up(role=VolunteerRole.objects.get(cycle=cycle), member=carol)
    some_order = cycle.orders.first()
    assert some_order is not None
    services.payment_record(
        order=some_order,
        producer=cycle.offers.first().product.producer,
        actor=carol,
        method=Payment.Method.CASH,
        status=Payment.Status.RECEIVED,
        amount_cents=1500,
    )
    cycle = OrderCycle.objects.get(pk=cycle.pk)  # nothing cached from the set-up

    # offers, orders, lines, payments and their producers, volunteers; 3 baskets
    with django_assert_num_queries(9):
        data = reports.load(cycle)
        files = [
            build(report, data)
            for report in exports.REPORTS
            for build in (exports.report_csv, exports.report_pdf)
        ]

    assert len(data.lines) >= count
    assert all(content.startswith(b"%PDF") for content in files[1::2])
    assert len(files[0].splitlines()) == 1 + 3 + 2 + 1  # header, products, totals
    assert len(files[2].splitlines()) == 1 + count + 1  # header, members, total
