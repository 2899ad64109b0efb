"""Moving in: a coordinator imports the members of a contract and their subscriptions from a
CSV (docs/amap-contracts-import.md).

A dry run reads every line and says what would be created (member, share, total, plan, and
whether the farm has room or the line goes on the waiting list) and every line refused, with
its reason. The real run does the same under the contract's lock and, only if no line is
refused, creates everything in one transaction through `subscription_create`, the coordinator
recording paper contracts: capacity, waiting list and money follow the one way they always do.
Nothing is ever half-imported.

Members are found by e-mail (or, without one, by their name in the quartier). An e-mail
unknown to Voisinage opens an account with it and makes it a member of the quartier, as a
coordinator may for a neighbour; an account that exists but is not a member is refused: only
its owner asks to join. A neighbour without e-mail is opened by a relais first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from exchanges.produce.models import Contract, FeePayment, InstalmentState, MembershipFee
from exchanges.produce.progress import Progress
from exchanges.produce.services import import_table as table
from exchanges.produce.services import money
from exchanges.produce.services.access import require_coordinator
from exchanges.produce.services.import_known import Known, known_for
from exchanges.produce.services.import_plan import plan_of
from exchanges.produce.services.subscriptions import lock, subscription_create
from neighbourhood.accounts.models import User
from neighbourhood.quartiers import services as quartiers
from neighbourhood.quartiers.models import Quartier

NAME_MOST = 80


@dataclass
class Ready:
    """A line that would be (or was) imported."""

    line: int
    name: str
    email: str
    member: User | None  # a new member: None until the real run opens their account
    new_account: bool
    size_name: str
    shares: int
    starts_on: datetime.date
    baskets: int
    total_cents: int
    plan: list[money.Planned]
    waiting_rank: int | None  # on the waiting list, at this rank
    fee_id: int | None  # the year's membership, recorded as paid with the line
    size_id: int = 0

    @property
    def waiting(self) -> bool:
        return self.waiting_rank is not None

    @property
    def fee_paid(self) -> bool:
        return self.fee_id is not None


@dataclass
class Refused:
    line: int
    who: str
    reasons: list[str]


@dataclass
class ImportReport:
    ready: list[Ready] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    dry_run: bool = True
    imported: bool = False

    @property
    def waiting(self) -> int:
        return sum(1 for ready in self.ready if ready.waiting)

    @property
    def new_accounts(self) -> int:
        return sum(1 for ready in self.ready if ready.new_account)


def import_subscriptions(
    *, contract: Contract, actor: User, file: bytes, dry_run: bool = True
) -> ImportReport:
    """The report of the file's lines for `contract`; unless `dry_run`, and only if no line is
    refused, every subscription created, all in one transaction. A file that cannot be read
    at all (too big, not a CSV, empty, without the needed columns) is a `ValidationError`."""
    require_coordinator(user=actor, quartier=contract.producer.quartier)
    read = table.read_table(file)
    if dry_run:
        return _report(contract, read, dry_run=True)
    with transaction.atomic():
        lock(contract)
        report = _report(contract, read, dry_run=False)
        if not report.refused:
            _create_all(contract, actor, report)
            report.imported = True
    return report


def _report(contract: Contract, read: table.Table, *, dry_run: bool) -> ImportReport:
    report = ImportReport(columns=read.columns, ignored=read.ignored, dry_run=dry_run)
    known = known_for(contract, read.rows)
    for row in read.rows:
        checked = _check(row, contract, known)
        if isinstance(checked, Ready):
            report.ready.append(checked)
        else:
            report.refused.append(checked)
    return report


def _check(row: table.Row, contract: Contract, known: Known) -> Ready | Refused:
    reasons: list[str] = []
    email, name = row.get("email").lower(), row.display_name
    member = _who(row.line, email, name, known, reasons)
    size = known.size(row.get("size"), reasons)
    shares = _shares(row.get("shares"), contract, reasons)
    starts_on = _starts_on(row.get("starts_on"), contract, known.today, reasons)
    method = _method(row.get("method"), reasons)
    fee_paid = table.yes_or_no(row.get("fee_paid"))
    if fee_paid is None:
        reasons.append(
            _("“%(text)s” in the membership column: write oui or non.")
            % {"text": row.get("fee_paid")}
        )
    if size is None or shares is None or starts_on is None or method is None:
        return Refused(line=row.line, who=name or email, reasons=reasons)
    price = money.price_from(
        known.dates,
        starts_on=starts_on,
        price_cents=size.price_cents,
        every=size.every,
        shares=shares,
    )
    baskets, total = price.baskets, price.total_cents
    try:
        money.check_total(total)  # as subscription_create will
    except ValidationError as error:
        reasons.extend(error.messages)
        return Refused(line=row.line, who=name or email, reasons=reasons)
    plan = (
        plan_of(row, total, starts_on, method, reasons, season_ends=contract.ends_on)
        if baskets
        else []
    )
    if not baskets:
        reasons.append(_("There is no distribution left after this date."))
    fee_id = _fee(member, bool(fee_paid), starts_on.year, known, reasons)
    if reasons:
        return Refused(line=row.line, who=name or email, reasons=reasons)
    return Ready(
        line=row.line,
        name=name or (member.public_name if member else email),
        email=email,
        member=member,
        new_account=member is None,
        size_name=size.name,
        size_id=size.pk,
        shares=shares,
        starts_on=starts_on,
        baskets=baskets,
        total_cents=total,
        plan=plan,
        waiting_rank=known.take(shares),
        fee_id=fee_id,
    )


def _who(line: int, email: str, name: str, known: Known, reasons: list[str]) -> User | None:
    """The member of the line (None for one whose account is to be opened), refused if they
    are named twice in the file or already subscribed."""
    member = _member(email, name, known, reasons)
    if len(name) > NAME_MOST:
        reasons.append(_("A name of at most %(most)s characters.") % {"most": NAME_MOST})
    key = f"user:{member.pk}" if member else email or f"name:{table.simple(name)}"
    if key in known.seen:
        reasons.append(
            _("This member is already on line %(line)s of the file.") % {"line": known.seen[key]}
        )
    known.seen.setdefault(key, line)
    if member and member.pk in known.subscribed:
        reasons.append(_("Already subscribed to this contract (or on its waiting list)."))
    return member


def _method(text: str, reasons: list[str]) -> str | None:
    method = table.method(text)
    if method is None:
        reasons.append(
            _(
                "Unknown payment method “%(method)s”: write chèque, espèces, virement"
                " or monnaie locale."
            )
            % {"method": text}
        )
    return method


def _member(email: str, name: str, known: Known, reasons: list[str]) -> User | None:
    """The member the line is about; None for an account to open (or a line refused)."""
    if email:
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(_("“%(email)s” is not an e-mail address.") % {"email": email})
            return None
        user = known.users.get(email)
        if user is None:
            if not name:
                reasons.append(_("A new member needs a name (column Nom)."))
            return None
        if not user.is_active:
            reasons.append(_("The account of %(email)s is closed.") % {"email": email})
        elif user.pk in known.banned:
            reasons.append(_("%(email)s is banned from the quartier.") % {"email": email})
        elif user.pk not in known.members:
            reasons.append(
                _(
                    "%(email)s has an account but is not a member of the quartier: they"
                    " ask to join first."
                )
                % {"email": email}
            )
        return user
    if not name:
        reasons.append(_("Neither an e-mail nor a name: who subscribes?"))
        return None
    namesakes = known.by_name.get(table.simple(name), [])
    if len(namesakes) == 1:
        return namesakes[0]
    if namesakes:
        reasons.append(
            _("Several members are called “%(name)s”: give their e-mail.") % {"name": name}
        )
    else:
        reasons.append(
            _(
                "No member is called “%(name)s” and there is no e-mail to open an account with:"
                " a relais opens the account of a neighbour without e-mail first."
            )
            % {"name": name}
        )
    return None


def _shares(text: str, contract: Contract, reasons: list[str]) -> int | None:
    shares = table.whole_number(text) if text else 1
    if shares is None or shares < 1:
        reasons.append(
            _("“%(text)s” is not a number of shares (a whole number, 1 or more).") % {"text": text}
        )
        return None
    if shares > contract.capacity:
        reasons.append(_("Take 1 to %(most)s shares.") % {"most": contract.capacity})
        return None
    return shares


def _starts_on(
    text: str, contract: Contract, today: datetime.date, reasons: list[str]
) -> datetime.date | None:
    """As `subscription_create` reads it: today when not given, never before the season."""
    if not text:
        return max(today, contract.starts_on)
    day = table.date(text)
    if day is None:
        reasons.append(_("“%(text)s” is not a date (day/month/year).") % {"text": text})
        return None
    return max(day, contract.starts_on)


def _fee(
    member: User | None, paid: bool, year: int, known: Known, reasons: list[str]
) -> int | None:
    """The membership whose payment is recorded with the line, if any; refuses a line whose
    member owes a required membership the file does not say is paid."""
    fee = known.fees.get(year)
    if fee is None or (member and (fee.pk, member.pk) in known.fee_payers):
        return None
    if fee.required and not paid:
        reasons.append(
            _(
                "The membership of %(year)s is required and not paid: write oui in the"
                " membership column if it is."
            )
            % {"year": year}
        )
    return fee.pk if paid else None


def import_progress_key(contract_id: int) -> str:
    """Where the import under way for a contract keeps its lines done / lines (the cache),
    read by the import page."""
    return f"produce-import-progress:{contract_id}"


def _create_all(contract: Contract, actor: User, report: ImportReport) -> None:
    progress = Progress(import_progress_key(contract.pk))
    progress.start(len(report.ready))
    try:
        _create_each(contract, actor, report, progress)
    finally:
        progress.forget()


def _create_each(contract: Contract, actor: User, report: ImportReport, progress: Progress) -> None:
    quartier = contract.producer.quartier
    sizes = {size.pk: size for size in contract.sizes.all()}
    for ready in report.ready:
        progress.step()
        try:
            member = ready.member or _open_account(ready, quartier, actor)
            if ready.fee_id is not None:
                _record_fee(ready.fee_id, ready.plan, member, actor)
            subscription = subscription_create(
                contract=contract,
                member=member,
                actor=actor,
                size=sizes[ready.size_id],
                shares=ready.shares,
                starts_on=ready.starts_on,
                plan=ready.plan,
                accepted_terms=True,  # signed on paper
            )
        except (ValidationError, PermissionDenied) as error:
            messages = getattr(error, "messages", [str(error)])
            raise ValidationError(
                _("Line %(line)s: %(reason)s Nothing was imported.")
                % {"line": ready.line, "reason": " ".join(messages)},
                code="line",
            ) from error
        ready.member = member
        ready.waiting_rank = subscription.waiting_rank


def _open_account(ready: Ready, quartier: Quartier, actor: User) -> User:
    user = User(email=ready.email, display_name=ready.name, language="fr")
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    quartiers.membership_add_neighbour(quartier=quartier, user=user, actor=actor)
    return user


def _record_fee(fee_id: int, plan: list[money.Planned], member: User, actor: User) -> None:
    fee = MembershipFee.objects.get(pk=fee_id)
    FeePayment.objects.create(
        fee=fee,
        member=member,
        amount_cents=fee.amount_cents,
        method=plan[0].method,
        state=InstalmentState.RECEIVED,
        recorded_by=actor,
    )
