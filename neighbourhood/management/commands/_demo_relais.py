"""The demo's relais: Marc helps Mme Petit, who has no e-mail, and posted a swap for her."""

from exchanges.swaps import services as swaps
from exchanges.swaps.models import Swap
from neighbourhood.accounts.models import User
from neighbourhood.quartiers import services as quartiers
from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.relais import acting
from neighbourhood.relais import services as relais
from neighbourhood.relais.models import Neighbour

RELAIS = ("marc.bonnet@croix-rousse.example", "Marc Bonnet")
NEIGHBOUR = "Mme Petit"
HER_SWAP = {
    "title": "Raconter la Croix-Rousse des canuts",
    "category": "other",
    "tags": "histoire, canuts, souvenirs",
    "description": (
        "J'ai grandi dans un atelier de tisseurs, montée de la Grande-Côte. Je raconte volontiers "
        "le quartier d'autrefois aux enfants comme aux grands. Passez par Marc, à l'EPN, pour "
        "convenir d'un après-midi."
    ),
    "format": Swap.Format.SMALL_GROUP,
    "place": Swap.Place.PUBLIC,
    "availability": "le mercredi après-midi",
}


def demo_relais(quartier: Quartier, claire: User, marc: User) -> User:
    """Makes Marc a relais, opens Mme Petit's account with her consent, and posts her swap as
    Marc would, acting for her. Returns Mme Petit; creates only what is missing."""
    membership, _created = Membership.objects.get_or_create(quartier=quartier, user=marc)
    if not membership.is_relais:
        quartiers.membership_set_relais(membership=membership, actor=claire, relais=True)
    card = Neighbour.objects.filter(quartier=quartier, user__display_name=NEIGHBOUR).first()
    if card is None:
        petit = relais.neighbour_create(
            relais=marc,
            quartier=quartier,
            display_name=NEIGHBOUR,
            phone="04 78 28 14 05",
            postal_contact="12 rue d'Austerlitz, 69004 Lyon",
            how="En personne, à l'atelier numérique de l'EPN de la Croix-Rousse",
        ).neighbour
    else:
        petit = card.user
    if not Swap.objects.filter(author=petit, title=HER_SWAP["title"]).exists():
        with acting.acting_for(acting.Acting(relais=marc, neighbour=petit, quartier=quartier)):
            swaps.swap_create(quartier=quartier, author=petit, kind=Swap.Kind.OFFER, **HER_SWAP)
    return petit
