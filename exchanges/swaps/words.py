"""The words that matching compares: lower case, without accents, without the small words of
French and English, and without a final plural "s" or "x"."""

from __future__ import annotations

import re
import unicodedata

STOP_WORDS = frozenset(
    """
    a au aux avec ce ces cet cette dans de des du elle en et eux il je la le les leur lui ma mais
    me mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi
    ton tu un une vos votre vous y est sont suis etre avoir faire apprendre enseigner cours aide
    aider besoin cherche propose veux voudrais peux sais bien tres plus comment
    an and are as at be by can for from how i in into is it learn me my of on or teach the to
    want would with you your help lessons lesson some
    debutant debutants initiation niveau groupe petit petite samedi dimanche lundi mardi mercredi
    jeudi vendredi matin soir semaine heure heures atelier ateliers beginner beginners group
    """.split()  # noqa: SIM905 (a list of words reads better as text)
)
WORD = re.compile(r"[a-z0-9]+")


def plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def stem(word: str) -> str:
    if len(word) > 4 and word[-1] in "sx":
        return word[:-1]
    return word


def keywords(text: str) -> list[str]:
    """The words of ``text`` worth comparing, each once, in the order they come."""
    seen: dict[str, None] = {}
    for word in WORD.findall(plain(text)):
        if len(word) >= 3 and word not in STOP_WORDS:
            seen.setdefault(stem(word), None)
    return list(seen)


def tag_key(tag: str) -> str:
    """The form a tag is compared in: "Vélos " and "velo" are the same tag."""
    words = WORD.findall(plain(tag))
    return "_".join(stem(word) for word in words)


def display_tags(raw: str | list[str]) -> list[str]:
    """Free tags as the resident typed them ("Espagnol, conversation"), trimmed, each once
    (whatever its accents or case), ten at most."""
    parts = raw.split(",") if isinstance(raw, str) else raw
    seen: dict[str, str] = {}
    for part in parts:
        tag = " ".join(str(part).split())[:40]
        key = tag_key(tag)
        if key and key not in seen:
            seen[key] = tag
    return list(seen.values())[:10]


def match_keys(*, tags: list[str], title: str) -> str:
    """What matching compares, as one line of text: "t:velo t:machine_a_coudre w:reparer".

    Plain text rather than JSON: loading 5,000 swaps to match them decodes it ten times faster.
    """
    keys = [f"t:{tag_key(tag)}" for tag in tags] + [f"w:{word}" for word in keywords(title)]
    return " ".join(dict.fromkeys(keys))
