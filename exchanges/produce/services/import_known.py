"""What an import needs to know to check every line of a file, read in a fixed number of
queries whatever its length: the contract's sizes and dates, the accounts the file names,
the quartier's members, who is already subscribed, the memberships paid. It also keeps the
room left as lines are read, so that a line the farm has no room for goes on the waiting
list exactly as `subscription_create` would put it there, in the file's order."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.produce import baskets
from exchanges.produce.models import (
    Contract,
    FeePayment,
    MembershipFee,
    ShareSize,
    Subscription,
)
from exchanges.produce.services import import_table as table
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership


@dataclass
class Known:
    sizes: dict[str, ShareSize]
    dates: list[datetime.date]
    users: dict[str, User]  # by e-mail, lower case
    members: set[int]
    banned: set[int]
    by_name: dict[str, list[User]]  # active members, by their simplified display name
    subscribed: set[int]
    fees: dict[int, MembershipFee]  # by year
    fee_payers: set[tuple[int, int]]  # (fee, member)
    room: int
    next_rank: int
    today: datetime.date
    seen: dict[str, int] = field(default_factory=dict)  # a member → the first line naming them

    def size(self, name: str, reasons: list[str]) -> ShareSize | None:
        if not name:
            reasons.append(_("No share given (column Part)."))
            return None
        size = self.sizes.get(table.simple(name))
        if size is None:
            reasons.append(
                _("Unknown share “%(name)s”: this contract's are %(names)s.")
                % {
                    "name": name,
                    "names": ", ".join(f"“{size.name}”" for size in self.sizes.values()),
                }
            )
        return size

    def take(self, shares: int) -> int | None:
        """None when the farm has room for `shares` (they are taken), else the waiting rank.
        Strictly in order, as `subscription_create`: no room while anyone waits."""
        if self.next_rank == 1 and shares <= self.room:
            self.room -= shares
            return None
        self.next_rank += 1
        return self.next_rank - 1


def known_for(contract: Contract, rows: list[table.Row]) -> Known:
    quartier_id = contract.producer.quartier_id
    emails = {row.get("email").lower() for row in rows if row.get("email")}
    users = {user.email: user for user in User.objects.filter(email__in=emails) if user.email}
    memberships = Membership.objects.filter(quartier_id=quartier_id).select_related("user")
    members, banned = set(), set()
    by_name: dict[str, list[User]] = defaultdict(list)
    for membership in memberships:
        if membership.status == Membership.Status.BANNED:
            banned.add(membership.user_id)
        elif membership.status == Membership.Status.ACTIVE and membership.user.is_active:
            members.add(membership.user_id)
            if membership.user.display_name:
                by_name[table.simple(membership.user.display_name)].append(membership.user)
    live = Subscription.objects.filter(
        contract=contract, status__in=[Subscription.Status.WAITING, Subscription.Status.ACTIVE]
    )
    last_rank = live.aggregate(last=Max("waiting_rank"))["last"] or 0
    fees = {fee.year: fee for fee in MembershipFee.objects.filter(quartier_id=quartier_id)}
    return Known(
        sizes={table.simple(size.name): size for size in contract.sizes.all()},
        dates=baskets.contract_dates(contract.pk),
        users=users,
        members=members,
        banned=banned,
        by_name=dict(by_name),
        subscribed=set(live.values_list("member_id", flat=True)),
        fees=fees,
        fee_payers=set(
            FeePayment.objects.filter(fee__in=fees.values()).values_list("fee_id", "member_id")
        ),
        room=contract.shares_left,
        next_rank=last_rank + 1,
        today=timezone.localdate(),
    )
