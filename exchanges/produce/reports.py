"""What a coordinator needs at the close of a cycle, read in a fixed number of queries
whatever the number of orders: totals per producer and product, the pick-up list per member
(the AMAP sign-off sheet, "liste d'émargement"), packing by product, and what is still owed
per producer.

A cycle is also a distribution of the quartier's contracts (each contract date that is not off
points at it): the pick-up list merges each member's contract baskets with their order lines,
a basket passed on appearing under whoever collects it ("Grand panier for Karim"), one given to
an association on a line of its own; the producer totals add the shares by size.

Every report is built from one load of the cycle's lines and baskets (`load`), grouped in memory.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from exchanges.produce import baskets as basket_dates
from exchanges.produce.models import (
    Absence,
    ContractDate,
    CycleProduct,
    Instalment,
    InstalmentState,
    Order,
    OrderCycle,
    OrderLine,
    Payment,
    Producer,
    Subscription,
    Volunteer,
)
from neighbourhood.accounts.models import User
from neighbourhood.compiled_queries import InstanceMaker


def alphabetical(text: str) -> str:
    """A sort key that puts "Élodie" among the E and "Œufs" among the O, as a reader expects."""
    decomposed = unicodedata.normalize("NFKD", text.replace("Œ", "OE").replace("œ", "oe"))
    return decomposed.encode("ascii", "ignore").decode().casefold()


@dataclass(frozen=True)
class Basket:
    """One contract basket of the distribution: a subscription's shares, and who collects
    them when the subscriber is away (a neighbour named, whoever took it offered, an
    association)."""

    subscription: Subscription
    date: ContractDate
    absence: Absence | None
    late: bool  # an instalment due by the distribution's month is still to receive

    @property
    def subscriber(self) -> User:
        return self.subscription.subscriber

    @property
    def producer(self) -> Producer:
        return self.date.contract.producer

    @property
    def collector(self) -> User | None:
        """Who collects it: the subscriber, the neighbour named or who took it; nobody (yet)
        for an association's or an offered basket not taken."""
        if self.absence is None:
            return self.subscriber
        return self.absence.taken_by

    @property
    def passed_on(self) -> bool:
        """Collected for the subscriber by someone else: "for Karim"."""
        return self.absence is not None

    @property
    def association(self) -> str:
        return self.absence.association if self.absence is not None else ""


@dataclass
class Lines:
    """Everything the reports read about a cycle."""

    cycle: OrderCycle
    lines: list[OrderLine]
    offers: list[CycleProduct]
    payments: list[Payment]
    volunteers: list[Volunteer]
    baskets: list[Basket] = field(default_factory=list)


# The lines and payments, thousands at the close of a big cycle, are made from rows of values
# (`compiled_queries.InstanceMaker`), and each payment's producer once a producer.
_LINE_FIELDS = [field.attname for field in OrderLine._meta.concrete_fields]
_make_line = InstanceMaker(OrderLine, _LINE_FIELDS)
_LINE_ORDER, _LINE_OFFER = OrderLine._meta.get_field("order"), OrderLine._meta.get_field("offer")
_PAYMENT_FIELDS = [field.attname for field in Payment._meta.concrete_fields]
_make_payment = InstanceMaker(Payment, _PAYMENT_FIELDS)
_PAYMENT_PRODUCER = Payment._meta.get_field("producer")


def load(cycle: OrderCycle) -> Lines:
    """Nine queries, whatever the size of the cycle: six for the orders, three for the
    contract baskets (the contracts' dates, the active subscriptions with their payment
    state, the absences).

    Each order, member, offer, product and producer is read once and shared by the lines that
    point at it (a line's row holds its own columns alone): a 2,000-line cycle of 150 members
    makes 2,000 line objects, not six objects a line; a payment's producer is made once a
    producer."""
    offers = sorted(
        CycleProduct.objects.filter(cycle=cycle).select_related("product__producer"),
        key=lambda offer: (
            alphabetical(offer.product.producer.farm_name),
            alphabetical(offer.product.name),
            offer.pk,
        ),
    )
    orders = {
        order.pk: order for order in Order.objects.filter(cycle=cycle).select_related("member")
    }
    by_offer = {offer.pk: offer for offer in offers}
    lines = []
    for row in (
        OrderLine.objects.filter(order__cycle=cycle)
        .order_by("order__member__display_name", "order__member_id", "offer__product__name")
        .values_list(*_LINE_FIELDS)
    ):
        line = _make_line(row)
        _LINE_ORDER.set_cached_value(line, orders[line.order_id])
        _LINE_OFFER.set_cached_value(line, by_offer[line.offer_id])
        lines.append(line)
    volunteers = list(Volunteer.objects.filter(role__cycle=cycle).select_related("role", "member"))
    return Lines(cycle, lines, offers, _payments(cycle), volunteers, _baskets(cycle))


def _payments(cycle: OrderCycle) -> list[Payment]:
    """The cycle's payments, and their producers read once each (a query of its own: a
    payment's row repeating its producer's columns took twice as long to read)."""
    producers = {
        producer.pk: producer
        for producer in Producer.objects.filter(payments__order__cycle=cycle).distinct()
    }
    payments = []
    for row in Payment.objects.filter(order__cycle=cycle).values_list(*_PAYMENT_FIELDS):
        payment = _make_payment(row)
        _PAYMENT_PRODUCER.set_cached_value(payment, producers[payment.producer_id])
        payments.append(payment)
    return payments


