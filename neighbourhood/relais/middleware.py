"""Acting for a neighbour: the relais's request runs as the neighbour, on a few pages only.

The session holds only the id of a consent (`SESSION_KEY`). On every request it is checked
again (`selectors.running_consent`): the consent must be the signed-in relais's own, not
ended, given since they hold the role, the neighbour still a member. Anything else (a consent
withdrawn, the role taken back, a take-over, a forged value) drops it, and the request runs
as the relais. A checked request keeps the relais on ``request.relais``, makes ``request.user``
the neighbour, and opens `acting.acting_for` so that the services log what they write.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from neighbourhood import limits
from neighbourhood.error_pages import json_error
from neighbourhood.relais import acting, selectors

SESSION_KEY = "relais_acting_for"

# The pages a relais may use for a neighbour: the flows the neighbour needs, nothing of the
# account itself (profile, e-mail, password, tokens, erase), nothing of a coordinator's.
ALLOWED: frozenset[str] = frozenset(
    {
        "home",
        "feed:feed",
        "quartiers:detail",
        "quartiers:members",
        *(
            f"swaps:{name}"
            for name in (
                "mine",
                "create",
                "detail",
                "edit",
                "status",
                "renew",
                "interest",
                "exchange_held",
                "exchange_evaluate",
            )
        ),
        "swaps:overview",
        *(
            f"rides:{name}"
            for name in (
                "mine",
                "list",
                "create",
                "request_create",
                "search",
                "detail",
                "edit",
                "cancel",
                "trip_cancel",
                "book",
                "request_detail",
                "request_close",
                "booking_accept",
                "booking_decline",
                "booking_cancel",
            )
        ),
        *(f"produce:{name}" for name in ("mine", "list", "cycle", "order", "order_cancel")),
        # Farm contracts: reading them with her, subscribing in her name, leaving the waiting list.
        *(
            f"produce:{name}"
            for name in (
                "contracts",
                "contract",
                "subscribe",
                "subscription",
                "subscription_end",
                "my_contracts",
                "contract_pdf",
            )
        ),
        *(f"produce:{name}" for name in ("absences", "absence_cancel", "baskets", "basket_take")),
        *(
            f"aid:help_{name}"
            for name in (
                "mine",
                "list",
                "create",
                "detail",
                "edit",
                "cancel",
                "done",
                "offer",
                "thank",
                "choose",
                "decline",
                "withdraw",
            )
        ),
        *(
            f"aid:{name}"
            for name in (
                "my_objects",
                "inventory",
                "item_publish",
                "item",
                "item_edit",
                "item_pause",
                "item_withdraw",
                "loan_ask",
                "gift_ask",
                "loan_action",
                "gift_action",
            )
        ),
        # Gatherings: registering a neighbour for a date, or cancelling it.
        *(
            f"events:{name}"
            for name in ("list", "mine", "detail", "register", "registration_cancel")
        ),
        # Consultations: voting for her (the participation says it came through a relais).
        "consultations:list",
        "consultations:detail",
        "consultations:vote",
        "consultations:survey",
        # The places directory: finding a place for her, suggesting one in her name.
        *(f"places:{name}" for name in ("directory", "detail", "create", "edit")),
        # Adding and removing the photos of her request or of his object.
        "photos:manage",
        "photos:remove",
        *(
            f"messaging:{name}"
            for name in (
                "conversations",
                "direct_open",
                "conversation",
                "quartier_room",
                "message_edit",
                "message_delete",
                "notifications",
                "notifications_read",
                "notification_open",
            )
        ),
    }
)
# Read-only calls the pages' scripts make (the chat catching up, the feed showing what is new,
# the places suggested as an address is typed).
ALLOWED_READS: frozenset[str] = frozenset(
    {"api:conversation_messages", "api:feed", "places:suggest"}
)
# Pages that stay the relais's own while they act: stopping, their relais pages, signing out.
AS_RELAIS: frozenset[str] = frozenset({"account_logout", "set_language"})


class ActingForMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is None or SESSION_KEY not in session or not request.user.is_authenticated:
            return self.get_response(request)
        consent = selectors.running_consent(relais=request.user, consent_id=session[SESSION_KEY])
        if consent is None:
            del session[SESSION_KEY]
            messages.warning(request, _("You no longer act for this neighbour."))
            return self.get_response(request)
        request.acting_consent = consent  # type: ignore[attr-defined]
        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            return self.get_response(request)
        if name.startswith("relais:") or name in AS_RELAIS:
            return self.get_response(request)
        allowed = name in ALLOWED or (name in ALLOWED_READS and request.method in ("GET", "HEAD"))
        if not allowed:
            if limits.wants_json(request):
                return json_error(
                    _(
                        "You are acting for %(name)s. This page is not open to a relais: only "
                        "%(name)s can use it, with their own login. Stop acting for them to use "
                        "it for yourself."
                    )
                    % {"name": consent.neighbour.public_name},
                    403,
                )
            return render(
                request,
                "relais/not_while_acting.html",
                {"consent": consent},
                status=403,
            )
        request.relais = request.user  # type: ignore[attr-defined]
        request.user = consent.neighbour
        with acting.acting_for(
            acting.Acting(
                relais=consent.relais, neighbour=consent.neighbour, quartier=consent.quartier
            )
        ):
            return self.get_response(request)
