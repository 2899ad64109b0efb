"""The demo's AMAP: two farms and their products, last week's distribution (orders, weights,
payments partly recorded, its close processed) and this week's cycle, open, with a few orders
and a volunteer still wanted. Dates are relative to today; a second run on the same day adds
nothing, and a run after this week's cycle has closed opens the next one."""

import datetime
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.utils import timezone

from exchanges.produce import reports, services
from exchanges.produce.models import (
    CycleProduct,
    OrderCycle,
    Payment,
    Producer,
    Product,
    Unit,
    Volunteer,
    VolunteerRole,
)
from exchanges.produce.services.clock import REMINDER
from exchanges.produce.services.cycles import sync_feed
from exchanges.rides.schedule import local_datetime
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.places.selectors import venue_named
from neighbourhood.quartiers.models import Quartier

TITLE = "Panier de la semaine"
PLACE = "Maison des associations, 12 rue d'Austerlitz"
START, END = datetime.time(18), datetime.time(19, 30)
ROLES = [("Responsable de distribution", 2), ("Accueil et émargement", 1)]


class DemoProduct(NamedTuple):
    key: str  # how the orders below name it
    name: str
    unit: str
    per_unit: str
    price_cents: int
    is_weighed: bool = False
    quantity_available: int | None = None
    max_per_member: int | None = None


FARMS: dict[str, dict[str, Any]] = {
    "farm": {
        "farm_name": "Ferme des Monts d'Or",
        "name": "Jeanne Berthet",
        "email": "jeanne@monts-dor.example",
        "place": "Poleymieux-au-Mont-d'Or",
        "latitude": 45.8567,
        "longitude": 4.8028,
        "description": "Maraîchage bio et poules en plein air, à 15 km de la Croix-Rousse.",
    },
    "dairy": {
        "farm_name": "Chèvrerie du Pilat",
        "name": "Marc Roux",
        "email": "marc@chevrerie-pilat.example",
        "place": "Pélussin",
        "latitude": 45.4194,
        "longitude": 4.6836,
        "description": "Quarante chèvres au pré et des fromages au lait cru, moulés à la louche.",
    },
}
PRODUCTS = {
    "farm": [
        DemoProduct(
            "basket", "Panier de légumes", Unit.BASKET, "environ 4 kg de saison", 1500, False, 20
        ),
        DemoProduct("eggs", "Œufs", Unit.BOX, "boîte de 6", 350, False, 24, 2),
        DemoProduct("potatoes", "Pommes de terre", Unit.KG, "", 220),
    ],
    "dairy": [
        DemoProduct("tomme", "Tomme de chèvre", Unit.KG, "pièce d'environ 400 g", 2400, True, 8),
        DemoProduct("crottin", "Crottin de chèvre", Unit.PIECE, "", 280),
        DemoProduct("fromage blanc", "Fromage blanc de chèvre", Unit.PIECE, "pot de 400 g", 450),
    ],
}
# Last week: what each resident took (by first name), the tommes' weights in grams, who helped,
# and the payments recorded so far (Didier and Élodie still owe theirs).
PAST_ORDERS = {
    "Amélie": {"basket": 1, "eggs": 2},
    "Bernard": {"basket": 1, "tomme": 1},
    "Chantal": {"eggs": 1, "crottin": 4, "fromage blanc": 1},
    "Didier": {"basket": 1, "potatoes": 3},
    "Élodie": {"basket": 1, "eggs": 1, "tomme": 1},
    "Claire": {"basket": 1, "fromage blanc": 2},
}
WEIGHTS = {"Bernard": 420, "Élodie": 380}
PAST_VOLUNTEERS = {
    "Responsable de distribution": ["Bernard", "Didier"],
    "Accueil et émargement": ["Claire"],
}
PAYMENTS = [  # (member, farm, method, status, cheque number)
    ("Amélie", "farm", Payment.Method.CHEQUE, Payment.Status.HANDED, "0004127"),
    ("Bernard", "farm", Payment.Method.CHEQUE, Payment.Status.RECEIVED, "1203344"),
    ("Bernard", "dairy", Payment.Method.CASH, Payment.Status.RECEIVED, ""),
    ("Chantal", "dairy", Payment.Method.CHEQUE, Payment.Status.RECEIVED, "0458120"),
    ("Chantal", "farm", Payment.Method.CHEQUE, Payment.Status.TO_PAY, ""),
    ("Claire", "farm", Payment.Method.TRANSFER, Payment.Status.HANDED, ""),
    ("Claire", "dairy", Payment.Method.LOCAL_CURRENCY, Payment.Status.RECEIVED, ""),
]
# This week, orders still open: a few residents have ordered, and Chantal is one of the two
# people the distribution needs.
OPEN_ORDERS = {
    "Amélie": {"basket": 1, "eggs": 2},
    "Bernard": {"basket": 1, "tomme": 1},
    "Élodie": {"eggs": 1, "fromage blanc": 2},
}
OPEN_VOLUNTEERS = {"Responsable de distribution": ["Chantal"]}


