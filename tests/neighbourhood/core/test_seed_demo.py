"""The demo quartier of `make run`: residents, swaps, carpooling and the AMAP in the feed, and the
matching to show."""

import datetime
import zoneinfo
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from exchanges.aid.models import CoupDeMain, Gift, HelpOffer, Item, Loan, Thanks
from exchanges.produce import kinds as produce_kinds
from exchanges.produce import reports
from exchanges.produce.models import (
    CycleProduct,
    Order,
    OrderCycle,
    OrderLine,
    Payment,
    Producer,
    Product,
    Volunteer,
    VolunteerRole,
)
from exchanges.rides import kinds as ride_kinds
from exchanges.rides import selectors as rides
from exchanges.rides.models import (
    Booking,
    MeetingPoint,
    Ride,
    RideRequest,
    Trip,
    WeeklyDeparture,
)
from exchanges.swaps import kinds as swap_kinds
from exchanges.swaps import matching
from exchanges.swaps.models import Exchange, Swap
from messaging.models import Conversation, Message, Notification
from neighbourhood.accounts.models import User
from neighbourhood.feed.models import FeedEntry
from neighbourhood.management.commands._demo_produce import TITLE as DEMO_CYCLE
from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.relais.models import ProxyAction

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def resident(first_name: str) -> User:
    return User.objects.get(display_name__startswith=first_name)


def counts() -> dict[str, int]:
    models = [
        User,
        Quartier,
        Membership,
        Swap,
        FeedEntry,
        Exchange,
        Conversation,
        Message,
        Notification,
        MeetingPoint,
        Ride,
        WeeklyDeparture,
        Trip,
        Booking,
        RideRequest,
        Producer,
        Product,
        OrderCycle,
        CycleProduct,
        Order,
        OrderLine,
        Payment,
        VolunteerRole,
        Volunteer,
        CoupDeMain,
        HelpOffer,
        Thanks,
        Item,
        Loan,
        Gift,
    ]
    return {model.__name__: model._default_manager.count() for model in models}


def test_it_fills_the_demo_quartier_with_swaps_in_its_feed():
    output = seed()

    quartier = Quartier.objects.get(slug="croix-rousse")
    swaps = Swap.objects.filter(quartier=quartier)
    assert 25 <= swaps.count() <= 40
    assert set(swaps.values_list("author__display_name", flat=True)) == {
        "Claire Martin",
        "Amélie Durand",
        "Bernard Lefèvre",
        "Chantal Moreau",
        "Didier Petit",
        "Élodie Garnier",
        "Mme Petit",  # posted by Marc, her relais
    }
    assert len(set(swaps.values_list("category", flat=True))) >= 7
    assert all(swap.tags for swap in swaps)
    # Published through the real service: every swap has its visible entry in the feed.
    entries = FeedEntry.objects.filter(
        quartier=quartier, is_visible=True, content_type=ContentType.objects.get_for_model(Swap)
    )
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(
        swaps.values_list("pk", flat=True)
    )
    assert "claire.martin@croix-rousse.example" in output
    assert "élodie garnier" in output.lower()
    assert "voisinage-demo" in output


def test_running_it_again_creates_nothing_new():
    seed()
    before = counts()

    seed()

    assert counts() == before


def test_amelie_sees_bernards_smartphone_help_as_reciprocal():
    seed()
    amelie, bernard = resident("Amélie"), resident("Bernard")
    wish = Swap.objects.get(author=amelie, title="Apprivoiser mon smartphone")
    help_offer = Swap.objects.get(author=bernard, title="Aide avec votre smartphone")

    first = matching.suggestions_for(user=amelie).matches[wish.pk][0]

    assert first.swap_id == help_offer.pk
    assert first.reciprocal


def test_chantal_didier_and_elodie_each_see_their_three_cycle():
    seed()
    chantal, didier, elodie = resident("Chantal"), resident("Didier"), resident("Élodie")

    assert (chantal.pk, didier.pk, elodie.pk) in matching.suggestions_for(user=chantal).cycles
    assert (didier.pk, elodie.pk, chantal.pk) in matching.suggestions_for(user=didier).cycles
    assert (elodie.pk, chantal.pk, didier.pk) in matching.suggestions_for(user=elodie).cycles


