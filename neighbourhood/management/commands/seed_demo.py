"""The demo quartier that `make run` loads: safe to run again, it creates only what is missing.

It lives in the project package, not in `neighbourhood.quartiers`, because it fills the quartier
with knowledge swaps, carpooling and farm produce too, and the quartiers app must not depend on
the exchanges. Each exchange has its module beside this one (`_demo_swaps`, `_demo_rides`,
`_demo_produce`; the underscore keeps Django from taking them for commands)."""

import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from neighbourhood.accounts.models import User
from neighbourhood.management.commands._demo_aid import demo_aid
from neighbourhood.management.commands._demo_consultations import demo_consultations
from neighbourhood.management.commands._demo_contracts import demo_contracts
from neighbourhood.management.commands._demo_events import demo_events
from neighbourhood.management.commands._demo_places import demo_places
from neighbourhood.management.commands._demo_produce import demo_produce
from neighbourhood.management.commands._demo_relais import RELAIS, demo_relais
from neighbourhood.management.commands._demo_rides import (
    demo_booking,
    demo_meeting_points,
    demo_requests,
    demo_rides,
)
from neighbourhood.management.commands._demo_swaps import DEMO_SWAPS, demo_interest, demo_swaps
from neighbourhood.quartiers import services
from neighbourhood.quartiers.models import Membership, Quartier

PASSWORD = "voisinage-demo"  # noqa: S105 (printed for the demo on purpose)
COORDINATOR = ("claire.martin@croix-rousse.example", "Claire Martin")
RESIDENTS = [
    ("alice.roux@croix-rousse.example", "Alice Roux"),
    ("amelie.durand@croix-rousse.example", "Amélie Durand"),
    ("bernard.lefevre@croix-rousse.example", "Bernard Lefèvre"),
    ("chantal.moreau@croix-rousse.example", "Chantal Moreau"),
    ("didier.petit@croix-rousse.example", "Didier Petit"),
    ("elodie.garnier@croix-rousse.example", "Élodie Garnier"),
]


def demo_user(email: str, display_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        # Residents of long standing: their first digest is due at once (a newcomer's waits for
        # the next period), so `make run` mails the week's digests into var/mail/.
        user = User.objects.create_user(
            email=email,
            password=PASSWORD,
            display_name=display_name,
            date_joined=timezone.now() - datetime.timedelta(days=60),
        )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def demo_quartier(claire: User) -> Quartier:
    quartier = Quartier.objects.filter(slug="croix-rousse").first()
    if quartier is None:
        quartier = services.quartier_create(
            creator=claire,
            name="Croix-Rousse",
            slug="croix-rousse",
            description=(
                "Le quartier des pentes et du plateau de la Croix-Rousse, à Lyon : "
                "échanges de savoirs, covoiturage vers le marché et l'AMAP du jeudi."
            ),
            latitude=45.7745,
            longitude=4.8320,
            radius_km=1.5,
            policy=Quartier.Policy.APPROVAL,
        )
    return quartier


class Command(BaseCommand):
    help = (
        "Creates the demo quartier Croix-Rousse with a coordinator, residents, swaps, "
        "carpooling, its places directory, its AMAP, mutual aid (coups de main, objects lent "
        "and given), and a relais acting for a neighbour with no e-mail."
    )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        claire = demo_user(*COORDINATOR)
        quartier = demo_quartier(claire)
        people = {"Claire": claire}
        for email, name in RESIDENTS:
            resident = demo_user(email, name)
            Membership.objects.get_or_create(quartier=quartier, user=resident)
            people[name.split()[0]] = resident
        created = demo_swaps(quartier, people)
        demo_interest(quartier, people)
        points = demo_meeting_points(quartier, claire)
        offered, new_rides = demo_rides(quartier, people, points)
        wanted, new_requests = demo_requests(quartier, people, points)
        demo_booking(offered["market"], people)
        places = demo_places(quartier, people)
        produce = demo_produce(quartier, people)
        marc = demo_user(*RELAIS)
        petit = demo_relais(quartier, claire, marc)
        contracts = demo_contracts(quartier, people, petit)
        aid = demo_aid(quartier, people, marc, petit)
        events = demo_events(quartier, people)
        consultations = demo_consultations(quartier, claire, people, marc, petit)
        self.stdout.write(self.style.SUCCESS("Demo quartier “Croix-Rousse” is ready."))
        self.stdout.write(f"  {len(DEMO_SWAPS)} knowledge swaps in its feed ({created} new).")
        self.stdout.write(
            f"  Carpooling: {len(points)} meeting points, {len(offered)} rides ({new_rides} new) "
            f"and {len(wanted)} requests ({new_requests} new)."
        )
        self.stdout.write(f"  {produce.summary()}")
        self.stdout.write(f"  {contracts.summary()}")
        self.stdout.write(f"  {aid}")
        self.stdout.write(f"  {events}")
        self.stdout.write(f"  {consultations}")

        self.stdout.write(f"  {places}")
        self.stdout.write(f"  Log in with any of these e-mails, password “{PASSWORD}”:")
        self.stdout.write(f"    {COORDINATOR[0]:<42} {COORDINATOR[1]} (coordinator)")
        for email, name in RESIDENTS:
            self.stdout.write(f"    {email:<42} {name}")
        self.stdout.write(
            f"    {RELAIS[0]:<42} {RELAIS[1]} (relais: acts for {petit.public_name}, "
            "who has no e-mail)"
        )
