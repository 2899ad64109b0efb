"""Reading a CSV of subscriptions as a coordinator moving in brings it: `;` or `,` between
columns (guessed), UTF-8 with or without a BOM or Windows-1252 (what a French spreadsheet
saves), column names in French or English under the many spellings AMAP tools use, amounts
with a decimal comma ("12,50 €").

This module only reads: each row comes out as text by field (`Row`), with helpers that turn
a cell into a number, a date, a method, amounts in cents. What a row means for a contract is
decided in `services.imports`. The columns and their names are documented in
docs/amap-contracts-import.md; keep both in step.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 1_000_000
MAX_ROWS = 2_000

# Each field, and the column names it is read from (compared without accents, case or
# punctuation). "Nom" with "Prénom" make the display name "Prénom Nom".
COLUMNS: dict[str, tuple[str, ...]] = {
    "email": (
        "courriel",
        "email",
        "e mail",
        "mail",
        "adresse email",
        "adresse e mail",
        "adresse mail",
        "adresse electronique",
        "email adherent",
        "email amapien",
    ),
    "display_name": (
        "nom affiche",
        "display name",
        "name",
        "nom complet",
        "adherent",
        "amapien",
        "membre",
        "nom et prenom",
        "prenom et nom",
        "nom prenom",
        "prenom nom",
    ),
    "last_name": ("nom", "nom de famille", "last name"),
    "first_name": ("prenom", "first name"),
    "phone": ("telephone", "tel", "portable", "mobile", "phone", "telephone portable"),
    "size": (
        "part",
        "panier",
        "taille",
        "taille de part",
        "type de panier",
        "type de part",
        "formule",
        "size",
        "share",
        "produit",
        "contrat",
    ),
    "shares": (
        "parts",
        "nombre de parts",
        "nb parts",
        "nb de parts",
        "quantite",
        "qte",
        "nombre de paniers",
        "shares",
    ),
    "starts_on": (
        "premier panier",
        "premiere distribution",
        "date du premier panier",
        "date de debut",
        "debut",
        "a partir du",
        "first basket",
        "starts on",
    ),
    "instalments": (
        "echeances",
        "nombre d echeances",
        "nombre de cheques",
        "nb cheques",
        "nb de cheques",
        "nombre de versements",
        "versements",
        "instalments",
    ),
    "amounts": ("montants", "montants des cheques", "cheques", "reglements", "amounts"),
    "method": (
        "paiement",
        "moyen de paiement",
        "mode de paiement",
        "mode de reglement",
        "reglement",
        "method",
    ),
    "cheque_numbers": (
        "numeros de cheques",
        "numeros des cheques",
        "numeros",
        "n cheques",
        "no cheques",
        "num cheques",
        "cheque numbers",
    ),
    "banks": ("banques", "banque", "banks", "bank"),
    "fee_paid": (
        "adhesion payee",
        "adhesion",
        "cotisation",
        "cotisation payee",
        "membership fee paid",
        "fee paid",
    ),
}
METHODS = {
    "cheque": ("cheque", "cheques", "chq", "ch"),
    "cash": ("especes", "espece", "liquide", "cash"),
    "transfer": ("virement", "virements", "vir", "transfer", "bank transfer"),
    "local": ("monnaie locale", "local", "local currency", "gonette", "eusko", "sol violette"),
}
YES = ("oui", "o", "yes", "y", "x", "1", "vrai", "true", "payee", "paye", "ok")
NO = ("non", "n", "no", "0", "faux", "false", "")
# Between the items of a list (amounts, cheque numbers, banks): never a comma, the decimal
# separator of French amounts.
LIST_SEPARATORS = re.compile(r"[/|+;]")
DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def simple(text: str) -> str:
    """A column or a word as compared: no accents, no case, words split by one space."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.split(r"[^a-z0-9]+", plain.lower())).strip()


