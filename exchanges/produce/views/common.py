"""What the produce pages share: a refusal said in words (the site's timezone and the way
back are in `neighbourhood.pages`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def refusal(error: ValidationError) -> str:
    return " ".join(error.messages)
