"""The suggestions page of a member in a busy quartier: what fits their swaps, and their
three-cycles, among thousands of open swaps."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import reset_queries
from django.utils import timezone

from bench.common import Row, measure
from bench.feed_pages import analyze
from exchanges.swaps import matching, selectors
from exchanges.swaps.models import Swap
from exchanges.swaps.words import display_tags, match_keys
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.quartiers.selectors import active_quartier_ids

NAME = "swap matches"
SWAPS = 5_000
AUTHORS = 800
BATCH = 2_000
UNUSABLE = make_password(None)  # the authors never log in
# (category, title, tags): what residents of a quartier offer and ask for.
SUBJECTS = [
    ("languages", "Conversation en espagnol", "espagnol, conversation"),
    ("languages", "Anglais pour voyager", "anglais, voyage"),
    ("languages", "Italien débutant", "italien"),
    ("languages", "Allemand au quotidien", "allemand, conversation"),
    ("languages", "Arabe littéraire", "arabe, écriture"),
    ("languages", "Langue des signes", "langue des signes, LSF"),
    ("languages", "Français langue étrangère", "français, FLE"),
    ("cooking", "Cuisine italienne", "cuisine italienne, pâtes fraîches"),
    ("cooking", "Pain au levain", "pain, levain"),
    ("cooking", "Pâtisserie française", "pâtisserie, gâteaux"),
    ("cooking", "Confitures et conserves", "confitures, conserves"),
    ("cooking", "Cuisine végétarienne", "végétarien, légumes"),
    ("cooking", "Cuisine libanaise", "cuisine libanaise, mezze"),
    ("digital", "Utiliser son smartphone", "smartphone, téléphone"),
    ("digital", "Premiers pas sur l'ordinateur", "ordinateur, internet"),
    ("digital", "Démarches administratives en ligne", "démarches, internet"),
    ("digital", "Appels vidéo avec la famille", "visio, smartphone"),
    ("digital", "Ranger ses photos numériques", "photos, ordinateur"),
    ("digital", "Tableur et budget", "tableur, budget"),
    ("diy", "Réparer son vélo", "vélo, réparation"),
    ("diy", "Couture à la machine", "couture, machine à coudre"),
    ("diy", "Petite plomberie", "plomberie, fuite"),
    ("diy", "Monter une étagère", "bricolage, perceuse"),
    ("diy", "Repeindre une pièce", "peinture, bricolage"),
    ("diy", "Réparer un grille-pain", "électroménager, réparation"),
    ("gardening", "Potager sur le balcon", "potager, balcon"),
    ("gardening", "Tailler les rosiers", "rosiers, taille"),
    ("gardening", "Compost en appartement", "compost, lombricompost"),
    ("gardening", "Plantes aromatiques", "aromatiques, semis"),
    ("gardening", "Permaculture au jardin partagé", "permaculture, jardin partagé"),
    ("music_arts", "Guitare pour débutants", "guitare, accords"),
    ("music_arts", "Aquarelle en plein air", "aquarelle, peinture"),
    ("music_arts", "Chant choral", "chant, chorale"),
    ("music_arts", "Photographie reflex", "photographie, appareil photo"),
    ("music_arts", "Piano : lire une partition", "piano, solfège"),
    ("music_arts", "Tricot et crochet", "tricot, crochet"),
    ("sport", "Yoga doux", "yoga, étirements"),
    ("sport", "Marche nordique", "marche nordique, bâtons"),
    ("sport", "Tai-chi au parc", "tai chi, équilibre"),
    ("sport", "Course à pied", "course, footing"),
    ("sport", "Pétanque", "pétanque"),
    ("homework", "Maths au collège", "mathématiques, collège"),
    ("homework", "Français au lycée", "français, lycée, dissertation"),
    ("homework", "Physique-chimie", "physique, chimie, lycée"),
    ("homework", "Anglais au collège", "anglais, collège"),
    ("other", "Échecs", "échecs, jeux de société"),
    ("other", "Remplir ses papiers", "démarches, papiers"),
    ("other", "Premiers secours", "secourisme, gestes qui sauvent"),
    ("other", "Généalogie", "généalogie, archives"),
]
LEVELS = ["", " pour débutants", " : se perfectionner", " le samedi", " en petit groupe"]
DESCRIPTION = (
    f"one quartier with {SWAPS:,} open swaps (half offers, half requests) by {AUTHORS} members, "
    f"titles and tags drawn from {len(SUBJECTS)} subjects over the 9 categories, 4 titles in 5 "
    "with a common ending ('pour débutants', 'le samedi'…); `swaps.selectors.suggestions_for` "
    "for a member with 3 swaps (what the suggestions page calls), then its parts: "
    "`matching.suggestions_for` (the query loading the cards and the work in memory), "
    "`matching.load_cards` alone and `matching.three_cycles` alone (index built beforehand). "
    "The ratio is the share of the whole, each part measured on its own."
)
MINE = [  # the member whose suggestions are measured
    (Swap.Kind.REQUEST, "languages", "Conversation en espagnol", "espagnol, conversation"),
    (Swap.Kind.REQUEST, "diy", "Réparer son vélo", "vélo, réparation"),
    (Swap.Kind.OFFER, "cooking", "Cuisine italienne", "cuisine italienne, pâtes fraîches"),
]


def swap(quartier: Quartier, author: User, kind: str, category: str, title: str, tags: str) -> Swap:
    moment = timezone.now()
    return Swap(
        quartier=quartier,
        author=author,
        kind=kind,
        title=title,
        description="Une heure par semaine, au local associatif ou chez moi.",
        category=category,
        tags=display_tags(tags),
        match_keys=match_keys(tags=display_tags(tags), title=title),
        ends_on=timezone.localdate() + datetime.timedelta(days=60),
        created_at=moment,
        updated_at=moment,
    )


def populate() -> User:
    rng = random.Random(SWAPS)
    quartier = Quartier.objects.create(
        name="Quartier animé", slug="bench-matches", latitude=45.76, longitude=4.84
    )
    authors = User.objects.bulk_create(
        User(email=f"swap-author-{i}@bench.example", display_name=f"Voisin {i}", password=UNUSABLE)
        for i in range(AUTHORS)
    )
    member = User.objects.create_user(email="swap-member@bench.example", display_name="Membre")
    Membership.objects.bulk_create(
        Membership(quartier=quartier, user=user) for user in [*authors, member]
    )
    swaps = [swap(quartier, member, kind, *subject) for kind, *subject in MINE]
    for i in range(SWAPS - len(MINE)):
        category, title, tags = rng.choice(SUBJECTS)
        kind = Swap.Kind.OFFER if i % 2 else Swap.Kind.REQUEST
        title += rng.choice(LEVELS)
        swaps.append(swap(quartier, rng.choice(authors), kind, category, title, tags))
    Swap.objects.bulk_create(swaps, batch_size=BATCH)
    analyze(Swap, Membership, User)
    reset_queries()  # the log keeps 9,000 queries; once full, a capture counts none
    return member


def run() -> list[Row]:
    member = populate()
    found = selectors.suggestions_for(user=member)
    assert len(found.swaps) == len(MINE), "the member's three swaps are matched"
    shown = sum(len(matches) for _swap, matches in found.swaps)
    whole = measure(lambda: selectors.suggestions_for(user=member))
    core = measure(lambda: matching.suggestions_for(user=member))
    ids = active_quartier_ids(user_id=member.pk)
    cards = measure(lambda: matching.load_cards(quartier_ids=ids))
    index = matching.Index(matching.load_cards(quartier_ids=ids))
    cycles = measure(lambda: matching.three_cycles(index, member.pk))
    case = f"{SWAPS:,} swaps"

    def part(name: str, timing: tuple[float, float, int]) -> Row:
        return Row(NAME, f"{case}, of which {name}", *timing, f"{timing[0] / whole[0]:.0%}")

    return [
        Row(
            NAME,
            f"{case}, suggestions selector ({shown} matches shown, {len(found.cycles):,} cycles)",
            *whole,
            "100%",
        ),
        part("matching (cards, pairs, cycles)", core),
        part("loading the cards", cards),
        part("three-cycles in memory", cycles),
    ]
