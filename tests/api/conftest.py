"""A quartier where every kind of object the API serves exists once, for the contract tests."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from exchanges.aid.services import help as aid_help
from exchanges.aid.services import objects as aid_objects
from exchanges.consultations import services as consultations
from exchanges.consultations.services import ballots
from exchanges.events import services as events
from exchanges.produce import services as produce
from exchanges.produce.models import DistributionDay
from exchanges.produce.services.absences import absence_mark
from exchanges.rides import services as rides
from exchanges.swaps import services as swaps
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.feed.models import FeedEntry
from neighbourhood.photos.services import photo_add
from neighbourhood.places import services as places
from neighbourhood.quartiers.models import Quartier
from tests.exchanges.aid.help.fields import help_fields
from tests.exchanges.consultations.builders import fields as consultation_fields
from tests.exchanges.consultations.fields import make_consultation
from tests.exchanges.events.fields import event_fields
from tests.factories import (
    JoinRequestFactory,
    MembershipFactory,
    contract_fields,
    cycle_fields,
    request_fields,
    ride_fields,
    swap_fields,
)


@pytest.fixture
def world(
    quartier: Quartier,
    alice: User,
    bob: User,
    carol: User,
    dave: User,
    settings: Any,
    tmp_path: Path,
) -> dict[str, Any]:
    """The ids of real rows, by the name of the path parameter that takes them.

    bob offers a swap alice answered, drives a ride alice booked and writes in the room (alice
    reported it); alice asks for a ride; carol drives every Monday and runs an order cycle alice
    ordered eggs and a weighed cheese from; alice asks for two hands, bob and carol can help
    (carol is chosen) and bob offers plumbing; dave asks to join; Gérard, a neighbour without
    e-mail, is a member.
    """
    gerard = User.objects.create(email=None, display_name="Gérard")
    MembershipFactory.create(quartier=quartier, user=gerard)
    join = JoinRequestFactory.create(quartier=quartier, user=dave)

    swap = swaps.swap_create(quartier=quartier, author=bob, kind="offer", **swap_fields())
    exchange = swaps.swap_express_interest(swap=swap, member=alice, message="Bonjour Bob !")

    point = rides.meeting_point_create(
        quartier=quartier, actor=carol, name="Place Bellevue", latitude=45.771, longitude=4.833
    )
    ride = rides.ride_create(quartier=quartier, driver=bob, **ride_fields())
    day = timezone.localdate() + datetime.timedelta(days=2)
    [booking] = rides.booking_request(ride=ride, passenger=alice, dates=[day])
    ride_request = rides.ride_request_create(quartier=quartier, passenger=alice, **request_fields())
    # A regular ride too (its weekdays and times), which carol drives.
    regular = ride_fields(kind="regular", departs_at=None, weekly={0: datetime.time(8, 15)})
    regular |= {"valid_from": day, "valid_until": day + datetime.timedelta(days=30)}
    rides.ride_create(quartier=quartier, driver=carol, **regular)

    farm = produce.producer_create(
        quartier=quartier, actor=carol, farm_name="Ferme des Monts d'Or", name="Jeanne Berthet"
    )
    eggs = produce.product_create(
        producer=farm, actor=carol, name="Œufs", unit="box", per_unit="boîte de 6", price_cents=350
    )
    cheese = produce.product_create(
        producer=farm, actor=carol, name="Tomme", unit="kg", price_cents=2400, is_weighed=True
    )
    cycle = produce.cycle_create(
        quartier=quartier,
        actor=carol,
        offers=[
            produce.Offer(eggs, quantity_available=10, max_per_member=2),
            produce.Offer(cheese),
        ],
        roles=[("Responsable de distribution", 2)],
        **cycle_fields(),
    )
    offers = {offer.product_id: offer.pk for offer in cycle.offers.all()}
    quantities = {offers[eggs.pk]: 1, offers[cheese.pk]: 1}
    order = produce.order_place(cycle=cycle, member=alice, quantities=quantities).order
    assert order is not None
    # The farm's vegetable contract on Thursdays: alice subscribed in three cheques and offers
    # her first basket.
    DistributionDay.objects.create(
        quartier=quartier,
        weekday=3,
        starts_at=datetime.time(18),
        ends_at=datetime.time(19, 30),
        place="Maison des associations",
    )
    contract = produce.contract_create(
        producer=farm, actor=carol, sizes=[produce.Size("Panier", 1500)], **contract_fields()
    )
    subscription = produce.subscription_create(
        contract=contract,
        member=alice,
        actor=alice,
        size=contract.sizes.get(),
        instalments=3,
        accepted_terms=True,
    )

    absence = absence_mark(
        subscription=subscription,
        date=contract.dates.order_by("date")[0],
        actor=alice,
        fate="offered",
    )

    # Alice needs two hands to carry a wardrobe: bob can help (still to be chosen), carol too
    # (chosen); bob offers small plumbing jobs.
    coup = aid_help.help_publish(quartier=quartier, author=alice, kind="request", **help_fields())
    help_offer = aid_help.help_offer(coup=coup, helper=bob, message="Samedi matin ?")
    aid_help.help_choose(offer=aid_help.help_offer(coup=coup, helper=carol), actor=alice)
    aid_help.help_publish(
        quartier=quartier,
        author=bob,
        kind="offer",
        **help_fields(category="diy", title="Plomberie"),
    )

    room = messaging.room_for(quartier=quartier)
    message = messaging.message_post(conversation=room, author=bob, body="Qui a une échelle ?")
    report = messaging.message_report(message=message, reporter=alice, reason="Hors sujet")

    # bob lends a drill alice asked to borrow, and gives away a cot alice asked for.
    drill = aid_objects.item_publish(
        quartier=quartier, owner=bob, mode="lend", title="Perceuse", category="tools", max_days=3
    )
    loan = aid_objects.loan_ask(item=drill, borrower=alice, starts_on=day, ends_on=day)
    cot = aid_objects.item_publish(
        quartier=quartier, owner=bob, mode="give", title="Lit parapluie", category="children"
    )
    gift = aid_objects.gift_ask(item=cot, taker=alice)
    # alice's request for a hand has a photo; the photos' files go to a folder of this test's own.
    settings.STORAGES = {
        **settings.STORAGES,
        "photos": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "photos", "base_url": settings.PHOTOS_URL},
        },
    }
    jpeg = io.BytesIO()
    Image.new("RGB", (60, 40), "blue").save(jpeg, format="JPEG")
    photo = photo_add(subject=coup, owner=alice, upload=jpeg, alt_text="Une armoire en chêne")

    # alice runs a weekly repair café of two places: carol and bob registered for its first
    # date, gérard waits; and bob a café débat once, where nobody registers.
    cafe = events.event_create(
        quartier=quartier, organiser=alice, **event_fields(repeat="weekly", capacity=2)
    )
    first = cafe.starts_at.astimezone(quartier.zone).date()
    registration = events.event_register(event=cafe, member=carol, day=first)
    events.event_register(event=cafe, member=bob, day=first)
    events.event_register(event=cafe, member=gerard, day=first)
    events.event_create(
        quartier=quartier, organiser=bob, **event_fields(title="Café débat", registration=False)
    )

    # carol opens a majority-judgment consultation on a bread producer for the AMAP.
    consultations.consultation_open(quartier=quartier, actor=carol, **consultation_fields())

    # carol adds the EPN with its week and a holiday; alice suggests a repair café.
    places.place_create(
        quartier=quartier,
        actor=carol,
        kind="epn",
        name="EPN Croix-Rousse",
        latitude=45.7745,
        longitude=4.832,
        services=["online_forms", "wifi"],
        hours=[places.Hours(d, datetime.time(9), datetime.time(18)) for d in range(5)],
        closed_periods=[places.Closing(day, day, "Férié")],
    )
    suggested = places.place_create(
        quartier=quartier, actor=alice, kind="repair_cafe", name="Repair café"
    )

    # carol asks the quartier (and anyone with the link) to grade three bakeries, results shown
    # live; she entered a paper ballot, and alice voted.
    bread = make_consultation(
        quartier=quartier,
        opened_by=carol,
        method="majority_judgment",
        audience="public_link",
        results_live=True,
        options=("La Fournée", "Le Fournil", "No bread"),
    )
    grades = dict.fromkeys(bread.options.values_list("pk", flat=True), 4)
    paper = ballots.paper_ballot_enter(consultation=bread, coordinator=carol, marks=grades)
    ballots.ballot_cast(consultation=bread, member=alice, marks=grades)

    return {
        "slug": quartier.slug,
        "consultation_id": bread.pk,
        "token": bread.public_token,
        "ballot_id": paper.pk,
        "event_id": cafe.pk,
        "registration_id": registration.pk,
        "place_id": suggested.pk,
        "item_id": drill.pk,
        "loan_id": loan.pk,
        "gift_id": gift.pk,
        "user_id": bob.pk,
        "join_request_id": join.pk,
        "entry_id": FeedEntry.objects.filter(quartier=quartier).values_list("pk", flat=True)[0],
        "swap_id": swap.pk,
        "exchange_id": exchange.pk,
        "point_id": point.pk,
        "ride_id": ride.pk,
        "booking_id": booking.pk,
        "request_id": ride_request.pk,
        "producer_id": farm.pk,
        "product_id": eggs.pk,
        "cycle_id": cycle.pk,
        "order_id": order.pk,
        "line_id": order.lines.get(offer__product=cheese).pk,
        "role_id": cycle.roles.get().pk,
        "contract_id": contract.pk,
        "subscription_id": subscription.pk,
        "instalment_id": subscription.instalments.first().pk,  # type: ignore[union-attr]
        "absence_id": absence.pk,
        "conversation_id": room.pk,
        "message_id": message.pk,
        "report_id": report.pk,
        "coup_id": coup.pk,
        "help_offer_id": help_offer.pk,
        "subject": "coup_de_main",
        "subject_id": coup.pk,
        "photo_id": photo.pk,
    }
