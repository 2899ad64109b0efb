"""The demo quartier that `make run` loads: safe to run again, it creates only what is missing.

It lives in the project package, not in `neighbourhood.quartiers`, because it fills the quartier
with knowledge swaps and carpooling too, and the quartiers app must not depend on the exchanges."""

import datetime
from typing import Any, NamedTuple

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from exchanges.rides import services as rides
from exchanges.rides.models import Booking, MeetingPoint, Ride, RideRequest
from exchanges.rides.schedule import local_datetime
from exchanges.rides.services import Place
from exchanges.swaps import services as swaps
from exchanges.swaps.models import Exchange, Swap
from neighbourhood.accounts.models import User
from neighbourhood.quartiers import services
from neighbourhood.quartiers.models import Membership, Quartier

PASSWORD = "voisinage-demo"  # noqa: S105 (printed for the demo on purpose)
COORDINATOR = ("claire.martin@croix-rousse.example", "Claire Martin")
RESIDENTS = [
    ("amelie.durand@croix-rousse.example", "Amélie Durand"),
    ("bernard.lefevre@croix-rousse.example", "Bernard Lefèvre"),
    ("chantal.moreau@croix-rousse.example", "Chantal Moreau"),
    ("didier.petit@croix-rousse.example", "Didier Petit"),
    ("elodie.garnier@croix-rousse.example", "Élodie Garnier"),
]


class DemoSwap(NamedTuple):
    author: str  # first name, the key of `people` in the command
    kind: str
    title: str
    category: str
    tags: str
    description: str
    format: str = Swap.Format.ONE_TO_ONE
    place: str = Swap.Place.PUBLIC
    availability: str = ""


OFFER, REQUEST = Swap.Kind.OFFER, Swap.Kind.REQUEST
GROUP = Swap.Format.SMALL_GROUP
HOME, ONLINE = Swap.Place.HOME, Swap.Place.ONLINE

