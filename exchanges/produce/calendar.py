"""AMAP distributions and their volunteer roles in the calendars (neighbourhood.calendar),
registered in ProduceConfig.ready.

- The quartier's page: its distributions (those I ordered for marked), my volunteer roles, and
  the contract baskets I collect (my own on the dates my subscription takes one, unless I am
  away; those passed on to me).
- The private feed: the distributions I have an order to pick up at, my volunteer roles, and
  the contract baskets I collect.

A distribution's day and hours are the quartier's wall-clock times, read in its timezone.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from exchanges.produce import baskets
from exchanges.produce.models import Order, OrderCycle, Volunteer
from neighbourhood.accounts.models import User
from neighbourhood.calendar import (
    Item,
    Section,
    local_moment,
    register_calendar_section,
)
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import active_quartier_ids, member_of_quartier


class DistributionsSection(Section):
    def page_items(
        self, *, member: User, quartier: Quartier, first: datetime.date, last: datetime.date
    ) -> list[Item]:
        cycles = (
            OrderCycle.objects.filter(
                quartier=quartier, distribution_date__gte=first, distribution_date__lte=last
            )
            .annotate(ordered=Exists(Order.objects.filter(cycle=OuterRef("pk"), member=member)))
            .order_by("distribution_date", "distribution_start", "id")
        )
        roles = Volunteer.objects.filter(
            member=member,
            role__cycle__quartier=quartier,
            role__cycle__distribution_date__gte=first,
            role__cycle__distribution_date__lte=last,
        ).select_related("role__cycle")
        items = []
        for cycle in cycles:
            cycle.quartier = quartier
            items.append(_distribution(cycle, ordered=cycle.ordered))
        for volunteer in roles:
            volunteer.role.cycle.quartier = quartier
            items.append(_role(volunteer))
        mine = baskets.collected_by([member.pk], first, last, quartier_ids=[quartier.pk])
        return items + [_basket(basket) for basket in mine[member.pk]]

    def private_items(
        self, *, member: User, first: datetime.date, last: datetime.date
    ) -> list[Item]:
        cycles = (
            OrderCycle.objects.filter(distribution_date__gte=first, distribution_date__lte=last)
            .filter(Exists(Order.objects.filter(cycle=OuterRef("pk"), member=member)))
            .filter(member_of_quartier(member, "quartier_id"))
            .select_related("quartier")
        )
        roles = (
            Volunteer.objects.filter(
                member=member,
                role__cycle__distribution_date__gte=first,
                role__cycle__distribution_date__lte=last,
            )
            .filter(member_of_quartier(member, "role__cycle__quartier_id"))
            .select_related("role__cycle__quartier")
        )
        mine = baskets.collected_by(
            [member.pk], first, last, quartier_ids=active_quartier_ids(user_id=member.pk)
        )
        return (
            [_distribution(cycle, ordered=True) for cycle in cycles]
            + [_role(volunteer) for volunteer in roles]
            + [_basket(basket) for basket in mine[member.pk]]
        )


def register_section() -> None:
    register_calendar_section("distributions", DistributionsSection())


def _times(cycle: OrderCycle) -> tuple[datetime.datetime, datetime.datetime]:
    zone = cycle.quartier.zone
    return (
        local_moment(cycle.distribution_date, cycle.distribution_start, zone),
        local_moment(cycle.distribution_date, cycle.distribution_end, zone),
    )


def _distribution(cycle: OrderCycle, *, ordered: bool) -> Item:
    start, end = _times(cycle)
    return Item(
        uid=f"distribution-{cycle.pk}@voisinage",
        kind="distribution",
        title=_("Distribution: %(title)s") % {"title": cycle.title},
        start=start,
        end=end,
        zone=cycle.quartier.zone,
        place=cycle.place,
        url=cycle.get_absolute_url(),
        mine=_("You have an order to pick up") if ordered else "",
        description=_("Pick up your order.") if ordered else "",
    )


def _role(volunteer: Volunteer) -> Item:
    cycle = volunteer.role.cycle
    start, end = _times(cycle)
    return Item(
        uid=f"volunteer-{volunteer.pk}@voisinage",
        kind="role",
        title=_("Volunteering: %(role)s, %(title)s")
        % {"role": volunteer.role.name, "title": cycle.title},
        start=start,
        end=end,
        zone=cycle.quartier.zone,
        place=cycle.place,
        url=cycle.get_absolute_url(),
        mine=_("You volunteer"),
        description=_("You volunteer at this distribution: %(role)s.")
        % {"role": volunteer.role.name},
    )


def _basket(basket: baskets.MyBasket) -> Item:
    date = basket.date
    cycle = date.cycle
    assert cycle is not None  # a date with a basket has its cycle
    start, end = _times(cycle)
    subscription = basket.subscription
    what = f"{subscription.shares} × {subscription.size.name}"
    if basket.for_member is not None:
        title = _("Basket of %(member)s: %(contract)s") % {
            "member": basket.for_member.public_name,
            "contract": date.contract.title,
        }
        mine = _("You collect it for %(member)s") % {"member": basket.for_member.public_name}
    else:
        title = _("Your basket: %(contract)s") % {"contract": date.contract.title}
        mine = _("You collect your basket")
    return Item(
        uid=f"basket-{subscription.pk}-{date.pk}@voisinage",
        kind="distribution",
        title=title,
        start=start,
        end=end,
        zone=cycle.quartier.zone,
        place=cycle.place,
        url=cycle.get_absolute_url(),
        mine=mine,
        description=what,
    )