def test_bernards_interest_opens_a_conversation_and_tells_amelie():
    seed()
    amelie, bernard = resident("Amélie"), resident("Bernard")

    exchange = Exchange.objects.get(member=bernard, swap__author=amelie)

    assert exchange.swap.title == "Conversation en espagnol"
    message = Message.objects.get(conversation=exchange.conversation)
    assert message.author == bernard
    assert "Chili" in message.body
    notification = Notification.objects.get(user=amelie, kind=swap_kinds.SWAP_INTEREST)
    assert notification.actor == bernard


def test_running_it_again_renews_the_demo_swaps_that_ran_out():
    seed()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    yoga = Swap.objects.get(title="Yoga doux sur chaise")
    Swap.objects.filter(pk=yoga.pk).update(ends_on=yesterday)
    FeedEntry.objects.filter(object_id=yoga.pk, kind=swap_kinds.FEED_OFFER).update(
        expires_at=timezone.now() - datetime.timedelta(hours=1)
    )

    seed()

    yoga.refresh_from_db()
    assert yoga.is_open
    entry = FeedEntry.objects.get(object_id=yoga.pk, kind=swap_kinds.FEED_OFFER)
    assert entry.expires_at is not None and entry.expires_at > timezone.now()


def test_it_publishes_meeting_points_rides_and_requests_for_carpooling():
    output = seed()

    quartier = Quartier.objects.get(slug="croix-rousse")
    assert set(MeetingPoint.objects.filter(quartier=quartier).values_list("name", flat=True)) == {
        "Place de la Croix-Rousse",
        "Gare Part-Dieu",
        "Marché Saint-Antoine",
        "Le Gros Caillou",
    }
    offered = Ride.objects.filter(quartier=quartier, status=Ride.Status.ACTIVE)
    assert offered.filter(kind=Ride.Kind.ONE_OFF, departs_at__gt=timezone.now()).count() >= 3
    regular = offered.filter(kind=Ride.Kind.REGULAR, valid_from__lte=timezone.localdate())
    assert regular.count() >= 2
    commute = regular.get(return_ride__isnull=False)
    assert (commute.return_ride.origin_label, commute.return_ride.destination_label) == (
        commute.destination_label,
        commute.origin_label,
    )
    assert offered.filter(via__isnull=False).exists()
    wanted = RideRequest.objects.filter(quartier=quartier, status=RideRequest.Status.ACTIVE)
    assert {request.kind for request in wanted} == {Ride.Kind.ONE_OFF, Ride.Kind.REGULAR}
    assert all(request.is_open for request in wanted)
    # Through the real services: each ride and request has its visible entry in the feed.
    kinds = [ride_kinds.FEED_OFFER, ride_kinds.FEED_REQUEST]
    entries = FeedEntry.objects.filter(quartier=quartier, is_visible=True, kind__in=kinds)
    assert entries.count() == offered.count() + wanted.count()
    assert "meeting points" in output


def test_some_requests_find_their_ride_and_one_finds_none():
    seed()
    found = {
        request.passenger.display_name.split()[0]: [
            match.ride.driver.display_name.split()[0]
            for match in rides.rides_for_request(request=request)
        ]
        for request in RideRequest.objects.select_related("passenger")
    }

    assert "Bernard" in found["Amélie"]  # the Saturday market
    assert "Élodie" in found["Chantal"]  # Tuesday and Thursday mornings to Part-Dieu
    assert "Claire" in found["Bernard"]  # the train, with a suitcase
    assert found["Didier"] == []  # Sunday in Vaise: the gap shows


def test_amelie_has_a_confirmed_seat_in_her_rides_and_bernard_drives_her():
    seed()
    amelie, bernard = resident("Amélie"), resident("Bernard")

    upcoming, _past = rides.my_trips(user=amelie)
    driving, _past = rides.my_trips(user=bernard)

    [seat] = [line for line in upcoming if not line.as_driver]
    assert seat.booking is not None
    assert seat.booking.status == Booking.Status.CONFIRMED
    assert seat.ride.driver == bernard
    assert seat.ride.destination_label == "Marché Saint-Antoine"
    assert any(line.ride == seat.ride and line.seats_taken == 1 for line in driving)


