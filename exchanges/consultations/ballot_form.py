"""The ballot as a form, without a script: a radio group for a single choice, checkboxes for
approval, one fieldset of seven radios per option for majority judgment (never a slider), one
fieldset of yes / if needed / no per date, a text area for an open question. The form checks
that every field is answered; the service checks the rest (`services.ballots.check_marks`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from exchanges.consultations.models import OPEN_ANSWER_MAX_LENGTH, Consultation, Option
from exchanges.consultations.options import date_label

Method = Consultation.Method

# From the best to the worst, as they are read out: 6 Excellent … 0 To reject.
GRADE_CHOICES = [
    ("6", pgettext_lazy("grade", "Excellent")),
    ("5", pgettext_lazy("grade", "Very good")),
    ("4", pgettext_lazy("grade", "Good")),
    ("3", pgettext_lazy("grade", "Fairly good")),
    ("2", pgettext_lazy("grade", "Passable")),
    ("1", pgettext_lazy("grade", "Insufficient")),
    ("0", pgettext_lazy("grade", "To reject")),
]
DATE_CHOICES = [
    ("2", pgettext_lazy("date poll", "Yes")),
    ("1", pgettext_lazy("date poll", "If needed")),
    ("0", pgettext_lazy("date poll", "No")),
]

HOW_TO = {
    Method.SINGLE: _("Choose one option."),
    Method.APPROVAL: _("Choose every option you would accept: one or more."),
    Method.MAJORITY_JUDGMENT: _(
        "Give each option a grade, from Excellent to To reject. The option with the best "
        "median grade wins: the grade that half the voters give or better."
    ),
    Method.DATE_POLL: _(
        "For each date, say yes, if needed, or no. The date with the most yes and if needed wins."
    ),
    Method.OPEN: _("Write your answer in your own words."),
}


def value_words(method: str, value: int) -> str:
    """A mark as read: the grade, the date's answer, or "chosen"."""
    if method == Method.MAJORITY_JUDGMENT:
        return str(dict(GRADE_CHOICES)[str(value)])
    if method == Method.DATE_POLL:
        return str(dict(DATE_CHOICES)[str(value)])
    return str(_("chosen"))


def option_label(option: Option, language: str = "") -> str:
    """An option as read: a date poll's date in words, with its time. A label the site wrote
    from the date in the quartier's ``language`` ("samedi 14 juin") is not repeated beside
    the same date in the reader's words."""
    if option.date is None:
        return option.label
    words = date_format(option.date, "l j F Y")
    if option.time is not None:
        words = f"{words}, {time_format(option.time)}"
    generated = {"", str(option.date)}
    if language:
        generated.add(date_label(option.date, option.time, language))
    return words if option.label in generated else f"{option.label} ({words})"


def option_field(option_id: int) -> str:
    return f"option_{option_id}"


class BallotForm(forms.Form):
    """The ballot of ``consultation`` over ``options``; ``initial_marks`` and ``initial_answer``
    prefill it (my ballot)."""

    def __init__(
        self,
        *args: Any,
        consultation: Consultation,
        options: list[Option],
        initial_marks: dict[int, int] | None = None,
        initial_answer: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.options = options
        marks = initial_marks or {}
        method = consultation.method
        language = consultation.quartier.language
        if method == Method.SINGLE:
            chosen = [str(option_id) for option_id, value in marks.items() if value == 1]
            self.fields["choice"] = forms.ChoiceField(
                label=_("Your choice"),
                choices=[(str(option.pk), option_label(option, language)) for option in options],
                widget=forms.RadioSelect,
                initial=chosen[0] if chosen else None,
                error_messages={"required": _("Choose one option.")},
            )
        elif method == Method.APPROVAL:
            self.fields["choices"] = forms.MultipleChoiceField(
                label=_("Your choices (one or more)"),
                choices=[(str(option.pk), option_label(option, language)) for option in options],
                widget=forms.CheckboxSelectMultiple,
                initial=[str(option_id) for option_id, value in marks.items() if value == 1],
                error_messages={"required": _("Choose at least one option.")},
            )
        elif method in (Method.MAJORITY_JUDGMENT, Method.DATE_POLL):
            grading = method == Method.MAJORITY_JUDGMENT
            for option in options:
                given = marks.get(option.pk)
                self.fields[option_field(option.pk)] = forms.ChoiceField(
                    label=option_label(option, language),
                    choices=GRADE_CHOICES if grading else DATE_CHOICES,
                    widget=forms.RadioSelect,
                    initial=str(given) if given is not None else None,
                    error_messages={
                        "required": _("Give this option a grade.")
                        if grading
                        else _("Answer yes, if needed or no for this date.")
                    },
                )
        else:
            self.fields["answer"] = forms.CharField(
                label=_("Your answer"),
                widget=forms.Textarea(attrs={"rows": 6}),
                max_length=OPEN_ANSWER_MAX_LENGTH,
                initial=initial_answer,
                error_messages={"required": _("Write your answer.")},
            )

    @property
    def how_to(self) -> str:
        return str(HOW_TO[Method(self.consultation.method)])

    def marks(self) -> dict[int, int]:
        """The cleaned form as the service takes it: option id → value."""
        data = self.cleaned_data
        method = self.consultation.method
        if method == Method.SINGLE:
            return {int(data["choice"]): 1}
        if method == Method.APPROVAL:
            return {int(option_id): 1 for option_id in data["choices"]}
        if method == Method.OPEN:
            return {}
        return {option.pk: int(data[option_field(option.pk)]) for option in self.options}

    def answer(self) -> str:
        return str(self.cleaned_data.get("answer", ""))
