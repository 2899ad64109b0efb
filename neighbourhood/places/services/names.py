"""A place's name is the quartier's once: no two places of a quartier that are not withdrawn
(in the directory, a meeting point of the rides, or a member's suggestion waiting) share a
name, whatever its case. The database keeps it too (``one_place_name``, exact case), for two
people saving at the same moment; either way the refusal is in words."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from neighbourhood.places.models import Place


def name_taken(place: Place) -> bool:
    """Whether another place of the quartier that is not withdrawn (in the directory, a
    meeting point, or a member's suggestion still waiting) has this name, whatever its case."""
    return (
        Place.objects.filter(quartier_id=place.quartier_id, name__iexact=place.name)
        .exclude(status=Place.Status.WITHDRAWN)
        .exclude(pk=place.pk)
        .exists()
    )


def name_taken_error() -> ValidationError:
    """The same words whoever holds the name: they never tell of another member's
    suggestion."""
    return ValidationError({"name": [_("This quartier already has a place by that name.")]})


def save_named(place: Place) -> None:
    """Save the place; a name another place took meanwhile (the unique constraint
    ``one_place_name``, met when two people save at once) is refused in words, not a server
    error. The save is in its own savepoint, so the transaction around it goes on."""
    try:
        with transaction.atomic():
            place.save()
    except IntegrityError:
        if name_taken(place):
            raise name_taken_error() from None
        raise