def test_running_it_again_publishes_again_the_rides_and_requests_that_are_over():
    seed()
    market = Ride.objects.get(driver=resident("Bernard"), kind=Ride.Kind.ONE_OFF)
    wish = RideRequest.objects.get(passenger=resident("Amélie"))
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Ride.objects.filter(pk=market.pk).update(departs_at=an_hour_ago)
    RideRequest.objects.filter(pk=wish.pk).update(
        earliest_at=an_hour_ago - datetime.timedelta(hours=1), latest_at=an_hour_ago
    )
    before = counts()

    seed()

    after = counts()
    assert (after["Ride"], after["RideRequest"]) == (before["Ride"] + 1, before["RideRequest"] + 1)
    fresh = Ride.objects.exclude(pk=market.pk).get(driver=resident("Bernard"), kind="one_off")
    assert fresh.departs_at is not None and fresh.departs_at > timezone.now()
    assert Booking.objects.filter(
        trip__ride=fresh, passenger=resident("Amélie"), status=Booking.Status.CONFIRMED
    ).exists()


def demo_cycles() -> tuple[OrderCycle, OrderCycle]:
    """Last week's distribution and this week's open cycle (the contract's distributions to
    come are cycles too, with nothing on offer)."""
    cycles = OrderCycle.objects.filter(quartier__slug="croix-rousse", title=DEMO_CYCLE)
    past = cycles.get(distribution_date__lt=timezone.localdate())
    current = cycles.get(closes_at__gt=timezone.now())
    return past, current


def stock_agrees_with_the_lines(cycle: OrderCycle) -> bool:
    return all(
        offer.quantity_ordered == sum(line.quantity for line in offer.lines.all())
        for offer in cycle.offers.prefetch_related("lines")
    )


def test_the_amap_has_two_farms_with_a_weighed_cheese():
    output = seed()

    farms = Producer.objects.filter(quartier__slug="croix-rousse")
    assert set(farms.values_list("farm_name", flat=True)) == {
        "Ferme des Monts d'Or",
        "Chèvrerie du Pilat",
    }
    assert Product.objects.filter(producer__in=farms).count() == 6
    tomme = Product.objects.get(name="Tomme de chèvre")
    assert tomme.is_weighed and tomme.producer.farm_name == "Chèvrerie du Pilat"
    assert "AMAP: 2 producers, 6 products" in output


def test_last_weeks_distribution_is_over_weighed_partly_paid_and_closed():
    seed()
    past, _current = demo_cycles()

    assert past.distribution_date == timezone.localdate() - datetime.timedelta(days=7)
    assert past.state == OrderCycle.State.DISTRIBUTED
    assert past.close_processed_at is not None
    assert past.orders.count() == 6
    assert stock_agrees_with_the_lines(past)
    lines = OrderLine.objects.filter(order__cycle=past, offer__product__is_weighed=True)
    assert lines.count() == 2 and all(line.weight_grams for line in lines)
    payments = Payment.objects.filter(order__cycle=past)
    assert payments.filter(status__in=["received", "handed"]).count() >= 5
    assert past.orders.exclude(payments__isnull=False).count() == 2  # Didier and Élodie owe
    owed = reports.owed_per_producer(reports.load(past))
    assert all(farm.owed_cents > 0 for farm in owed)
    assert Volunteer.objects.filter(role__cycle=past).count() == 3
    # Its close told the buyers; its feed entry is off the feed now that orders are closed.
    assert (
        Notification.objects.filter(
            kind=produce_kinds.CYCLE_CLOSED, url=past.get_absolute_url()
        ).count()
        == 6
    )
    assert not FeedEntry.objects.get(object_id=past.pk, kind=produce_kinds.FEED_CYCLE).is_visible