# What the matching shows on the demo, on purpose:
# - a reciprocal pair: Amélie teaches Spanish to Bernard, who helps her with her smartphone;
# - an open-reciprocity cycle: Chantal teaches sewing to Didier, who teaches bike repair to
#   Élodie, who teaches Italian cooking to Chantal (each request shares a tag with its offer);
# - one-way fits (Claire's balcony garden for Didier, Bernard's chess for Chantal…), and requests
#   that nobody answers yet (bread, watercolour, Nordic walking), so the gaps show.
# Nothing else shares a tag or a title word between an offer and a request, so no other pair or
# cycle appears by accident. The feed lists the last ones first.
DEMO_SWAPS = [
    DemoSwap(
        "Amélie",
        OFFER,
        "Conversation en espagnol",
        "languages",
        "espagnol, conversation",
        "J'ai vécu vingt ans à Séville. Je vous propose une heure de conversation en espagnol "
        "autour d'un café, pour les débutants comme pour ceux qui veulent s'y remettre.",
        availability="le mardi et le jeudi après-midi",
    ),
    DemoSwap(
        "Amélie",
        REQUEST,
        "Apprivoiser mon smartphone",
        "digital",
        "smartphone, téléphone, photos",
        "Mes petits-enfants m'ont offert un smartphone à Noël. Je voudrais savoir envoyer des "
        "photos et faire un appel vidéo sans appeler ma fille à chaque fois. Il me faut "
        "quelqu'un de patient !",
        place=HOME,
        availability="plutôt le matin",
    ),
    DemoSwap(
        "Bernard",
        OFFER,
        "Aide avec votre smartphone",
        "digital",
        "smartphone, téléphone, applications",
        "Ancien technicien chez France Télécom. Je vous aide à régler votre téléphone : "
        "contacts, photos, messages, WhatsApp, taille des caractères. On va à votre rythme.",
        place=HOME,
        availability="en semaine, sauf le mercredi",
    ),
    DemoSwap(
        "Bernard",
        REQUEST,
        "Reprendre l'espagnol avant un voyage",
        "languages",
        "espagnol, voyage",
        "Je pars voir ma fille au Chili en février. J'ai fait de l'espagnol au lycée, mais "
        "c'était il y a cinquante ans… J'aimerais pouvoir me débrouiller au marché et au "
        "restaurant.",
        availability="le matin, n'importe quel jour",
    ),
    DemoSwap(
        "Chantal",
        OFFER,
        "Initiation à la couture",
        "diy",
        "couture, machine à coudre, ourlets",
        "Couturière à la retraite, j'ai deux machines à la maison. On commence par les ourlets "
        "et les boutons, puis on coud un petit sac. Le tissu, je l'ai !",
        place=HOME,
        availability="le lundi après-midi",
    ),
    DemoSwap(
        "Didier",
        REQUEST,
        "Apprendre à coudre à la machine",
        "diy",
        "couture, machine à coudre",
        "J'ai hérité de la machine à coudre de ma mère et je ne sais même pas mettre le fil. "
        "Je voudrais au moins savoir faire mes ourlets de pantalon.",
        availability="le soir après 18 h",
    ),
    DemoSwap(
        "Didier",
        OFFER,
        "Réparer son vélo soi-même",
        "diy",
        "vélo, réparation, crevaison, freins",
        "Je répare les vélos du quartier depuis des années. Crevaison, freins, dérailleur, "
        "chaîne : je vous montre comment faire, avec mes outils, dans la cour de l'immeuble.",
        format=GROUP,
        availability="le samedi matin",
    ),
    DemoSwap(
        "Élodie",
        REQUEST,
        "Réparer une crevaison de vélo",
        "diy",
        "vélo, crevaison",
        "Je vais au travail à vélo par la montée de la Grande-Côte et je crève souvent. "
        "J'aimerais savoir changer une chambre à air toute seule.",
        availability="le week-end",
    ),
    DemoSwap(
        "Élodie",
        OFFER,
        "Cuisine italienne : risotto et pâtes fraîches",
        "cooking",
        "cuisine italienne, pâtes fraîches, risotto",
        "Ma grand-mère était de Turin. Je vous apprends les pâtes fraîches à la main et un vrai "
        "risotto, chez moi, et on mange ensemble ce qu'on a cuisiné.",
        format=GROUP,
        place=HOME,
        availability="le dimanche midi",
    ),
    DemoSwap(
        "Chantal",
        REQUEST,
        "Cuisine italienne : les pâtes fraîches maison",
        "cooking",
        "cuisine italienne, pâtes fraîches",
        "J'adore les pâtes fraîches mais je les achète toujours toutes faites. J'aimerais "
        "apprendre à les faire moi-même, et pourquoi pas les raviolis.",
        availability="le week-end",
    ),
    DemoSwap(
        "Claire",
        OFFER,
        "Jardiner sur son balcon",
        "gardening",
        "jardinage, balcon, potager, semis",
        "Tomates, fraises et aromatiques sur six mètres carrés : je vous montre mon balcon et "
        "on prépare vos semis de printemps ensemble. Je donne aussi des graines.",
        place=HOME,
        availability="le mercredi après-midi",
    ),
    DemoSwap(
        "Didier",
        REQUEST,
        "Un potager en bacs sur mon balcon",
        "gardening",
        "potager, balcon, semis",
        "Mon balcon est plein sud et vide. Je voudrais y faire pousser quelques légumes mais je "
        "ne sais pas par où commencer : quels bacs, quelle terre, quand semer ?",
        availability="le soir ou le samedi",
    ),
    DemoSwap(
        "Amélie",
        REQUEST,
        "Tailler mes rosiers",
        "gardening",
        "rosiers, taille, jardinage",
        "J'ai trois rosiers dans la cour de l'immeuble qui ne fleurissent plus beaucoup. "
        "Quand et comment faut-il les tailler ?",
        availability="quand il fait beau",
    ),
    DemoSwap(
        "Bernard",
        OFFER,
        "Échecs : ouvertures et stratégie",
        "other",
        "échecs, jeux de société",
        "Joueur au club de la Croix-Rousse depuis trente ans. Débutant ou joueur du dimanche, "
        "venez faire une partie : je vous explique les ouvertures en jouant.",
        format=GROUP,
        availability="le jeudi à la Maison des associations",
    ),
    DemoSwap(
        "Chantal",
        REQUEST,
        "Jouer aux échecs",
        "other",
        "échecs",
        "Mon petit-fils me bat à chaque fois. Je connais la marche des pièces, pas beaucoup "
        "plus ! J'aimerais apprendre quelques ruses pour le surprendre.",
        availability="l'après-midi",
    ),
    DemoSwap(
        "Claire",
        OFFER,
        "Premiers pas sur l'ordinateur",
        "digital",
        "ordinateur, internet, courriels",
        "Allumer l'ordinateur, écrire un courriel, chercher sur internet, ranger ses photos : "
        "à la médiathèque, avec ses ordinateurs, sans jargon.",
        format=GROUP,
        availability="le vendredi de 14 h à 16 h",
    ),
    DemoSwap(
        "Claire",
        OFFER,
        "Lire et remplir les papiers administratifs",
        "other",
        "démarches, administratif, papiers",
        "Retraite, CAF, impôts, mutuelle : on lit ensemble les courriers et on remplit les "
        "formulaires. J'ai été secrétaire de mairie, les papiers ne me font pas peur.",
        availability="sur rendez-vous",
    ),
    DemoSwap(
        "Bernard",
        REQUEST,
        "Faire mes démarches en ligne",
        "digital",
        "démarches, internet, impôts",
        "Tout se fait sur internet maintenant : les impôts, la retraite, l'ordonnance. Je "
        "voudrais y arriver seul, sans avoir peur de me tromper.",
        availability="le matin",
    ),
    DemoSwap(
        "Chantal",
        OFFER,
        "Aide aux devoirs de français au collège",
        "homework",
        "français, devoirs, collège",
        "Ancienne professeure de lettres. Rédactions, grammaire, lecture : j'accompagne les "
        "collégiens du quartier une heure par semaine, à la bibliothèque.",
        availability="le mercredi après-midi",
    ),
    DemoSwap(
        "Didier",
        OFFER,
        "Mathématiques pour les lycéens",
        "homework",
        "mathématiques, lycée, bac",
        "Ingénieur à la retraite. Équations, fonctions, probabilités : j'aide les lycéens à "
        "reprendre confiance avant le bac. En ligne si vous préférez.",
        place=ONLINE,
        availability="le mardi soir",
    ),
    DemoSwap(
        "Élodie",
        OFFER,
        "Yoga doux sur chaise",
        "sport",
        "yoga, étirements, relaxation",
        "Des mouvements simples, assis ou debout derrière une chaise, pour garder la souplesse "
        "du dos et des épaules. Aucun matériel, aucune tenue spéciale.",
        format=GROUP,
        availability="le lundi à 10 h, salle paroissiale",
    ),
    DemoSwap(
        "Chantal",
        REQUEST,
        "Marche nordique en groupe",
        "sport",
        "marche nordique, bâtons",
        "J'ai acheté des bâtons et je ne m'en suis jamais servie. J'aimerais trouver quelqu'un "
        "pour m'apprendre la technique et marcher ensemble sur les quais.",
        format=GROUP,
        availability="tôt le matin",
    ),
    DemoSwap(
        "Élodie",
        OFFER,
        "Guitare : les premiers accords",
        "music_arts",
        "guitare, accords",
        "Je joue de la guitare depuis le lycée. En trois ou quatre séances, vous jouez vos "
        "premières chansons avec quatre accords. Je prête une guitare si besoin.",
        place=HOME,
        availability="le jeudi soir",
    ),
    DemoSwap(
        "Bernard",
        REQUEST,
        "Accompagner des chansons à la guitare",
        "music_arts",
        "guitare, accords, chansons",
        "J'ai retrouvé ma vieille guitare au grenier. J'aimerais accompagner mes petits-enfants "
        "quand ils chantent, rien de compliqué.",
        place=HOME,
        availability="l'après-midi",
    ),
    DemoSwap(
        "Élodie",
        REQUEST,
        "Régler mon appareil photo",
        "music_arts",
        "photographie, appareil photo",
        "J'ai un appareil reflex que je laisse toujours en mode automatique. Je voudrais "
        "comprendre l'ouverture et la vitesse, et sortir photographier les traboules.",
        availability="le samedi",
    ),
    DemoSwap(
        "Amélie",
        OFFER,
        "Tricot pour débutantes et débutants",
        "other",
        "tricot, laine",
        "Une écharpe pour commencer, puis un bonnet. Je fournis les aiguilles et la laine ; "
        "on tricote en papotant, à plusieurs c'est plus gai.",
        format=GROUP,
        place=HOME,
        availability="le vendredi après-midi",
    ),
    DemoSwap(
        "Amélie",
        OFFER,
        "Confitures et conserves de saison",
        "cooking",
        "confitures, conserves, bocaux",
        "Abricots en juillet, coings en octobre : je vous apprends à faire des confitures et des "
        "bocaux qui se gardent tout l'hiver. On repart chacun avec ses pots.",
        place=HOME,
        availability="selon les fruits du marché",
    ),
    DemoSwap(
        "Amélie",
        REQUEST,
        "Faire son pain au levain",
        "cooking",
        "pain, levain, boulangerie",
        "Je rêve de faire mon pain moi-même. Quelqu'un aurait-il un peu de levain à partager, "
        "et la patience de m'expliquer ?",
        availability="le matin",
    ),
    DemoSwap(
        "Claire",
        REQUEST,
        "Pratiquer mon anglais",
        "languages",
        "anglais",
        "Je comprends à peu près l'anglais écrit mais je n'ose pas le parler. J'aimerais une "
        "petite conversation par semaine, sans prise de tête.",
        place=ONLINE,
        availability="le soir",
    ),
    DemoSwap(
        "Claire",
        REQUEST,
        "Aquarelle en plein air",
        "music_arts",
        "aquarelle, peinture",
        "J'aimerais peindre les toits de la Croix-Rousse depuis le jardin des Chartreux. "
        "Quelqu'un pour me montrer les bases de l'aquarelle ?",
        availability="les beaux jours",
    ),
]

