"""A consultation's options as they are typed: one a line, or for a date poll one date a line
(``2027-06-14`` or ``2027-06-14 18:00``, a label after it if wanted). Parsed into what the
service stores, refused in words."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from exchanges.consultations.models import MAX_OPTIONS, OPTION_LABEL_MAX_LENGTH, Consultation

Method = Consultation.Method
MIN_OPTIONS = 2
DATE_LINE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[ T](?P<time>\d{1,2}[:h]\d{2}))?(?:\s+(?P<label>.+))?$"
)


@dataclass(frozen=True)
class OptionSpec:
    label: str
    date: datetime.date | None = None
    time: datetime.time | None = None


def parse_options(*, method: str, lines: list[str], language: str) -> list[OptionSpec]:
    """The options of ``method`` from the lines typed (blank ones ignored). Raises ValueError
    with the words to show."""
    lines = [line.strip() for line in lines if line.strip()]
    if method == Method.OPEN:
        if lines:
            raise ValueError(_("An open question has no options: the answers are written."))
        return []
    specs = (
        [_date_option(line, language) for line in lines]
        if method == Method.DATE_POLL
        else [_text_option(line) for line in lines]
    )
    if len(specs) < MIN_OPTIONS:
        raise ValueError(_("Give at least two options, one a line."))
    if len(specs) > MAX_OPTIONS:
        raise ValueError(_("Give at most %(count)d options.") % {"count": MAX_OPTIONS})
    seen: set[str] = set()
    for spec in specs:
        if spec.label.casefold() in seen:
            raise ValueError(_("“%(label)s” is given twice.") % {"label": spec.label})
        seen.add(spec.label.casefold())
    return specs


def _text_option(line: str) -> OptionSpec:
    if len(line) > OPTION_LABEL_MAX_LENGTH:
        raise ValueError(
            _("An option is at most %(count)d characters long.")
            % {"count": OPTION_LABEL_MAX_LENGTH}
        )
    return OptionSpec(label=line)


def _date_option(line: str, language: str) -> OptionSpec:
    match = DATE_LINE.match(line)
    if match is None:
        raise ValueError(
            _("“%(line)s” is not a date: write one a line, as 2027-06-14 or 2027-06-14 18:00.")
            % {"line": line}
        )
    try:
        day = datetime.date.fromisoformat(match["date"])
        time = (
            datetime.time.fromisoformat(match["time"].replace("h", ":").zfill(5))
            if match["time"]
            else None
        )
    except ValueError:
        raise ValueError(_("“%(line)s” is not a real date.") % {"line": line}) from None
    label = (match["label"] or "").strip() or date_label(day, time, language)
    return OptionSpec(label=label[:OPTION_LABEL_MAX_LENGTH], date=day, time=time)


def date_label(day: datetime.date, time: datetime.time | None, language: str) -> str:
    """ "samedi 14 juin" (and "18:00"), in the quartier's language, whoever types it."""
    with translation.override(language):
        words = date_format(day, "l j F")
        if time is not None:
            words = f"{words}, {time:%H:%M}"
    return words


def read_label(
    label: str, day: datetime.date | None, time: datetime.time | None, language: str
) -> str:
    """An option's label for the reader: a date's label the site wrote in the quartier's
    ``language`` is written again in the active language ("Saturday 14 June" for an English
    reader; the CSV and the report, made in the quartier's language, keep "samedi 14 juin")."""
    if day is None or label != date_label(day, time, language):
        return label
    return date_label(day, time, translation.get_language() or language)


def option_lines(consultation: Consultation) -> str:
    """The options as the form shows them again."""
    lines = []
    for option in consultation.options.all():
        if consultation.method == Method.DATE_POLL and option.date is not None:
            when = option.date.isoformat() + (f" {option.time:%H:%M}" if option.time else "")
            generated = date_label(option.date, option.time, consultation.quartier.language)
            lines.append(when if option.label == generated else f"{when} {option.label}")
        else:
            lines.append(option.label)
    return "\n".join(lines)
