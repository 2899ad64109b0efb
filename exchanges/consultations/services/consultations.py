"""A consultation's life, written: opened by a coordinator (or proposed by a member where the
quartier allows it), approved or declined, changed, withdrawn, and the debate's summary. The
clock (`services.clock`) moves its phases."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.consultations import kinds
from exchanges.consultations.access import require_may_propose
from exchanges.consultations.models import (
    BACKGROUND_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    Consultation,
    Option,
)
from exchanges.consultations.options import parse_options
from exchanges.consultations.services.common import lock, notify, sync_feed
from exchanges.consultations.services.rules import (
    DATES,
    ConsultationFields,
    Errors,
    dates_kept,
    refuse_date_changes,
    refuse_rule_changes,
    rules_fixed,
    vote_started,
)
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import coordinator_users, is_coordinator, is_member

Status = Consultation.Status
Phase = Consultation.Phase
MIN_VOTE = datetime.timedelta(hours=1)
LINKS_MAX_LENGTH = 2000
TEXTS = ("question", "background", "links")
CHOICES = {
    "method": Consultation.Method,
    "audience": Consultation.Audience,
    "secrecy": Consultation.Secrecy,
}
# What `consultation_update` saves (never the status, the phase or the summary, which have
# their own services).
SAVED = (*TEXTS, *CHOICES, "results_live", *DATES, "updated_at")


@transaction.atomic
def consultation_open(
    *,
    quartier: Quartier,
    actor: User,
    options: list[str] | None = None,
    **fields: Unpack[ConsultationFields],
) -> Consultation:
    """A coordinator opens a consultation, approved at once. A member may where the quartier
    lets members propose: it then waits for a coordinator, who is told. Its debate's thread is
    opened with it."""
    coordinating = is_coordinator(user=actor, quartier=quartier)
    if not coordinating:
        require_may_propose(user=actor, quartier=quartier)
    now = timezone.now()
    consultation = Consultation(
        quartier=quartier,
        opened_by=actor,
        status=Status.APPROVED if coordinating else Status.PROPOSED,
        created_at=now,
        updated_at=now,
    )
    if coordinating:
        consultation.approved_by = actor
        consultation.approved_at = now
    errors: Errors = {}
    _apply(consultation, fields, errors)
    specs = _options(consultation, options or [], errors)
    if errors:
        raise ValidationError(errors)
    consultation.save()
    _store_options(consultation, specs)
    consultation.conversation = messaging.conversation_open(
        quartier=quartier,
        title=consultation.question,
        subject=consultation,
        participants=[],
        started_by=actor,
    )
    consultation.save(update_fields=["conversation"])
    if coordinating:
        sync_feed(consultation)
    else:
        notify(
            coordinator_users(quartier_id=quartier.pk),
            kinds.CONSULTATION_TO_APPROVE,
            actor,
            consultation,
        )
    return consultation


@transaction.atomic
def consultation_approve(*, consultation: Consultation, actor: User) -> Consultation:
    """A coordinator approves a proposal: it is published, its opener told, and the clock
    moves it to the phase its dates say (a late approval catches up)."""
    _require_coordinator(consultation, actor)
    lock(consultation)
    if consultation.status != Status.PROPOSED:
        raise ValidationError(_("Only a proposal waiting for a coordinator can be approved."))
    now = timezone.now()
    if consultation.results_at <= now:
        raise ValidationError(_("Its vote would already be closed: change its dates first."))
    consultation.status = Status.APPROVED
    consultation.approved_by = actor
    consultation.approved_at = now
    consultation.updated_at = now
    consultation.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    sync_feed(consultation)
    notify([consultation.opened_by], kinds.CONSULTATION_APPROVED, actor, consultation)
    return consultation


@transaction.atomic
def consultation_decline(*, consultation: Consultation, actor: User) -> Consultation:
    """A coordinator declines a proposal (its opener told), or its opener takes it back."""
    if consultation.opened_by_id != actor.pk:
        _require_coordinator(consultation, actor)
    lock(consultation)
    if consultation.status != Status.PROPOSED:
        raise ValidationError(_("Only a proposal waiting for a coordinator can be declined."))
    consultation.status = Status.WITHDRAWN
    consultation.updated_at = timezone.now()
    consultation.save(update_fields=["status", "updated_at"])
    notify([consultation.opened_by], kinds.CONSULTATION_DECLINED, actor, consultation)
    return consultation


@transaction.atomic
def consultation_withdraw(*, consultation: Consultation, actor: User) -> Consultation:
    """A coordinator withdraws an approved consultation before its results: out of the feed,
    its page says so, the clock leaves it."""
    _require_coordinator(consultation, actor)
    lock(consultation)
    if consultation.status != Status.APPROVED:
        raise ValidationError(_("Only an approved consultation can be withdrawn."))
    if consultation.phase == Phase.RESULTS:
        raise ValidationError(_("Its results are out: it can no longer be withdrawn."))
    consultation.status = Status.WITHDRAWN
    consultation.updated_at = timezone.now()
    consultation.save(update_fields=["status", "updated_at"])
    sync_feed(consultation)
    return consultation


@transaction.atomic
def consultation_update(
    *,
    consultation: Consultation,
    actor: User,
    options: list[str] | None = None,
    **fields: Unpack[ConsultationFields],
) -> Consultation:
    """A coordinator (or the opener of a proposal) changes it. Once the vote has started or
    anyone took part, its rules (`VOTE_FIXED`) no longer change; from the vote on, its dates
    neither, but the close may move later."""
    if not (consultation.status == Status.PROPOSED and consultation.opened_by_id == actor.pk):
        _require_coordinator(consultation, actor)
    lock(consultation)
    if consultation.status == Status.WITHDRAWN:
        raise ValidationError(_("This consultation is withdrawn."))
    if consultation.phase == Phase.RESULTS:
        raise ValidationError(_("Its vote is closed: it can no longer be changed."))
    errors: Errors = {}
    method_before = consultation.method
    fixed = rules_fixed(consultation)
    if fixed:
        refuse_rule_changes(consultation, fields, options, errors)
    if vote_started(consultation):
        # The form shows dates to the minute: the same minute sent again is no change.
        fields = dates_kept(consultation, fields)
        refuse_date_changes(consultation, fields, errors)
    _apply(consultation, fields, errors)
    specs = None
    if options is not None and not fixed:
        specs = _options(consultation, options, errors)
    elif consultation.method != method_before and not fixed:
        # A new method with the same options: they are checked again for it.
        specs = _options(consultation, _lines_of(consultation), errors)
    if errors:
        raise ValidationError(errors)
    consultation.updated_at = timezone.now()
    consultation.save(update_fields=list(SAVED))
    if specs is not None:
        Option.objects.filter(consultation=consultation).delete()
        _store_options(consultation, specs)
    if consultation.status == Status.APPROVED:
        sync_feed(consultation)
    return consultation


@transaction.atomic
def consultation_summary_update(
    *, consultation: Consultation, actor: User, summary: str
) -> Consultation:
    """A coordinator writes the debate's summary, for the report to the mairie."""
    _require_coordinator(consultation, actor)
    summary = summary.strip()
    if len(summary) > SUMMARY_MAX_LENGTH:
        raise ValidationError(
            {
                "summary": [
                    _("The summary is at most %(count)d characters long.")
                    % {"count": SUMMARY_MAX_LENGTH}
                ]
            }
        )
    lock(consultation)
    consultation.summary = summary
    consultation.updated_at = timezone.now()
    consultation.save(update_fields=["summary", "updated_at"])
    return consultation


