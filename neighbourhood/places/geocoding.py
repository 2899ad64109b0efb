"""The geocoder client: words in, candidate places out.

It speaks addok's protocol, that of the French national address base: ``GET {GEOCODER_URL}
/search/?q=…&lat=…&lon=…&limit=…`` answers a GeoJSON FeatureCollection whose features carry a
``label`` and a ``score``. Anything but a good answer in time (no URL set, refused, slow, not
JSON, not GeoJSON) is one exception, `GeocoderUnavailable`, which the forms turn into a plain
sentence; its message is for the logs only.
"""

from __future__ import annotations

import json
import logging
import math
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200  # addok refuses longer queries
# A candidate much weaker than the best is not worth a choice: "la gare" finds the stations,
# not also the boulevard that happens to have "la" in its name.
RELATIVE_SCORE = 0.8


class GeocoderUnavailable(Exception):
    """The geocoder could not be asked, or did not answer in time, or answered nonsense."""


@dataclass(frozen=True)
class Candidate:
    """A place that words may mean: what to call it, and where it is. ``ref`` names a place of
    the quartier (``meeting_point:12``); ``note`` says what kind of place it is, for a list."""

    label: str
    latitude: float
    longitude: float
    score: float = 1.0
    ref: str = ""
    note: str = ""

    @property
    def value(self) -> str:
        """The candidate as a form sends it back: coordinates, reference and label."""
        return f"{self.latitude:.6f};{self.longitude:.6f};{self.ref};{self.label}"

    @classmethod
    def from_value(cls, value: str) -> Candidate | None:
        """The candidate a form sent back, or None when the value is not one."""
        parts = value.split(";", 3)
        if len(parts) != 4 or not parts[3].strip():
            return None
        try:
            latitude, longitude = float(parts[0]), float(parts[1])
        except ValueError:
            return None
        if not (math.isfinite(latitude) and math.isfinite(longitude)):
            return None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            return None
        return cls(
            label=parts[3].strip()[:200], latitude=latitude, longitude=longitude, ref=parts[2]
        )

    @property
    def display(self) -> str:
        return f"{self.label} ({self.note})" if self.note else self.label


def geocode(
    query: str, *, near: tuple[float, float] | None = None, limit: int = 5
) -> list[Candidate]:
    """The places ``query`` may mean, best first, biased towards ``near`` (latitude, longitude).

    Raises `GeocoderUnavailable` when no geocoder is set or it fails to answer well in time.
    """
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if not query:
        return []
    if not settings.GEOCODER_URL:
        raise GeocoderUnavailable("GEOCODER_URL is not set")
    params: dict[str, Any] = {"q": query, "limit": limit}
    if near is not None:
        params |= {"lat": f"{near[0]:.6f}", "lon": f"{near[1]:.6f}"}
    url = f"{settings.GEOCODER_URL}/search/?{urlencode(params)}"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        # The URL's scheme is checked by the settings (http or https only).
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=settings.GEOCODER_TIMEOUT
        ) as response:
            answer = json.load(response)
    except (OSError, ValueError) as error:  # URLError, timeouts, resets; bad JSON
        logger.warning("The geocoder did not answer %r: %s", query, error)
        raise GeocoderUnavailable(str(error)) from error
    try:
        return _candidates(answer)
    except (KeyError, TypeError, ValueError, IndexError) as error:
        logger.warning("The geocoder answered %r with something else than GeoJSON", query)
        raise GeocoderUnavailable("not a GeoJSON FeatureCollection") from error


def _candidates(answer: Any) -> list[Candidate]:
    found: list[Candidate] = []
    for feature in answer["features"]:
        longitude, latitude = (float(n) for n in feature["geometry"]["coordinates"][:2])
        properties = feature["properties"]
        label = str(properties["label"]).strip()
        score = float(properties.get("score", 1.0))
        if not label or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            continue
        found.append(Candidate(label=label, latitude=latitude, longitude=longitude, score=score))
    if not found:
        return []
    best = max(candidate.score for candidate in found)
    return [candidate for candidate in found if candidate.score >= best * RELATIVE_SCORE]
