"""The directory's writes, by what they do: `places` (suggesting, adding, deciding, changing
and withdrawing a place), `opening` (its week of hours and closed periods, checked and
replaced as a whole) and `names` (a place's name, the quartier's once). Callers import from
here: ``from neighbourhood.places import services`` and ``services.place_create(...)``."""

from neighbourhood.places.services.names import name_taken, name_taken_error, save_named
from neighbourhood.places.services.opening import (
    MAX_CLOSED_PERIODS,
    MAX_INTERVALS_A_DAY,
    MAX_PERIOD_DAYS,
    Closing,
    Hours,
)
from neighbourhood.places.services.places import (
    PLACE_EDITABLE,
    place_approve,
    place_create,
    place_decline,
    place_edit,
    place_withdraw,
    sync_feed,
)

__all__ = [
    "MAX_CLOSED_PERIODS",
    "MAX_INTERVALS_A_DAY",
    "MAX_PERIOD_DAYS",
    "PLACE_EDITABLE",
    "Closing",
    "Hours",
    "name_taken",
    "name_taken_error",
    "place_approve",
    "place_create",
    "place_decline",
    "place_edit",
    "place_withdraw",
    "save_named",
    "sync_feed",
]
