"""The demo's mutual aid: coups de main asked for and offered (some answered, one done and
thanked, one asked by Marc for Mme Petit), and objects lent or given away (one lent and overdue,
one asked for, one reserved). Everything goes through the services, as a neighbour's clicks
would; only the overdue loan is then dated back, since no one can ask for days already past."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from exchanges.aid.models import CoupDeMain, Item, Loan
from exchanges.aid.services import help as helping
from exchanges.aid.services import objects as lending
from neighbourhood.accounts.models import User
from neighbourhood.management.commands._demo_photos import attach_demo_photo
from neighbourhood.quartiers.models import Quartier
from neighbourhood.relais import acting


@dataclass
class AidSummary:
    coups_de_main: int
    objects: int

    def __str__(self) -> str:
        return (
            f"Mutual aid: {self.coups_de_main} coups de main and {self.objects} objects "
            "to lend or give (one lent and overdue)."
        )


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _next_saturday() -> int:
    """Days from today to the Saturday after tomorrow at the earliest."""
    return 2 + (5 - (timezone.localdate().weekday() + 2)) % 7


def _coup(quartier: Quartier, author: User, kind: str, **fields: Any) -> CoupDeMain | None:
    """Publishes a coup de main once; None when it already exists (nothing else to do)."""
    if CoupDeMain.objects.filter(quartier=quartier, author=author, title=fields["title"]).exists():
        return None
    return helping.help_publish(quartier=quartier, author=author, kind=kind, **fields)


def demo_help(quartier: Quartier, people: dict[str, User], marc: User, petit: User) -> None:
    with acting.acting_for(acting.Acting(relais=marc, neighbour=petit, quartier=quartier)):
        shopping = _coup(
            quartier,
            petit,
            "request",
            category="errands",
            title="Faire les courses avec Mme Petit le mardi",
            description=(
                "Mme Petit marche avec une canne : quelqu'un pour l'accompagner au marché de la "
                "Croix-Rousse et porter le panier. Passez par Marc, à l'EPN."
            ),
            timing="weekly",
            weekdays=[1],
            weekly_time=datetime.time(10),
            place_label="12 rue d'Austerlitz",
            helpers_needed=1,
        )
    if shopping is not None:
        answer = helping.help_offer(
            coup=shopping, helper=people["Élodie"], message="Je fais mon marché le mardi aussi !"
        )
        helping.help_choose(offer=answer, actor=petit)

    wardrobe = _coup(
        quartier,
        people["Didier"],
        "request",
        category="moving",
        title="Porter une armoire au 3e étage",
        description="Une armoire normande, sans ascenseur. Une heure environ, café offert.",
        timing="at",
        starts_at=_at(_next_saturday(), 10),
        place_label="8 montée de la Grande-Côte",
        helpers_needed=2,
    )
    if wardrobe is not None:
        first = helping.help_offer(coup=wardrobe, helper=people["Bernard"], message="Présent !")
        helping.help_offer(coup=wardrobe, helper=people["Alice"], message="Si besoin, oui.")
        helping.help_choose(offer=first, actor=people["Didier"])

    _coup(
        quartier,
        people["Chantal"],
        "request",
        category="paperwork",
        title="Remplir un dossier CAF",
        description="Je m'y perds dans les cases du formulaire en ligne.",
        timing="window",
        starts_at=_at(1, 14),
        ends_at=_at(5, 18),
        place_label="À la médiathèque ou chez moi",
        helpers_needed=1,
    )
    _coup(
        quartier,
        people["Bernard"],
        "offer",
        category="diy",
        title="Petits travaux de plomberie",
        description="Un robinet qui goutte, un siphon bouché : je viens avec mes outils.",
        timing="weekly",
        weekdays=[5],
        weekly_time=datetime.time(9),
        place_label="Dans le quartier",
    )
    shelf = _coup(
        quartier,
        people["Alice"],
        "request",
        category="diy",
        title="Fixer une étagère",
        description="Dans un mur en pierre : il faut la bonne perceuse.",
        timing="at",
        starts_at=_at(1, 18),
        place_label="3 rue Dumenge",
        helpers_needed=1,
    )
    if shelf is not None:
        helper = helping.help_offer(coup=shelf, helper=people["Didier"], message="J'ai le foret.")
        helping.help_choose(offer=helper, actor=people["Alice"])
        helping.help_done(coup=shelf, actor=people["Alice"])
        helping.help_thank(
            coup=shelf, author=people["Alice"], text="Merci Didier, elle tient parfaitement !"
        )


def _item(quartier: Quartier, owner: User, mode: str, **fields: Any) -> Item | None:
    if Item.objects.filter(quartier=quartier, owner=owner, title=fields["title"]).exists():
        return None
    return lending.item_publish(quartier=quartier, owner=owner, mode=mode, **fields)


def demo_objects(quartier: Quartier, people: dict[str, User]) -> None:
    today = timezone.localdate()
    drill = _item(
        quartier,
        people["Didier"],
        "lend",
        title="Perceuse à percussion",
        description="Avec un coffret de forets béton et bois.",
        category="tools",
        condition="good",
        collect_at="8 montée de la Grande-Côte, le soir",
        max_days=3,
        deposit_note="Pas de caution, mais rendez-la chargée.",
    )
    if drill is not None:
        attach_demo_photo(
            subject=drill,
            owner=people["Didier"],
            label="Perceuse",
            alt_text="Une perceuse bleue dans son coffret ouvert",
        )
        loan = lending.loan_ask(
            item=drill,
            borrower=people["Amélie"],
            starts_on=today,
            ends_on=today + datetime.timedelta(days=2),
            message="Pour poser des tringles à rideaux.",
        )
        lending.loan_accept(loan=loan, actor=people["Didier"])
        lending.loan_hand_over(loan=loan, actor=people["Didier"])
        lending.loan_hand_over(loan=loan, actor=people["Amélie"])
        # Handed over a week ago, due back two days ago: the overdue loan of the demo.
        Loan.objects.filter(pk=loan.pk).update(
            starts_on=today - datetime.timedelta(days=7),
            ends_on=today - datetime.timedelta(days=2),
        )

    ladder = _item(
        quartier,
        people["Claire"],
        "lend",
        title="Échelle de 3 mètres",
        description="Une échelle pliante en aluminium.",
        category="tools",
        condition="worn",
        collect_at="Au local de l'association",
        max_days=2,
    )
    if ladder is not None:
        saturday = today + datetime.timedelta(days=_next_saturday())
        lending.loan_ask(
            item=ladder,
            borrower=people["Chantal"],
            starts_on=saturday,
            ends_on=saturday + datetime.timedelta(days=1),
            message="Pour nettoyer mes volets, merci !",
        )

    _item(
        quartier,
        people["Alice"],
        "lend",
        title="Appareil à raclette",
        description="Pour huit personnes.",
        category="kitchen",
        condition="good",
        max_days=4,
    )
    cot = _item(
        quartier,
        people["Élodie"],
        "give",
        title="Lit parapluie",
        description="Avec son matelas, il a servi pour deux enfants.",
        category="children",
        condition="good",
        collect_at="Rue d'Austerlitz",
        give_rule="first_asked",
    )
    if cot is not None:
        attach_demo_photo(
            subject=cot,
            owner=people["Élodie"],
            label="Lit parapluie",
            alt_text="Un lit parapluie gris, plié",
        )
        lending.gift_ask(item=cot, taker=people["Alice"], message="Pour mon petit-fils !")
    _item(
        quartier,
        people["Bernard"],
        "give",
        title="Romans policiers",
        description="Une vingtaine, en poche.",
        category="books",
        condition="worn",
        give_rule="giver_chooses",
    )


def demo_aid(quartier: Quartier, people: dict[str, User], marc: User, petit: User) -> AidSummary:
    demo_help(quartier, people, marc, petit)
    demo_objects(quartier, people)
    return AidSummary(
        coups_de_main=CoupDeMain.objects.filter(quartier=quartier).count(),
        objects=Item.objects.filter(quartier=quartier).count(),
    )
