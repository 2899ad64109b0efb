"""The forms of consultations: opening or changing one (options typed one a line, the phases'
dates as the quartier's wall-clock times), the debate's summary, a document."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchanges.consultations.models import (
    BACKGROUND_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    Consultation,
)
from exchanges.consultations.options import option_lines
from exchanges.consultations.services.rules import (
    DATES,
    DATES_FIXED,
    VOTE_FIXED,
    rules_fixed,
    vote_started,
)
from neighbourhood.pages import ServiceForm
from neighbourhood.quartiers.models import Quartier

DATE_WORDS = _("Give a date and a time, as 2027-06-14 18:00.")
FIXED_WORDS = _(
    "The vote has started or someone has taken part: this no longer changes, so that every "
    "ballot is read under the rules it was cast under."
)
DATES_WORDS = _("The vote has started: this date no longer changes.")
CLOSE_WORDS = _("The vote has started: its close may be moved later, never earlier.")


def _moment(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        error_messages={"invalid": DATE_WORDS, "required": DATE_WORDS},
    )


class ConsultationForm(ServiceForm):
    question = forms.CharField(label=_("Question"), max_length=QUESTION_MAX_LENGTH)
    background = forms.CharField(
        label=_("Background information"),
        required=False,
        max_length=BACKGROUND_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    links = forms.CharField(
        label=_("Links to read more"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One address a line, starting with https://."),
    )
    method = forms.ChoiceField(
        label=_("How do neighbours answer?"),
        choices=Consultation.Method.choices,
        widget=forms.RadioSelect,
    )
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One option a line (2 to 20). For a date poll, one date a line, as 2027-06-14 or "
            "2027-06-14 18:00. None for an open question."
        ),
    )
    audience = forms.ChoiceField(
        label=_("Who may take part?"),
        choices=Consultation.Audience.choices,
        initial=Consultation.Audience.MEMBERS,
        widget=forms.RadioSelect,
    )
    secrecy = forms.ChoiceField(
        label=_("Ballot"),
        choices=Consultation.Secrecy.choices,
        initial=Consultation.Secrecy.SECRET,
        widget=forms.RadioSelect,
    )
    results_live = forms.BooleanField(
        label=_("Show the results while the vote is open"),
        required=False,
        help_text=_(
            "With a secret ballot, live results let someone who watches them change right after "
            "a neighbour voted guess that neighbour’s choice. Leave them off unless it matters."
        ),
    )
    information_at = _moment(_("Information from"))
    debate_at = _moment(_("Debate from"))
    vote_at = _moment(_("Vote from"))
    results_at = _moment(_("Vote closes"))

    def __init__(
        self,
        *args: Any,
        quartier: Quartier,
        consultation: Consultation | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.quartier = quartier
        # Once the vote has started or someone took part, the rules are shown, not offered
        # (the service refuses them anyway); the form sends back the values as they are.
        self.fixed_words = ""
        if consultation is not None and rules_fixed(consultation):
            self.fixed_words = str(FIXED_WORDS)
            for name in VOTE_FIXED:
                self.fields[name].disabled = True
                self.fields[name].help_text = FIXED_WORDS
        if consultation is not None and vote_started(consultation):
            for name in DATES_FIXED:
                self.fields[name].disabled = True
                self.fields[name].help_text = DATES_WORDS
            self.fields["results_at"].help_text = CLOSE_WORDS

    def date_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in DATES]

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        zone = self.quartier.zone
        for name in DATES:
            # Read as the quartier's wall-clock time, wherever the server is.
            value: datetime.datetime = data[name]
            data[name] = timezone.make_naive(value).replace(tzinfo=zone)
        data["options"] = data["options"].splitlines()
        return data


def initial_of(consultation: Consultation) -> dict[str, Any]:
    zone = consultation.quartier.zone
    values: dict[str, Any] = {
        name: getattr(consultation, name)
        for name in ("question", "background", "links", "method", "audience", "secrecy")
    }
    values["results_live"] = consultation.results_live
    values["options"] = option_lines(consultation)
    for name in DATES:
        values[name] = getattr(consultation, name).astimezone(zone).replace(tzinfo=None)
    return values


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the debate"),
        required=False,
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What was said, for the report handed to the mairie."),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    file = forms.FileField(
        label=_("Document (PDF, at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
