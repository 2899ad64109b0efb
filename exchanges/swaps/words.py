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


def normalize_tags(raw: str | list[str]) -> list[str]:
    """Free tags typed by residents, separated by commas: "Espagnol, conversation"."""
    parts = raw.split(",") if isinstance(raw, str) else raw
    seen: dict[str, None] = {}
    for part in parts:
        tag = " ".join(WORD.findall(plain(part)))
        if tag:
            seen.setdefault(stem(tag) if " " not in tag else tag, None)
    return list(seen)[:10]