FIELD_OF = {simple(name): key for key, names in COLUMNS.items() for name in names}


@dataclass
class Row:
    line: int  # as the spreadsheet numbers it: the header is line 1
    cells: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> str:
        return self.cells.get(key, "").strip()

    @property
    def display_name(self) -> str:
        given = " ".join(part for part in (self.get("first_name"), self.get("last_name")) if part)
        return self.get("display_name") or given


@dataclass
class Table:
    rows: list[Row]
    columns: dict[str, str]  # field → the column's name as written in the file
    ignored: list[str]  # columns of the file that no field reads


def decode(raw: bytes) -> str:
    if b"\x00" in raw:
        raise ValidationError(_("This file is not a CSV file (text), but a binary."), code="binary")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_table(raw: bytes) -> Table:
    """The file's rows, each with the fields its columns give; refused whole, in words, if it
    is too big, not a text, empty, or lacks the columns every row needs."""
    if len(raw) > MAX_BYTES:
        raise ValidationError(
            _("The file is too big: %(most)s kB at most.") % {"most": MAX_BYTES // 1000},
            code="too_big",
        )
    text = decode(raw)
    lines = [line for line in text.splitlines() if line.strip(" \t;,")]
    if not lines:
        raise ValidationError(_("The file is empty."), code="empty")
    delimiter = _delimiter(lines[0])
    header, body = _records(text, delimiter)
    columns, ignored = _columns(header)
    missing = [key for key in ("size",) if key not in columns]
    if "email" not in columns and "display_name" not in columns and "last_name" not in columns:
        missing.insert(0, "email")
    if missing:
        raise ValidationError(
            _("The file has no column for: %(fields)s. Its first line must name the columns.")
            % {"fields": ", ".join(COLUMNS[key][0] for key in missing)},
            code="columns",
        )
    rows = [
        Row(line=number, cells={key: _cell(record, index) for key, index in columns.items()})
        for number, record in body
    ]
    if not rows:
        raise ValidationError(_("The file has a header but no subscription."), code="no_rows")
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("The file has too many lines: %(most)s subscriptions at most.") % {"most": MAX_ROWS},
            code="too_many",
        )
    return Table(rows=rows, columns={key: header[i] for key, i in columns.items()}, ignored=ignored)


def _records(text: str, delimiter: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header, and each row that is not blank with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    body = []
    line = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                if header:
                    body.append((line, record))
                else:
                    header = record
            line = reader.line_num + 1
    except csv.Error as error:
        raise ValidationError(
            _("This file cannot be read as a CSV file (line %(line)s).") % {"line": line},
            code="not_csv",
        ) from error
    return header, body


def _delimiter(header: str) -> str:
    return max(";,\t", key=header.count)


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    ignored = []
    for index, name in enumerate(header):
        key = FIELD_OF.get(simple(name))
        if key is None or key in columns:
            if name.strip():
                ignored.append(name.strip())
            continue
        columns[key] = index
    return columns, ignored


def _cell(record: list[str], index: int) -> str:
    return record[index] if index < len(record) else ""


def items(text: str) -> list[str]:
    return [item.strip() for item in LIST_SEPARATORS.split(text) if item.strip()]


def cents(text: str) -> int | None:
    """ "12,50", "12.50 €", "1 200" → cents; None if it is not an amount."""
    plain = re.sub(r"[\s\u00a0\u202f€]|eur$", "", text.lower()).replace(",", ".")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        return None
    return int(value * 100)


def whole_number(text: str) -> int | None:
    plain = text.strip()
    return int(plain) if re.fullmatch(r"\d{1,4}", plain) else None


def date(text: str) -> datetime.date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def method(text: str) -> str | None:
    word = simple(text)
    if not word:
        return "cheque"
    return next((key for key, names in METHODS.items() if word in names), None)


def yes_or_no(text: str) -> bool | None:
    word = simple(text)
    return True if word in YES else False if word in NO else None