@transaction.atomic
def consultation_debate_join(*, consultation: Consultation, member: User) -> None:
    """The debate is open to the quartier's members from the start: joining it puts the
    member in its thread."""
    if consultation.conversation is None or not is_member(
        user=member, quartier=consultation.quartier
    ):
        raise PermissionDenied(_("Only members of this quartier take part in its debate."))
    messaging.conversation_add_participant(conversation=consultation.conversation, user=member)


# --- checks -------------------------------------------------------------------------------


def _require_coordinator(consultation: Consultation, actor: User) -> None:
    if not is_coordinator(user=actor, quartier=consultation.quartier):
        raise PermissionDenied(_("Only a coordinator of this quartier can do this."))


def _apply(consultation: Consultation, fields: Mapping[str, Any], errors: Errors) -> None:
    """Sets the fields given on ``consultation``, each refused in words into ``errors``."""
    for name in TEXTS:
        if name in fields:
            setattr(consultation, name, (fields[name] or "").strip())
    for name, choices in CHOICES.items():
        if name in fields:
            if fields[name] not in choices.values:
                errors[name] = [_("Choose one of the choices given.")]
            else:
                setattr(consultation, name, fields[name])
    if "results_live" in fields:
        consultation.results_live = bool(fields["results_live"])
    for name in DATES:
        if name in fields:
            setattr(consultation, name, fields[name])
    if not consultation.question:
        errors["question"] = [_("Ask the question.")]
    elif len(consultation.question) > QUESTION_MAX_LENGTH:
        errors["question"] = [
            _("The question is at most %(count)d characters long.") % {"count": QUESTION_MAX_LENGTH}
        ]
    if len(consultation.background) > BACKGROUND_MAX_LENGTH:
        errors["background"] = [
            _("The background is at most %(count)d characters long.")
            % {"count": BACKGROUND_MAX_LENGTH}
        ]
    if not consultation.method and "method" not in errors:
        errors["method"] = [_("Choose how neighbours answer.")]
    _check_links(consultation, errors)
    _check_dates(consultation, errors)


