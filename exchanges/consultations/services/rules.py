"""What no longer changes once a consultation's vote has started or anyone took part: its
rules (a secret ballot switched to open would publish everyone's choices) and the dates before
its close (which may only move later). The same values sent again pass."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypedDict

from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.consultations.models import Ballot, Consultation, Participation
from exchanges.consultations.options import parse_options

Errors = dict[str, list[str]]
Status = Consultation.Status
Phase = Consultation.Phase
DATES = ("information_at", "debate_at", "vote_at", "results_at")
# What is no longer changed once the vote has started or anyone took part: a ballot cast under
# a secret vote must never be published by switching it to open, nor read under other rules.
VOTE_FIXED = ("secrecy", "audience", "results_live", "method", "options")
# The dates no longer changed once the vote has started (the close may only move later).
DATES_FIXED = ("information_at", "debate_at", "vote_at")


class ConsultationFields(TypedDict, total=False):
    """What opening or changing a consultation takes, beside its options."""

    question: str
    background: str
    links: str
    method: str
    audience: str
    secrecy: str
    results_live: bool
    information_at: datetime.datetime
    debate_at: datetime.datetime
    vote_at: datetime.datetime
    results_at: datetime.datetime


def vote_started(consultation: Consultation, now: datetime.datetime | None = None) -> bool:
    """The vote phase is reached (or its date is, before the tick moved it)."""
    if consultation.phase in (Phase.VOTE, Phase.RESULTS):
        return True
    now = now or timezone.now()
    return consultation.status == Status.APPROVED and consultation.vote_at <= now


def rules_fixed(consultation: Consultation) -> bool:
    """The vote has started or someone took part: the rules (`VOTE_FIXED`) no longer change."""
    return (
        vote_started(consultation)
        or Ballot.objects.filter(consultation=consultation).exists()
        or Participation.objects.filter(consultation=consultation).exists()
    )


def dates_kept(consultation: Consultation, fields: ConsultationFields) -> ConsultationFields:
    """A date sent again within the same minute is the stored one: the form shows dates to
    the minute, and a date left as it was is no change."""
    kept = fields.copy()
    for name in DATES:
        given = fields.get(name)
        stored = getattr(consultation, name)
        if (
            isinstance(given, datetime.datetime)
            and stored is not None
            and _minute(given) == _minute(stored)
        ):
            kept[name] = stored  # type: ignore[literal-required]
    return kept


def _minute(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC).replace(second=0, microsecond=0)


def refuse_rule_changes(
    consultation: Consultation,
    fields: Mapping[str, Any],
    options: list[str] | None,
    errors: Errors,
) -> None:
    """The same values sent again pass; a change is refused under its field."""
    words = _(
        "The vote has started or someone has taken part: this no longer changes, so that "
        "every ballot is read under the rules it was cast under."
    )
    for name in ("secrecy", "audience", "method"):
        if name in fields and fields[name] != getattr(consultation, name):
            errors[name] = [words]
    if "results_live" in fields and bool(fields["results_live"]) != consultation.results_live:
        errors["results_live"] = [words]
    if options is not None and changed_options(consultation, options):
        errors["options"] = [words]


def refuse_date_changes(
    consultation: Consultation, fields: Mapping[str, Any], errors: Errors
) -> None:
    """From the vote on, the phases before the close stay as they were; the close may only
    move later, never into the past."""
    for name in DATES_FIXED:
        if name in fields and fields[name] != getattr(consultation, name):
            errors[name] = [_("The vote has started: this date no longer changes.")]
    results_at = fields.get("results_at")
    if results_at is None or results_at == consultation.results_at:
        return
    if results_at < consultation.results_at:
        errors["results_at"] = [
            _("The vote has started: its close may be moved later, never earlier.")
        ]
    elif results_at <= timezone.now():
        errors["results_at"] = [_("The vote’s close cannot be in the past.")]


def changed_options(consultation: Consultation, lines: list[str]) -> bool:
    """Whether ``lines`` say other options than the stored ones (unreadable lines: yes)."""
    try:
        specs = parse_options(
            method=consultation.method, lines=lines, language=consultation.quartier.language
        )
    except ValueError:
        return True
    stored = [(option.label, option.date, option.time) for option in consultation.options.all()]
    return stored != [(spec.label, spec.date, spec.time) for spec in specs]
