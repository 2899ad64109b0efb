"""The demo's knowledge swaps: what each resident offers and asks for, chosen so that the
matching shows a reciprocal pair, a three-cycle and some gaps, and Bernard's interest in
Amélie's Spanish."""

from typing import NamedTuple

from exchanges.swaps import services as swaps
from exchanges.swaps.models import Exchange, Swap
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier


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