@dataclass
class DemoProduce:
    producers: int
    products: int
    past: OrderCycle
    current: OrderCycle
    new_cycles: int

    def summary(self) -> str:
        closes = timezone.localtime(self.current.closes_at)
        paid = Payment.objects.filter(order__cycle=self.past).count()
        return (
            f"AMAP: {self.producers} producers, {self.products} products; last week's "
            f"distribution ({self.past.orders.count()} orders, {paid} payments recorded) and "
            f"this week's, open until {closes:%d/%m %H:%M} ({self.current.orders.count()} "
            f"orders so far); {self.new_cycles} new cycles."
        )


def demo_produce(quartier: Quartier, people: dict[str, User]) -> DemoProduce:
    claire = people["Claire"]
    products = demo_products(quartier, claire)
    cycles = OrderCycle.objects.filter(quartier=quartier, title=TITLE)
    new_cycles = 0
    past = cycles.filter(distribution_date__lt=timezone.localdate()).first()
    if past is None:
        past = last_weeks_cycle(quartier, people, products)
        new_cycles += 1
    current = cycles.filter(closes_at__gt=timezone.now(), closed_early_at__isnull=True).first()
    if current is None:
        current = this_weeks_cycle(cycles.first() or past, people, products)
        new_cycles += 1
    return DemoProduce(len(FARMS), len(products), past, current, new_cycles)


def demo_products(quartier: Quartier, claire: User) -> dict[str, Product]:
    """The farms and their products, through the services; those already there are kept."""
    products = {}
    for key, fields in FARMS.items():
        producer = Producer.objects.filter(quartier=quartier, farm_name=fields["farm_name"]).first()
        if producer is None:
            producer = services.producer_create(quartier=quartier, actor=claire, **fields)
        for demo in PRODUCTS[key]:
            product = Product.objects.filter(producer=producer, name=demo.name, unit=demo.unit)
            products[demo.key] = product.first() or services.product_create(
                producer=producer,
                actor=claire,
                name=demo.name,
                unit=demo.unit,
                per_unit=demo.per_unit,
                price_cents=demo.price_cents,
                is_weighed=demo.is_weighed,
            )
    return products


def offers(products: dict[str, Product]) -> list[services.Offer]:
    limits = {demo.key: demo for farm in PRODUCTS.values() for demo in farm}
    return [
        services.Offer(product, limits[key].quantity_available, limits[key].max_per_member)
        for key, product in products.items()
    ]