def _baskets(cycle: OrderCycle) -> list[Basket]:
    # Every date of the contracts distributed that day: a half share's turn depends on them.
    dates = list(
        ContractDate.objects.filter(contract__dates__cycle=cycle, off=False).select_related(
            "contract__producer"
        )
    )
    due = Instalment.objects.filter(
        subscription=OuterRef("pk"),
        due_month__lte=cycle.distribution_date.replace(day=1),
        state=InstalmentState.TO_RECEIVE,
    )
    subscriptions = (
        Subscription.objects.filter(
            status=Subscription.Status.ACTIVE,
            contract__dates__cycle=cycle,
            starts_on__lte=cycle.distribution_date,
        )
        .select_related("member", "size")
        .annotate(late=Exists(due))
        .order_by("pk")
    )
    absences = {
        absence.subscription_id: absence
        for absence in Absence.objects.filter(date__cycle=cycle).select_related("taken_by")
    }
    by_contract: dict[int, list[ContractDate]] = defaultdict(list)
    for date in dates:
        by_contract[date.contract_id].append(date)
    found = []
    for subscription in subscriptions:
        contract_dates = by_contract[subscription.contract_id]
        for date in basket_dates.taken_dates(subscription, contract_dates):
            if date.cycle_id == cycle.pk:
                found.append(
                    Basket(subscription, date, absences.get(subscription.pk), subscription.late)
                )
    return found


@dataclass
class ProductTotal:
    offer: CycleProduct
    quantity: int = 0
    amount_cents: int = 0
    weights_missing: int = 0  # weighed lines not weighed yet


@dataclass
class SharesTotal:
    """A contract's baskets of one size at the distribution: how many shares to bring."""

    contract: str
    size: str
    shares: int = 0


@dataclass
class ProducerTotal:
    producer: Producer
    products: list[ProductTotal] = field(default_factory=list)
    shares: list[SharesTotal] = field(default_factory=list)

    @property
    def amount_cents(self) -> int:
        return sum(product.amount_cents for product in self.products)

    @property
    def weights_missing(self) -> int:
        return sum(product.weights_missing for product in self.products)


def producer_totals(data: Lines) -> list[ProducerTotal]:
    """Per producer, per product offered: the quantity ordered and its amount; and the
    contract shares to bring, by size (paid in advance: they add no amount)."""
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
    shares: dict[tuple[int, int], SharesTotal] = {}
    for basket in sorted(data.baskets, key=_by_size):
        producer = basket.producer
        entry = producers.setdefault(producer.pk, ProducerTotal(producer))
        size = basket.subscription.size
        key = (basket.date.contract_id, size.pk)
        if key not in shares:
            shares[key] = SharesTotal(basket.date.contract.title, size.name)
            entry.shares.append(shares[key])
        shares[key].shares += basket.subscription.shares
    return sorted(producers.values(), key=lambda total: alphabetical(total.producer.farm_name))


def _by_size(basket: Basket) -> tuple[str, int, int]:
    size = basket.subscription.size
    return (alphabetical(basket.date.contract.title), size.price_cents, size.pk)


@dataclass
class PickUp:
    """One line on the sign-off sheet: a member (their contract baskets, those they collect
    for others, and their order), or an association's basket, or a basket offered that
    nobody has taken yet."""

    member: User | None
    order: Order | None = None
    lines: list[OrderLine] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    baskets: list[Basket] = field(default_factory=list)
    association: str = ""

    @property
    def name(self) -> str:
        if self.member is not None:
            return self.member.public_name
        return self.association or _("Offered, not taken yet")

    @property
    def key(self) -> str:
        """The card's id on the page."""
        if self.member is not None:
            return f"member-{self.member.pk}"
        return f"basket-{self.baskets[0].subscription.pk}" if self.baskets else "basket"

    @property
    def amount_cents(self) -> int:
        return sum(line.amount_cents or 0 for line in self.lines)

    @property
    def weights_missing(self) -> bool:
        return any(line.amount_cents is None for line in self.lines)

    @property
    def late(self) -> bool:
        """A subscriber of a basket on this line is late with their payments."""
        return any(basket.late for basket in self.baskets)


def pickup_list(data: Lines) -> list[PickUp]:
    """Per member, alphabetically: the contract baskets they collect, what they ordered, the
    amounts, how they pay; an association's basket, or one offered and not taken, on a line
    of its own."""
    members: dict[int, PickUp] = {}
    apart: list[PickUp] = []
    for basket in data.baskets:
        collector = basket.collector
        if collector is not None:
            members.setdefault(collector.pk, PickUp(collector)).baskets.append(basket)
        else:
            apart.append(PickUp(None, baskets=[basket], association=basket.association))
    for line in data.lines:
        order = line.order
        pickup = members.setdefault(order.member_id, PickUp(order.member))
        pickup.order = order
        pickup.lines.append(line)
    by_order = {pickup.order.pk: pickup for pickup in members.values() if pickup.order}
    for payment in data.payments:
        if payment.order_id in by_order:
            by_order[payment.order_id].payments.append(payment)
    return sorted(
        [*members.values(), *apart],
        key=lambda pickup: (
            alphabetical(pickup.name),
            pickup.member is None,
            pickup.member.pk if pickup.member is not None else 0,
        ),
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