# Bernard answers Amélie's Spanish offer: the demo opens with a conversation and a notification.
INTEREST = (
    "Bernard",
    "Amélie",
    "Conversation en espagnol",
    "Bonjour Amélie, je pars au Chili voir ma fille en février et mon espagnol est bien rouillé. "
    "Un café le jeudi vous irait ? Et si vous voulez, je vous montre votre smartphone en échange. "
    "Bernard",
)


# Carpooling. The meeting points everyone in the Croix-Rousse knows: (name, address, latitude,
# longitude). The market stalls line the Saône along the quai Saint-Antoine; the Gros Caillou
# stands at the east end of the boulevard, above the Rhône.
MEETING_POINTS = [
    ("Place de la Croix-Rousse", "Place de la Croix-Rousse, 69004 Lyon", 45.7745, 4.8320),
    ("Gare Part-Dieu", "Place Charles Béraudier, 69003 Lyon", 45.7606, 4.8593),
    ("Marché Saint-Antoine", "Quai Saint-Antoine, 69002 Lyon", 45.7630, 4.8303),
    ("Le Gros Caillou", "Boulevard de la Croix-Rousse, 69004 Lyon", 45.7755, 4.8400),
]
# Where residents leave from or go to that is no meeting point: (latitude, longitude).
RUE_D_AUSTERLITZ = Place("Rue d'Austerlitz", 45.7766, 4.8319)
RUE_DE_CUIRE = Place("Rue de Cuire", 45.7790, 4.8300)
BOULEVARD = Place("Boulevard de la Croix-Rousse, côté Gros Caillou", 45.7753, 4.8372)
GRATTE_CIEL = Place("Villeurbanne, Gratte-Ciel", 45.7694, 4.8829)
VAISE = Place("Vaise, place Valmy", 45.7745, 4.8055)
# What the matching shows on purpose:
# - Amélie's wish to go down to the Saturday market finds Bernard's ride, and her seat on it is
#   confirmed: "my rides" shows it for both of them;
# - Chantal's Tuesday and Thursday mornings to Part-Dieu find Élodie's commute;
# - Bernard's trip to the station with his suitcase finds Claire's ride;
# - Didier's Sunday in Vaise finds nobody yet, so the gap shows.

