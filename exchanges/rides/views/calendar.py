"""A resident's rides in their calendar app: the secret address of the feed, and the feed."""

from __future__ import annotations

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from exchanges.rides import selectors, services
from exchanges.rides.views.common import render
from neighbourhood.calendar import calendar_for
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import in_site_timezone


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def calendar_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.calendar_feed_renew(user=request.user)
        messages.success(
            request, _("Your calendar has a new address. The old one no longer works.")
        )
        return redirect("rides:calendar_settings")
    feed = services.calendar_feed_for(user=request.user)
    return render(
        request,
        "exchanges/rides/calendar_settings.html",
        {"feed_url": request.build_absolute_uri(feed.get_absolute_url())},
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The member's whole calendar (neighbourhood.calendar: rides, loans…), at the address it
    has always had. No sign-in: calendar apps cannot sign in. The secret address is the key, and
    the calendar speaks its owner's language and timezone, whoever fetches it."""
    owner = selectors.get_calendar_owner(token=token)
    with translation.override(owner.language), timezone.override(zoneinfo.ZoneInfo(owner.timezone)):
        body = calendar_for(user=owner)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="rides.ics"'
    # Personal: no shared cache may keep it, and search engines may not list it.
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