def _check_links(consultation: Consultation, errors: Errors) -> None:
    lines = [line.strip() for line in consultation.links.splitlines() if line.strip()]
    consultation.links = "\n".join(lines)
    if len(consultation.links) > LINKS_MAX_LENGTH:
        errors["links"] = [_("Too many links: keep the most useful ones.")]
        return
    check = URLValidator(schemes=["http", "https"])
    for line in lines:
        try:
            check(line)
        except ValidationError:
            errors["links"] = [
                _("“%(line)s” is not a web address: one address a line, starting with https://.")
                % {"line": line[:80]}
            ]
            return


def _check_dates(consultation: Consultation, errors: Errors) -> None:
    values = [getattr(consultation, name) for name in DATES]
    missing = [name for name, value in zip(DATES, values, strict=True) if value is None]
    for name in missing:
        errors[name] = [_("Give this date.")]
    if missing:
        return
    information, debate, vote, results = values
    if not information <= debate:
        errors["debate_at"] = [_("The debate starts on or after the information.")]
    elif not debate <= vote:
        errors["vote_at"] = [_("The vote starts on or after the debate.")]
    elif results <= vote:
        # Said as it is: "at least one hour" would puzzle whoever typed a close before the start.
        errors["results_at"] = [_("The vote closes after it opens, at least one hour later.")]
    elif results - vote < MIN_VOTE:
        errors["results_at"] = [_("The vote lasts at least one hour.")]


def _options(consultation: Consultation, lines: list[str], errors: Errors) -> list[Any]:
    if "method" in errors or not consultation.method:
        return []
    try:
        return parse_options(
            method=consultation.method, lines=lines, language=consultation.quartier.language
        )
    except ValueError as error:
        errors["options"] = [str(error)]
        return []


def _lines_of(consultation: Consultation) -> list[str]:
    return [option.label for option in consultation.options.all()]


def _store_options(consultation: Consultation, specs: list[Any]) -> None:
    Option.objects.bulk_create(
        Option(
            consultation=consultation,
            label=spec.label,
            date=spec.date,
            time=spec.time,
            position=position,
        )
        for position, spec in enumerate(specs)
    )
