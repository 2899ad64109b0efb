"""What the produce pages share: a refusal said in words, and a confirmation said next to what it
confirms (the site's timezone and the way back are in `neighbourhood.pages`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

# An action taken on a card (a role, a member on the pick-up list, a payment) reopens the page at
# that card, a screen or more below the messages on top of the page: its confirmation is said in
# the card. The card's id travels with the message, in its `extra_tags`.
_PLACE = "place:"


def refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


def say_at(request: HttpRequest, place: str, text: str, *, level: int = messages.SUCCESS) -> None:
    """A message for the next page, said in the element whose id is `place` when the page gives
    it a place (see `Notes`), else on top as any other."""
    messages.add_message(request, level, text, extra_tags=f"{_PLACE}{place}")


@dataclass(frozen=True)
class Note:
    """A message, as the page shows it."""

    text: str
    tags: str  # its level ("success", "error"): the look of its box, as base.html reads it

    def __str__(self) -> str:
        return self.text


class Notes:
    """The messages waiting for this page: each card takes its own (`at`), base.html shows the
    rest on top (`on_top`, passed as the template's `messages`)."""

    def __init__(self, request: HttpRequest) -> None:
        self._by_place: dict[str, list[Note]] = defaultdict(list)
        # Iterating marks them read: they are not shown again on the next page.
        for message in messages.get_messages(request):
            tags = message.extra_tags or ""
            place = tags.removeprefix(_PLACE) if tags.startswith(_PLACE) else ""
            self._by_place[place].append(Note(str(message.message), message.level_tag))

    def at(self, place: str) -> list[Note]:
        return self._by_place.pop(place, [])

    def on_top(self) -> list[Note]:
        """Those no card took (a card gone since, a message for the whole page)."""
        return [note for notes in self._by_place.values() for note in notes]
