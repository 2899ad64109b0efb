"""One place in a form, named in words: an address or a place's name, turned into coordinates.

Without JavaScript it takes two steps at most. The resident types words; the server looks
them up (the quartier's own places first, then the geocoder). One candidate: taken, and the
text shows what was understood. Several: the form comes back with them as radio buttons under
the text, the rest of what was typed kept. None, or no geocoder: a sentence says what to do.
With JavaScript, static/js/places.js suggests candidates as one types and fills the same
hidden fields, so the server takes the choice without asking again.

Each place adds three fields to its form: ``{prefix}_label`` (the words, or ``text_name``),
``{prefix}_place``
(the candidate chosen, hidden, or the radio buttons) and ``{prefix}_query`` (the words the
candidates were found for: words changed since then are looked up again).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from neighbourhood.places.geocoding import Candidate, GeocoderUnavailable
from neighbourhood.places.sources import find_places
from neighbourhood.quartiers.models import Quartier

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


EXAMPLE = _("An address or the name of a place, for example “12 rue d’Austerlitz, Lyon”.")


@dataclass(frozen=True)
class PlaceLabels:
    text: StrOrPromise  # the words' field
    choice: StrOrPromise  # the radio buttons' legend, naming the place
    help_text: StrOrPromise = EXAMPLE


# The score (0 to 1) a candidate needs to give coordinates to words that may stand alone.
LENIENT_SCORE = 0.5

# What static/js/places.js says as it suggests places, in the page's language.
SUGGESTION_WORDS = {
    "autocomplete": "off",
    "data-say-list": _("Places found"),
    "data-say-one": _("1 place found: choose it with the down arrow and Enter."),
    "data-say-many": _("%(count)s places found: choose one with the arrows and Enter."),
    "data-say-none": _("No place found yet: keep typing, or add the town."),
    "data-say-down": _(
        "Addresses cannot be looked up just now. Please try again in a few minutes."
    ),
}


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


class PlaceInput:
    """The fields of one place of ``form``, and how its words become a `Candidate`."""

    def __init__(
        self,
        form: forms.BaseForm,
        prefix: str,
        *,
        labels: PlaceLabels,
        quartier: Quartier | None = None,
        near: tuple[float, float] | None = None,
        required: bool = True,
        has_alternative: bool = False,
        suggest: bool = True,
        text_name: str = "",
        lenient: bool = False,
    ) -> None:
        """``lenient``: the words may stand alone, without coordinates, unless one place is
        found for sure (a farm's village: the coordinates are a bonus)."""
        self.form, self.prefix, self.labels = form, prefix, labels
        self.quartier, self.near = quartier, near
        self.required, self.has_alternative = required, has_alternative
        self.lenient = lenient
        self.text_name, self.choice_name = text_name or f"{prefix}_label", f"{prefix}_place"
        self.query_name = f"{prefix}_query"
        attrs: dict[str, Any] = {**SUGGESTION_WORDS, "data-place": prefix}
        # Suggestions are for signed-in residents (and a quartier's own places for its members).
        if suggest:
            url = reverse("places:suggest")
            attrs["data-suggest"] = f"{url}?quartier={quartier.slug}" if quartier else url
        form.fields[self.text_name] = forms.CharField(
            label=labels.text,
            max_length=200,
            # Marked required where nothing else can say where (no meeting point to choose).
            required=required and not has_alternative,
            error_messages={"required": self._empty_message()},
            help_text=labels.help_text,
            widget=forms.TextInput(attrs=attrs),
        )
        form.fields[self.choice_name] = forms.CharField(required=False, widget=forms.HiddenInput)
        form.fields[self.query_name] = forms.CharField(required=False, widget=forms.HiddenInput)

    def resolve(self, data: dict[str, Any]) -> Candidate | None:
        """The place the words mean, or None with an error added to the form (or no words,
        when the place is not required)."""
        if self.form.has_error(self.text_name):
            return None
        text = " ".join((data.get(self.text_name) or "").split())
        chosen = Candidate.from_value(data.get(self.choice_name) or "")
        if chosen is not None and _same(data.get(self.query_name) or "", text):
            return chosen  # chosen among candidates found for these very words
        if not text:
            if self.required:
                self.form.add_error(self.text_name, self._empty_message())
            return None
        try:
            found = find_places(query=text, quartier=self.quartier, near=self.near)
        except GeocoderUnavailable:
            if not self.lenient:
                self.form.add_error(self.text_name, self._unavailable_message())
            return None
        if self.lenient:
            # No second step for a bonus: only one confident candidate gives coordinates.
            sure = [candidate for candidate in found if candidate.score >= LENIENT_SCORE]
            return sure[0] if len(sure) == 1 else None
        if not found:
            self.form.add_error(self.text_name, self._nothing_message() % {"text": text})
            return None
        if len(found) == 1:
            self._keep(found[0].label, found[0].value)
            return found[0]
        self._offer(text, found)
        return None

    def _keep(self, text: str, value: str) -> None:
        """Shows the words as understood, and sends the choice back with the next submit (the
        form may come back for another field)."""
        data = self._data()
        data[self.text_name], data[self.choice_name], data[self.query_name] = text, value, text
        self.form.data = data

    def _offer(self, text: str, found: list[Candidate]) -> None:
        self.form.fields[self.choice_name] = forms.ChoiceField(
            label=self.labels.choice,
            choices=[(candidate.value, candidate.display) for candidate in found],
            widget=forms.RadioSelect,
        )
        # The form has already bound the hidden field: it binds the radio buttons instead.
        self.form._bound_fields_cache.pop(self.choice_name, None)  # type: ignore[attr-defined]
        data = self._data()
        data[self.query_name] = text
        if not any(candidate.value == data.get(self.choice_name) for candidate in found):
            data[self.choice_name] = ""
        self.form.data = data
        self.form.add_error(
            self.choice_name,
            _("Several places match “%(text)s”: choose the right one.") % {"text": text},
        )

    def _data(self) -> dict[str, Any]:
        """A copy of the form's data that can be changed (a QueryDict's copy can)."""
        return self.form.data.copy()  # type: ignore[attr-defined]

    def _empty_message(self) -> StrOrPromise:
        if self.has_alternative:
            return _("Choose a meeting point, or type an address or the name of a place.")
        return _("Type an address or the name of a place.")

    def _unavailable_message(self) -> StrOrPromise:
        if self.has_alternative:
            return _(
                "Addresses cannot be looked up just now. Choose a meeting point, or try again "
                "in a few minutes."
            )
        return _("Addresses cannot be looked up just now. Please try again in a few minutes.")

    def _nothing_message(self) -> StrOrPromise:
        if self.has_alternative:
            return _(
                "No place found for “%(text)s”. Check the spelling, add the town, or choose a "
                "meeting point."
            )
        return _("No place found for “%(text)s”. Check the spelling, or add the town.")
