"""The quartier's calendar page (members only) and its public `.ics` feed (anyone)."""

from __future__ import annotations

import datetime
from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from neighbourhood.accounts.models import User
from neighbourhood.calendar.ical import public_calendar_for
from neighbourhood.calendar.periods import (
    MONTH,
    WEEK,
    Period,
    by_day,
    period_from_address,
    period_of,
)
from neighbourhood.calendar.sections import private_feed, sections
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import get_quartier_for_member


@require_GET
def quartier_calendar(
    request: HttpRequest, slug: str, kind: str = WEEK, value: str = ""
) -> HttpResponse:
    """A week (or a month) of the quartier as lists by day, times in the quartier's timezone;
    404 to anyone who is not an active member."""
    quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
    zone = quartier.zone
    if value:
        period = period_from_address(kind, value)
    else:
        period = period_of(kind, timezone.localdate(timezone=zone))
    member = cast(User, request.user)  # a member: the helper above let them through
    items = [
        item
        for section in sections()
        for item in section.page_items(
            member=member, quartier=quartier, first=period.first, last=period.last
        )
    ]
    today = timezone.localdate(timezone=zone)
    context = {
        "quartier": quartier,
        "period": period,
        "links": period_links(period, today, quartier.slug),
        "days": by_day(items, period, zone, every_day=period.kind == WEEK),
        "today": today,
        "public_feed": feed_addresses(request, reverse("calendar:public", args=[quartier.slug])),
        "news_url": reverse("calendar:news", args=[quartier.slug]),
    }
    feed = private_feed()
    if feed is not None:
        context["private_feed"] = feed_addresses(request, feed.address(member))
        context["private_feed_settings"] = reverse(feed.settings_url_name)
    # Every time on the page is read in the quartier's timezone, whoever looks.
    with timezone.override(zone):
        return render(request, "calendar/quartier_calendar.html", context)


def period_links(period: Period, today: datetime.date, slug: str) -> dict[str, str]:
    """The page's ways to other periods: the one before and after, the current one, and the
    same days as a week (a month) or a month (a week): the one holding today when today is in
    the period (this week's month is this month, even when the week began in the last one),
    otherwise the month holding most of the week (its Thursday's), or the month's first week."""
    previous, following = period.previous, period.next
    if period.first <= today <= period.last:
        anchor = today
    else:
        anchor = period.first + datetime.timedelta(days=3 if period.kind == WEEK else 0)
    return {
        "previous": previous.url(slug) if previous else "",
        "next": following.url(slug) if following else "",
        "current": period_of(period.kind, today).url(slug),
        "week": period.url(slug) if period.kind == WEEK else period_of(WEEK, anchor).url(slug),
        "month": period.url(slug) if period.kind == MONTH else period_of(MONTH, anchor).url(slug),
    }


def feed_addresses(request: HttpRequest, path: str) -> dict[str, str]:
    """A feed's address on the web, and the same for a calendar app (``webcal://``), which
    offers to subscribe when it is tapped."""
    https = request.build_absolute_uri(path)
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


@require_GET
def public_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """The quartier's public gatherings, for any calendar app, in the quartier's language;
    404 for a quartier that does not exist."""
    quartier = get_object_or_404(Quartier, slug=slug)
    with translation.override(quartier.language):
        body = public_calendar_for(quartier=quartier)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{quartier.slug}.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response
