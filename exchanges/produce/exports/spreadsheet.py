"""The reports as CSV files for a spreadsheet, as French Excel opens them with a double click:
UTF-8 behind a byte order mark (without it Excel reads the file as Windows-1252 and mangles every
accent), fields separated by semicolons (French Excel splits on ";" because "," is its decimal
mark: a comma-separated file opens as one column), amounts with the active language's decimal
mark."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from django.utils.translation import gettext as _

from exchanges.produce import reports
from exchanges.produce.exports import common
from exchanges.produce.progress import Progress

Row = Sequence[str | int]
# A cell starting with one of these is a formula to a spreadsheet: a member named
# "=HYPERLINK(…)" would run in the coordinator's Excel (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def report_csv(report: str, data: reports.Lines, progress: Progress | None = None) -> bytes:
    """One of "totals", "pickup" or "packing" as a CSV file, in the active language; 404 for
    another name. `progress` counts the rows written."""
    common.report_title(report)  # 404 before any work
    build = {"totals": totals_rows, "pickup": pickup_rows, "packing": packing_rows}[report]
    rows = list(build(data))
    progress = progress or Progress()
    progress.start(len(rows))
    return csv_body(_counted(rows, progress))


def _counted(rows: list[Row], progress: Progress) -> Iterator[Row]:
    for row in rows:
        yield row
        progress.step()


CSV_TYPE = "text/csv; charset=utf-8"


def csv_body(rows: Iterable[Row]) -> bytes:
    """The rows as French Excel opens them: a BOM, ";" between fields, every cell `safe`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([safe(cell) for cell in row] for row in rows)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def safe(cell: str | int) -> str | int:
    """A text cell that a spreadsheet would take for a formula is kept as text."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return f"'{cell}"
    return cell


def totals_rows(data: reports.Lines) -> Iterator[Row]:
    """Per producer, each product ordered, then the producer's total; the total of all at the
    end. An amount is what is known so far: a weighed line counts once weighed, and "Still to
    weigh" says how many lines are not yet."""
    yield [
        _("Producer"),
        _("Product"),
        _("Unit"),
        _("Unit price (€)"),
        _("Quantity"),
        _("Weight (kg)"),
        _("Amount (€)"),
        _("Still to weigh"),
    ]
    grams, prices = common.weighed_grams(data), common.unit_prices(data)
    grand_total, grand_missing = 0, 0
    for producer in reports.producer_totals(data):
        farm = producer.producer.farm_name
        for share in producer.shares:  # paid in advance: no amount here
            name = f"{share.contract}, {share.size}"
            yield [farm, name, _("contract share"), "", share.shares, "", "", ""]
        ordered = [product for product in producer.products if product.quantity]
        if not ordered:
            continue
        for product in ordered:
            offer = product.offer
            weight = grams.get(offer.pk)
            yield [
                farm,
                common.product_name(offer),
                common.unit_name(offer),
                " / ".join(common.amount(cents) for cents in prices.get(offer.pk, [])),
                product.quantity,
                common.kilograms(weight) if weight is not None else "",
                common.amount(product.amount_cents),
                product.weights_missing,
            ]
        total = common.amount(producer.amount_cents)
        yield [farm, _("Total"), "", "", "", "", total, producer.weights_missing]
        grand_total += producer.amount_cents
        grand_missing += producer.weights_missing
    yield [_("Total"), "", "", "", "", "", common.amount(grand_total), grand_missing]


def pickup_rows(data: reports.Lines) -> Iterator[Row]:
    """The sign-off sheet: one row a member, alphabetically, with what they take, what it
    costs, how they pay, and an empty cell to sign."""
    yield [
        _("Member"),
        _("Baskets and products"),
        _("Amount (€)"),
        _("Still to weigh"),
        _("Payments"),
        _("Signature"),
    ]
    grand_total, grand_missing = 0, 0
    for pickup in reports.pickup_list(data):
        missing = sum(1 for line in pickup.lines if line.amount_cents is None)
        yield [
            pickup.name,
            ", ".join(common.pickup_texts(pickup)),
            common.amount(pickup.amount_cents),
            missing,
            ", ".join(common.payment_text(payment, "€") for payment in pickup.payments),
            "",
        ]
        grand_total += pickup.amount_cents
        grand_missing += missing
    yield [_("Total"), "", common.amount(grand_total), grand_missing, "", ""]


def packing_rows(data: reports.Lines) -> Iterator[Row]:
    """One row a product and member: what goes into each basket."""
    yield [_("Producer"), _("Product"), _("Unit"), _("Member"), _("Quantity")]
    for packing in reports.packing(data):
        offer = packing.offer
        for member, quantity in packing.members:
            yield [
                offer.product.producer.farm_name,
                common.product_name(offer),
                common.unit_name(offer),
                member.public_name,
                quantity,
            ]