def last_weeks_cycle(
    quartier: Quartier, people: dict[str, User], products: dict[str, Product]
) -> OrderCycle:
    """A distribution that took place a week ago.

    `services.cycle_create` refuses a distribution in the past, and rightly: nobody opens a
    cycle that is over. Moving the clock back to call it would mean patching
    `timezone.now` for the whole seed, which would date every other row wrongly too. So the
    cycle is written here as `cycle_create` stored it when it was opened (its row, offers and
    roles, its conversation through the messaging service, its feed entry, unpublished now
    that the close has passed), marked as announced and reminded as the beat tasks left it;
    and its volunteers, as `volunteer_sign_up` refuses a distribution that is over. Everything
    that a real cycle sees after its close goes through the services: the coordinator enters
    the orders (after the close, only a coordinator may), weighs the tommes, records the
    payments, and the close is processed by the beat task's own service, which mails the
    producers their totals.
    """
    claire = people["Claire"]
    day = timezone.localdate() - datetime.timedelta(days=7)
    opens_at = local_datetime(day - datetime.timedelta(days=7), datetime.time(9))
    closes_at = local_datetime(day - datetime.timedelta(days=2), datetime.time(20))
    cycle = OrderCycle.objects.create(
        quartier=quartier,
        created_by=claire,
        created_at=opens_at - datetime.timedelta(days=1),
        title=TITLE,
        distribution_date=day,
        distribution_start=START,
        distribution_end=END,
        place=PLACE,
        venue=venue_named(quartier=quartier, words=PLACE),
        opens_at=opens_at,
        closes_at=closes_at,
        # Once: its close is processed now, a week late, and a weekly cycle would open its
        # next one from those old dates. This week's is copied by hand, and repeats.
        repeat=OrderCycle.Repeat.NONE,
        opening_announced_at=opens_at,
        closing_reminded_at=closes_at - REMINDER,
    )
    CycleProduct.objects.bulk_create(
        CycleProduct(
            cycle=cycle,
            product=offer.product,
            quantity_available=offer.quantity_available,
            max_per_member=offer.max_per_member,
        )
        for offer in offers(products)
    )
    roles = VolunteerRole.objects.bulk_create(
        VolunteerRole(cycle=cycle, name=name, places=places) for name, places in ROLES
    )
    cycle.conversation = messaging.conversation_open(
        quartier=quartier,
        title=cycle.title,
        subject=cycle,
        participants=[claire],
        started_by=claire,
    )
    cycle.save(update_fields=["conversation"])
    sync_feed(cycle)
    Volunteer.objects.bulk_create(
        Volunteer(role=role, member=people[name], created_at=opens_at)
        for role in roles
        for name in PAST_VOLUNTEERS.get(role.name, [])
    )
    place_orders(cycle, people, products, PAST_ORDERS, actor=claire)
    weigh(cycle, people, products["tomme"], claire)
    record_payments(cycle, people, products, claire)
    services.cycle_process_close(cycle_id=cycle.pk)
    return cycle


def this_weeks_cycle(
    last: OrderCycle, people: dict[str, User], products: dict[str, Product]
) -> OrderCycle:
    """Copied from the last one as a coordinator does it, open since yesterday, closing in two
    days for a distribution in three; announced, a few orders, a volunteer still wanted."""
    today = timezone.localdate()
    cycle = services.cycle_copy(
        cycle=last,
        actor=people["Claire"],
        distribution_date=today + datetime.timedelta(days=3),
        opens_at=timezone.now() - datetime.timedelta(days=1),
        closes_at=local_datetime(today + datetime.timedelta(days=2), datetime.time(20)),
        repeat=OrderCycle.Repeat.WEEKLY,
    )
    services.cycle_announce_opening(cycle_id=cycle.pk)
    place_orders(cycle, people, products, OPEN_ORDERS)
    for role in cycle.roles.all():
        for name in OPEN_VOLUNTEERS.get(role.name, []):
            services.volunteer_sign_up(role=role, member=people[name])
    return cycle


def place_orders(
    cycle: OrderCycle,
    people: dict[str, User],
    products: dict[str, Product],
    orders: dict[str, dict[str, int]],
    actor: User | None = None,
) -> None:
    offer_ids = dict(cycle.offers.values_list("product_id", "pk"))
    for name, quantities in orders.items():
        result = services.order_place(
            cycle=cycle,
            member=people[name],
            actor=actor,
            quantities={offer_ids[products[key].pk]: n for key, n in quantities.items()},
        )
        if result.refused:  # the demo's orders fit the stock: a refusal is a bug here
            raise RuntimeError(f"The demo order of {name} was refused: {result.refused}")


def weigh(cycle: OrderCycle, people: dict[str, User], tomme: Product, claire: User) -> None:
    for line in reports.load(cycle).lines:
        if line.offer.product_id == tomme.pk:
            first_name = line.order.member.display_name.split()[0]
            services.line_set_weight(line=line, actor=claire, weight_grams=WEIGHTS[first_name])


def record_payments(
    cycle: OrderCycle, people: dict[str, User], products: dict[str, Product], claire: User
) -> None:
    """Each payment is what the member owes the farm for this order, as the coordinator
    reckons it from the pick-up list."""
    data = reports.load(cycle)
    owed: dict[tuple[int, int], int] = {}
    orders = {}
    for line in data.lines:
        key = (line.order.member_id, line.offer.product.producer_id)
        owed[key] = owed.get(key, 0) + (line.amount_cents or 0)
        orders[line.order.member_id] = line.order
    farms = {key: products[demos[0].key].producer for key, demos in PRODUCTS.items()}
    for name, farm, method, status, number in PAYMENTS:
        member, producer = people[name], farms[farm]
        services.payment_record(
            order=orders[member.pk],
            producer=producer,
            actor=claire,
            method=method,
            status=status,
            amount_cents=owed[member.pk, producer.pk],
            cheque_number=number,
        )