LIVE = [Booking.Status.REQUESTED, Booking.Status.CONFIRMED]


def demo_user(email: str, display_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=PASSWORD, display_name=display_name)
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


def demo_swaps(quartier: Quartier, people: dict[str, User]) -> int:
    """Publishes, through the real service, the demo swaps that are missing; renews the demo
    swaps that have run out, so the demo feed is never empty. Returns how many were created."""
    created = 0
    for demo in DEMO_SWAPS:
        author = people[demo.author]
        swap = Swap.objects.filter(quartier=quartier, author=author, title=demo.title).first()
        if swap is None:
            fields = demo._asdict()
            del fields["author"], fields["kind"]
            swaps.swap_create(quartier=quartier, author=author, kind=demo.kind, **fields)
            created += 1
        elif swap.status == Swap.Status.ACTIVE and swap.is_expired:
            swaps.swap_renew(swap=swap, actor=author)
    return created


def demo_interest(quartier: Quartier, people: dict[str, User]) -> None:
    member_name, author_name, title, message = INTEREST
    member = people[member_name]
    swap = Swap.objects.get(quartier=quartier, author=people[author_name], title=title)
    if swap.is_open and not Exchange.objects.filter(swap=swap, member=member).exists():
        swaps.swap_express_interest(swap=swap, member=member, message=message)


