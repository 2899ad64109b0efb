"""The key that finds a member's ballot again, and nothing else.

``ballot_key`` is an HMAC-SHA256 of (consultation, member) under a secret derived from
``CONSULTATIONS_BALLOT_SECRET`` (the site's ``SECRET_KEY`` unless set). It is computed on each
request and stored only as the ballot's ``key``: whoever reads the database alone (an export, a
backup) holds no column that joins a ballot to a person. Changing that secret while a vote is
open would lose the members' way back to their ballots (they could not change them any more),
so it is a setting of its own, kept when the site's key is rotated.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

SALT = "voisinage.consultations.ballot"


def ballot_secret() -> str:
    return getattr(settings, "CONSULTATIONS_BALLOT_SECRET", "") or settings.SECRET_KEY


def ballot_key(*, consultation_id: int, member_id: int) -> str:
    return salted_hmac(
        SALT, f"{consultation_id}:{member_id}", secret=ballot_secret(), algorithm="sha256"
    ).hexdigest()


def paper_ballot_key() -> str:
    """A paper ballot belongs to no one: a random key of the same shape."""
    return secrets.token_hex(32)
