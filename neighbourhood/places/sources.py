"""Where a place named in words may be: first the quartier's own places (its meeting points,
and whatever later app registers a source here), then the geocoder's candidates near the
quartier. An upper app registers its places in its ``AppConfig.ready()``, so that this module
knows nothing of it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from neighbourhood.places.geocoding import Candidate, GeocoderUnavailable, geocode
from neighbourhood.quartiers.models import Quartier

MAX_CANDIDATES = 6
# Words that say nothing of where: "la gare" is the station, "de la Croix-Rousse" the quarter.
_STOP_WORDS = {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "the"}

PlaceSource = Callable[[Quartier, str], list[Candidate]]
_sources: list[PlaceSource] = []


def register_place_source(source: PlaceSource, *, first: bool = False) -> None:
    """``first``: its places come before those of the sources already registered."""
    if source not in _sources:
        _sources.insert(0, source) if first else _sources.append(source)


def words(text: str) -> list[str]:
    """The words of ``text`` that name a place, lower-case and without accents."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return [word for word in re.split(r"[^0-9a-z]+", plain) if word and word not in _STOP_WORDS]


def names_match(query: str, names: Iterable[str]) -> bool:
    """Whether every word of ``query`` begins a word of one of ``names`` ("gare" finds "Gare
    Part-Dieu", "croix rou" finds "Place de la Croix-Rousse")."""
    wanted = words(query)
    known = [word for name in names for word in words(name)]
    return bool(wanted) and all(any(k.startswith(w) for k in known) for w in wanted)


def quartier_places(*, quartier: Quartier, query: str) -> list[Candidate]:
    return [candidate for source in _sources for candidate in source(quartier, query)]


def find_places(
    *, query: str, quartier: Quartier | None = None, near: tuple[float, float] | None = None
) -> list[Candidate]:
    """The places ``query`` may mean: the quartier's own first, then the geocoder's near the
    quartier (or ``near``). Raises `GeocoderUnavailable` only when the quartier has none."""
    own = quartier_places(quartier=quartier, query=query) if quartier is not None else []
    if near is None and quartier is not None:
        near = (quartier.latitude, quartier.longitude)
    try:
        found = geocode(query, near=near, limit=MAX_CANDIDATES)
    except GeocoderUnavailable:
        if own:
            return own[:MAX_CANDIDATES]
        raise
    seen = {candidate.label.casefold() for candidate in own}
    return (own + [c for c in found if c.label.casefold() not in seen])[:MAX_CANDIDATES]


PLACE_REF = "place:"


def directory_places(quartier: Quartier, query: str) -> list[Candidate]:
    """The quartier's approved places (but meeting points, which rides name themselves) whose
    name or address the words name: registered first, so they lead any place field."""
    from neighbourhood.places.selectors import places_named  # the models load after this module

    return [
        Candidate(
            label=place.name,
            latitude=place.latitude,
            longitude=place.longitude,
            ref=f"{PLACE_REF}{place.pk}",
            note=str(place.get_kind_display()).lower(),
        )
        for place in places_named(quartier=quartier).exclude(latitude__isnull=True)
        if place.latitude is not None
        and place.longitude is not None
        and names_match(query, [place.name, place.address])
    ]
