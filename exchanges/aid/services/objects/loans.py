"""Loans: asked for by a neighbour, accepted or declined by the owner, cancelled by either,
handed over and returned (both sides confirm; the second confirmation completes the step, or
the first alone once the other side has left the quartier: nobody is left to confirm).

An object is never lent twice for overlapping dates: accepting takes the object's row lock and
checks the dates while holding it; on PostgreSQL the exclusion constraint `loan_never_overlaps`
refuses what would still slip through, and the refusal is said in words."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from exchanges.aid import kinds
from exchanges.aid.models import Item, Loan
from exchanges.aid.models.objects import holding_between
from exchanges.aid.services.objects.items import (
    clean_message,
    lock_item,
    notify,
    refresh_status,
    require_owner,
    require_party,
)
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import is_member
from neighbourhood.relais import acting

OPEN = (Loan.Status.ASKED, Loan.Status.ACCEPTED)
CONFIRMATIONS = (
    "handed_over_by_owner_at",
    "handed_over_by_borrower_at",
    "returned_by_owner_at",
    "returned_by_borrower_at",
)
# A loan is asked for at most this far ahead (its first and its last day).
MAX_AHEAD_DAYS = 365


def already_lent() -> str:
    return _("These dates are already lent.")


def check_period(
    item: Item, starts_on: datetime.date | None, ends_on: datetime.date | None
) -> None:
    """The period asked for: not in the past, ending after it starts, at most a year ahead, no
    longer than the owner allows. Each refusal names its field."""
    if starts_on is None:
        raise ValidationError({"starts_on": [_("Say from which day.")]})
    if ends_on is None:
        raise ValidationError({"ends_on": [_("Say until which day.")]})
    if starts_on < timezone.localdate():
        raise ValidationError({"starts_on": [_("The loan cannot start in the past.")]})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The period ends before it starts.")]})
    last = timezone.localdate() + datetime.timedelta(days=MAX_AHEAD_DAYS)
    for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if day > last:
            raise ValidationError({name: [_("A loan can be asked for at most a year ahead.")]})
    days = (ends_on - starts_on).days + 1
    if item.max_days and days > item.max_days:
        raise ValidationError(
            {
                "ends_on": [
                    _("This object is lent for %(count)s days at most.") % {"count": item.max_days}
                ]
            }
        )


def overlaps(item: Item, starts_on: datetime.date, ends_on: datetime.date) -> bool:
    """Whether a loan holding the object covers any day of the period: a late loan holds every
    day until the object comes back."""
    return Loan.objects.filter(
        holding_between(starts_on, ends_on, today=timezone.localdate()), item=item
    ).exists()


@transaction.atomic
def loan_ask(
    *,
    item: Item,
    borrower: User,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    message: str = "",
) -> Loan:
    if item.owner_id == borrower.pk:
        raise ValidationError(_("This is your own object."))
    if not is_member(user=borrower, quartier=item.quartier):
        raise PermissionDenied(_("Only members of this quartier can borrow."))
    lock_item(item)
    if not item.is_lent:
        raise ValidationError(_("This object is given away, not lent."))
    if item.status != Item.Status.AVAILABLE:
        raise ValidationError(_("This object is not available for now."))
    check_period(item, starts_on, ends_on)
    message = clean_message(message)
    assert starts_on is not None and ends_on is not None
    if overlaps(item, starts_on, ends_on):
        raise ValidationError({"starts_on": [already_lent()]})
    if Loan.objects.filter(
        item=item,
        borrower=borrower,
        status__in=OPEN,
        starts_on__lte=ends_on,
        ends_on__gte=starts_on,
    ).exists():
        raise ValidationError({"starts_on": [_("You have already asked for these dates.")]})
    loan = Loan.objects.create(
        item=item,
        borrower=borrower,
        starts_on=starts_on,
        ends_on=ends_on,
        message=message,
    )
    loan.conversation = messaging.conversation_open(
        quartier=item.quartier,
        title=item.title,
        subject=loan,
        participants=[item.owner, borrower],
        started_by=borrower,
        first_message=loan.message,
    )
    loan.save(update_fields=["conversation"])
    notify_loan(item.owner, kinds.LOAN_ASKED, borrower, loan)
    acting.record(actor=borrower, verb=acting.Verb.LOAN_ASKED, target=loan, summary=str(loan))
    return loan


@transaction.atomic
def loan_accept(*, loan: Loan, actor: User) -> Loan:
    """The owner says yes. The dates are checked again while the object's row is locked; on
    PostgreSQL the exclusion constraint has the last word."""
    item = loan.item
    require_owner(item, actor)
    lock_item(item)
    _refresh(loan, Loan.Status.ASKED, _("This request is no longer waiting for an answer."))
    if loan.ends_on < timezone.localdate():
        raise ValidationError(
            _("The days asked for have passed: this request can only be declined.")
        )
    if overlaps(item, loan.starts_on, loan.ends_on):
        raise ValidationError(already_lent())
    loan.status = Loan.Status.ACCEPTED
    loan.decided_at = timezone.now()
    try:
        with transaction.atomic():
            loan.save(update_fields=["status", "decided_at"])
    except IntegrityError:
        raise ValidationError(already_lent()) from None
    notify_loan(loan.borrower, kinds.LOAN_ACCEPTED, actor, loan)
    acting.record(actor=actor, verb=acting.Verb.LOAN_ACCEPTED, target=loan, summary=str(loan))
    return loan


@transaction.atomic
def loan_decline(*, loan: Loan, actor: User) -> Loan:
    require_owner(loan.item, actor)
    lock_item(loan.item)
    _refresh(loan, Loan.Status.ASKED, _("This request is no longer waiting for an answer."))
    loan.status = Loan.Status.DECLINED
    loan.decided_at = timezone.now()
    loan.save(update_fields=["status", "decided_at"])
    notify_loan(loan.borrower, kinds.LOAN_DECLINED, actor, loan)
    acting.record(actor=actor, verb=acting.Verb.LOAN_DECLINED, target=loan, summary=str(loan))
    return loan


@transaction.atomic
def loan_cancel(*, loan: Loan, actor: User) -> Loan:
    """The borrower or the owner calls it off, before the hand-over."""
    _require_party(loan, actor)
    lock_item(loan.item)
    _refresh(loan, OPEN, _("This loan can no longer be cancelled."))
    _cancel(loan)
    other = loan.item.owner if actor.pk == loan.borrower_id else loan.borrower
    notify_loan(other, kinds.LOAN_CANCELLED, actor, loan)
    acting.record(actor=actor, verb=acting.Verb.LOAN_CANCELLED, target=loan, summary=str(loan))
    return loan


@transaction.atomic
def loan_hand_over(*, loan: Loan, actor: User) -> Loan:
    """One side says the object changed hands; when the other has said so too (or has left the
    quartier), it is lent."""
    return _confirm(
        loan,
        actor,
        Loan.Status.ACCEPTED,
        Loan.Status.HANDED_OVER,
        ("handed_over_by_owner_at", "handed_over_by_borrower_at"),
        kinds.LOAN_HANDED_OVER,
        acting.Verb.LOAN_HANDED_OVER,
        _("Only an accepted loan can be handed over."),
    )


@transaction.atomic
def loan_return(*, loan: Loan, actor: User) -> Loan:
    """One side says the object came back; when the other has said so too (or has left the
    quartier), it is returned."""
    return _confirm(
        loan,
        actor,
        Loan.Status.HANDED_OVER,
        Loan.Status.RETURNED,
        ("returned_by_owner_at", "returned_by_borrower_at"),
        kinds.LOAN_RETURNED,
        acting.Verb.LOAN_RETURNED,
        _("Only an object handed over can be returned."),
    )


def cancel_open_loans(item: Item, actor: User) -> None:
    """The object is withdrawn: the loans still to come are called off, their borrowers told.
    The caller holds the object's lock."""
    for loan in Loan.objects.filter(item=item, status__in=OPEN).select_related("borrower"):
        _cancel(loan)
        notify_loan(loan.borrower, kinds.LOAN_CANCELLED, actor, loan)


