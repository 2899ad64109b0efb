"""Loans in the private calendar feed (neighbourhood.calendar): for the owner and for the
borrower, each loan whose dates are held (accepted or handed over) in a quartier they are still
a member of, as an all-day event from its first day to its last."""

from __future__ import annotations

import datetime

import icalendar
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.aid.models import Loan
from exchanges.aid.selectors.objects import member_of_quartier
from neighbourhood.accounts.models import User
from neighbourhood.calendar import register_calendar_section

# Loans that ended more than this long ago have left the calendar.
PAST_DAYS = 31


def loan_events(user: User) -> list[icalendar.Event]:
    since = timezone.localdate() - datetime.timedelta(days=PAST_DAYS)
    loans = (
        Loan.objects.filter(Q(item__owner=user) | Q(borrower=user))
        .filter(status__in=Loan.HOLDING, ends_on__gte=since)
        .filter(member_of_quartier(user, "item__quartier_id"))
        .select_related("item__owner", "borrower")
        .order_by("starts_on", "id")
    )
    return [_event(loan, user) for loan in loans]


def _event(loan: Loan, user: User) -> icalendar.Event:
    item = loan.item
    as_owner = item.owner_id == user.pk
    names = {"object": item.title}
    if as_owner:
        summary = _("Lent to %(name)s: %(object)s") % {**names, "name": loan.borrower.public_name}
    else:
        summary = _("Borrowed from %(name)s: %(object)s") % {
            **names,
            "name": item.owner.public_name,
        }
    event = icalendar.Event()
    event.add("uid", f"loan-{loan.pk}-{'owner' if as_owner else 'borrower'}@voisinage")
    event.add("dtstamp", timezone.now())
    # An all-day event ends on the day after its last (RFC 5545, DTEND is exclusive).
    event.add("dtstart", loan.starts_on)
    event.add("dtend", loan.ends_on + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    if item.collect_at:
        event.add("location", item.collect_at)
    event.add("description", loan.get_status_display())
    url = getattr(item, "get_absolute_url", None)
    if callable(url):
        event.add("url", settings.SITE_URL.rstrip("/") + url())
    return event


def register_section() -> None:
    register_calendar_section("loans", loan_events)