def test_last_weeks_close_mailed_each_farm_its_totals(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        seed()

    recipients = {address for mail in mailoutbox for address in mail.to}
    assert {"jeanne@monts-dor.example", "marc@chevrerie-pilat.example"} <= recipients
    assert "claire.martin@croix-rousse.example" in recipients


def test_this_weeks_cycle_is_open_with_orders_and_a_volunteer_still_wanted():
    output = seed()
    past, current = demo_cycles()

    assert current.state == OrderCycle.State.OPEN
    assert current.copied_from == past
    assert timezone.localtime(
        current.closes_at
    ).date() == timezone.localdate() + datetime.timedelta(days=2)
    assert current.distribution_date == timezone.localdate() + datetime.timedelta(days=3)
    assert current.orders.count() == 3
    assert stock_agrees_with_the_lines(current)
    roles = {role.name: (role.volunteers.count(), role.places) for role in current.roles.all()}
    assert roles["Responsable de distribution"] == (1, 2)
    entry = FeedEntry.objects.get(object_id=current.pk, kind=produce_kinds.FEED_CYCLE)
    assert entry.is_visible
    assert "3 orders so far" in output


def test_running_it_again_after_this_weeks_close_opens_the_next_cycle():
    seed()
    past, current = demo_cycles()
    OrderCycle.objects.filter(pk=current.pk).update(
        closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    before = counts()

    seed()

    assert counts()["OrderCycle"] == before["OrderCycle"] + 1
    following = OrderCycle.objects.get(title=DEMO_CYCLE, closes_at__gt=timezone.now())
    assert following.copied_from_id == current.pk
    assert following.orders.count() == 3
    assert OrderCycle.objects.filter(pk=past.pk, close_processed_at__isnull=False).exists()


def test_the_demo_residents_digests_are_due_and_alice_can_be_previewed(mailoutbox):
    from messaging.digests.schedule import due_user_ids
    from messaging.digests.sending import digests_send

    seed()
    now = timezone.now()
    paris = now.astimezone(zoneinfo.ZoneInfo("Europe/Paris"))
    if paris.weekday() == 0 and paris.hour < 8:  # early on Monday: the week's digest waits for 8
        now += datetime.timedelta(hours=8 - paris.hour)
    # Mme Petit has no e-mail: her relais reads the site for her, she gets no digest.
    residents = set(User.objects.filter(email__isnull=False).values_list("pk", flat=True))
    assert set(due_user_ids(now)) == residents  # of long standing: due this week already
    out = StringIO()
    call_command("send_digests", "--user", "alice", "--dry-run", stdout=out)
    assert "alice.roux@croix-rousse.example · weekly:" in out.getvalue()
    assert "Croix-Rousse" in out.getvalue()
    outcome = digests_send(user_ids=sorted(residents), now=now)
    assert len(outcome.sent) >= 5  # everyone but those with nothing new
    assert {message.to[0] for message in mailoutbox} >= {"alice.roux@croix-rousse.example"}


def test_marc_is_a_relais_who_posted_a_swap_for_mme_petit():
    from neighbourhood.relais.models import Consent, ProxyAction

    output = seed()
    seed()  # twice: nothing doubles

    marc, petit = resident("Marc"), User.objects.get(display_name="Mme Petit")
    quartier = Quartier.objects.get(slug="croix-rousse")
    assert Membership.objects.get(quartier=quartier, user=marc).is_relais
    assert petit.email is None and not petit.has_usable_password()
    assert Consent.objects.get(neighbour=petit, ended_at__isnull=True).relais == marc
    action = ProxyAction.objects.get(verb="swap_posted")
    assert (action.relais, action.neighbour) == (marc, petit)
    assert action.target == Swap.objects.get(author=petit)
    assert "marc.bonnet@croix-rousse.example" in output and "Mme Petit" in output


def test_mutual_aid_has_coups_de_main_answered_done_and_asked_for_mme_petit():
    seed()
    petit = User.objects.get(display_name="Mme Petit")
    coups = CoupDeMain.objects.filter(quartier__slug="croix-rousse")

    assert set(coups.values_list("kind", flat=True)) == {"request", "offer"}
    shopping = coups.get(author=petit)
    assert shopping.status == CoupDeMain.Status.FULL
    assert ProxyAction.objects.filter(
        neighbour=petit, verb=ProxyAction.Verb.HELP_ASKED, target_id=shopping.pk
    ).exists()
    wardrobe = coups.get(title__startswith="Porter une armoire")
    assert (wardrobe.helpers_needed, wardrobe.helpers_taken) == (2, 1)
    assert wardrobe.offers.filter(status=HelpOffer.Status.PROPOSED).exists()
    shelf = coups.get(status=CoupDeMain.Status.DONE)
    assert shelf.thanks.get().author == shelf.author


def test_one_object_is_lent_and_overdue_one_asked_for_and_a_gift_reserved():
    seed()
    items = Item.objects.filter(quartier__slug="croix-rousse")
    assert set(items.values_list("mode", flat=True)) == {"lend", "give"}

    [late] = [loan for loan in Loan.objects.filter(item__in=items) if loan.is_late()]
    assert late.borrower == resident("Amélie")
    assert late.item.owner == resident("Didier")
    assert late.item.photos.get().alt_text
    assert Loan.objects.filter(item__in=items, status=Loan.Status.ASKED).exists()
    assert Gift.objects.get(item__in=items).status == Gift.Status.RESERVED
    # Published through the real services: each object has its entry in the feed.
    entries = FeedEntry.objects.filter(content_type=ContentType.objects.get_for_model(Item))
    assert entries.count() == items.count()