def next_weekday(weekday: int) -> datetime.date:
    """The first ``weekday`` (0 is Monday) from tomorrow on: the demo rides are always ahead."""
    day = timezone.localdate() + datetime.timedelta(days=1)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return local_datetime(day, datetime.time(hour, minute))


def label(place: Place) -> str:
    return place.label or (place.point.name if place.point else "")


def demo_meeting_points(quartier: Quartier, claire: User) -> dict[str, Place]:
    points = {}
    for name, address, latitude, longitude in MEETING_POINTS:
        point = MeetingPoint.objects.filter(quartier=quartier, name__iexact=name).first()
        if point is None:
            point = rides.meeting_point_create(
                quartier=quartier,
                actor=claire,
                name=name,
                address=address,
                latitude=latitude,
                longitude=longitude,
            )
        points[name] = Place(point=point)
    return points


def still_open(now: datetime.datetime) -> Q:
    """A ride that is not over: its departure, or the last day of its period, is ahead."""
    return Q(kind=Ride.Kind.ONE_OFF, departs_at__gt=now) | Q(
        kind=Ride.Kind.REGULAR, valid_until__gte=timezone.localdate(now)
    )


def demo_ride(
    quartier: Quartier, driver: User, origin: Place, destination: Place, **fields: Any
) -> tuple[Ride, bool]:
    """The driver's open ride between these two places, published if there is none (the last
    one has left, or this is the first run). Says whether it is new."""
    ride = Ride.objects.filter(
        still_open(timezone.now()),
        quartier=quartier,
        driver=driver,
        status=Ride.Status.ACTIVE,
        origin_label=label(origin),
        destination_label=label(destination),
    ).first()
    if ride is not None:
        return ride, False
    ride = rides.ride_create(
        quartier=quartier, driver=driver, origin=origin, destination=destination, **fields
    )
    return ride, True


