"""The demo's seasonal contract: the Ferme des Monts d'Or's vegetables, on the weekday of the
demo's weekly distribution, so this week's cycle holds both the baskets and the orders.

Four shares the farm can serve, all taken (Élodie waits, first on the list); this year's
membership paid by the subscribers; Amélie pays in three cheques, the first handed over;
Claire entered Mme Petit's paper contract; Bernard is away this week and gives his basket to
Didier; Amélie offers next week's to the quartier. Everything goes through the services; a
second run finds the contract and adds nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from exchanges.produce import services
from exchanges.produce.models import (
    Contract,
    DistributionDay,
    InstalmentState,
    MembershipFee,
    OrderCycle,
    Payment,
    Producer,
    Subscription,
)
from exchanges.produce.services.contracts import Size
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier

TITLE = "Légumes de saison"
PLACE = "Maison des associations, 12 rue d'Austerlitz"
TERMS = (
    "En signant ce contrat, je m'engage à prendre mon panier à chaque distribution de la "
    "saison, ou à le faire prendre par quelqu'un, et à payer d'avance la saison au producteur. "
    "Le producteur s'engage à livrer des légumes de sa ferme, cultivés sans produits de "
    "synthèse, et à accueillir les adhérents sur la ferme une fois dans la saison. Les aléas "
    "de la récolte sont partagés."
)
FEE_CENTS = 1000
SMALL, LARGE, HALF = "Petit panier", "Grand panier", "Demi-part"
# Who subscribes to what, in order (the fifth waits): (first name, size, cheques).
SUBSCRIBERS = [("Amélie", LARGE, 3), ("Bernard", SMALL, 1), ("Chantal", HALF, 2)]
WAITING = ("Élodie", SMALL, 1)


@dataclass
class DemoContract:
    contract: Contract
    made: bool

    def summary(self) -> str:
        active = self.contract.subscriptions.filter(status=Subscription.Status.ACTIVE).count()
        waiting = self.contract.subscriptions.filter(status=Subscription.Status.WAITING).count()
        dates = self.contract.dates.filter(off=False).count()
        return (
            f"Vegetable contract: {dates} distributions, {active} subscribers and {waiting} "
            f"waiting ({'new' if self.made else 'already there'})."
        )


def demo_contracts(quartier: Quartier, people: dict[str, User], petit: User) -> DemoContract:
    farm = Producer.objects.get(quartier=quartier, farm_name="Ferme des Monts d'Or")
    found = Contract.objects.filter(producer=farm, title=TITLE).first()
    if found is not None:
        return DemoContract(found, made=False)
    claire = people["Claire"]
    this_week = (
        OrderCycle.objects.filter(quartier=quartier, closes_at__gt=timezone.now())
        .order_by("distribution_date")
        .first()
    )
    day = this_week.distribution_date if this_week else timezone.localdate()
    if not DistributionDay.objects.filter(quartier=quartier, weekday=day.weekday()).exists():
        services.distribution_day_set(
            quartier=quartier,
            actor=claire,
            weekday=day.weekday(),
            starts_at=datetime.time(18),
            ends_at=datetime.time(19, 30),
            place=PLACE,
        )
    contract = services.contract_create(
        producer=farm,
        actor=claire,
        sizes=[Size(SMALL, 1200), Size(LARGE, 2000), Size(HALF, 1200, every=2)],
        dates_off=[day + datetime.timedelta(weeks=5)],
        title=TITLE,
        description="Environ 3 kg de légumes de saison (petit panier), 5 kg (grand panier).",
        starts_on=day,
        ends_on=day + datetime.timedelta(weeks=11),
        signing_opens_at=timezone.now() - datetime.timedelta(days=14),
        signing_closes_at=timezone.now() + datetime.timedelta(days=14),
        capacity=4,
        referent=people["Bernard"],
        terms=TERMS,
        jokers=2,
        absence_deadline_hours=48,
    )
    fee = membership_fee(quartier, claire)
    for name, size, cheques in SUBSCRIBERS:
        subscribe(contract, fee, people[name], claire, size, cheques)
    subscribe(contract, fee, petit, claire, SMALL, 1, actor=claire)  # her paper contract
    name, size, cheques = WAITING
    subscribe(contract, fee, people[name], claire, size, cheques)
    hand_over_first_cheque(contract, people["Amélie"], claire)
    absences(contract, people)
    return DemoContract(contract, made=True)


def membership_fee(quartier: Quartier, claire: User) -> MembershipFee:
    year = timezone.localdate().year
    fee = MembershipFee.objects.filter(quartier=quartier, year=year).first()
    return fee or services.membership_fee_set(
        quartier=quartier, actor=claire, year=year, amount_cents=FEE_CENTS, required=True
    )


def subscribe(
    contract: Contract,
    fee: MembershipFee,
    member: User,
    claire: User,
    size: str,
    cheques: int,
    actor: User | None = None,
) -> Subscription:
    if not fee.payments.filter(member=member).exists():
        services.fee_payment_record(
            fee=fee,
            member=member,
            actor=claire,
            method=Payment.Method.CASH,
            state=InstalmentState.RECEIVED,
        )
    return services.subscription_create(
        contract=contract,
        member=member,
        actor=actor or member,
        size=contract.sizes.get(name=size),
        instalments=cheques,
        accepted_terms=True,
    )


def hand_over_first_cheque(contract: Contract, amelie: User, claire: User) -> None:
    first = Subscription.objects.get(contract=contract, member=amelie).instalments.first()
    assert first is not None
    services.instalment_update(
        instalment=first,
        actor=claire,
        state=InstalmentState.RECEIVED,
        cheque_number="0004128",
        bank="Crédit Mutuel",
    )


def absences(contract: Contract, people: dict[str, User]) -> None:
    """Bernard gives this week's basket to Didier; Amélie offers next week's."""
    dates = list(contract.dates.filter(off=False, date__gte=timezone.localdate()).order_by("date"))
    bernard = Subscription.objects.get(contract=contract, member=people["Bernard"])
    services.absence_mark(
        subscription=bernard,
        date=dates[0],
        actor=people["Bernard"],
        fate="neighbour",
        neighbour=people["Didier"],
    )
    amelie = Subscription.objects.get(contract=contract, member=people["Amélie"])
    services.absence_mark(
        subscription=amelie, date=dates[1], actor=people["Amélie"], fate="offered"
    )