def _confirm(
    loan: Loan,
    actor: User,
    before: str,
    after: str,
    fields: tuple[str, str],
    kind: str,
    verb: str,
    refusal: str,
) -> Loan:
    _require_party(loan, actor)
    lock_item(loan.item)
    _refresh(loan, before, refusal)
    by_owner = actor.pk == loan.item.owner_id
    mine, theirs = fields if by_owner else (fields[1], fields[0])
    if getattr(loan, mine) is None:
        setattr(loan, mine, timezone.now())
    changed = [mine]
    other = loan.borrower if by_owner else loan.item.owner
    if getattr(loan, theirs) is not None or not is_member(user=other, quartier=loan.item.quartier):
        loan.status = after
        changed.append("status")
    loan.save(update_fields=changed)
    if loan.status == before:
        notify_loan(other, kind, actor, loan)
    acting.record(actor=actor, verb=verb, target=loan, summary=str(loan))
    return loan


def _cancel(loan: Loan) -> None:
    loan.status = Loan.Status.CANCELLED
    loan.decided_at = timezone.now()
    loan.save(update_fields=["status", "decided_at"])


def _require_party(loan: Loan, actor: User) -> None:
    require_party(
        loan.item, actor, loan.borrower_id, _("Only the borrower or the owner can do this.")
    )


def _refresh(loan: Loan, allowed: str | tuple[str, ...], refusal: str) -> None:
    """The loan's status and its sides' confirmations, read afresh under the object's lock."""
    refresh_status(loan, allowed, refusal, also=CONFIRMATIONS)


def notify_loan(user: User, kind: str, actor: User | None, loan: Loan) -> None:
    """Tells ``user`` of a move of ``loan``: the object's title, and its days in the mail."""
    notify(user, kind, actor, loan.item, details=period_words(loan, user))


def period_words(loan: Loan, user: User) -> list[str]:
    """The loan's days, in ``user``'s language and date format."""
    with translation.override(user.language or None):
        return [
            _("From %(start)s until %(end)s")
            % {
                "start": date_format(loan.starts_on, "SHORT_DATE_FORMAT"),
                "end": date_format(loan.ends_on, "SHORT_DATE_FORMAT"),
            }
        ]