def demo_request(
    quartier: Quartier, passenger: User, origin: Place, destination: Place, **fields: Any
) -> tuple[RideRequest, bool]:
    now = timezone.now()
    request = RideRequest.objects.filter(
        Q(kind=Ride.Kind.ONE_OFF, latest_at__gt=now)
        | Q(kind=Ride.Kind.REGULAR, valid_until__gte=timezone.localdate(now)),
        quartier=quartier,
        passenger=passenger,
        status=RideRequest.Status.ACTIVE,
        origin_label=label(origin),
        destination_label=label(destination),
    ).first()
    if request is not None:
        return request, False
    request = rides.ride_request_create(
        quartier=quartier, passenger=passenger, origin=origin, destination=destination, **fields
    )
    return request, True


def demo_rides(
    quartier: Quartier, people: dict[str, User], points: dict[str, Place]
) -> tuple[dict[str, Ride], int]:
    """Publishes the demo rides that are not running any more. Returns the open demo rides by
    name, and how many were published now."""
    market, station = points["Marché Saint-Antoine"], points["Gare Part-Dieu"]
    square, caillou = points["Place de la Croix-Rousse"], points["Le Gros Caillou"]
    saturday, sunday = next_weekday(5), next_weekday(6)
    published = {
        "market": demo_ride(
            quartier,
            people["Bernard"],
            square,
            market,
            kind=Ride.Kind.ONE_OFF,
            departs_at=at(saturday, 9),
            seats=3,
            contribution_cents=0,
            detour_value=10,
            notes="Je descends au marché avec mon cabas, je remonte vers 11 h 30.",
        ),
        "Sunday market": demo_ride(
            quartier,
            people["Chantal"],
            square,
            market,
            kind=Ride.Kind.ONE_OFF,
            departs_at=at(sunday, 9, 30),
            seats=2,
            contribution_cents=0,
            detour_value=5,
            notes="Le grand marché du dimanche : je peux ramener vos courses lourdes.",
        ),
        "station": demo_ride(
            quartier,
            people["Claire"],
            square,
            station,
            kind=Ride.Kind.ONE_OFF,
            departs_at=at(in_days(3), 14),
            seats=2,
            luggage=True,
            contribution_cents=200,
            detour_value=10,
            notes="Je prends le train de 14 h 34 pour Marseille. Place pour une valise.",
        ),
    }
    published["commute"] = demo_ride(
        quartier,
        people["Élodie"],
        caillou,
        station,
        kind=Ride.Kind.REGULAR,
        weekly={1: datetime.time(7, 50), 3: datetime.time(7, 50)},
        valid_from=timezone.localdate(),
        valid_until=in_days(90),
        seats=3,
        contribution_cents=150,
        detour_value=10,
        notes="Les jours où je ne prends pas le vélo. Je travaille à côté de la gare.",
    )
    commute = published["commute"][0]
    # A return cancelled while trying the demo still holds the commute's return: a new one is
    # then a ride of its own (an open return is found above and left as it is).
    has_return = Ride.objects.filter(return_of=commute)
    published["commute back"] = demo_ride(
        quartier,
        people["Élodie"],
        station,
        caillou,
        kind=Ride.Kind.REGULAR,
        weekly={1: datetime.time(18, 15), 3: datetime.time(18, 15)},
        valid_from=timezone.localdate(),
        valid_until=in_days(90),
        seats=3,
        contribution_cents=150,
        detour_value=10,
        return_of=None if has_return.exists() else commute,
    )
    published["grandchildren"] = demo_ride(
        quartier,
        people["Didier"],
        square,
        GRATTE_CIEL,
        via=[station.point],
        kind=Ride.Kind.REGULAR,
        weekly={0: datetime.time(8, 15), 2: datetime.time(8, 15), 4: datetime.time(8, 15)},
        valid_from=timezone.localdate(),
        valid_until=in_days(90),
        seats=2,
        contribution_cents=200,
        detour_value=2,
        detour_unit=Ride.DetourUnit.KILOMETRES,
        notes="Je garde mes petits-enfants à Villeurbanne ; je passe par la gare Part-Dieu.",
    )
    return (
        {name: ride for name, (ride, _new) in published.items()},
        sum(1 for _ride, new in published.values() if new),
    )


