"""The suggestions page of a member in a busy quartier: what fits their swaps, and their
three-cycles, among thousands of open swaps."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from functools import partial

from django.contrib.auth.hashers import make_password
from django.db import connection, reset_queries
from django.utils import timezone

from bench import swap_matching_in_memory as before
from bench.common import Row, interleaved, scaled
from bench.feed_pages import analyze
from exchanges.swaps import matching, selectors
from exchanges.swaps.models import Swap, SwapKey
from exchanges.swaps.words import display_tags, match_keys
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership, Quartier

NAME = "swap matches"
SWAPS_PER_AUTHOR = 6  # 5,000 swaps by 800 members, as the quartier measured before
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
SIZES = (scaled(5_000), scaled(20_000))
DESCRIPTION = (
    f"two quartiers, of {SIZES[0]:,} and {SIZES[1]:,} open swaps (half offers, half requests), "
    f"one member a {SWAPS_PER_AUTHOR} swaps, titles and tags drawn from {len(SUBJECTS)} subjects "
    "over the 9 categories, 4 titles in 5 with a common ending ('pour débutants', 'le samedi'…); "
    "in each, `swaps.selectors.suggestions_for` for a member with 3 swaps (what the suggestions "
    "page calls: the matching index, then the swaps shown), against the in-memory matching it "
    "replaced (`bench/swap_matching_in_memory.py`: the quartier's open swaps loaded and indexed "
    "on each view, then the same selector's loads). Both sizes and both ways timed in turn; the "
    "suggestions of both ways are checked identical (every match's swap, score, strength and "
    "reciprocity, in order, and the three-cycles) before timing. Ratios: the index at the large "
    "size against the index at the small one, and the reference against the index at one size."
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


def populate(size: int) -> User:
    """A quartier of ``size`` open swaps, and the member whose suggestions are read."""
    rng = random.Random(size)
    quartier = Quartier.objects.create(
        name=f"Quartier animé {size}", slug=f"bench-matches-{size}", latitude=45.76, longitude=4.84
    )
    authors = User.objects.bulk_create(
        User(
            email=f"swap-author-{size}-{i}@bench.example",
            display_name=f"Voisin {i}",
            password=UNUSABLE,
        )
        for i in range(max(1, size // SWAPS_PER_AUTHOR))
    )
    member = User.objects.create_user(
        email=f"swap-member-{size}@bench.example", display_name="Membre"
    )
    Membership.objects.bulk_create(
        Membership(quartier=quartier, user=user) for user in [*authors, member]
    )
    swaps = [swap(quartier, member, kind, *subject) for kind, *subject in MINE]
    for i in range(size - len(MINE)):
        category, title, tags = rng.choice(SUBJECTS)
        kind = Swap.Kind.OFFER if i % 2 else Swap.Kind.REQUEST
        title += rng.choice(LEVELS)
        swaps.append(swap(quartier, rng.choice(authors), kind, category, title, tags))
    created = Swap.objects.bulk_create(swaps, batch_size=BATCH)
    # What the services write for each swap, written at once for the bulk load.
    matching.index_rebuild(Swap.objects.filter(pk__in=[s.pk for s in created]))
    analyze(Swap, Membership, User)
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load: the statistics, and the visibility map that
        # lets the matching index answer from the index alone.
        cursor.execute(f"VACUUM ANALYZE {SwapKey._meta.db_table}")
    reset_queries()  # the log keeps 9,000 queries; once full, a capture counts none
    return member


def before_selector(member: User) -> None:
    """The page's selector as it was: the in-memory matching, then the same loads of the swaps
    shown and of the people in cycles."""
    matches, cycles = before.shown(user=member, per_swap=matching.PER_SWAP)
    shown = set(matches) | {m[0] for fitting in matches.values() for m in fitting}
    selectors.with_exchange_counts(Swap.objects.select_related("author", "quartier")).in_bulk(shown)
    User.objects.in_bulk({uid for cycle in cycles for uid in cycle[1:]})


def run() -> list[Row]:
    small = SIZES[0]
    members = {size: populate(size) for size in SIZES}
    described = {}
    for size, member in members.items():
        # Both ways suggest the same, or the comparison means nothing.
        assert matching.shown(user=member) == before.shown(
            user=member, per_swap=matching.PER_SWAP
        ), f"the index and the in-memory matching differ at {size:,} swaps"
        found = selectors.suggestions_for(user=member)
        assert len(found.swaps) == len(MINE), "the member's three swaps are matched"
        shown = sum(len(matches) for _swap, matches in found.swaps)
        described[size] = f"{shown} matches shown, {len(found.cycles)} cycles"
    actions: dict[str, Callable[[], object]] = {}
    for size, member in members.items():
        actions[f"index {size}"] = partial(selectors.suggestions_for, user=member)
        actions[f"before {size}"] = partial(before_selector, member)
    timing = interleaved(actions, repeat=20)
    rows = []
    for size in SIZES:
        index, old = timing[f"index {size}"], timing[f"before {size}"]
        growth = (
            "1.0× (the small quartier)"
            if size == small
            else f"{index.median_ms / timing[f'index {small}'].median_ms:.2f}× the index at "
            f"{small:,}"
        )
        rows.append(
            Row(
                NAME,
                f"{size:,} swaps, suggestions selector with the index ({described[size]})",
                index.median_ms,
                index.p90_ms,
                index.queries,
                growth,
            )
        )
        rows.append(
            Row(
                NAME,
                f"{size:,} swaps, in-memory matching before (same results)",
                old.median_ms,
                old.p90_ms,
                old.queries,
                f"{old.median_ms / index.median_ms:.1f}× the index at {size:,}",
            )
        )
    return rows
