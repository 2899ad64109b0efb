"""Every page on a very small phone (320 px): every page fits, the menu opens, chat says so.

The demo quartier (`seed_demo`) gives every page something to show. Every page that a visitor,
a member or a coordinator can open is listed here from the URL configuration: a new page that
is not listed (or set aside with a reason) fails the first test, so none escapes the check.

Each page is opened twice, with JavaScript and without: the page is never wider than the
phone (no horizontal scroll), and the "Menu" button opens the main menu, with a script and
without (the menu is a <details>). A few pages are audited with axe-core.

Last, a live chat whose socket cannot connect (pytest's live server speaks no WebSocket) says so
in words, with a button to reload the page, and the words go once the socket is back.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connections
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, WebSocketRoute, expect
from playwright.sync_api import Error as PlaywrightError

from exchanges.aid.services import help as aid_help
from exchanges.aid.services import objects as aid_objects
from exchanges.consultations import services as consultations
from exchanges.consultations.models import Consultation
from exchanges.consultations.services import ballots
from exchanges.events import services as events
from exchanges.events.models import Event
from exchanges.events.recurrence import next_dates
from exchanges.produce.exports import stored
from exchanges.produce.models import (
    Contract,
    DistributionDay,
    Order,
    OrderCycle,
    Producer,
    Product,
    Subscription,
)
from exchanges.rides import services as rides
from exchanges.rides.models import Booking, MeetingPoint, Ride, RideRequest
from exchanges.swaps.models import Swap
from messaging import services as messaging
from messaging.models import Conversation, Notification
from neighbourhood.accounts.models import User
from neighbourhood.accounts.services import token_create
from neighbourhood.management.commands._demo_produce import TITLE as DEMO_CYCLE
from neighbourhood.places.models import Place
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.services import quartier_join
from tests.e2e.story import box_of, menu_button
from tests.exchanges.consultations.ballots import cast
from tests.exchanges.consultations.fields import make_consultation
from tests.factories import QuartierFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VERY_SMALL_PHONE = {"width": 320, "height": 740}
PASSWORD = "voisinage-demo"  # seed_demo's
MEMBER = "amelie.durand@croix-rousse.example"
COORDINATOR = "claire.martin@croix-rousse.example"
REGULAR_DRIVER = "didier.petit@croix-rousse.example"
RELAIS = "marc.bonnet@croix-rousse.example"

# Where a visitor cannot go, or what is no page: each with its reason.
NOT_PAGES = {
    "healthz": "a health check for the load balancer",
    "set_language": "a form's action (POST only)",
    "rides:calendar": "a calendar file (.ics), not a page",
    "calendar:public": "a calendar file (.ics), not a page",
    "calendar:news": "a news feed (Atom), not a page",
    "produce:contract_import_example": "a file (CSV), not a page",
    "messaging:digest_unsubscribe": "opened from the signed link of an e-mail",
    "messaging:notification_open": "marks read and redirects to what it is about",
    "messaging:quartier_room": "redirects to the room's conversation (visited)",
    "messaging:direct_open": "a form's action (POST only)",
    "favicon": "the site's icon, not a page",
    "manifest": "the web app manifest (JSON), not a page",
    "places:suggest": "the suggestions of the address field (JSON), not a page",
    "quartiers:sheet_pdf": "a file (PDF), not a page",
    "consultations:results_csv": "a file (CSV), not a page",
    "consultations:report": "a file (PDF), not a page",
    "photo_file": "a photo (WebP), not a page",
    "consultations:document": "a document (PDF, as an attachment), not a page",
    "produce:contract_pdf": "a file (PDF), not a page",
    "produce:schedule_pdf": "a file (PDF), not a page",
    "produce:treasury_export": "a file (PDF, CSV), not a page",
}
POST_ONLY = {
    "feed:hide",
    "quartiers:join_request_decide",
    "swaps:renew",
    "swaps:interest",
    "swaps:introduce",
    "swaps:exchange_held",
    "swaps:exchange_evaluate",
    "rides:book",
    "rides:booking_accept",
    "produce:cycle_copy",
    "produce:cycle_reopen",
    "produce:cycle_send",
    "produce:weight",
    "produce:volunteer",
    "produce:contract_date_off",
    "produce:instalment",
    "produce:basket_take",
    "messaging:mute",
    "messaging:message_hide",
    "messaging:report_hide",
    "messaging:block",
    "messaging:message_report",
    "messaging:notifications_read",
    "quartiers:member_relais",
    "quartiers:sheet_language",
    "relais:act",
    "relais:stop",
    "relais:consent_withdraw",
    "relais:takeover_code",
    "aid:help_offer",
    "aid:help_thank",
    "aid:help_choose",
    "aid:help_decline",
    "aid:help_withdraw",
    "aid:item_pause",
    "aid:loan_ask",
    "aid:gift_ask",
    "aid:loan_action",
    "aid:gift_action",
    "events:register",
    "consultations:debate_join",
    "events:date_back",
    "photos:remove",
    "places:approve",
    "places:decline",
}
# Pages made to be printed: no site menu, a way back at their top instead.
WITHOUT_MENU = {"quartiers:sheet"}
# The project's own pages are checked for completeness; of allauth's, the ones a neighbour meets.
ALLAUTH_PAGES = {
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_email",
    "account_change_password",
    "account_logout",
}


@dataclass(frozen=True)
class Visit:
    who: str  # "anonymous", or one of the e-mails above
    path: str


def project_url_names() -> set[str]:
    """Every named URL of the project's own apps (not the API, the admin or allauth)."""
    names: set[str] = set()

    def walk(patterns: list, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in {"api", "admin"} or "allauth" in str(pattern.urlconf_name):
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                if pattern.name in {"schema", "api-docs"}:
                    continue
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def the_pages() -> dict[str, Visit]:
    """Each page of the demo quartier, with who opens it."""
    quartier = Quartier.objects.get(slug="croix-rousse")
    slug = quartier.slug
    amelie = User.objects.get(email=MEMBER)
    claire = User.objects.get(email=COORDINATOR)
    swap = Swap.objects.filter(author=amelie).first()
    assert swap is not None
    booking = Booking.objects.get(passenger=amelie, status="confirmed")
    ride = booking.trip.ride
    claires_ride = Ride.objects.get(driver=claire)
    regular = Ride.objects.filter(driver__email=REGULAR_DRIVER, kind="regular").first()
    assert regular is not None
    # A seat asked for on Claire's ride, for her to decline.
    day = timezone.localdate(claires_ride.departs_at)
    [asked] = rides.booking_request(ride=claires_ride, passenger=amelie, dates=[day])
    wish = RideRequest.objects.filter(passenger=amelie).first()
    assert wish is not None
    point = MeetingPoint.objects.filter(quartier=quartier).first()
    assert point is not None
    cycle = OrderCycle.objects.get(
        quartier=quartier, title=DEMO_CYCLE, closes_at__gt=timezone.now()
    )
    order = Order.objects.get(cycle=cycle, member=amelie)
    producer = Producer.objects.filter(quartier=quartier).first()
    product = Product.objects.filter(producer=producer).first()
    assert producer is not None and product is not None
    # The demo's vegetable contract: Amélie subscribed in three cheques and offers a basket.
    contract = Contract.objects.get(producer__quartier=quartier, title="Légumes de saison")
    subscription = Subscription.objects.get(contract=contract, member=amelie)
    away = subscription.absences.get()
    distribution_day = DistributionDay.objects.filter(quartier=quartier).first()
    assert distribution_day is not None
    conversation = Conversation.objects.filter(participants__user=amelie, kind="thread").first()
    assert conversation is not None
    message = messaging.message_post(
        conversation=conversation, author=amelie, body="Merci, à samedi !"
    )
    room = messaging.room_for(quartier=quartier)
    petit = User.objects.get(display_name="Mme Petit")
    epn = Place.objects.get(name="EPN de la Croix-Rousse")
    # Claire lends a drill, which Amélie asked to borrow.
    drill = aid_objects.item_publish(
        quartier=quartier, owner=claire, mode="lend", title="Perceuse", category="tools", max_days=3
    )
    aid_objects.loan_ask(item=drill, borrower=amelie, starts_on=day, ends_on=day)
    assert Notification.objects.filter(user=amelie).exists()
    # A hand Amélie asks for on Saturday, the day after tomorrow at the earliest.
    saturday = timezone.localdate() + datetime.timedelta(
        days=2 + (5 - timezone.localdate().weekday()) % 7
    )
    coup = aid_help.help_publish(
        quartier=quartier,
        author=amelie,
        kind="request",
        category="moving",
        title="Porter une armoire au 3e",
        timing="at",
        starts_at=timezone.make_aware(datetime.datetime.combine(saturday, datetime.time(10))),
        helpers_needed=2,
    )
    # Amélie registers for the repair café's next date, and runs a knitting workshop weekly.
    repair = Event.objects.get(quartier=quartier, title="Repair café")
    repair_day = next_dates(repair, timezone.now(), 1)[0].date
    registration = events.event_register(event=repair, member=amelie, day=repair_day)
    knitting = events.event_create(
        quartier=quartier,
        organiser=amelie,
        title="Atelier tricot",
        address="Maison des associations, Lyon",
        starts_at=timezone.make_aware(datetime.datetime.combine(saturday, datetime.time(15))),
        ends_at=timezone.make_aware(datetime.datetime.combine(saturday, datetime.time(17))),
        repeat="weekly",
        registration=True,
        capacity=6,
    )
    # Amélie proposes a consultation (the quartier lets members propose); Claire attaches the
    # bakers' leaflet to the AMAP's question.
    quartier.members_open_consultations = True
    quartier.save(update_fields=["members_open_consultations"])
    party = Consultation.objects.get(quartier=quartier, method=Consultation.Method.DATE_POLL)
    bread = Consultation.objects.get(
        quartier=quartier, method=Consultation.Method.MAJORITY_JUDGMENT
    )
    proposal = consultations.consultation_open(
        quartier=quartier,
        actor=amelie,
        question="Un composteur partagé rue d’Austerlitz ?",
        method=Consultation.Method.SINGLE,
        options=["Oui", "Non"],
        information_at=party.information_at,
        debate_at=party.debate_at,
        vote_at=bread.vote_at,
        results_at=bread.results_at,
    )
    leaflet = consultations.document_add(
        consultation=bread,
        actor=quartier.memberships.get(role="coordinator").user,
        title="Le tract de La Fournée",
        upload=SimpleUploadedFile("tract.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    # A majority-judgment question in its vote, with one paper ballot entered, and a public
    # survey as a date poll.
    graded = make_consultation(
        quartier=quartier,
        opened_by=claire,
        method="majority_judgment",
        question="Should the AMAP add a bread producer?",
        options=("La Fournée", "Le Fournil", "No bread"),
    )
    paper_ballot = ballots.paper_ballot_enter(
        consultation=graded,
        coordinator=claire,
        marks=dict.fromkeys(graded.options.values_list("pk", flat=True), 4),
    )
    survey = make_consultation(
        quartier=quartier,
        opened_by=claire,
        method="date_poll",
        audience="public_link",
        options=(("Samedi", saturday), ("Samedi d’après", saturday + datetime.timedelta(days=7))),
    )
    m, c = MEMBER, COORDINATOR
    return {
        "home": Visit("anonymous", "/"),
        "glossary": Visit("anonymous", "/glossary/"),
        "account_login": Visit("anonymous", "/accounts/login/"),
        "account_signup": Visit("anonymous", "/accounts/signup/"),
        "account_reset_password": Visit("anonymous", "/accounts/password/reset/"),
        "quartiers:list": Visit("anonymous", "/quartiers/"),
        "quartiers:detail": Visit(m, f"/quartiers/{slug}/"),
        "account_email": Visit(m, "/accounts/email/"),
        "account_change_password": Visit(m, "/accounts/password/change/"),
        "account_logout": Visit(m, "/accounts/logout/"),
        "profile": Visit(m, "/profile/"),
        "tokens": Visit(m, "/profile/tokens/"),
        "token_revoke": Visit(m, "/profile/tokens/0/revoke/"),  # replaced below
        "account_erase": Visit(m, "/profile/erase/"),
        "feed:feed": Visit(m, f"/quartiers/{slug}/feed/"),
        "quartiers:create": Visit(m, "/quartiers/new/"),
        "quartiers:edit": Visit(c, f"/quartiers/{slug}/edit/"),
        "quartiers:join": Visit(m, f"/quartiers/{slug}/join/"),
        "quartiers:withdraw": Visit(m, f"/quartiers/{slug}/join/withdraw/"),  # replaced below
        "quartiers:leave": Visit(m, f"/quartiers/{slug}/leave/"),
        "quartiers:members": Visit(c, f"/quartiers/{slug}/members/"),
        "quartiers:member_action": Visit(
            c, f"/quartiers/{slug}/members/{amelie.pk}/?action=remove"
        ),
        "quartiers:join_requests": Visit(c, f"/quartiers/{slug}/requests/"),
        "swaps:mine": Visit(m, "/swaps/mine/"),
        "swaps:create": Visit(m, f"/swaps/new/{slug}/?kind=offer"),
        "swaps:detail": Visit(m, f"/swaps/{swap.pk}/"),
        "swaps:edit": Visit(m, f"/swaps/{swap.pk}/edit/"),
        "swaps:status": Visit(m, f"/swaps/{swap.pk}/status/?status=closed"),
        "swaps:overview": Visit(c, f"/swaps/overview/{slug}/"),
        "rides:mine": Visit(m, "/rides/mine/"),
        "rides:calendar_settings": Visit(m, "/rides/calendar/"),
        "rides:list": Visit(m, f"/rides/in/{slug}/"),
        "rides:create": Visit(m, f"/rides/in/{slug}/new/"),
        "rides:request_create": Visit(m, f"/rides/in/{slug}/requests/new/"),
        "rides:search": Visit(m, f"/rides/in/{slug}/search/"),
        "rides:meeting_points": Visit(c, f"/rides/in/{slug}/meeting-points/"),
        "rides:meeting_point_delete": Visit(
            c, f"/rides/in/{slug}/meeting-points/{point.pk}/delete/"
        ),
        "rides:detail": Visit(m, f"/rides/{ride.pk}/"),
        "rides:edit": Visit(c, f"/rides/{claires_ride.pk}/edit/"),
        "rides:cancel": Visit(c, f"/rides/{claires_ride.pk}/cancel/"),
        "rides:trip_cancel": Visit(REGULAR_DRIVER, f"/rides/{regular.pk}/dates/cancel/"),
        "rides:request_detail": Visit(m, f"/rides/requests/{wish.pk}/"),
        "rides:request_close": Visit(m, f"/rides/requests/{wish.pk}/close/"),
        "rides:booking_decline": Visit(c, f"/rides/bookings/{asked.pk}/decline/"),
        "rides:booking_cancel": Visit(m, f"/rides/bookings/{booking.pk}/cancel/"),
        "produce:mine": Visit(m, "/produce/mine/"),
        "produce:list": Visit(m, f"/produce/in/{slug}/"),
        "produce:producers": Visit(m, f"/produce/in/{slug}/producers/"),
        "produce:producer_create": Visit(c, f"/produce/in/{slug}/producers/new/"),
        "produce:cycle_create": Visit(c, f"/produce/in/{slug}/cycles/new/"),
        "produce:producer": Visit(m, f"/produce/producers/{producer.pk}/"),
        "produce:contracts": Visit(m, f"/produce/in/{slug}/contracts/"),
        "produce:contract_create": Visit(c, f"/produce/in/{slug}/contracts/new/"),
        "produce:contract": Visit(m, f"/produce/contracts/{contract.pk}/"),
        "produce:contract_edit": Visit(c, f"/produce/contracts/{contract.pk}/edit/"),
        "produce:subscribe": Visit(m, f"/produce/contracts/{contract.pk}/subscribe/"),
        "produce:distribution_days": Visit(c, f"/produce/in/{slug}/distribution-days/"),
        "produce:distribution_day_remove": Visit(
            c, f"/produce/in/{slug}/distribution-days/{distribution_day.pk}/remove/"
        ),
        "produce:membership": Visit(c, f"/produce/in/{slug}/membership/"),
        "produce:producer_edit": Visit(c, f"/produce/producers/{producer.pk}/edit/"),
        "produce:product_create": Visit(c, f"/produce/producers/{producer.pk}/products/new/"),
        "produce:product_edit": Visit(c, f"/produce/products/{product.pk}/edit/"),
        "produce:cycle": Visit(m, f"/produce/cycles/{cycle.pk}/"),
        "produce:order": Visit(m, f"/produce/cycles/{cycle.pk}/order/"),
        "produce:order_cancel": Visit(m, f"/produce/cycles/{cycle.pk}/order/cancel/"),
        "produce:cycle_close": Visit(c, f"/produce/cycles/{cycle.pk}/close/"),
        "produce:reports": Visit(c, f"/produce/cycles/{cycle.pk}/reports/"),
        # A file: while it is not built, the page saying it is being prepared (`preparing`).
        "produce:report_export": Visit(c, preparing(cycle)),
        "produce:order_manage": Visit(c, f"/produce/cycles/{cycle.pk}/orders/{order.pk}/"),
        "produce:payments": Visit(c, f"/produce/cycles/{cycle.pk}/payments/"),
        "produce:contract_import": Visit(c, f"/produce/contracts/{contract.pk}/import/"),
        "produce:contract_subscriptions": Visit(
            c, f"/produce/contracts/{contract.pk}/subscriptions/"
        ),
        "produce:subscription": Visit(m, f"/produce/subscriptions/{subscription.pk}/"),
        "produce:subscription_end": Visit(m, f"/produce/subscriptions/{subscription.pk}/end/"),
        "produce:my_contracts": Visit(m, "/produce/mine/contracts/"),
        "produce:treasury": Visit(c, f"/produce/in/{slug}/treasury/"),
        "produce:absences": Visit(m, f"/produce/subscriptions/{subscription.pk}/absences/"),
        "produce:absence_cancel": Visit(m, f"/produce/absences/{away.pk}/cancel/"),
        "produce:baskets": Visit(c, f"/produce/in/{slug}/baskets/"),
        "consultations:list": Visit(m, f"/consultations/in/{slug}/"),
        "consultations:create": Visit(c, f"/consultations/in/{slug}/new/"),
        "consultations:detail": Visit(m, f"/consultations/{party.pk}/"),
        "consultations:edit": Visit(c, f"/consultations/{bread.pk}/edit/"),
        "consultations:approve": Visit(c, f"/consultations/{proposal.pk}/approve/"),
        "consultations:decline": Visit(c, f"/consultations/{proposal.pk}/decline/"),
        "consultations:withdraw": Visit(c, f"/consultations/{bread.pk}/withdraw/"),
        "consultations:summary": Visit(c, f"/consultations/{bread.pk}/summary/"),
        "consultations:documents": Visit(c, f"/consultations/{bread.pk}/documents/"),
        "consultations:document_remove": Visit(c, f"/consultations/documents/{leaflet.pk}/remove/"),
        "messaging:conversations": Visit(m, "/conversations/"),
        "messaging:conversation": Visit(m, f"/conversations/{conversation.pk}/"),
        "messaging:message_edit": Visit(
            m, f"/conversations/{conversation.pk}/messages/{message.pk}/edit/"
        ),
        "messaging:message_delete": Visit(
            m, f"/conversations/{conversation.pk}/messages/{message.pk}/delete/"
        ),
        "messaging:reports": Visit(c, f"/quartiers/{slug}/reports/"),
        "messaging:notifications": Visit(m, "/notifications/"),
        "messaging:notification_settings": Visit(m, "/notifications/settings/"),
        "messaging:digest_settings": Visit(m, "/digest/"),
        "room": Visit(m, f"/conversations/{room.pk}/"),
        "accessibility": Visit("anonymous", "/accessibility/"),
        "legal_notice": Visit("anonymous", "/legal-notice/"),
        "privacy": Visit("anonymous", "/privacy/"),
        "quartiers:sheet": Visit(c, f"/quartiers/{slug}/sheet/"),
        "quartiers:code": Visit(m, f"/quartiers/{slug}/code/"),
        "relais:home": Visit(RELAIS, "/relais/"),
        "relais:neighbour": Visit(RELAIS, f"/relais/neighbours/{petit.pk}/"),
        "relais:neighbour_create": Visit(RELAIS, f"/relais/in/{slug}/new/"),
        "relais:quartier_log": Visit(c, f"/relais/in/{slug}/log/"),
        "relais:my_log": Visit(m, "/relais/for-me/"),
        "relais:takeover": Visit("anonymous", "/relais/take-over/"),
        "aid:help_mine": Visit(m, "/help/mine/"),
        "aid:help_list": Visit(m, f"/help/in/{slug}/"),
        "aid:help_create": Visit(m, f"/help/in/{slug}/new/?kind=request"),
        "aid:help_detail": Visit(m, f"/help/{coup.pk}/"),
        "aid:help_edit": Visit(m, f"/help/{coup.pk}/edit/"),
        "aid:help_cancel": Visit(m, f"/help/{coup.pk}/cancel/"),
        "aid:help_done": Visit(m, f"/help/{coup.pk}/done/"),
        "aid:inventory": Visit(m, f"/objects/in/{slug}/"),
        "aid:item_publish": Visit(m, f"/objects/in/{slug}/new/?mode=lend"),
        "aid:item": Visit(m, f"/objects/{drill.pk}/"),
        "aid:item_edit": Visit(c, f"/objects/{drill.pk}/edit/"),
        "aid:item_withdraw": Visit(c, f"/objects/{drill.pk}/withdraw/"),
        "aid:my_objects": Visit(c, "/objects/mine/"),
        "photos:manage": Visit(m, f"/photos/coup_de_main/{coup.pk}/"),
        "calendar:quartier": Visit(m, f"/calendar/in/{slug}/"),
        "calendar:week": Visit(m, f"/calendar/in/{slug}/week/{saturday.isoformat()}/"),
        "calendar:month": Visit(m, f"/calendar/in/{slug}/month/{saturday:%Y-%m}/"),
        "consultations:vote": Visit(m, f"/consultations/{graded.pk}/vote/"),
        "consultations:survey": Visit(m, f"/consultations/survey/{survey.public_token}/"),
        "consultations:paper": Visit(c, f"/consultations/{graded.pk}/paper/"),
        "consultations:paper_remove": Visit(
            c, f"/consultations/{graded.pk}/paper/{paper_ballot.pk}/remove/"
        ),
        "events:list": Visit(m, f"/events/in/{slug}/"),
        "events:create": Visit(m, f"/events/in/{slug}/new/"),
        "events:mine": Visit(m, "/events/mine/"),
        "events:detail": Visit(m, f"/events/{repair.pk}/"),
        "events:edit": Visit(m, f"/events/{knitting.pk}/edit/"),
        "events:cancel": Visit(m, f"/events/{knitting.pk}/cancel/"),
        "events:dates_off": Visit(m, f"/events/{knitting.pk}/dates-off/"),
        "events:attendance": Visit(m, f"/events/{knitting.pk}/attendance/{saturday}/"),
        "events:registration_cancel": Visit(m, f"/events/registrations/{registration.pk}/cancel/"),
        "places:directory": Visit(m, f"/places/in/{slug}/?service=online_forms&open_now=on"),
        "places:create": Visit(m, f"/places/in/{slug}/new/"),
        "places:suggestions": Visit(c, f"/places/in/{slug}/suggestions/"),
        "places:detail": Visit(m, f"/places/{epn.pk}/"),
        "places:edit": Visit(c, f"/places/{epn.pk}/edit/"),
        "places:withdraw": Visit(c, f"/places/{epn.pk}/withdraw/"),
    }


def results_pages() -> dict[str, Visit]:
    """A majority judgment and an open question, closed, with a few ballots."""
    quartier = Quartier.objects.get(slug="croix-rousse")
    claire = User.objects.get(email=COORDINATOR)
    amelie = User.objects.get(email=MEMBER)
    bakeries = make_consultation(
        quartier=quartier,
        opened_by=claire,
        method="majority_judgment",
        phase="results",
        question="Quel boulanger pour l’AMAP ?",
        options=["La Fournée", "Le Fournil du Plateau", "Pas de pain"],
    )
    cast(bakeries, amelie, {"La Fournée": 5, "Le Fournil du Plateau": 3, "Pas de pain": 0})
    cast(bakeries, claire, {"La Fournée": 4, "Le Fournil du Plateau": 4, "Pas de pain": 1})
    cast(bakeries, None, {"La Fournée": 6, "Le Fournil du Plateau": 2, "Pas de pain": 0})
    wishes = make_consultation(
        quartier=quartier,
        opened_by=claire,
        method="open",
        phase="results",
        question="Que demander à la mairie pour la place ?",
        options=(),
    )
    cast(wishes, amelie, answer="Des bancs à l’ombre", group="Bancs")
    cast(wishes, claire, answer="Un éclairage le soir")
    return {
        "consultations:results": Visit(MEMBER, f"/consultations/{bakeries.pk}/results/"),
        "consultations:answers": Visit(COORDINATOR, f"/consultations/{wishes.pk}/answers/"),
    }


def with_a_token_and_a_request(pages: dict[str, Visit]) -> dict[str, Visit]:
    """The two pages that need something of a visitor's own: a token, a request to join."""
    amelie = User.objects.get(email=MEMBER)
    token, _raw = token_create(user=amelie, name="tablette")
    elsewhere = QuartierFactory.create(name="Les Brotteaux", slug="les-brotteaux")
    quartier_join(quartier=elsewhere, user=amelie)
    return pages | {
        "token_revoke": Visit(MEMBER, f"/profile/tokens/{token.pk}/revoke/"),
        "quartiers:withdraw": Visit(MEMBER, f"/quartiers/{elsewhere.slug}/join/withdraw/"),
    }


def preparing(cycle: OrderCycle) -> str:
    """The pick-up PDF's address, held on its page "being prepared": its build is taken, as by
    a worker busy with it, in either language."""
    for language in ("fr", "en"):
        file = stored.StoredFile.current("cycle", cycle.pk, "pickup", "pdf", language)
        assert cache.add(file.lock_key, True, 600)
    return f"/produce/cycles/{cycle.pk}/reports/pickup.pdf"


def _seed() -> dict[str, Visit]:
    try:
        call_command("seed_demo", verbosity=0)
        return with_a_token_and_a_request(the_pages() | results_pages())
    finally:
        connections.close_all()  # this thread's own


@pytest.fixture
def demo(db) -> dict[str, Visit]:
    # In a thread of its own: Playwright's event loop runs in this one, and the services' live
    # events (sent after each commit) may not run inside a running loop.
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(_seed).result()


@pytest.fixture
def very_small_phone(browser: Browser) -> Iterator[Callable[[bool], BrowserContext]]:
    contexts: list[BrowserContext] = []

    def open_context(javascript: bool) -> BrowserContext:
        context = browser.new_context(
            viewport=VERY_SMALL_PHONE,  # type: ignore[arg-type]
            device_scale_factor=1,
            is_mobile=True,
            has_touch=True,
            locale="fr-FR",
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        context.route("**/*", lambda route: _local_only(route))
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


def _local_only(route) -> None:
    if route.request.url.startswith(("http://127.0.0.1", "http://localhost")):
        route.continue_()
    else:  # map tiles: the outside world is unreachable here
        route.abort()


def signed_in(context: BrowserContext, site: str, email: str) -> Page:
    page = context.new_page()
    if email != "anonymous":
        page.goto(site + "/accounts/login/")
        page.locator("input[name=login]").fill(email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(site + "/")
        # The home page's scripts run before "load": a key pressed earlier would find none.
        page.wait_for_load_state("load")
    return page


def test_it_lists_every_page_of_the_url_configuration(demo):
    listed = set(demo) - {"room"}
    assert (
        project_url_names() - ALLAUTH_PAGES == (listed - ALLAUTH_PAGES) | set(NOT_PAGES) | POST_ONLY
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without"])
def test_every_page_fits_320_px_and_its_menu_opens(
    demo, live_server, very_small_phone, audit, screenshot, javascript, settings
):
    settings.PRODUCE_REPORT_RETRY_SECONDS = 60  # the page being prepared stays while checked
    pages: dict[str, Page] = {}  # one phone each: a visitor, a member, a coordinator, a driver
    problems: list[str] = []
    for name, visit in sorted(demo.items(), key=lambda item: item[1].who):
        if visit.who not in pages:
            pages[visit.who] = signed_in(very_small_phone(javascript), live_server.url, visit.who)
        page = pages[visit.who]
        response = page.goto(live_server.url + visit.path)
        assert response is not None
        if response.status >= 400:
            problems.append(f"{name}: {visit.path} answered {response.status}")
            continue
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            problems.append(f"{name}: {visit.path} is {overflow} px wider than the phone")
            screenshot(page, f"small-phone-too-wide-{name.replace(':', '-')}")
        if name in WITHOUT_MENU:
            expect(page.get_by_role("link", name=re.compile("^(Retour à|Back to)"))).to_be_visible()
            continue
        try:
            opens = opens_the_menu(page)
        except (AssertionError, PlaywrightError) as error:
            opens = False
            screenshot(page, f"small-phone-menu-{name.replace(':', '-')}")
            problems.append(f"{name}: {visit.path}: {str(error).splitlines()[0]}")
        if not opens:
            problems.append(f"{name}: {visit.path}: the menu did not open")
        if javascript and name in {
            "home",
            "quartiers:detail",
            "swaps:mine",
            "rides:cancel",
            "calendar:month",
            "places:directory",
            "places:edit",
            "consultations:results",
        }:
            page.keyboard.press("Escape")
            audit(page, f"320 px, {name}")
    assert not problems, "\n".join(problems)


def opens_the_menu(page: Page) -> bool:
    button = menu_button(page)
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(menu).to_be_hidden()
    button.click(timeout=3000)
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link").first).to_be_visible()
    # A finger reaches each link, and the open menu does not widen the page either.
    box = box_of(menu.get_by_role("link").first)
    wide = page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    button.click()
    expect(menu).to_be_hidden()
    return box["height"] >= 44 and not wide


def test_the_menu_is_a_row_of_links_on_a_wide_screen(demo, live_server, browser: Browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    try:
        page = signed_in(context, live_server.url, MEMBER)
        expect(page.locator("details[data-menu] > summary")).to_be_hidden()
        expect(page.get_by_role("navigation", name="Menu principal")).to_be_visible()
    finally:
        context.close()


def test_the_menu_opens_from_the_keyboard_and_escape_folds_it(demo, live_server, very_small_phone):
    page = signed_in(very_small_phone(True), live_server.url, MEMBER)
    button = menu_button(page)
    button.focus()
    page.keyboard.press("Enter")
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(menu).to_be_visible()
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()


def a_server_that_says_hello(socket: WebSocketRoute) -> None:
    # Our server counts as answering once it says "hello" (docs/realtime.md).
    socket.send(json.dumps({"type": "hello", "user": 0}))


def test_a_chat_that_cannot_connect_says_so_and_offers_to_reload(
    demo, live_server, very_small_phone, screenshot, audit
):
    page = signed_in(very_small_phone(True), live_server.url, MEMBER)
    conversation = Conversation.objects.filter(
        participants__user__email=MEMBER, kind="thread"
    ).first()
    assert conversation is not None
    # The live server speaks no WebSocket: every try to connect fails, as when the network or
    # the server is down.
    page.goto(f"{live_server.url}/conversations/{conversation.pk}/")
    notice = page.locator("#live-down")
    expect(notice).to_have_attribute("aria-live", "assertive")
    expect(notice).to_contain_text("La discussion en direct ne répond pas.")
    reload = notice.get_by_role("button", name="Recharger la page")
    expect(reload).to_be_visible()
    screenshot(page, "small-phone-chat-cannot-connect")
    audit(page, "the chat that cannot connect")

    page.evaluate("() => { window.notReloaded = true; }")
    reload.click()
    page.wait_for_load_state("load")
    assert page.evaluate("() => window.notReloaded") is None, "the page did not reload"
    expect(notice).to_contain_text("La discussion en direct ne répond pas.")

    # The socket is back (a stand-in server that greets it as ours does): the words go by
    # themselves.
    page.route_web_socket("**/ws/", a_server_that_says_hello)
    expect(notice).to_be_empty(timeout=15_000)
    expect(notice.get_by_role("button")).to_have_count(0)


def test_it_keeps_quiet_while_the_socket_works(demo, live_server, very_small_phone):
    context = very_small_phone(True)
    page = signed_in(context, live_server.url, MEMBER)
    page.route_web_socket("**/ws/", a_server_that_says_hello)
    conversation = Conversation.objects.filter(participants__user__email=MEMBER).first()
    assert conversation is not None
    page.goto(f"{live_server.url}/conversations/{conversation.pk}/")
    page.wait_for_timeout(1500)
    expect(page.locator("#live-down")).to_be_empty()