def demo_requests(
    quartier: Quartier, people: dict[str, User], points: dict[str, Place]
) -> tuple[dict[str, RideRequest], int]:
    """Publishes the demo requests that are not open any more. Returns the open demo requests by
    name, and how many were published now."""
    market, station = points["Marché Saint-Antoine"], points["Gare Part-Dieu"]
    saturday, sunday = next_weekday(5), next_weekday(6)
    published = {
        "market": demo_request(
            quartier,
            people["Amélie"],
            RUE_D_AUSTERLITZ,
            market,
            kind=Ride.Kind.ONE_OFF,
            earliest_at=at(saturday, 8, 45),
            latest_at=at(saturday, 9, 30),
            notes="Mon chariot de courses se plie, il tient dans un coffre.",
        ),
        "library": demo_request(
            quartier,
            people["Chantal"],
            BOULEVARD,
            station,
            kind=Ride.Kind.REGULAR,
            weekdays=[1, 3],
            earliest_time=datetime.time(7, 30),
            latest_time=datetime.time(8, 15),
            valid_from=timezone.localdate(),
            valid_until=in_days(60),
            notes="Je suis bénévole à la bibliothèque de la Part-Dieu le mardi et le jeudi.",
        ),
        "station": demo_request(
            quartier,
            people["Bernard"],
            RUE_DE_CUIRE,
            station,
            kind=Ride.Kind.ONE_OFF,
            earliest_at=at(in_days(3), 13, 45),
            latest_at=at(in_days(3), 14, 30),
            notes="Un train pour Paris, avec une grosse valise.",
        ),
        "Vaise": demo_request(
            quartier,
            people["Didier"],
            points["Place de la Croix-Rousse"],
            VAISE,
            kind=Ride.Kind.ONE_OFF,
            earliest_at=at(sunday, 10),
            latest_at=at(sunday, 11),
            notes="Ma voiture sera au garage ; je vais déjeuner chez ma sœur.",
        ),
    }
    return (
        {name: request for name, (request, _new) in published.items()},
        sum(1 for _request, new in published.values() if new),
    )


def demo_booking(ride: Ride, people: dict[str, User]) -> None:
    """Amélie's seat on Bernard's ride to the market, asked and confirmed."""
    amelie, bernard = people["Amélie"], people["Bernard"]
    live = Booking.objects.filter(trip__ride=ride, passenger=amelie, status__in=LIVE)
    if live.filter(status=Booking.Status.CONFIRMED).exists():
        return
    booking = live.first()
    if booking is None:
        assert ride.departs_at is not None
        [booking] = rides.booking_request(
            ride=ride,
            passenger=amelie,
            dates=[timezone.localdate(ride.departs_at)],
            pickup_label=RUE_D_AUSTERLITZ.label,
            message="Bonjour Bernard, je vous attends au coin de la rue d'Austerlitz. Amélie",
        )
    rides.booking_accept(booking=booking, actor=bernard)


class Command(BaseCommand):
    help = (
        "Creates the demo quartier Croix-Rousse with a coordinator, residents, swaps and "
        "carpooling."
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
        self.stdout.write(self.style.SUCCESS("Demo quartier “Croix-Rousse” is ready."))
        self.stdout.write(f"  {len(DEMO_SWAPS)} knowledge swaps in its feed ({created} new).")
        self.stdout.write(
            f"  Carpooling: {len(points)} meeting points, {len(offered)} rides ({new_rides} new) "
            f"and {len(wanted)} requests ({new_requests} new)."
        )
        self.stdout.write(f"  Log in with any of these e-mails, password “{PASSWORD}”:")
        self.stdout.write(f"    {COORDINATOR[0]:<42} {COORDINATOR[1]} (coordinator)")
        for email, name in RESIDENTS:
            self.stdout.write(f"    {email:<42} {name}")
