"""What a coordinator needs at the close of a cycle, read in a fixed number of queries
whatever the number of orders: totals per producer and product, the pick-up list per member
(the AMAP sign-off sheet, "liste d'émargement"), packing by product, and what is still owed
per producer.

Every report is built from one load of the cycle's lines (`load`), grouped in memory.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from exchanges.produce.models import (
    CycleProduct,
    Order,
    OrderCycle,
    OrderLine,
    Payment,
    Producer,
    Volunteer,
)
from neighbourhood.accounts.models import User


def alphabetical(text: str) -> str:
    """A sort key that puts "Élodie" among the E and "Œufs" among the O, as a reader expects."""
    decomposed = unicodedata.normalize("NFKD", text.replace("Œ", "OE").replace("œ", "oe"))
    return decomposed.encode("ascii", "ignore").decode().casefold()


@dataclass
class Lines:
    """Everything the reports read about a cycle."""

    cycle: OrderCycle
    lines: list[OrderLine]
    offers: list[CycleProduct]
    payments: list[Payment]
    volunteers: list[Volunteer]


def load(cycle: OrderCycle) -> Lines:
    """Four queries, whatever the size of the cycle."""
    lines = list(
        OrderLine.objects.filter(order__cycle=cycle)
        .select_related("order__member", "offer__product__producer")
        .order_by("order__member__display_name", "order__member_id", "offer__product__name")
    )
    offers = sorted(
        CycleProduct.objects.filter(cycle=cycle).select_related("product__producer"),
        key=lambda offer: (
            alphabetical(offer.product.producer.farm_name),
            alphabetical(offer.product.name),
            offer.pk,
        ),
    )
    payments = list(Payment.objects.filter(order__cycle=cycle).select_related("producer"))
    volunteers = list(Volunteer.objects.filter(role__cycle=cycle).select_related("role", "member"))
    return Lines(cycle, lines, offers, payments, volunteers)


@dataclass
class ProductTotal:
    offer: CycleProduct
    quantity: int = 0
    amount_cents: int = 0
    weights_missing: int = 0  # weighed lines not weighed yet


@dataclass
class ProducerTotal:
    producer: Producer
    products: list[ProductTotal] = field(default_factory=list)

    @property
    def amount_cents(self) -> int:
        return sum(product.amount_cents for product in self.products)

    @property
    def weights_missing(self) -> int:
        return sum(product.weights_missing for product in self.products)


def producer_totals(data: Lines) -> list[ProducerTotal]:
    """Per producer, per product offered: the quantity ordered and its amount."""
    by_offer = {offer.pk: ProductTotal(offer) for offer in data.offers}
    for line in data.lines:
        total = by_offer[line.offer_id]
        total.quantity += line.quantity
        amount = line.amount_cents
        if amount is None:
            total.weights_missing += 1
        else:
            total.amount_cents += amount
    producers: dict[int, ProducerTotal] = {}
    for offer in data.offers:
        producer = offer.product.producer
        producers.setdefault(producer.pk, ProducerTotal(producer)).products.append(
            by_offer[offer.pk]
        )
    return list(producers.values())


@dataclass
class PickUp:
    """One member's line on the sign-off sheet."""

    member: User
    order: Order
    lines: list[OrderLine] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)

    @property
    def amount_cents(self) -> int:
        return sum(line.amount_cents or 0 for line in self.lines)

    @property
    def weights_missing(self) -> bool:
        return any(line.amount_cents is None for line in self.lines)


def pickup_list(data: Lines) -> list[PickUp]:
    """Per member, alphabetically: what they ordered, the amounts, how they pay."""
    members: dict[int, PickUp] = {}
    for line in data.lines:
        order = line.order
        members.setdefault(order.pk, PickUp(order.member, order)).lines.append(line)
    for payment in data.payments:
        if payment.order_id in members:
            members[payment.order_id].payments.append(payment)
    return sorted(
        members.values(),
        key=lambda pickup: (alphabetical(pickup.member.public_name), pickup.member.pk),
    )


@dataclass
class Packing:
    """One product, and each member's quantity: what to put in each basket."""

    offer: CycleProduct
    members: list[tuple[User, int]] = field(default_factory=list)

    @property
    def quantity(self) -> int:
        return sum(quantity for _member, quantity in self.members)


def packing(data: Lines) -> list[Packing]:
    by_offer = {offer.pk: Packing(offer) for offer in data.offers}
    for line in data.lines:
        by_offer[line.offer_id].members.append((line.order.member, line.quantity))
    return [packing for packing in by_offer.values() if packing.members]


@dataclass
class Owed:
    """What members still owe a producer: ordered, against payments received."""

    producer: Producer
    ordered_cents: int = 0
    received_cents: int = 0
    handed_cents: int = 0

    @property
    def owed_cents(self) -> int:
        return max(0, self.ordered_cents - self.received_cents - self.handed_cents)


def owed_per_producer(data: Lines) -> list[Owed]:
    owed: dict[int, Owed] = {}
    for line in data.lines:
        producer = line.offer.product.producer
        owed.setdefault(producer.pk, Owed(producer)).ordered_cents += line.amount_cents or 0
    for payment in data.payments:
        entry = owed.setdefault(payment.producer_id, Owed(payment.producer))
        if payment.status == Payment.Status.RECEIVED:
            entry.received_cents += payment.amount_cents
        elif payment.status == Payment.Status.HANDED:
            entry.handed_cents += payment.amount_cents
    return sorted(owed.values(), key=lambda entry: alphabetical(entry.producer.farm_name))


def volunteers_by_role(data: Lines) -> dict[str, list[User]]:
    roles: dict[str, list[User]] = defaultdict(list)
    for volunteer in data.volunteers:
        roles[volunteer.role.name].append(volunteer.member)
    return dict(roles)
