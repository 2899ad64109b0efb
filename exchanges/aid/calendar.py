"""Loans in the calendars (neighbourhood.calendar): for the owner and for the borrower, each loan
whose dates are held (accepted or handed over) in a quartier they are still a member of, as a
whole-day item from its first day to its last; on the quartier's page, the member's loans there."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from exchanges.aid.models import Loan
from neighbourhood.accounts.models import User
from neighbourhood.calendar import Item, Section, link_to, register_calendar_section
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import member_of_quartier


class LoansSection(Section):
    def page_items(
        self, *, member: User, quartier: Quartier, first: datetime.date, last: datetime.date
    ) -> list[Item]:
        loans = _holding(member, first, last).filter(item__quartier=quartier)
        return [_item(loan, member) for loan in loans]

    def private_items(
        self, *, member: User, first: datetime.date, last: datetime.date
    ) -> list[Item]:
        loans = _holding(member, first, last).filter(
            member_of_quartier(member, "item__quartier_id")
        )
        return [_item(loan, member) for loan in loans]


def register_section() -> None:
    register_calendar_section("loans", LoansSection())


def _holding(user: User, first: datetime.date, last: datetime.date) -> QuerySet[Loan]:
    """The member's loans (as owner or borrower) holding dates from ``first`` to ``last``: one
    query, the objects, their owners, the borrowers and the quartiers joined."""
    return (
        Loan.objects.filter(Q(item__owner=user) | Q(borrower=user))
        .filter(status__in=Loan.HOLDING, ends_on__gte=first, starts_on__lte=last)
        .select_related("item__owner", "item__quartier", "borrower")
        .order_by("starts_on", "id")
    )


def _item(loan: Loan, user: User) -> Item:
    item = loan.item
    as_owner = item.owner_id == user.pk
    names = {"object": item.title}
    if as_owner:
        title = _("Lent to %(name)s: %(object)s") % {**names, "name": loan.borrower.public_name}
    else:
        title = _("Borrowed from %(name)s: %(object)s") % {
            **names,
            "name": item.owner.public_name,
        }
    return Item(
        uid=f"loan-{loan.pk}-{'owner' if as_owner else 'borrower'}@voisinage",
        kind="loan",
        title=title,
        start=loan.starts_on,
        end=loan.ends_on,
        zone=item.quartier.zone,
        place=item.collect_at,
        url=link_to(item, ""),
        mine=str(loan.get_status_display()),
        description=str(loan.get_status_display()),
    )
